"""A label that shows words about the model (from :mod:`convviz.explain`), kept current.

The arithmetic panel and the formula view are both this: text rendered from the model
after every change, never computed by the widget itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from .model import ConvModel
from .model_adapter import ModelAdapter


class ExplanationLabel(QLabel):
    """Plain, selectable, word-wrapped text: ``render(model)`` after every change."""

    def __init__(
        self,
        adapter: ModelAdapter,
        object_name: str,
        render: Callable[[ConvModel], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self._adapter, self._render = adapter, render
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        adapter.walkChanged.connect(self.refresh)
        adapter.cursorMoved.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.setText(self._render(self._adapter.model))
