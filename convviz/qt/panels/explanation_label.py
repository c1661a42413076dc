"""A label that shows words about the model (from :mod:`convviz.core.explain`), kept current.

The arithmetic panel and the formula view are both this: text rendered from the model
after every change, never computed by the widget itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QWidget

from convviz.core.model import ConvModel
from convviz.qt.model_adapter import ModelAdapter


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


class FittedScroll(QScrollArea):
    """Shows all of a label's text up to its maximum height, then scrolls.

    A colour photo's arithmetic (three channels of products) would otherwise push the
    grids off the screen; the usual one-channel step fits without a scroll bar.
    """

    def __init__(self, label: QLabel, object_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setWidget(label)
        self._label = label
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        label.installEventFilter(self)

    def sizeHint(self) -> QSize:
        height = self._needed(self.width()) + 2 * self.frameWidth()
        return QSize(super().sizeHint().width(), min(height, self.maximumHeight()))

    def _needed(self, width: int) -> int:
        slack = 4  # rounding in the label's own layout: never scroll text that fits
        return self._label.heightForWidth(max(1, width - 2 * self.frameWidth())) + slack

    def _fit(self) -> None:
        """Scroll bar only when the text is taller than allowed *without* one.

        Deciding at the full width is stable: a bar makes the text narrower and taller,
        never short enough to remove the bar again (which once toggled it forever).
        """
        self.updateGeometry()
        too_tall = self._needed(self.width()) + 2 * self.frameWidth() > self.maximumHeight()
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAlwaysOn
            if too_tall
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.setVerticalScrollBarPolicy(policy)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the text changed: fit it again
            self._fit()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()  # a new width wraps the text differently
