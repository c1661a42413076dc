"""The transposed mode's switch and its stride, padding and output_padding.

Switching the mode on puts the convolution's walk back to its start (the transposed
walk replaces it on screen) and Step then stamps input cells; switching it off
returns to the convolution lesson as it was set up.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QFormLayout, QWidget

from convviz.qt.model_adapter import ModelAdapter
from convviz.qt.widgets import named, set_quietly, spin_box

MAX_STRIDE, MAX_PADDING, MAX_OUTPUT_PADDING = 4, 3, 3


class TransposedControls(QWidget):
    """A form kept in step with ``model.transposed``; refusals put the control back."""

    def __init__(self, adapter: ModelAdapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._adapter = adapter
        self.check = named(QCheckBox("Transposed convolution mode"), "transposedCheck")
        self.check.setToolTip("Each input cell stamps value × kernel onto a larger output")
        self.stride = spin_box("transposedStrideSpin", "Cells between stamps", 1, MAX_STRIDE)
        self.padding = spin_box(
            "transposedPaddingSpin", "Rows and columns cropped from each side", 0, MAX_PADDING
        )
        self.output_padding = spin_box(
            "outputPaddingSpin",
            "Rows and columns added at the bottom and right",
            0,
            MAX_OUTPUT_PADDING,
        )
        form = QFormLayout(self)
        form.addRow(self.check)
        form.addRow("Stride", self.stride)
        form.addRow("Padding", self.padding)
        form.addRow("Output padding", self.output_padding)

        self.check.toggled.connect(self._switch)
        self.stride.valueChanged.connect(lambda v: self._configure(stride=(v, v)))
        self.padding.valueChanged.connect(lambda v: self._configure(padding=(v, v)))
        self.output_padding.valueChanged.connect(lambda v: self._configure(output_padding=(v, v)))
        adapter.walkChanged.connect(self.sync)
        self.sync()

    def _switch(self, on: bool) -> None:
        model = self._adapter.model
        if on:
            model.reset()
        if not self._adapter.attempt(model.transposed.set_enabled, on):
            self.sync()

    def _configure(self, **changes: Any) -> None:
        stage = self._adapter.model.transposed
        if not self._adapter.attempt(lambda: stage.configure(**changes)):
            self.sync()

    def sync(self) -> None:
        """Show the model's transposed settings (after any change, or a lesson opened)."""
        stage = self._adapter.model.transposed
        self.check.blockSignals(True)
        self.check.setChecked(stage.enabled)
        self.check.blockSignals(False)
        settings = stage.settings
        for spin, pair in (
            (self.stride, settings.stride),
            (self.padding, settings.padding),
            (self.output_padding, settings.output_padding),
        ):
            set_quietly(spin, pair[0])
