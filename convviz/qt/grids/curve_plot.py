"""A small line plot with axes and a legend, for curves that grow while the class watches.

Built from a view box and two axes rather than pyqtgraph's ``PlotItem``: that one makes
a context menu and an options form of its own, parentless windows that outlive the
plot, and a lesson plot needs neither (nor mouse zoom: it keeps its ranges).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSizePolicy, QWidget

from convviz.qt.theme import active


class CurvePlot(pg.GraphicsLayoutWidget):
    """``curve(name, colour)`` adds a line; ranges are fixed."""

    def __init__(self, object_name: str, x_label: str, parent: QWidget | None = None) -> None:
        theme = active()
        super().__init__(parent, border=False)
        self.setObjectName(object_name)
        self.setBackground(theme.grid)
        self.view = pg.ViewBox(enableMouse=False, enableMenu=False)
        self.view.disableAutoRange()
        left, bottom = pg.AxisItem("left"), pg.AxisItem("bottom")
        bottom.setLabel(x_label)
        for axis in (left, bottom):
            axis.linkToView(self.view)
            axis.setPen(pg.mkPen(theme.text))
            axis.setTextPen(pg.mkPen(theme.text))
        self.ci.addItem(left, 0, 0)
        self.ci.addItem(self.view, 0, 1)
        self.ci.addItem(bottom, 1, 1)
        self.legend = pg.LegendItem(offset=(-4, 4), labelTextColor=theme.text)
        self.legend.setParentItem(self.view)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(170)  # a tall screen gives it the spare height

    def sizeHint(self) -> QSize:
        """Modest: a scrolling panel with wrapped text sizes itself by its parts' hints.

        pyqtgraph's own hint (640×480) made such a panel taller than the screen.
        """
        return QSize(240, self.minimumHeight())

    def curve(self, name: str, colour: QColor) -> pg.PlotDataItem:
        """A new, empty line, named in the legend."""
        line = pg.PlotDataItem(pen=pg.mkPen(colour, width=2))
        self.view.addItem(line)
        self.legend.addItem(line, name)
        return line

    def set_ranges(self, x: tuple[float, float], y: tuple[float, float]) -> None:
        """Fixed ranges: re-ranging as the curve grows would re-lay out the axes each time."""
        self.view.setRange(xRange=x, yRange=y, padding=0.02)
