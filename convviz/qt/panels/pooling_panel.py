"""After the feature map: the pooled map, the flattened vector and the pooling arithmetic.

The pooling window itself is drawn on the feature map (whose grid this panel is
given), so the class sees the map, the window and what it keeps side by side; the
cells no window reaches are hatched there as well.  Colours are the feature map's, so
a pooled cell looks like the map cell it kept.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from convviz.core.stage_text import pooling_summary
from convviz.qt.grids.cell_marks import CellMarks
from convviz.qt.grids.grid_view import GridView
from convviz.qt.grids.map_view import MapView
from convviz.qt.grids.window_overlay import WindowOverlay
from convviz.qt.model_adapter import ModelAdapter
from convviz.qt.panels.explanation_label import ExplanationLabel
from convviz.qt.panels.panel_title import panel_title
from convviz.qt.theme import lut_for, signals
from convviz.qt.widgets import named

_KIND_TITLES = {"max": "Max pool", "avg": "Avg pool"}


class PoolingPanel(QWidget):
    """``poolingPanel``: shown while pooling is on (the window decides); steps with Step."""

    def __init__(
        self, adapter: ModelAdapter, feature_map: GridView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("poolingPanel")
        self._adapter = adapter
        self.title = panel_title("Max pooling")
        self.grid = MapView("pooledMap")
        self.flat = MapView("flattenedVector")
        # Smaller than the other grids' minimum: pooling on must not widen the window.
        self.grid.setMinimumSize(90, 90)
        self.flat.setMinimumSize(30, 90)
        self.flat_label = named(QLabel(), "flattenedLabel")
        self.flat_label.setWordWrap(True)
        self.text = ExplanationLabel(adapter, "poolingText", pooling_summary)
        self.pool_window = WindowOverlay()  # on the feature map, beside its newest-cell outline
        self.dropped = CellMarks("unvisited", hatched=True, z=7)
        for item in (self.pool_window, self.dropped):
            feature_map.view.addItem(item)

        arrow = named(QLabel("→"), "operatorLabel")
        arrow.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grids = QHBoxLayout()  # the flattened vector stands beside the map, as in diagrams
        grids.addWidget(self.grid, 3)
        grids.addWidget(self.flat, 1)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.title)
        column.addLayout(grids, 1)
        column.addWidget(self.flat_label)
        column.addWidget(self.text)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(arrow)
        layout.addLayout(column, 1)

        adapter.walkChanged.connect(self.refresh)
        adapter.cursorMoved.connect(self.refresh)
        signals().changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Redraw from the model (pooled maps are small: no partial updates needed)."""
        model = self._adapter.model
        stage = model.pooling
        pooled = stage.pooled
        if pooled is None:
            self.pool_window.clear()
            self.dropped.clear()
            self.title.setText("Pooling")
            return
        walk = stage.walk
        assert walk is not None  # pooled exists only with a walk
        size = "×".join(map(str, walk.geometry.kernel_shape))
        (sy, sx) = walk.geometry.stride
        stride = str(sy) if sy == sx else f"{sy}×{sx}"
        self.title.setText(f"{_KIND_TITLES[walk.kind]} {size}")
        self.title.setToolTip(f"{_KIND_TITLES[walk.kind]}: window {size}, stride {stride}")
        colours = lut_for(model.feature_map)
        self.grid.show_map(pooled, stage.cursor, *colours)
        self.flat.show_map(pooled.reshape(-1, 1), stage.cursor, *colours)
        self.flat_label.setText(f"Flattened → {pooled.size}")
        complete = model.cursor == model.total_steps
        if complete:
            self.dropped.show_cells(*np.nonzero(~walk.covered))
        else:
            self.dropped.clear()
        self._show_window()

    def _show_window(self) -> None:
        """The window on the feature map, its kept cell ringed; the newest pooled cell outlined."""
        step = self._adapter.model.pooling.current_step
        if step is None:
            self.pool_window.clear()
            self.grid.overlay.clear()
            self.flat.overlay.clear()
            return
        # Only max pooling rings what it keeps: an average keeps every cell alike.
        kept = step.kept() if step.kind == "max" else None
        self.pool_window.show_cells(step.rows, step.cols, kept)
        self.grid.overlay.show_cells(np.array([step.out_row]), np.array([step.out_col]), tint=False)
        self.flat.overlay.show_cells(np.array([step.index]), np.array([0]), tint=False)
