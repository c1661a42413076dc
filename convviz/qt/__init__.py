"""The Qt views, observing the model through one adapter (``model_adapter.py``).

Layers inside: window > panels and controls > grids > adapter, theme, widgets.
"""
