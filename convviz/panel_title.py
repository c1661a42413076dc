"""The large heading above each panel."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def panel_title(text: str, parent: QWidget | None = None) -> QLabel:
    """A heading styled by the window's style sheet (``QLabel#panelTitle``)."""
    return QLabel(text, parent, objectName="panelTitle")
