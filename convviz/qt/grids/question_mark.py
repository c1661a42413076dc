"""A "?" on one cell: the map cell the quiz asks about, before its answer is revealed.

One item moved from question to question (never recreated), like the window overlay.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPen
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget

from convviz.qt.theme import active


class QuestionMark(pg.GraphicsObject):
    """Outlines a cell in the window colour and writes "?" in it; hidden by :meth:`clear`."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(12)
        self._cell = QRectF()
        self.setVisible(False)

    @property
    def cell(self) -> tuple[int, int] | None:
        """``(row, column)`` marked, or ``None`` (what a test checks)."""
        if self._cell.isEmpty():
            return None
        return int(self._cell.top()), int(self._cell.left())

    def show_at(self, row: int, col: int) -> None:
        self.prepareGeometryChange()
        self._cell = QRectF(col, row, 1, 1)
        self.setVisible(True)
        self.update()

    def clear(self) -> None:
        self.prepareGeometryChange()
        self._cell = QRectF()
        self.setVisible(False)

    def boundingRect(self) -> QRectF:
        return self._cell.adjusted(-0.2, -0.2, 0.2, 0.2)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self._cell.isEmpty():
            return
        rect = painter.transform().mapRect(self._cell)
        colour = active().colour("window")
        painter.save()
        painter.resetTransform()  # text in screen pixels, not stretched with the cells
        painter.setPen(QPen(colour, max(3.0, rect.width() / 10)))
        painter.drawRect(rect)
        font = QFont()
        font.setPixelSize(max(10, round(rect.height() * 0.6)))
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "?")
        painter.restore()
