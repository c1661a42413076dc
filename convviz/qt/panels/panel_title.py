"""The large heading above each panel."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from convviz.qt.widgets import named


def panel_title(text: str, parent: QWidget | None = None) -> QLabel:
    """A heading styled by the window's style sheet (``QLabel#panelTitle``)."""
    label = named(QLabel(text, parent), "panelTitle")
    label.setWordWrap(True)  # wrap rather than force the panel wider than its share
    return label
