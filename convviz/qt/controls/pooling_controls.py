"""Pooling after the feature map: on or off, max or average, window size, stride, padding.

Square windows and strides only (what lessons and most networks use); a lesson file
may hold other shapes, which the spin boxes then show by their row value.  A refused
setting (a window larger than the map, padding beyond half the window) puts the
control back and says why in the window's message bar.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QFormLayout, QWidget

from convviz.qt.model_adapter import ModelAdapter
from convviz.qt.widgets import combo_box, named, set_quietly, spin_box

KINDS = {"Max": "max", "Average": "avg"}
MAX_POOL_SIZE, MAX_POOL_STRIDE, MAX_POOL_PADDING = 4, 4, 2


class PoolingControls(QWidget):
    """The pooling stage's settings, kept in step with ``model.pooling``."""

    def __init__(self, adapter: ModelAdapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._adapter = adapter
        self.check = named(QCheckBox("Pool the feature map"), "poolingCheck")
        self.check.setToolTip("After the map (and ReLU), Step walks a pooling window over it")
        self.kind = combo_box("poolKindCombo", "Keep each window's largest value or mean", [*KINDS])
        self.window_size = spin_box("poolSizeSpin", "Pooling window size (cells)", 1, MAX_POOL_SIZE)
        self.stride = spin_box("poolStrideSpin", "Pooling stride (cells)", 1, MAX_POOL_STRIDE)
        self.padding = spin_box(
            "poolPaddingSpin", "Pooling padding (cells, each side)", 0, MAX_POOL_PADDING
        )
        form = QFormLayout(self)
        form.addRow(self.check)
        form.addRow("Kind", self.kind)
        form.addRow("Window", self.window_size)
        form.addRow("Stride", self.stride)
        form.addRow("Padding", self.padding)

        stage = adapter.model.pooling
        self.check.toggled.connect(lambda on: self._attempt(stage.set_enabled, on))
        self.kind.currentTextChanged.connect(lambda text: self._configure(kind=KINDS[text]))
        self.window_size.valueChanged.connect(lambda v: self._configure(size=(v, v)))
        self.stride.valueChanged.connect(lambda v: self._configure(stride=(v, v)))
        self.padding.valueChanged.connect(lambda v: self._configure(padding=(v, v)))
        adapter.walkChanged.connect(self.sync)
        self.sync()

    def _configure(self, **changes: Any) -> None:
        self._attempt(lambda: self._adapter.model.pooling.configure(**changes))

    def _attempt(self, change: Any, *args: object) -> None:
        if not self._adapter.attempt(change, *args):
            self.sync()

    def sync(self) -> None:
        """Show the model's pooling settings (after any change, from here or a lesson)."""
        stage = self._adapter.model.pooling
        settings = stage.settings
        self.check.blockSignals(True)
        self.check.setChecked(stage.enabled)
        self.check.blockSignals(False)
        self.kind.blockSignals(True)
        self.kind.setCurrentText(next(k for k, v in KINDS.items() if v == settings.kind))
        self.kind.blockSignals(False)
        for spin, pair in (
            (self.window_size, settings.size),
            (self.stride, settings.stride),
            (self.padding, settings.padding),
        ):
            set_quietly(spin, pair[0])
