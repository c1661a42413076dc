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
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QTransform,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from convviz.core.numbers import format_number
from convviz.qt.theme import active, text_is_light

MIN_NUMBER_PX = 8  # below this a number is unreadable: draw colours only
MIN_GRID_LINE_PX = 6
NUMBER_HEIGHT = 0.48  # of a cell: a number's font size, if the widest number fits …
NUMBER_WIDTH = 0.9  # … in this share of the cell's width (else all numbers shrink alike)


class CellsItem(pg.GraphicsObject):
    """Cell ``(r, c)`` occupies the unit square ``[c, c+1) × [r, r+1)`` in item coordinates.

    NaN cells are transparent and unnumbered: the feature map's not-yet-revealed cells.
    A ``border`` of padding ("ghost") cells may surround the real ones: they sit at
    negative coordinates and beyond the real size, washed out and numbered in grey.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self._values = np.zeros((0, 0))
        self._argb = np.zeros((0, 0), dtype=np.uint32)
        self._image = QImage()
        self._lut = active().ink_lut
        self._light_text = text_is_light(self._lut)
        self._levels = (0.0, 1.0)
        self._labels: dict[float, str] = {}
        self._fractions = True
        self._border = ((0, 0), (0, 0))
        self._numbers = True
        self._sized_by = self._values  # the numbers that decide the font size
        self._version = 0  # counts new values: a cached number size goes stale
        self._sized: tuple[tuple[float, int], QFont] = ((0.0, -1), QFont())

    # -- data ------------------------------------------------------------------------
    @property
    def values(self) -> np.ndarray:
        """The numbers currently drawn, ghost border included (NaN = empty cell)."""
        return self._values

    @property
    def border(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """Ghost cells drawn around the real ones: ``((top, bottom), (left, right))``."""
        return self._border

    def set_values(
        self,
        values: np.ndarray,
        levels: tuple[float, float],
        lut: np.ndarray | None = None,
        border: tuple[tuple[int, int], tuple[int, int]] = ((0, 0), (0, 0)),
        sized_by: np.ndarray | None = None,
    ) -> None:
        """Redraw everything: new values (``border`` of them ghosts), levels and colours.

        ``sized_by`` holds every number the grid will show (a growing map's complete
        values): the numbers' size is fixed from them, so it never jumps mid-walk.
        """
        lut = active().ink_lut if lut is None else lut
        self._levels, self._lut, self._light_text = levels, lut, text_is_light(lut)
        values = np.array(values, dtype=np.float64)
        self._show(values, self._colours(values), border, numbers=True)
        if sized_by is not None:
            self._sized_by = np.asarray(sized_by, dtype=np.float64)

    def set_rgb(
        self, rgb: np.ndarray, border: tuple[tuple[int, int], tuple[int, int]] = ((0, 0), (0, 0))
    ) -> None:
        """A colour picture, ``(3, H, W)`` in 0–255: cells take the photo's colours, unnumbered."""
        r, g, b = np.clip(np.rint(rgb), 0, 255).astype(np.uint32)
        argb = np.uint32(0xFF000000) | (r << 16) | (g << 8) | b
        self._show(np.asarray(rgb, dtype=np.float64).mean(axis=0), argb, border, numbers=False)

    def _show(
        self,
        values: np.ndarray,
        argb: np.ndarray,
        border: tuple[tuple[int, int], tuple[int, int]],
        *,
        numbers: bool,
    ) -> None:
        if values.shape != self._values.shape or border != self._border:
            self.prepareGeometryChange()
        self._values, self._argb, self._border, self._numbers = values, argb, border, numbers
        self._sized_by = values
        self._version += 1
        height, width = argb.shape
        self._image = QImage(argb.data, width, height, 4 * width, QImage.Format.Format_ARGB32)
        self.update()

    def set_cells(self, rows: np.ndarray, cols: np.ndarray, values: np.ndarray) -> None:
        """Change a few cells (array indices): cost depends on their number, not the grid's."""
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

    def set_fractions(self, fractions: bool) -> None:
        """Numbers as exact fractions where they are (typed inputs), or always as decimals."""
        if fractions != self._fractions:
            self._fractions = fractions
            self._labels.clear()
            self.update()

    def _label(self, value: float) -> str:
        label = self._labels.get(value)
        if label is None:
            label = self._labels[value] = format_number(value, fractions=self._fractions)
        return label

    # -- drawing -----------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        height, width = self._values.shape
        (top, _), (left, _) = self._border
        return QRectF(-left, -top, width, height)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if not self._values.size:
            return
        (top, _), (left, _) = self._border
        painter.drawImage(self.boundingRect(), self._image)
        # From here on, work in array indices: shift the transform by the ghost border.
        transform = QTransform(painter.transform()).translate(-left, -top)
        cell_px = math.hypot(transform.m11(), transform.m12())
        exposed = option.exposedRect.intersected(self.boundingRect()).translated(left, top)
        height, width = self._values.shape
        bounds = (
            max(0, int(exposed.top())),
            min(height, math.ceil(exposed.bottom())),
            max(0, int(exposed.left())),
            min(width, math.ceil(exposed.right())),
        )
        if any(any(side) for side in self._border):
            self._paint_ghosts(painter, transform)
        if cell_px >= MIN_GRID_LINE_PX:
            self._paint_grid(painter, transform, bounds, cell_px)
        if self._numbers:
            self._paint_numbers(painter, transform, bounds, cell_px)

    def _paint_ghosts(self, painter: QPainter, transform: QTransform) -> None:
        """Wash out and hatch the padding, and outline the real input inside it."""
        (top, bottom), (left, right) = self._border
        height, width = self._values.shape
        real = QRectF(left, top, width - left - right, height - top - bottom)
        painter.save()
        painter.resetTransform()
        outside = QPainterPath()
        outside.addRect(transform.mapRect(QRectF(0, 0, width, height)))
        inside = QPainterPath()
        inside.addRect(transform.mapRect(real))
        ghosts = outside.subtracted(inside)
        theme = active()
        painter.fillPath(ghosts, theme.colour("ghost_wash"))
        painter.fillPath(ghosts, QBrush(theme.colour("ghost_hatch"), Qt.BrushStyle.BDiagPattern))
        painter.setPen(QPen(theme.colour("real_edge"), 3))
        painter.drawRect(transform.mapRect(real))
        painter.restore()

    def _paint_grid(
        self, painter: QPainter, transform: QTransform, bounds: tuple[int, ...], cell_px: float
    ) -> None:
        r0, r1, c0, c1 = bounds
        painter.save()
        painter.resetTransform()
        painter.setPen(QPen(active().colour("grid_line"), max(1.0, cell_px / 40)))
        for r in range(r0, r1 + 1):
            painter.drawLine(transform.map(QPointF(c0, r)), transform.map(QPointF(c1, r)))
        for c in range(c0, c1 + 1):
            painter.drawLine(transform.map(QPointF(c, r0)), transform.map(QPointF(c, r1)))
        painter.restore()

    def number_px(self, cell_px: float) -> int:
        """The font size, in pixels, of every number on cells ``cell_px`` pixels wide.

        All numbers of a grid share one size (a wide ``−1020`` shrinks the ``0``s too, so
        sizes never hint at values); 0 when they would be too small to read.
        """
        return self.number_font(cell_px).pixelSize() if self._readable(cell_px) else 0

    def number_font(self, cell_px: float) -> QFont:
        """The numbers' font: as tall as fits, condensed where that makes them taller.

        Photo values (``208``, ``−202``) are limited by the cell's width; a condensed face
        gains them a third in height, which the back row needs more than the width.
        """
        key = (cell_px, self._version)
        if key == self._sized[0]:
            return QFont(self._sized[1])
        labels = {self._label(v) for v in np.unique(self._sized_by[~np.isnan(self._sized_by)])}
        # Only the longest can be the widest (a digit or minus is at least half an em;
        # one point or slash at most per number): a live photo edit measured hundreds.
        longest = max(map(len, labels), default=0)
        labels = {label for label in labels if len(label) >= longest - 1}
        best = QFont()
        best.setPixelSize(1)
        for stretch in (QFont.Stretch.Unstretched, QFont.Stretch.Condensed):
            font = QFont()
            font.setStretch(stretch)
            font.setPixelSize(max(1, round(cell_px * NUMBER_HEIGHT)))
            metrics = QFontMetricsF(font)
            widest = max((metrics.horizontalAdvance(label) for label in labels), default=0.0)
            if widest > cell_px * NUMBER_WIDTH:
                font.setPixelSize(
                    max(1, math.floor(font.pixelSize() * cell_px * NUMBER_WIDTH / widest))
                )
            if font.pixelSize() > best.pixelSize():
                best = font
        self._sized = (key, best)
        return QFont(best)

    def _readable(self, cell_px: float) -> bool:
        return (
            self._numbers
            and cell_px >= MIN_NUMBER_PX * 1.6
            and bool(np.any(~np.isnan(self._sized_by)))
            and self.number_font(cell_px).pixelSize() >= MIN_NUMBER_PX
        )

    def _paint_numbers(
        self, painter: QPainter, transform: QTransform, bounds: tuple[int, ...], cell_px: float
    ) -> None:
        r0, r1, c0, c1 = bounds
        block = self._values[r0:r1, c0:c1]
        shown = np.argwhere(~np.isnan(block))
        if not shown.size or not self._readable(cell_px):
            return
        labels = [self._label(v) for v in block[shown[:, 0], shown[:, 1]]]
        font = self.number_font(cell_px)
        painter.save()
        painter.resetTransform()
        light = self._light_text[self._lut_index(block[shown[:, 0], shown[:, 1]])]
        ghost_font = QFont(font)
        ghost_font.setItalic(True)
        (top, bottom), (left, right) = self._border
        height, width = self._values.shape
        pens = (
            QPen(QColor("#111111")),
            QPen(QColor("#FFFFFF")),
            QPen(active().colour("ghost_text")),
        )
        for (r, c), text, is_light in zip(shown + np.array((r0, c0)), labels, light, strict=True):
            ghost = not (top <= r < height - bottom and left <= c < width - right)
            painter.setFont(ghost_font if ghost else font)
            painter.setPen(pens[2 if ghost else int(is_light)])
            rect = transform.mapRect(QRectF(c, r, 1, 1))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
