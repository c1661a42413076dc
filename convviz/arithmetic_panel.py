"""The arithmetic of the step just taken, written out as the lesson writes it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from .explain import describe
from .model_adapter import ModelAdapter


class ArithmeticPanel(QLabel):
    """Products, sum, matching cells and the output-size formula (text from the model)."""

    def __init__(self, adapter: ModelAdapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("arithmeticPanel")
        self._adapter = adapter
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        adapter.walkChanged.connect(self.refresh)
        adapter.cursorMoved.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        model = self._adapter.model
        self.setText(describe(model.current_step, model.geometry))
