"""Sizes and starting patterns: the input grid's rows and columns, the kernel's size.

Kept in the side column so the three panels keep all their width for the cells.
"""

from __future__ import annotations

from functools import partial

import numpy as np
from PySide6.QtWidgets import QFormLayout, QWidget

from convviz.core.patterns import PATTERNS
from convviz.qt.model_adapter import ModelAdapter
from convviz.qt.widgets import picker, set_quietly, side_by_side, spin_box

MIN_SIDE, MAX_SIDE = 3, 32
MAX_KERNEL_SIDE = 7


class GridControls(QWidget):
    """Pattern menu, input size (3 to 32 per side) and kernel size (1 to 7 per side)."""

    def __init__(
        self, adapter: ModelAdapter, channel_view: QWidget, parent: QWidget | None = None
    ) -> None:
        """``channel_view`` is the input grid's colour/channel choice, shown in this form."""
        super().__init__(parent)
        self._adapter = adapter
        self.pattern = picker("patternCombo", "Fill the input grid", list(PATTERNS))
        self.input_size = (
            spin_box("inputRowsSpin", "Rows of the input grid", MIN_SIDE, MAX_SIDE),
            spin_box("inputColsSpin", "Columns of the input grid", MIN_SIDE, MAX_SIDE),
        )
        self.kernel_size = (
            spin_box("kernelRowsSpin", "Rows of the feature detector", 1, MAX_KERNEL_SIDE),
            spin_box("kernelColsSpin", "Columns of the feature detector", 1, MAX_KERNEL_SIDE),
        )
        form = QFormLayout(self)
        form.addRow("Pattern", self.pattern)
        form.addRow("Input ↕ ↔", side_by_side(*self.input_size))
        form.addRow("Kernel ↕ ↔", side_by_side(*self.kernel_size))
        form.addRow("Show", channel_view)

        self.pattern.currentIndexChanged.connect(self._apply_pattern)
        for axis, spin in enumerate(self.input_size):
            spin.valueChanged.connect(partial(self._resize, "input", axis))
        for axis, spin in enumerate(self.kernel_size):
            spin.valueChanged.connect(partial(self._resize, "kernel", axis))
        adapter.walkChanged.connect(self.sync)
        self.sync()

    def sync(self) -> None:
        """Show the model's sizes (after any change, from here or from code)."""
        model = self._adapter.model
        for spins, shape in (
            (self.input_size, model.input.shape[-2:]),
            (self.kernel_size, model.kernel.shape[-2:]),
        ):
            for spin, side in zip(spins, shape, strict=True):
                set_quietly(spin, side)

    def _apply_pattern(self, index: int) -> None:
        """Draw the pattern in every channel: a colour lesson keeps its colour kernels."""
        if index > 0:
            model = self._adapter.model
            rows, cols = model.input.shape[-2:]
            name = self.pattern.itemText(index)
            pattern = PATTERNS[name](rows, cols)
            if model.channels > 1:
                pattern = np.repeat(pattern[np.newaxis], model.channels, axis=0)
            self._adapter.attempt(model.set_input, pattern, name=f"pattern {name}")
            self.pattern.setCurrentIndex(0)  # ready to pick the same pattern again

    def _resize(self, grid: str, axis: int, value: int) -> None:
        """Change one side, keeping the other as the model holds it (not as shown)."""
        model = self._adapter.model
        resize = model.resize_input if grid == "input" else model.resize_kernel
        shape = list((model.input if grid == "input" else model.kernel).shape[-2:])
        shape[axis] = value
        if not self._adapter.attempt(resize, *shape):
            self.sync()
