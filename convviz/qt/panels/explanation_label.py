"""A label that shows words about the model (from :mod:`convviz.core.explain`), kept current.

The arithmetic panel and the formula view are both this: text rendered from the model
after every change, never computed by the widget itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QWidget

from convviz.core.model import ConvModel
from convviz.qt.model_adapter import ModelAdapter

#: What the text is fitted into: width, maximum height and the window's style sheet.
_Room = tuple[int, int, str]
_FitKey = tuple[str, _Room, int, int]


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
        text = self._render(self._adapter.model)
        if text != self.text():  # the same text again would still lay its panel out anew
            self.setText(text)
            self.refreshed.emit()


class FittedScroll(QScrollArea):
    """Shows all of a label's text up to its maximum height, then shrinks it, then scrolls.

    With ``smallest_px``, text taller than the maximum height is set in a smaller font, down
    to ``smallest_px`` pixels, before a scroll bar appears: the arithmetic of a one-channel
    step always shows whole (its last lines, the output size and the cell count, were cut
    off with no scroll bar at every window size).  A colour photo's three channels of
    products may still scroll rather than push the grids off the screen.
    """

    def __init__(
        self,
        label: QLabel,
        object_name: str,
        *,
        smallest_px: int | None = None,
        steady: bool = False,
    ) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setWidget(label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._label, self._smallest_px = label, smallest_px
        self._fitting = False
        #: What the last fit was for (:meth:`_fit_key`); a fit for the same is skipped.
        self._fitted: _FitKey | None = None
        #: The room the text size was last chosen from scratch for, and the window's size.
        self._room: _Room | None = None
        self._full_px = 0
        self._measured_text, self._heights = "", dict[tuple[int, int], int]()
        self._hint = -1  # the height last asked of the layout
        #: With ``steady``, the tallest height asked for since :meth:`release`: the panel
        #: grows, never shrinks, while a walk goes on.
        self._steady, self._tallest = steady, 0
        # A new text asks the viewport (the label's parent) for a new layout, not the label,
        # and only in a shown window: an explanation also says when it changed.
        self.viewport().installEventFilter(self)
        if isinstance(label, ExplanationLabel):
            label.refreshed.connect(self._fit)

    def sizeHint(self) -> QSize:
        height = max(self._needed(self.width()) + 2 * self.frameWidth(), self._tallest)
        return QSize(super().sizeHint().width(), min(height, self.maximumHeight()))

    def release(self) -> None:
        """A new walk: the panel may shrink to its text again (see ``steady``).

        Between the intro and a step's arithmetic the panel's height changed at every
        first step, and the whole window was laid out and repainted with it: the grids
        jumped, and a 15×15 kernel's first step took 110 ms.
        """
        if self._tallest:
            self._tallest, self._fitted = 0, None
            self._fit()

    def _needed(self, width: int) -> int:
        """The text's height at ``width``, remembered for this text and size.

        Asking the label lays the text out again whenever the width differs from the
        one it last laid out for, and the label itself is narrower by the scroll bar:
        a colour photo's long products took 8 ms for each of four askings per step.
        """
        text, px = self._label.text(), self._label.font().pixelSize()
        if text != self._measured_text:
            self._measured_text, self._heights = text, {}
        key = (width, px)
        if key not in self._heights:
            slack = 4  # rounding in the label's own layout: never scroll text that fits
            inner = max(1, width - 2 * self.frameWidth())
            self._heights[key] = self._label.heightForWidth(inner) + slack
        return self._heights[key]

    def _room_px(self) -> int:
        return self.maximumHeight() - 2 * self.frameWidth()

    def _too_tall(self) -> bool:
        return self._needed(self.width()) > self._room_px()

    def _current_room(self) -> _Room:
        return self.width(), self.maximumHeight(), self.window().styleSheet()

    def _fit_key(self) -> _FitKey:
        """What a fit depends on: the text, the room, the height and the text's size.

        The height a full window leaves may squeeze the panel after a fit; a caption's own
        fit shrinks its text (a scroll bar stayed beside text that fitted).
        """
        label = self._label
        return label.text(), self._current_room(), self.height(), label.font().pixelSize()

    def _fit(self) -> None:
        """Smaller text, then a scroll bar, only when the text is taller than allowed.

        Once per new text or new room: a step's text change, the layout requests it sends
        and the resize that follows each asked for a fit, eight per step, each restyling
        the label twice (a 15×15 kernel's step took 140 ms, 100 of them here).
        Deciding at the full width is stable: a bar makes the text narrower and taller,
        never short enough to remove the bar again (which once toggled it forever).
        """
        if self._fitting:  # laying the window out below asks for a fit again: one is enough
            return
        self._fitting = True
        try:
            # The layout a fit asks for may change the room (a width, a height bound) and
            # its own request for a fit is dropped above: fit again for the room it left.
            for _ in range(3):
                if self._fit_key() == self._fitted:
                    break
                self._fit_now()
                self._fitted = self._fit_key()
        finally:
            self._fitting = False

    def _fit_now(self) -> None:
        if self._smallest_px is not None:
            self._size_text(self._smallest_px)
        if self._steady:
            self._tallest = self.sizeHint().height()
        if self.sizeHint().height() != self._hint:  # else the window's layout has nothing
            self._hint = self.sizeHint().height()  # new to do (and it costs 25 ms a step)
            self.updateGeometry()
        layout = self.window().layout()
        if self.sizeHint().height() != self.height() and layout is not None:
            # Lay the window out now, not after the next paint: a picture grabbed right
            # after a step (an export's frame, drawn unshown) had the new text in the old
            # height.  (A shown window has its requests posted; an unshown one, none.)
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            layout.activate()
            if self._smallest_px is not None and self.height() < self.sizeHint().height():
                # A full window gives less than the maximum height: fit what it gave.
                self._shrink(self._smallest_px, self.height() - 2 * self.frameWidth())
        self.follow_bounds()

    def follow_bounds(self) -> None:
        """The scroll bar for the text and bounds now, also when set from outside.

        A caption's share of the window is set by its own fit.  Only the bar: laying
        the window out here would meddle with the text size's search.
        """
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAlwaysOn
            if self._too_tall()
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.setVerticalScrollBarPolicy(policy)

    def _size_text(self, smallest: int) -> None:
        """The window's text size if the text fits, else the biggest below it that does.

        The label's own style sheet beats the window's, so it carries the smaller size.
        In a new room (width, height, the window's text size) the choice starts from the
        window's size; a new text in the same room starts from the size already chosen,
        since a step's text is about as long as the last one's, and every restyle lays the
        window out again.
        """
        label = self._label
        room = self._current_room()
        if room != self._room:
            self._room, self._tallest = room, 0
            self._set_px(None)
            self._full_px = label.font().pixelSize()
        size = label.font().pixelSize()
        for _ in range(3):  # a shorter text may fit a bigger size: get there in one fit
            if size >= self._full_px or self._too_tall():
                break
            # Wrapped text grows with the square of the size (taller lines, and more of
            # them), so the guess errs small.
            grown = int(size * math.sqrt(self._room_px() / self._needed(self.width())))
            if grown <= size:
                break
            size = min(self._full_px, grown)
            self._set_px(size)
        self._shrink(smallest, self._room_px())

    def _shrink(self, smallest: int, room: int) -> None:
        """Smaller text until it is at most ``room`` pixels tall, or ``smallest`` px."""
        size = self._label.font().pixelSize()
        while size > smallest and self._needed(self.width()) > room:
            # Wrapped text shrinks with the square of the size: a linear guess took a
            # step's 225 products from 33 px straight to the smallest, 9.
            fitted = int(size * math.sqrt(room / self._needed(self.width())))
            size = max(smallest, min(size - 1, fitted))
            self._set_px(size)

    def _set_px(self, size: int | None) -> None:
        """The label's own text size, or ``None`` for the window's."""
        sheet = "" if size is None or size == self._full_px else f"font-size: {size}px;"
        if self._label.styleSheet() != sheet:
            self._label.setStyleSheet(sheet)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the text changed: fit it again
            self._fit()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()  # a new width wraps the text differently
