"""Exporting a lesson to files: GIF, PNG, a folder of frames, CSV, NumPy.

Qt-free: pictures come from a camera the caller passes (see :func:`convviz.export_lesson`).
"""

from convviz.export.exporter import KINDS, NO_WORDS, Camera, ExportError, Words, export

__all__ = ["KINDS", "NO_WORDS", "Camera", "ExportError", "Words", "export"]
