"""The feature maps: the selected kernel's map large, every kernel's map as a thumbnail.

All maps walk in step.  The large map carries the newest-cell marker, the cells an
input cell feeds (on hover), the cells ReLU zeroed, and a colour scale.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from convviz.qt.grids.cell_marks import CellMarks
from convviz.qt.grids.map_view import MapView
from convviz.qt.model_adapter import ModelAdapter
from convviz.qt.panels.color_bar import ColorBar
from convviz.qt.panels.elided_label import ElidedLabel
from convviz.qt.panels.panel_title import panel_title
from convviz.qt.theme import lut_for, signals
from convviz.qt.widgets import choice_combo, named

DISPLAY_MODES = {"Full range": "rescale", "Clip 0–255": "clip"}
THUMBNAILS_PER_ROW = 4  # more kernels than this: their maps in two rows


class FeatureMapPanel(QWidget):
    """Click a cell to jump to the step that computed it; click a thumbnail to select."""

    def __init__(self, adapter: ModelAdapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._adapter = adapter
        self.title = panel_title("Feature map")
        self.grid = MapView("featureMap")
        self.contributions = CellMarks("hover", z=8)
        self.zeroed = CellMarks("relu", hatched=True, z=6)
        for item in (self.contributions, self.zeroed):
            self.grid.view.addItem(item)
        self.color_bar = ColorBar()
        self.display = choice_combo(
            "mapDisplayCombo",
            "Colour the maps over their own range, or as a photo editor would",
            DISPLAY_MODES,
            adapter.model.display,
            "map_values",
            adapter.displayChanged,
        )
        self.thumbnails: list[MapView] = []
        self._names: list[ElidedLabel] = []
        self._strip = named(QWidget(), "layerMaps")
        self._strip_layout = QGridLayout(self._strip)
        self._arranged = (0, 0)  # (thumbnails per row, thumbnails) as laid out now
        self._strip_layout.setContentsMargins(0, 0, 0, 0)

        body = QHBoxLayout()
        body.addWidget(self.grid, 1)
        body.addWidget(self.color_bar)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(body, 4)
        layout.addWidget(self._strip, 1)

        adapter.walkChanged.connect(self.refresh)
        signals().changed.connect(self.refresh)
        adapter.cursorMoved.connect(self._cursor_moved)
        adapter.displayChanged.connect(self._display_changed)
        self.grid.cellPressed.connect(self._jump_to)
        self.refresh()

    @property
    def clipped(self) -> bool:
        return self._adapter.model.display.choices.map_values == "clip"

    def _display_changed(self, fields: frozenset[str]) -> None:
        if "map_values" in fields:
            self.refresh()
        if "pointed" in fields:
            self._show_contributions()

    def refresh(self) -> None:
        """Redraw every map (after the input, layer or geometry changed)."""
        model = self._adapter.model
        names = model.layer.names
        self.title.setText(
            "Feature map" if len(names) == 1 else f"Feature map {model.selected + 1}"
        )
        lut, levels = lut_for(model.feature_map, clip=self.clipped)
        self.grid.show_map(model.feature_map, model.cursor, lut, levels)
        self.color_bar.set_scale(lut, levels)
        self._sync_thumbnails()
        self.contributions.clear()
        self._mark_cursor()

    def _sync_thumbnails(self) -> None:
        model = self._adapter.model
        names = model.layer.names
        while len(self.thumbnails) < len(names):
            index = len(self.thumbnails)
            view = MapView(f"layerMap{index}")
            view.setMinimumSize(60, 60)
            view.cellPressed.connect(lambda *_, i=index: self._select(i))
            self._names.append(ElidedLabel("layerMapLabel"))
            self.thumbnails.append(view)
        self._arrange_thumbnails(len(names))
        for index, (view, label) in enumerate(zip(self.thumbnails, self._names, strict=True)):
            shown = index < len(names) and len(names) > 1
            view.setVisible(shown)
            label.setVisible(shown)
            if shown:
                marker = "▶ " if index == model.selected else ""
                # numbered like the big map's title ("Feature map 3"): names get elided
                label.setText(f"{marker}{index + 1}. {names[index]}")
                complete = model.feature_maps[index]
                view.show_map(complete, model.cursor, *lut_for(complete, clip=self.clipped))
        self._strip.setVisible(len(names) > 1)

    def _arrange_thumbnails(self, count: int) -> None:
        """One row for up to four maps, two rows beyond.

        Eight side by side made the map column so wide that the input grid shrank to a
        stamp and the window outgrew a 1280-pixel screen.
        """
        shape = (count if count <= THUMBNAILS_PER_ROW else math.ceil(count / 2), len(self._names))
        if shape == self._arranged:
            return
        self._arranged, columns = shape, shape[0]
        for index, (view, label) in enumerate(zip(self.thumbnails, self._names, strict=True)):
            row, column = divmod(index, columns)
            for widget, place in ((label, 2 * row), (view, 2 * row + 1)):
                self._strip_layout.removeWidget(widget)
                self._strip_layout.addWidget(widget, place, column)

    def _select(self, index: int) -> None:
        self._adapter.attempt(self._adapter.model.select_kernel, index)

    def _cursor_moved(self) -> None:
        cursor = self._adapter.model.cursor
        for view in (self.grid, *(t for t in self.thumbnails if t.isVisible())):
            view.move_cursor(cursor)
        self._mark_cursor()

    def _mark_cursor(self) -> None:
        """Outline the newest cell; hatch revealed cells that ReLU set to zero."""
        model = self._adapter.model
        step = model.current_step
        if step is None:
            self.grid.overlay.clear()
        else:
            self.grid.overlay.show_cells(
                np.array([step.out_row]), np.array([step.out_col]), tint=False
            )
        if model.layer.relu:
            negative = model.pre_activation[model.selected].reshape(-1)[: model.cursor] < 0
            self.zeroed.show_cells(*np.divmod(np.flatnonzero(negative), model.feature_map.shape[1]))
        elif self.zeroed.count:
            self.zeroed.clear()

    def _jump_to(self, row: int, col: int) -> None:
        """Clicking a map cell replays the walk up to the step that computed it."""
        model = self._adapter.model
        model.seek(model.walk.index_of(row, col) + 1)

    def _show_contributions(self) -> None:
        """Light up every map cell the hovered input cell feeds into."""
        model = self._adapter.model
        if model.display.pointed is None:
            self.contributions.clear()
        else:
            self.contributions.show_cells(*model.walk.outputs_covering(*model.display.pointed))
