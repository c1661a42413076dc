"""A small numbered grid for numbers that change as a whole: a kernel, a digit, a map.

The learning panels show many of them at once (each detector as it trains, the target
map beside the current one), so each is a plain :class:`GridView` that redraws all its
cells, coloured as the lesson's grids are (diverging around 0 when signs are mixed).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QSizePolicy, QWidget

from convviz.qt.grids.grid_view import GridView
from convviz.qt.theme import active, lut_for


class SmallGrid(GridView):
    """``show(values)`` redraws every cell; no window, no walk."""

    def __init__(self, object_name: str, side: int = 56, parent: QWidget | None = None) -> None:
        super().__init__(object_name, parent)
        # A fixed height: in a scrolling side panel an "ignored" height collapses.
        self.setMinimumSize(side, side)
        self.setFixedHeight(side)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def show_values(self, values: np.ndarray, levels: tuple[float, float] | None = None) -> None:
        """Draw ``values`` (2-D).

        ``levels`` ``(-m, m)`` puts grids that are compared (a layer's kernels) on one
        diverging scale, so a strong weight looks strong beside a weak detector.
        """
        values = np.asarray(values, dtype=np.float64)
        if levels is None:
            lut, levels = lut_for(values)
        else:
            lut = active().diverging_lut
        self.cells.set_values(values, levels, lut)
        self.fit()

    @property
    def values(self) -> np.ndarray:
        return self.cells.values
