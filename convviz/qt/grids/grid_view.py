"""A square-celled grid on screen: cells, the window overlay and mouse → cell mapping.

Used for the input image and for the feature map.  It only draws what it is given and
reports which cell the mouse is on; what that means is decided by the panel using it.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from convviz.qt.grids.cells_item import CellsItem
from convviz.qt.grids.window_overlay import WindowOverlay
from convviz.qt.theme import active


class GridView(pg.GraphicsView):
    """Cells in a locked-aspect view with row 0 at the top, as in the lesson's drawings."""

    cellPressed = Signal(int, int)
    cellDragged = Signal(int, int)
    cellHovered = Signal(int, int)  # (-1, -1) when the mouse leaves the grid
    resized = Signal()  # the room for cells changed (the window's size or layout)

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, background=active().grid)
        self.setObjectName(object_name)
        self.view = pg.ViewBox(lockAspect=True, invertY=True, enableMouse=False, enableMenu=False)
        self.setCentralItem(self.view)
        self.cells = CellsItem()
        self.overlay = WindowOverlay()
        self.overlay.clear()
        self.view.addItem(self.cells)
        self.view.addItem(self.overlay)
        self.setMouseTracking(True)
        # Share the width by the window's stretch factors, not by Qt's default size hint.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(160, 160)
        self._hovered = (-1, -1)
        self._extent = QRectF()

    def fit(self) -> None:
        """Keep all cells (ghosts included) in view when their extent changes."""
        extent = self.cells.boundingRect()
        if extent != self._extent:
            self._extent = extent
            self.view.setRange(extent, padding=0.01)
            self.resized.emit()

    def fit_px(self) -> float:
        """The biggest cell, in pixels, that shows every cell (0 before it has a size)."""
        room, extent = self.view.size(), self.cells.boundingRect()
        if extent.isEmpty() or room.isEmpty():
            return 0.0
        return min(room.width() / extent.width(), room.height() / extent.height()) / 1.02

    def show_at(self, cell_px: float) -> None:
        """Draw cells ``cell_px`` pixels wide, centred: another grid may share the size."""
        room, extent = self.view.size(), self.cells.boundingRect()
        if cell_px <= 0 or extent.isEmpty():
            return
        shown = QRectF(0, 0, room.width() / cell_px, room.height() / cell_px)
        shown.moveCenter(extent.center())
        self.view.setRange(shown, padding=0)

    @property
    def cell_px(self) -> float:
        """How many pixels wide a cell is on screen now."""
        return float(self.cell_center(0, 1).x() - self.cell_center(0, 0).x())

    def resizeEvent(self, ev: QResizeEvent) -> None:
        super().resizeEvent(ev)
        self.resized.emit()

    # -- mouse → cell ----------------------------------------------------------------
    def cell_at(self, pos: QPoint | QPointF) -> tuple[int, int] | None:
        """The ``(row, col)`` under viewport position ``pos`` (ghosts too), ``None`` off it."""
        point = self.view.mapSceneToView(self.mapToScene(QPointF(pos).toPoint()))
        row, col = math.floor(point.y()), math.floor(point.x())
        inside = self.cells.boundingRect().contains(QPointF(col + 0.5, row + 0.5))
        return (row, col) if inside else None

    def cell_center(self, row: int, col: int) -> QPoint:
        """Viewport position of a cell's centre: where a test (or a demo) clicks."""
        scene = self.view.mapViewToScene(QPointF(col + 0.5, row + 0.5))
        return self.mapFromScene(scene)

    def mousePressEvent(self, ev: QMouseEvent) -> None:
        cell = self.cell_at(ev.position())
        if ev.button() == Qt.MouseButton.LeftButton and cell is not None:
            self.cellPressed.emit(*cell)
        ev.accept()

    def mouseMoveEvent(self, ev: QMouseEvent) -> None:
        cell = self.cell_at(ev.position())
        if cell is not None and ev.buttons() & Qt.MouseButton.LeftButton:
            self.cellDragged.emit(*cell)
        self._hover((-1, -1) if cell is None else cell)
        ev.accept()

    def mouseReleaseEvent(self, ev: QMouseEvent) -> None:
        ev.accept()

    def leaveEvent(self, ev: object) -> None:
        self._hover((-1, -1))
        super().leaveEvent(ev)

    def _hover(self, cell: tuple[int, int]) -> None:
        if cell != self._hovered:
            self._hovered = cell
            self.cellHovered.emit(*cell)
