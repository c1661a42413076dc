"""A set of cells filled with one colour: hover highlights, never-visited cells.

Like the window overlay it is one item whose cells are replaced, never one item per
cell, so hovering over a large grid stays cheap.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget

from convviz.qt.theme import active


class CellMarks(pg.GraphicsObject):
    """Fill cells ``(rows[i], cols[i])`` in the theme's ``role`` colour (``"hover"``…).

    ``hatched`` adds diagonal lines, so the mark reads even without colour.
    """

    def __init__(self, role: str, *, hatched: bool = False, z: float = 5) -> None:
        super().__init__()
        self.setZValue(z)
        self._role, self._hatched = role, hatched
        self._path = QPainterPath()
        self._count = 0

    @property
    def count(self) -> int:
        """How many cells are marked (what a test or a screen reader can check)."""
        return self._count

    def show_cells(self, rows: np.ndarray, cols: np.ndarray) -> None:
        self.prepareGeometryChange()
        path = QPainterPath()
        for r, c in zip(np.ravel(rows), np.ravel(cols), strict=True):
            path.addRect(QRectF(float(c), float(r), 1.0, 1.0))
        self._path, self._count = path, int(np.size(rows))
        self.update()

    def clear(self) -> None:
        self.show_cells(np.zeros(0, int), np.zeros(0, int))

    def boundingRect(self) -> QRectF:
        return self._path.boundingRect()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        path = painter.transform().map(self._path)
        painter.save()
        painter.resetTransform()  # hatching in screen pixels, not stretched with the cells
        painter.setPen(Qt.PenStyle.NoPen)
        colour = active().colour(self._role)
        painter.fillPath(path, colour)
        if self._hatched:
            painter.fillPath(path, QBrush(colour.darker(160), Qt.BrushStyle.FDiagPattern))
        painter.restore()
