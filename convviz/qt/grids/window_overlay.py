"""The sliding window drawn over a grid: covered cells, matching cells and an outline.

One item moved from step to step (never recreated), so a step costs the same on any
grid.  The same item marks the newest cell of the feature map (a 1×1 "window").
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPen, QTransform
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget

from convviz.core.numbers import format_number
from convviz.qt.theme import active

_MIN_WEIGHT_PX = 40  # cells smaller than this on screen get no weight labels
WEIGHT_HEIGHT = 0.26  # of a cell: over half a number's height (numbers take at most half)


class WindowOverlay(pg.GraphicsObject):
    """Outline of the window plus a tint per covered cell; matching cells stand out."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(10)
        self._rows = np.zeros(0, dtype=int)
        self._cols = np.zeros(0, dtype=int)
        self._matches = np.zeros(0, dtype=bool)
        self._weights: list[str] = []
        self._bounds = QRectF()
        self._tint = True

    @property
    def bounds(self) -> QRectF:
        """The outlined rectangle in cell coordinates (empty when hidden)."""
        return QRectF(self._bounds)

    def show_cells(
        self,
        rows: np.ndarray,
        cols: np.ndarray,
        matches: np.ndarray | None = None,
        weights: np.ndarray | None = None,
        *,
        tint: bool = True,
    ) -> None:
        """Outline the cells ``(rows[i], cols[i])``; ``weights`` are written in a corner.

        ``tint=False`` leaves the cells' own colour visible (the feature map's newest cell).
        """
        self._tint = tint
        self.prepareGeometryChange()
        self._rows, self._cols = np.ravel(rows), np.ravel(cols)
        self._matches = np.zeros(self._rows.shape, bool) if matches is None else np.ravel(matches)
        self._weights = [] if weights is None else [format_number(w) for w in np.ravel(weights)]
        top, left = self._rows.min(), self._cols.min()
        self._bounds = QRectF(left, top, self._cols.max() + 1 - left, self._rows.max() + 1 - top)
        self.setVisible(True)
        self.update()

    def clear(self) -> None:
        """Hide the window (before the first step)."""
        self.prepareGeometryChange()
        self._bounds = QRectF()
        self.setVisible(False)

    def boundingRect(self) -> QRectF:
        return self._bounds.adjusted(-0.5, -0.5, 0.5, 0.5)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self._bounds.isEmpty():
            return
        transform = painter.transform()
        cell_px = math.hypot(transform.m11(), transform.m12())
        theme = active()
        painter.save()
        painter.resetTransform()
        painter.setPen(Qt.PenStyle.NoPen)
        cells = [
            transform.mapRect(QRectF(c, r, 1, 1))
            for r, c in zip(self._rows, self._cols, strict=True)
        ]
        if self._tint:
            for rect in cells:
                painter.fillRect(rect, theme.colour("cover"))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(theme.colour("window"), max(1.0, cell_px / 30), Qt.PenStyle.DashLine))
        for rect in cells:
            painter.drawRect(rect)
        self._paint_skipped(painter, transform, cell_px)
        ring = max(2.0, cell_px / 9)
        painter.setPen(QPen(theme.colour("match"), ring))
        for rect, match in zip(cells, self._matches, strict=True):
            if match:
                painter.drawRect(rect.adjusted(ring, ring, -ring, -ring))
        painter.setPen(QPen(theme.colour("window"), max(3.0, cell_px / 10)))
        painter.drawRect(transform.mapRect(self._bounds))
        if self._weights and cell_px >= _MIN_WEIGHT_PX:  # last: nothing covers them
            self._paint_weights(painter, cells, cell_px)
        painter.restore()

    def _paint_skipped(self, painter: QPainter, transform: QTransform, cell_px: float) -> None:
        """Cross out the cells a dilated window jumps over: they are not in the sum."""
        covered = set(zip(self._rows.tolist(), self._cols.tolist(), strict=True))
        top, left = int(self._bounds.top()), int(self._bounds.left())
        painter.setPen(QPen(active().colour("skipped"), max(1.5, cell_px / 25)))
        for r in range(top, top + int(self._bounds.height())):
            for c in range(left, left + int(self._bounds.width())):
                if (r, c) not in covered:
                    rect = transform.mapRect(QRectF(c, r, 1, 1)).adjusted(4, 4, -4, -4)
                    painter.drawLine(rect.topLeft(), rect.bottomRight())
                    painter.drawLine(rect.topRight(), rect.bottomLeft())

    def _paint_weights(self, painter: QPainter, cells: list[QRectF], cell_px: float) -> None:
        """The kernel weight in each cell's top-right corner, as in the lesson's drawings.

        At least half as tall as the cells' numbers (which are at most half a cell), inside
        the ring of a matching cell and drawn after it, so nothing runs through them.
        """
        font = QFont()
        font.setPixelSize(max(8, math.ceil(cell_px * WEIGHT_HEIGHT)))
        font.setBold(True)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        painter.setPen(active().colour("window"))
        inset = 2 * max(2.0, cell_px / 9)  # inside the matching ring (its inset and width)
        for rect, text in zip(cells, self._weights, strict=True):
            label = f"×{text}"
            width = metrics.horizontalAdvance(label)
            corner = QRectF(
                rect.right() - inset - width, rect.top() + inset / 2, width, metrics.height()
            )
            painter.drawText(corner, Qt.AlignmentFlag.AlignCenter, label)
