"""The colour scale beside a feature map: which colour means which number."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from convviz.core.numbers import format_number

#: The widest label the bar always has room for: every value below 1000 in four digits.
RESERVED = "\u2212888.8"


class ColorBar(QWidget):
    """A vertical gradient of the map's colour table, labelled top, middle and bottom."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("colorBar")
        # Preferred: as wide as the reserve when there is room, never narrower than the
        # labels (a 1024-pixel projector has no room for the reserve).
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self._lut = np.zeros(256, dtype=np.uint32)
        self._levels = (0.0, 1.0)
        self._fractions = True

    @property
    def levels(self) -> tuple[float, float]:
        """The numbers at the bottom and the top of the bar."""
        return self._levels

    def set_scale(
        self, lut: np.ndarray, levels: tuple[float, float], *, fractions: bool = True
    ) -> None:
        """``fractions``: label ends as exact fractions (a map of typed inputs), else decimals."""
        self._lut, self._levels, self._fractions = lut, levels, fractions
        self.updateGeometry()  # the labels' width changes with the numbers
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()  # the window's zoom changed the labels' size
        super().changeEvent(event)

    def labels(self) -> list[str]:
        """Top, middle and bottom labels (the middle is 0 on a signed, diverging scale)."""
        lo, hi = self._levels
        return [format_number(v, fractions=self._fractions) for v in (hi, (lo + hi) / 2, lo)]

    def sizeHint(self) -> QSize:
        """Room for any label up to four digits and a sign, whatever the map holds now.

        Sized to the labels alone, the bar widened as the numbers grew and pushed the
        map grid sideways mid-lesson.
        """
        return self._size_for([*self.labels(), RESERVED])

    def minimumSizeHint(self) -> QSize:
        return self._size_for(self.labels())

    def _size_for(self, texts: list[str]) -> QSize:
        return QSize(max(self.fontMetrics().horizontalAdvance(t) for t in texts) + 34, 160)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        metrics = self.fontMetrics()
        bar = QRectF(2, metrics.height() / 2, 20, self.height() - metrics.height())
        gradient = QLinearGradient(bar.bottomLeft(), bar.topLeft())
        for stop in np.linspace(0, 1, 65):  # nine stops drew visible bands
            argb = int(self._lut[round(stop * 255)])
            gradient.setColorAt(stop, QColor.fromRgba(argb | 0xFF000000))
        painter.fillRect(bar, gradient)
        painter.setPen(QColor("#52606D"))
        painter.drawRect(bar)
        painter.setPen(self.palette().windowText().color())
        for text, y in zip(self.labels(), (bar.top(), bar.center().y(), bar.bottom()), strict=True):
            rect = QRectF(bar.right() + 6, y - metrics.height() / 2, self.width(), metrics.height())
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.end()
