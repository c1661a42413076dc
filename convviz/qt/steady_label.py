"""A label whose text changes often, laid out again only when its size changes.

Qt lays out every widget from a label up to its window on each ``setText``, and a
window laid out anew repaints whatever the layout touches.  A step's "Step 7 / 25" and
"Caption, step 7", or a typed weight's "Values −511 to 396" under the photo, each
relaid the whole window and repainted the settings column or most of the window: 11 ms
of a 27 ms weight edit on a 1920×1080 projector, for text whose size had not changed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

_Hints = tuple[tuple[int, int], tuple[int, int]]


class SteadyBox(QWidget):
    """Holds one label, sized like it, and passes its layout requests on only when needed.

    The box has no layout of its own, so a new text posts its layout request to the box
    (as a scroll area's viewport does) instead of invalidating every layout above it.
    The label is still the widget tests and screen readers find by its name.
    """

    def __init__(self, label: QLabel) -> None:
        super().__init__()
        self._label = label
        label.setParent(self)
        self.setSizePolicy(label.sizePolicy())
        self._widest = (0, 0)
        self._announced = self._hints()

    def _widths(self) -> tuple[int, int]:
        """The preferred and the least width.

        A wrapped label asks for a width that follows its text's length; its box asks
        for the widest yet (until the font changes), or a value range that alternates
        in length under the photo would lay the window out at every typed weight.
        """
        label = self._label
        hint, least = label.sizeHint().width(), label.minimumSizeHint().width()
        if label.wordWrap():
            hint, least = max(hint, self._widest[0]), max(least, self._widest[1])
            self._widest = (hint, least)
        floor = label.minimumWidth()
        return max(hint, floor), max(least, floor)

    def _hints(self) -> _Hints:
        if self._label.wordWrap():  # its height follows the width it is given
            return self._widths(), (self.heightForWidth(self.width()), 0)
        return self._widths(), (self.sizeHint().height(), self.minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        width = self._widths()[0]
        if self._label.wordWrap():
            return QSize(width, self.heightForWidth(width))
        return QSize(width, max(self._label.sizeHint().height(), self._label.minimumHeight()))

    def minimumSizeHint(self) -> QSize:
        least = self._label.minimumSizeHint().expandedTo(self._label.minimumSize())
        return QSize(self._widths()[1], least.height())

    def hasHeightForWidth(self) -> bool:
        return self._label.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        return max(self._label.heightForWidth(width), self._label.minimumHeight())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._label.setGeometry(self.rect())

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._widest = (0, 0)  # a new text size: widths start afresh
        if kind == QEvent.Type.LayoutRequest:
            hints = self._hints()
            if hints != self._announced:  # a longer text, a new font: the layout must know
                self._announced = hints
                self.updateGeometry()
            return True
        return super().event(event)
