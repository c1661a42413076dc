"""The command line: ``convviz [LESSON]`` and ``convviz export``.

The top layer: nothing in the package imports it.
"""
