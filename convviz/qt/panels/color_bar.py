"""The colour scale beside a feature map: which colour means which number."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from convviz.core.numbers import format_number


class ColorBar(QWidget):
    """A vertical gradient of the map's colour table, labelled top, middle and bottom."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("colorBar")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self._lut = np.zeros(256, dtype=np.uint32)
        self._levels = (0.0, 1.0)
        self._fractions = True
        self._widest = 0  # the widest labels shown since the text size last changed
        self._stops_for: tuple[bytes, list[tuple[float, QColor]]] = (b"", [])

    @property
    def levels(self) -> tuple[float, float]:
        """The numbers at the bottom and the top of the bar."""
        return self._levels

    def set_scale(
        self, lut: np.ndarray, levels: tuple[float, float], *, fractions: bool = True
    ) -> None:
        """Show new levels; the bar only ever widens (until the text size changes).

        A live photo edit moves the map's extremes every time: a bar that followed their
        width relaid, and repainted, the whole window at each typed weight.
        """
        width = self.sizeHint().width()
        self._lut, self._levels, self._fractions = lut, levels, fractions
        self._widest = max(self._widest, self._labels_width())
        if self.sizeHint().width() != width:
            self.updateGeometry()
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._widest = self._labels_width()
            self.updateGeometry()  # the window's zoom changed the labels' size
        super().changeEvent(event)

    def labels(self) -> list[str]:
        """Top, middle and bottom labels (the middle is 0 on a signed, diverging scale)."""
        lo, hi = self._levels
        return [format_number(v, fractions=self._fractions) for v in (hi, (lo + hi) / 2, lo)]

    def _labels_width(self) -> int:
        return max(self.fontMetrics().horizontalAdvance(t) for t in self.labels())

    def sizeHint(self) -> QSize:
        return QSize(max(self._widest, self._labels_width()) + 34, 160)

    def _stops(self) -> list[tuple[float, QColor]]:
        """The gradient's 65 stops (nine drew visible bands), made once per colour table.

        A live photo edit repaints the bar at every typed weight.
        """
        key = self._lut.tobytes()
        if self._stops_for[0] != key:
            stops = [
                (float(stop), QColor.fromRgba(int(self._lut[round(stop * 255)]) | 0xFF000000))
                for stop in np.linspace(0, 1, 65)
            ]
            self._stops_for = (key, stops)
        return self._stops_for[1]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        metrics = self.fontMetrics()
        bar = QRectF(2, metrics.height() / 2, 20, self.height() - metrics.height())
        gradient = QLinearGradient(bar.bottomLeft(), bar.topLeft())
        gradient.setStops(self._stops())
        painter.fillRect(bar, gradient)
        painter.setPen(QColor("#52606D"))
        painter.drawRect(bar)
        painter.setPen(self.palette().windowText().color())
        for text, y in zip(self.labels(), (bar.top(), bar.center().y(), bar.bottom()), strict=True):
            rect = QRectF(bar.right() + 6, y - metrics.height() / 2, self.width(), metrics.height())
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.end()
