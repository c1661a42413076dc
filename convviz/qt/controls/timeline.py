"""The timeline: drag to any step of the walk, back to the start or on to the end."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSlider, QWidget

from convviz.qt.model_adapter import ModelAdapter


class Timeline(QSlider):
    """Position = steps taken (map cells, then pooling's); the range follows the lesson.

    In the transposed mode it scrubs the stamps instead.
    """

    def __init__(self, adapter: ModelAdapter, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("timelineSlider")
        self.setAccessibleName("Timeline: steps taken (map cells, then pooling)")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # arrow keys belong to the window
        self.setPageStep(1)
        self._adapter = adapter
        self.valueChanged.connect(adapter.model.go_to)
        adapter.walkChanged.connect(self.sync)
        adapter.cursorMoved.connect(self.sync)
        self.sync()

    def sync(self) -> None:
        model = self._adapter.model
        self.blockSignals(True)
        self.setRange(0, model.positions)
        self.setValue(model.position)
        self.blockSignals(False)
