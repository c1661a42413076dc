"""The input and the feature map drawn with one cell size.

Each grid used to fill its own panel, so a 5×5 map's cells came out bigger than the 7×7
input's and hid the lesson's point: the map is smaller than the input.  With one size,
the map is visibly smaller, and the size is the biggest at which both grids fit.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from convviz.qt.grids.grid_view import GridView


def row_shares(input_cols: float, kernel_cols: int, map_cols: float) -> tuple[int, ...]:
    """Stretch factors for the input, kernel, map, pooling and transposed panels.

    In proportion to the cells each shows (the map's colour bar counts for two), so the
    grids that share one cell size limit it alike and the kernel's cells come out about
    as wide as theirs.  Fixed shares (4 : 2 : 4) gave a 3×3 kernel a fifth of the row
    and left a 12×12 photo patch's numbers 20 pixels tall on a 1920-pixel projector;
    a 7×7 kernel needs more than that for its "−4"s.  Pooling and the transposed output
    (which replaces the map) keep their old sizes beside the map.
    """
    unit = 10
    map_share = round(unit * (map_cols + 2))
    return (
        round(unit * input_cols),
        unit * kernel_cols,
        map_share,
        round(0.75 * map_share),
        round(1.75 * map_share),
    )


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
