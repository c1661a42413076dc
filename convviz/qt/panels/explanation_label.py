"""A label that shows words about the model (from :mod:`convviz.core.explain`), kept current.

The arithmetic panel and the formula view are both this: text rendered from the model
after every change, never computed by the widget itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QWidget

from convviz.core.model import ConvModel
from convviz.qt.model_adapter import ModelAdapter


class ExplanationLabel(QLabel):
    """Plain, selectable, word-wrapped text: ``render(model)`` after every change."""

    refreshed = Signal()  # a new text: a window drawn unshown gets no layout request

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
        self.refreshed.emit()


class FittedScroll(QScrollArea):
    """Shows all of a label's text up to its maximum height, then shrinks it, then scrolls.

    With ``smallest_px``, text taller than the maximum height is set in a smaller font, down
    to ``smallest_px`` pixels, before a scroll bar appears: the arithmetic of a one-channel
    step always shows whole (its last lines, the output size and the cell count, were cut
    off with no scroll bar at every window size).  A colour photo's three channels of
    products may still scroll rather than push the grids off the screen.
    """

    def __init__(self, label: QLabel, object_name: str, *, smallest_px: int | None = None) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setWidget(label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._label, self._smallest_px = label, smallest_px
        self._fitting = False
        # A new text asks the viewport (the label's parent) for a new layout, not the label,
        # and only in a shown window: an explanation also says when it changed.
        self.viewport().installEventFilter(self)
        if isinstance(label, ExplanationLabel):
            label.refreshed.connect(self._fit)

    def sizeHint(self) -> QSize:
        height = self._needed(self.width()) + 2 * self.frameWidth()
        return QSize(super().sizeHint().width(), min(height, self.maximumHeight()))

    def _needed(self, width: int) -> int:
        slack = 4  # rounding in the label's own layout: never scroll text that fits
        return self._label.heightForWidth(max(1, width - 2 * self.frameWidth())) + slack

    def _too_tall(self) -> bool:
        return self._needed(self.width()) + 2 * self.frameWidth() > self.maximumHeight()

    def _fit(self) -> None:
        """Smaller text, then a scroll bar, only when the text is taller than allowed.

        Deciding at the full width is stable: a bar makes the text narrower and taller,
        never short enough to remove the bar again (which once toggled it forever).
        """
        if self._fitting:  # laying the window out below asks for a fit again: one is enough
            return
        self._fitting = True
        try:
            self._fit_now()
        finally:
            self._fitting = False

    def _fit_now(self) -> None:
        if self._smallest_px is not None:
            self._shrink_text(self._smallest_px)
        self.updateGeometry()
        layout = self.window().layout()
        if self.sizeHint().height() != self.height() and layout is not None:
            # Lay the window out now, not after the next paint: a picture grabbed right
            # after a step (an export's frame, drawn unshown) had the new text in the old
            # height.  (A shown window has its requests posted; an unshown one, none.)
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            layout.activate()
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAlwaysOn
            if self._too_tall()
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.setVerticalScrollBarPolicy(policy)

    def _shrink_text(self, smallest: int) -> None:
        """The window's text size if the text fits, else the biggest below it that does.

        The label's own style sheet beats the window's, so it carries the smaller size.
        Text height is about proportional to the font size, so a try or two suffice.
        """
        label = self._label
        if label.styleSheet():
            label.setStyleSheet("")  # back to the window's size: the new text may fit it
        size = label.font().pixelSize()
        while size > smallest and self._too_tall():
            room = self.maximumHeight() - 2 * self.frameWidth()
            fitted = int(size * room / (self._needed(self.width()) + 2 * self.frameWidth()))
            size = max(smallest, min(size - 1, fitted))
            label.setStyleSheet(f"font-size: {size}px;")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the text changed: fit it again
            self._fit()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()  # a new width wraps the text differently
