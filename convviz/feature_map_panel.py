"""The feature map: cells appear as the walk reveals them, the newest one outlined."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QVBoxLayout, QWidget

from .cell_marks import CellMarks
from .grid_view import GridView
from .model_adapter import ModelAdapter
from .panel_title import panel_title
from .theme import HOVER_COLOUR, lut_for

_FULL_REDRAW = 256  # a jump revealing more cells than this redraws the map in one go


class FeatureMapPanel(QWidget):
    """Colours are fixed from the complete map, so they don't shift as cells appear."""

    def __init__(self, adapter: ModelAdapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._adapter = adapter
        self.grid = GridView("featureMap")
        self.contributions = CellMarks(HOVER_COLOUR, z=8)
        self.grid.view.addItem(self.contributions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(panel_title("Feature map"))
        layout.addWidget(self.grid, 1)
        adapter.walkChanged.connect(self.refresh)
        adapter.cursorMoved.connect(self._cursor_moved)
        adapter.inputHovered.connect(self._show_contributions)
        self.grid.cellPressed.connect(self._jump_to)
        self.refresh()

    def _jump_to(self, row: int, col: int) -> None:
        """Clicking a map cell replays the walk up to the step that computed it."""
        model = self._adapter.model
        model.seek(model.walk.index_of(row, col) + 1)

    def _show_contributions(self, row: int, col: int) -> None:
        """Light up every map cell the hovered input cell feeds into."""
        if row < 0:
            self.contributions.clear()
        else:
            self.contributions.show_cells(*self._adapter.model.walk.outputs_covering(row, col))

    def refresh(self) -> None:
        """Redraw the whole map (after the input, kernel or geometry changed)."""
        model = self._adapter.model
        lut, levels = lut_for(model.feature_map)
        self.grid.cells.set_values(model.revealed, levels, lut)
        self.grid.fit()
        self.contributions.clear()
        self._mark_newest()

    def _cursor_moved(self, old: int, new: int) -> None:
        """Reveal or hide just the cells between the two cursors."""
        if abs(new - old) > _FULL_REDRAW:
            self.refresh()
            return
        model = self._adapter.model
        rows, cols = np.divmod(np.arange(min(old, new), max(old, new)), model.feature_map.shape[1])
        values = model.feature_map[rows, cols] if new > old else np.full(rows.shape, np.nan)
        self.grid.cells.set_cells(rows, cols, values)
        self._mark_newest()

    def _mark_newest(self) -> None:
        step = self._adapter.model.current_step
        if step is None:
            self.grid.overlay.clear()
        else:
            self.grid.overlay.show_cells(
                np.array([step.out_row]), np.array([step.out_col]), tint=False
            )
