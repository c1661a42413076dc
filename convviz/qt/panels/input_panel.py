"""The input image: the grid with the window, padding and never-visited cells on it."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QVBoxLayout, QWidget

from convviz.qt.grids.cell_marks import CellMarks
from convviz.qt.grids.grid_view import GridView
from convviz.qt.model_adapter import ModelAdapter
from convviz.qt.panels.panel_title import panel_title
from convviz.qt.theme import CHANNEL_LUTS, active, input_colours, signals
from convviz.qt.widgets import choice_combo

#: What the input grid shows of a colour photo: the picture, or one channel's numbers.
CHANNEL_VIEWS = {"Colour": "colour", "Red": "red", "Green": "green", "Blue": "blue"}


class InputPanel(QWidget):
    """Click or drag on a cell to paint it blank or inked (in every channel)."""

    def __init__(self, adapter: ModelAdapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._adapter = adapter
        self._paint_value = 1.0
        self._stroke = 0  # one press-and-drag is one step of the undo history
        self._shown: tuple[object, ...] | None = None  # geometry, channel view, theme drawn
        self._shown_values = np.zeros(0)
        self.grid = GridView("inputGrid")
        self.channel = choice_combo(
            "channelCombo",
            "Show the colour photo or one channel",
            CHANNEL_VIEWS,
            adapter.model.display,
            "input_channel",
            adapter.displayChanged,
        )
        self.unvisited = CellMarks("unvisited", hatched=True)
        self.grid.view.addItem(self.unvisited)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(panel_title("Input image"))
        layout.addWidget(self.grid, 1)

        self.grid.cellPressed.connect(self._press)
        self.grid.cellDragged.connect(self._drag)
        self.grid.cellHovered.connect(self._hover)
        adapter.displayChanged.connect(self._display_changed)
        adapter.walkChanged.connect(self.refresh)
        signals().changed.connect(self.refresh)
        adapter.cursorMoved.connect(self._show_window)
        self.refresh()

    def refresh(self) -> None:
        """Redraw the grid after the input or the geometry changed.

        Not after a kernel edit alone: redrawing a grid that did not change took a third
        of a live photo edit's time in the whole window.
        """
        model = self._adapter.model
        padded, geometry = model.padded_input, model.geometry
        view = model.display.choices.input_channel_index
        shown = (geometry, view, active().name)
        if shown == self._shown and np.array_equal(padded, self._shown_values):
            self._show_window()
            return
        self._shown, self._shown_values = shown, padded
        self.channel.setEnabled(model.channels == 3)
        if model.channels == 1:
            lut, levels = input_colours(padded)
            self.grid.cells.set_values(padded, levels, lut, border=geometry.pads)
        elif view is None:
            self.grid.cells.set_rgb(padded[:3], border=geometry.pads)
        else:
            channel = padded[view]
            levels = (min(0.0, float(channel.min())), max(255.0, float(channel.max())))
            self.grid.cells.set_values(channel, levels, CHANNEL_LUTS[view], border=geometry.pads)
        self.grid.fit()
        self._mark_unvisited()
        self._show_window()

    def _display_changed(self, fields: frozenset[str]) -> None:
        if "input_channel" in fields:
            self.refresh()

    def _mark_unvisited(self) -> None:
        """Hatch the bottom rows / right columns that the stride never lets a window reach."""
        geometry = self._adapter.model.geometry
        (height, width), ((top, _), (left, _)) = geometry.padded_shape, geometry.pads
        skip_rows, skip_cols = geometry.unvisited()
        mask = np.zeros((height, width), dtype=bool)
        mask[height - skip_rows :, :] = skip_rows > 0
        mask[:, width - skip_cols :] |= skip_cols > 0
        rows, cols = np.nonzero(mask)
        self.unvisited.show_cells(rows - top, cols - left)

    def _show_window(self) -> None:
        step = self._adapter.model.current_step
        if step is None:
            self.grid.overlay.clear()
        else:
            matches = step.matches if step.counts_matches else None
            self.grid.overlay.show_cells(step.rows, step.cols, matches, step.weights[0])

    # -- editing ------------------------------------------------------------------------
    def _is_real(self, row: int, col: int) -> bool:
        rows, cols = self._adapter.model.input.shape[-2:]  # a colour input is (3, H, W)
        return 0 <= row < rows and 0 <= col < cols

    def _cell(self, row: int, col: int) -> np.ndarray:
        """The cell's value in every channel (one for a drawing, three for a colour photo)."""
        return np.atleast_1d(self._adapter.model.input[..., row, col])

    def _hover(self, row: int, col: int) -> None:
        self._adapter.model.display.point((row, col) if self._is_real(row, col) else None)

    def _press(self, row: int, col: int) -> None:
        """Paint ink on a blank cell and blank on an inked one, then along the drag.

        Ink is 1 on a 0/1 drawing and 255 (white) on a photo, in every channel.
        """
        if self._is_real(row, col):  # ghost (padding) cells are not drawn on
            ink = 1.0 if self._adapter.model.input.max() <= 1 else 255.0
            self._paint_value = 0.0 if self._cell(row, col).any() else ink
            self._stroke += 1
            self._drag(row, col)

    def _drag(self, row: int, col: int) -> None:
        model = self._adapter.model
        if self._is_real(row, col) and (self._cell(row, col) != self._paint_value).any():
            self._adapter.attempt(
                model.set_input_cell, row, col, self._paint_value, merge=("stroke", self._stroke)
            )
