"""One graphics item that draws a whole grid of cells: colours, numbers and grid lines.

A single item (not one per cell) keeps a step cheap on any grid size: the colours live
in a QImage backed by a NumPy buffer, a step rewrites one pixel of it, and ``paint``
draws numbers only for the cells Qt asks to repaint (``exposedRect``).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from .numbers import format_number
from .theme import GRID_LINE_COLOUR, INK_LUT, text_is_light

MIN_NUMBER_PX = 8  # below this a number is unreadable: draw colours only
MIN_GRID_LINE_PX = 6


class CellsItem(pg.GraphicsObject):
    """Cell ``(r, c)`` occupies the unit square ``[c, c+1) × [r, r+1)`` in item coordinates.

    NaN cells are transparent and unnumbered: the feature map's not-yet-revealed cells.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self._values = np.zeros((0, 0))
        self._argb = np.zeros((0, 0), dtype=np.uint32)
        self._image = QImage()
        self._lut = INK_LUT
        self._light_text = text_is_light(INK_LUT)
        self._levels = (0.0, 1.0)
        self._labels: dict[float, str] = {}

    # -- data ------------------------------------------------------------------------
    @property
    def values(self) -> np.ndarray:
        """The numbers currently drawn (NaN = empty cell)."""
        return self._values

    def set_values(
        self, values: np.ndarray, levels: tuple[float, float], lut: np.ndarray = INK_LUT
    ) -> None:
        """Redraw everything: new values, colour levels and colour table."""
        if values.shape != self._values.shape:
            self.prepareGeometryChange()
        self._values = np.array(values, dtype=np.float64)
        self._levels, self._lut, self._light_text = levels, lut, text_is_light(lut)
        self._argb = self._colours(self._values)
        height, width = self._argb.shape
        self._image = QImage(self._argb.data, width, height, 4 * width, QImage.Format.Format_ARGB32)
        self.update()

    def set_cells(self, rows: np.ndarray, cols: np.ndarray, values: np.ndarray) -> None:
        """Change a few cells: cost depends on their number, not on the grid size."""
        self._values[rows, cols] = values
        self._argb[rows, cols] = self._colours(np.asarray(values, dtype=np.float64))
        for r, c in zip(np.atleast_1d(rows), np.atleast_1d(cols), strict=True):
            self.update(QRectF(float(c), float(r), 1.0, 1.0))

    def _lut_index(self, values: np.ndarray) -> np.ndarray:
        lo, hi = self._levels
        scaled = (np.nan_to_num(values, nan=lo) - lo) * (255.0 / (hi - lo if hi > lo else 1.0))
        return np.clip(scaled, 0, 255).astype(np.uint8)

    def _colours(self, values: np.ndarray) -> np.ndarray:
        return np.where(np.isnan(values), np.uint32(0), self._lut[self._lut_index(values)])

    def _label(self, value: float) -> str:
        label = self._labels.get(value)
        if label is None:
            label = self._labels[value] = format_number(value)
        return label

    # -- drawing -----------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        height, width = self._values.shape
        return QRectF(0, 0, width, height)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if not self._values.size:
            return
        height, width = self._values.shape
        painter.drawImage(QRectF(0, 0, width, height), self._image)
        transform = painter.transform()
        cell_px = math.hypot(transform.m11(), transform.m12())
        exposed = option.exposedRect.intersected(self.boundingRect())
        r0, r1 = int(exposed.top()), min(height, math.ceil(exposed.bottom()))
        c0, c1 = int(exposed.left()), min(width, math.ceil(exposed.right()))
        if cell_px >= MIN_GRID_LINE_PX:
            self._paint_grid(painter, transform, (r0, r1, c0, c1), cell_px)
        if cell_px >= MIN_NUMBER_PX * 1.6:
            self._paint_numbers(painter, transform, (r0, r1, c0, c1), cell_px)

    def _paint_grid(
        self, painter: QPainter, transform: QTransform, bounds: tuple[int, ...], cell_px: float
    ) -> None:
        r0, r1, c0, c1 = bounds
        painter.save()
        painter.resetTransform()
        painter.setPen(QPen(GRID_LINE_COLOUR, max(1.0, cell_px / 40)))
        for r in range(r0, r1 + 1):
            painter.drawLine(transform.map(QPointF(c0, r)), transform.map(QPointF(c1, r)))
        for c in range(c0, c1 + 1):
            painter.drawLine(transform.map(QPointF(c, r0)), transform.map(QPointF(c, r1)))
        painter.restore()

    def _paint_numbers(
        self, painter: QPainter, transform: QTransform, bounds: tuple[int, ...], cell_px: float
    ) -> None:
        r0, r1, c0, c1 = bounds
        block = self._values[r0:r1, c0:c1]
        shown = np.argwhere(~np.isnan(block))
        if not shown.size:
            return
        labels = [self._label(v) for v in block[shown[:, 0], shown[:, 1]]]
        font = QFont()
        font.setPixelSize(max(1, round(cell_px * 0.42)))
        widest = max(QFontMetricsF(font).horizontalAdvance(t) for t in labels)
        if widest > cell_px * 0.86:
            font.setPixelSize(max(1, math.floor(font.pixelSize() * cell_px * 0.86 / widest)))
        if font.pixelSize() < MIN_NUMBER_PX:
            return
        painter.save()
        painter.resetTransform()
        painter.setFont(font)
        light = self._light_text[self._lut_index(block[shown[:, 0], shown[:, 1]])]
        pens = (QPen(QColor("#111111")), QPen(QColor("#FFFFFF")))
        for (r, c), text, is_light in zip(shown, labels, light, strict=True):
            rect = transform.mapRect(QRectF(c0 + c, r0 + r, 1, 1))
            painter.setPen(pens[int(is_light)])
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
