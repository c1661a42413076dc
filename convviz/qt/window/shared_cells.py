"""The input and the feature map drawn with one cell size.

Each grid used to fill its own panel, so a 5×5 map's cells came out bigger than the 7×7
input's and hid the lesson's point: the map is smaller than the input.  With one size,
the map is visibly smaller, and the size is the biggest at which both grids fit.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from convviz.qt.grids.grid_view import GridView


def kernel_share(columns: int) -> int:
    """The kernel panel's stretch beside the input's and the map's 5 each.

    A 3×3 kernel gets 1: its cells come out as wide as the grids' and its numbers bigger
    (a share of 2 left a 12×12 photo patch's numbers 20 pixels tall on a 1920-pixel
    projector).  Wider kernels get more, so a 7×7 one's "−4" still fits its cells.
    """
    return max(1, round(columns * 0.4))


class SharedCellSize(QObject):
    """Keeps ``grids`` at one cell size whenever either is resized or changes its extent."""

    def __init__(self, grids: tuple[GridView, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._grids = grids
        for grid in grids:
            grid.resized.connect(self.apply)

    def apply(self) -> None:
        """The biggest size both shown grids fit.

        A hidden grid (the map in the transposed mode) does not limit the other: it
        fits again when it is shown.
        """
        shown = [grid for grid in self._grids if grid.isVisibleTo(grid.window())]
        sizes = [px for px in (grid.fit_px() for grid in shown) if px > 0]
        if sizes:
            for grid in shown:
                grid.show_at(min(sizes))
