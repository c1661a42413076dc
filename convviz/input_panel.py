"""The input image: the grid with the window on it, painting, size and patterns."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from .grid_view import GridView
from .model_adapter import ModelAdapter
from .panel_title import panel_title
from .patterns import PATTERNS
from .spin_boxes import set_quietly, spin_box
from .theme import INK_LUT

MIN_SIDE, MAX_SIDE = 3, 32


class InputPanel(QWidget):
    """Click or drag on a cell to toggle it between 0 and 1."""

    def __init__(self, adapter: ModelAdapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._adapter = adapter
        self._paint_value = 1.0
        self.grid = GridView("inputGrid")
        self.pattern = QComboBox(objectName="patternCombo")
        self.pattern.addItems(["Pattern…", *PATTERNS])
        self.rows = spin_box("inputRowsSpin", "Rows of the input grid", MIN_SIDE, MAX_SIDE)
        self.cols = spin_box("inputColsSpin", "Columns of the input grid", MIN_SIDE, MAX_SIDE)

        controls = QHBoxLayout()
        controls.addWidget(self.pattern)
        controls.addStretch(1)
        for label, spin in (("Rows", self.rows), ("Columns", self.cols)):
            controls.addWidget(QLabel(label))
            controls.addWidget(spin)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(panel_title("Input image"))
        layout.addWidget(self.grid, 1)
        layout.addLayout(controls)

        self.grid.cellPressed.connect(self._press)
        self.grid.cellDragged.connect(self._drag)
        self.pattern.currentIndexChanged.connect(self._apply_pattern)
        self.rows.valueChanged.connect(self._resize)
        self.cols.valueChanged.connect(self._resize)
        adapter.walkChanged.connect(self.refresh)
        adapter.cursorMoved.connect(self._show_window)
        self.refresh()

    def refresh(self) -> None:
        """Redraw the grid and sync the controls after the input or geometry changed."""
        model = self._adapter.model
        values = model.input
        rows, cols = values.shape
        self.grid.set_extent(rows, cols)
        levels = (min(0.0, float(values.min())), max(1.0, float(values.max())))
        self.grid.cells.set_values(values, levels, INK_LUT)
        set_quietly(self.rows, rows)
        set_quietly(self.cols, cols)
        self._show_window()

    def _show_window(self) -> None:
        step = self._adapter.model.current_step
        if step is None:
            self.grid.overlay.clear()
        else:
            self.grid.overlay.show_cells(step.rows, step.cols, step.matches, step.weights[0])

    # -- editing ------------------------------------------------------------------------
    def _press(self, row: int, col: int) -> None:
        self._paint_value = 0.0 if self._adapter.model.input[row, col] else 1.0
        self._drag(row, col)

    def _drag(self, row: int, col: int) -> None:
        model = self._adapter.model
        if model.input[row, col] != self._paint_value:
            self._adapter.attempt(model.set_input_cell, row, col, self._paint_value)

    def _apply_pattern(self, index: int) -> None:
        if index > 0:
            rows, cols = self._adapter.model.input.shape
            self._adapter.attempt(
                self._adapter.model.set_input, PATTERNS[self.pattern.itemText(index)](rows, cols)
            )
            self.pattern.setCurrentIndex(0)

    def _resize(self) -> None:
        model = self._adapter.model
        if not self._adapter.attempt(model.resize_input, self.rows.value(), self.cols.value()):
            self.refresh()
