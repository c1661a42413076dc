"""How much height the caption under the grids gets: all it needs, when the window has it.

The window's text grows with its height, and the arithmetic and notes are capped at
shares of that height; a caption that demanded its whole height made a 1024×768 window
taller, which made the text bigger, which needed more height again.  So the caption is
sure of one line only (its minimum) and asks for the rest (its size hint, at most a
seventh of the window; beyond that it scrolls).  The grids ask for little and take what
is left, so the caption gets all it asks for unless the window is really short.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QScrollArea, QSizePolicy, QWidget

from convviz.qt.panels.explanation_label import FittedScroll

CAPTION_SHARE = 7  # the caption takes at most 1/7 of the window's height, then scrolls
_SLACK = 4  # the label's own rounding: never scroll a caption that fits
_UNWRAPPED = 1 << 20  # a width at which any caption is one line
#: New text, or a new size of type (zoom, a taller window): the caption's lines change.
_LABEL_CHANGES = (QEvent.Type.LayoutRequest, QEvent.Type.FontChange, QEvent.Type.StyleChange)


class CaptionFit(QObject):
    """Sizes ``scroll`` (holding ``label``) inside ``window`` after every change."""

    def __init__(self, window: QWidget, scroll: QScrollArea, label: QLabel) -> None:
        super().__init__(scroll)
        self._window, self._scroll, self._label = window, scroll, label
        scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        window.installEventFilter(self)
        label.installEventFilter(self)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (watched is self._window and kind == QEvent.Type.Resize) or (
            watched is self._label and kind in _LABEL_CHANGES
        ):
            self.fit()
        return super().eventFilter(watched, event)

    def fit(self) -> None:
        scroll = self._scroll
        frame = 2 * scroll.frameWidth()
        needed = self._label.heightForWidth(max(1, scroll.width() - frame)) + frame + _SLACK
        one_line = self._label.heightForWidth(_UNWRAPPED) + frame + _SLACK
        scroll.setMinimumHeight(min(needed, one_line))
        scroll.setMaximumHeight(max(one_line, self._window.height() // CAPTION_SHARE))
        if isinstance(scroll, FittedScroll):
            scroll.follow_bounds()  # no stale scroll bar (exports had one)
