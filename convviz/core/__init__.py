"""The Qt-free core: convolution, the walk, the lesson model and what the class sees.

NumPy and Pillow only; imports nothing from the layers above (import-linter checks).
"""
