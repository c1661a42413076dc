"""The caption of the step on screen, large under the grids (hidden when it has none).

The window draws it, so an export (the window drawn offscreen) carries the captions too.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from convviz.qt.model_adapter import ModelAdapter


class CaptionLabel(QLabel):
    """``model.captions.at(model.cursor)``, kept current; :meth:`detach` when closing.

    ``captioned`` says whether the step on screen has a caption, so whatever holds the
    label (a scroll area under the grids) shows only then.
    """

    captioned = Signal(bool)

    def __init__(self, adapter: ModelAdapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captionLabel")
        self._adapter = adapter
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        adapter.cursorMoved.connect(self.refresh)
        adapter.walkChanged.connect(self.refresh)
        adapter.model.captions.subscribe(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        model = self._adapter.model
        text = model.captions.at(model.cursor)
        self.setText(text)
        self.captioned.emit(bool(text))

    def detach(self) -> None:
        """Stop listening to the captions (the model may outlive the window)."""
        captions = self._adapter.model.captions
        if self.refresh in captions.observers:
            captions.unsubscribe(self.refresh)
