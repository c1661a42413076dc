"""The whole photo on screen: one image item, the walked patch and the window on it.

Coordinates are the photo's pixels (x right, y down), whatever the filtered image's
size: a valid or strided filter gives a smaller picture, placed where its windows sit,
so the patch outline always frames the pixels it names.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QSizePolicy, QWidget

from convviz.qt.theme import active

PATCH_COLOUR = QColor("#56B4E9")  # sky blue (Okabe–Ito): stands out on skin, wood and sky


def _outline(colour: QColor, width: float, z: float) -> QGraphicsRectItem:
    """A hollow rectangle whose line keeps its screen width at any zoom."""
    item = QGraphicsRectItem()
    pen = QPen(colour, width)
    pen.setCosmetic(True)
    item.setPen(pen)
    item.setZValue(z)
    item.hide()
    return item


class PhotoView(pg.GraphicsView):
    """Shows one image; a left click or drag reports the photo pixel under the mouse."""

    pointed = Signal(float, float)  # (row, column) in photo pixels

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background=active().grid)
        self.setObjectName("photoView")
        self.view = pg.ViewBox(lockAspect=True, invertY=True, enableMouse=False, enableMenu=False)
        self.setCentralItem(self.view)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.patch = _outline(PATCH_COLOUR, 3, 10)
        self.window = _outline(active().colour("window"), 2, 11)
        for item in (self.image, self.patch, self.window):
            self.view.addItem(item)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # Small enough for the photo's share of a 1024-pixel projector while presenting
        # (a tenth, 102 pixels): a 160-pixel minimum held the dock 178 pixels wide over
        # its 128-pixel share at 1280×720, across the input grid's first column.
        self.setMinimumSize(80, 60)
        self._photo_rect = QRectF()

    def follow_theme(self) -> None:
        """Background and the walk's outline in the active theme's colours."""
        self.setBackground(active().grid)
        pen = self.window.pen()
        pen.setColor(active().colour("window"))
        self.window.setPen(pen)

    def show_image(
        self, image: np.ndarray, lut: np.ndarray | None, placed: QRectF, photo: QRectF
    ) -> None:
        """Draw ``image`` (uint8, already scaled) over the ``placed`` part of the photo.

        ``levels=None`` on purpose: uint8 data then goes to a QImage without any
        per-pixel pass (with levels, pyqtgraph rescales every RGB pixel again).
        """
        self.image.setImage(image, levels=None, lut=lut)
        self.image.setRect(placed)
        if photo != self._photo_rect:
            self._photo_rect = photo
            self.view.setRange(photo, padding=0.01)

    def clear_image(self) -> None:
        self.image.clear()
        self.patch.hide()
        self.window.hide()

    def photo_point(self, pos: QPointF) -> QPointF:
        """The photo pixel coordinates under viewport position ``pos``."""
        return self.view.mapSceneToView(self.mapToScene(pos.toPoint()))

    def pixel_center(self, row: int, col: int) -> QPointF:
        """Viewport position of a photo pixel's centre: where a test (or a demo) clicks."""
        scene = self.view.mapViewToScene(QPointF(col + 0.5, row + 0.5))
        return QPointF(self.mapFromScene(scene))

    def mousePressEvent(self, ev: QMouseEvent) -> None:
        if ev.button() == Qt.MouseButton.LeftButton:
            self._point(ev)
        ev.accept()

    def mouseMoveEvent(self, ev: QMouseEvent) -> None:
        if ev.buttons() & Qt.MouseButton.LeftButton:
            self._point(ev)
        ev.accept()

    def mouseReleaseEvent(self, ev: QMouseEvent) -> None:
        ev.accept()

    def _point(self, ev: QMouseEvent) -> None:
        point = self.photo_point(ev.position())
        if self._photo_rect.contains(point):
            self.pointed.emit(point.y(), point.x())
