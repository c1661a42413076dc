"""One feature map that fills in as the walk goes (the selected kernel's, or a thumbnail)."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QWidget

from convviz.qt.grids.grid_view import GridView

_FULL_REDRAW = 256  # a jump revealing more cells than this redraws the map in one go


class MapView(GridView):
    """Colours are fixed from the complete map, so they don't shift as cells appear."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(object_name, parent)
        self._complete = np.zeros((0, 0))
        self._cursor = 0
        self._colours: tuple[np.ndarray, tuple[float, float]] = (np.zeros(256, np.uint32), (0, 1))

    def show_map(
        self, complete: np.ndarray, cursor: int, lut: np.ndarray, levels: tuple[float, float]
    ) -> None:
        """Draw the first ``cursor`` cells (row by row) of the ``complete`` map."""
        self._complete, self._cursor, self._colours = complete, cursor, (lut, levels)
        revealed = np.array(complete, dtype=np.float64)
        revealed.reshape(-1)[cursor:] = np.nan
        self.cells.set_values(revealed, levels, lut, sized_by=complete)
        self.fit()

    def move_cursor(self, cursor: int) -> None:
        """Reveal or hide just the cells between the old and the new cursor."""
        old = self._cursor
        if abs(cursor - old) > _FULL_REDRAW:
            self.show_map(self._complete, cursor, *self._colours)
            return
        self._cursor = cursor
        indices = np.arange(min(old, cursor), max(old, cursor))
        rows, cols = np.divmod(indices, self._complete.shape[1])
        values = self._complete[rows, cols] if cursor > old else np.full(rows.shape, np.nan)
        self.cells.set_cells(rows, cols, values)
