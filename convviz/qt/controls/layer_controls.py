"""The convolutional layer: its kernels (add, remove, rename, reorder), presets, bias, ReLU.

A network learns many feature detectors; here the learner builds a layer by hand and
sees one feature map per kernel.  The selected kernel is the one in the editor, the
walk and the arithmetic.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QStringListModel
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from convviz.core.model import MAX_KERNELS
from convviz.core.numbers import format_number, parse_number
from convviz.core.presets import PRESETS
from convviz.qt.model_adapter import ModelAdapter
from convviz.qt.widgets import button, named, picker


class LayerControls(QWidget):
    """Kernel list with its buttons, then preset, bias and ReLU for the selected kernel."""

    def __init__(
        self, adapter: ModelAdapter, map_display: QWidget, parent: QWidget | None = None
    ) -> None:
        """``map_display`` is the maps' colour choice, shown here with the layer's options."""
        super().__init__(parent)
        self._adapter = adapter
        self.kernels = named(QListView(), "kernelList")
        self.names = QStringListModel(self)
        self.kernels.setModel(self.names)
        self.kernels.setAccessibleName("Kernels of the layer; double-click to rename")
        self.add = button("addKernelButton", "+", "Add a kernel (a copy of the selected one)")
        self.remove = button("removeKernelButton", "−", "Remove the selected kernel")
        self.up = button("moveKernelUpButton", "↑", "Move the selected kernel up")
        self.down = button("moveKernelDownButton", "↓", "Move the selected kernel down")
        self.preset = picker(
            "presetCombo", "Put a photo editor's filter into the selected kernel", list(PRESETS)
        )
        self.bias = named(QLineEdit(), "biasEdit")
        self.bias.setToolTip("Added to every sum of the selected kernel")
        self.relu = named(QCheckBox("ReLU: max(0, x)"), "reluCheck")
        self.relu.setToolTip("Zero every negative cell of every map, after the bias")

        buttons = QHBoxLayout()
        for widget in (self.add, self.remove, self.up, self.down):
            buttons.addWidget(widget)
        form = QFormLayout()
        form.addRow("Preset", self.preset)
        form.addRow("Bias", self.bias)
        form.addRow(self.relu)
        form.addRow("Colours", map_display)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kernels)
        layout.addLayout(buttons)
        layout.addLayout(form)

        model = adapter.model
        self.kernels.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._select(current.row())
        )
        self.names.dataChanged.connect(lambda first, _last: self._rename(first.row()))
        self.add.clicked.connect(lambda: adapter.attempt(model.add_kernel))
        self.remove.clicked.connect(lambda: adapter.attempt(model.remove_kernel, model.selected))
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(+1))
        self.preset.currentIndexChanged.connect(self._apply_preset)
        self.bias.editingFinished.connect(self._set_bias)
        self.relu.toggled.connect(lambda on: adapter.attempt(model.set_relu, on))
        adapter.walkChanged.connect(self.sync)
        self.sync()

    def sync(self) -> None:
        """Show the model's layer (after any change, from here or from code)."""
        model = self._adapter.model
        layer = model.layer
        # A QListView on a string list, not a QListWidget: refilling a QListWidget makes
        # PySide6 6.11 leak a reference to None per change (found by the soak test).
        # The string model's signals stay on: its reset is how the view learns of new
        # rows.  Only the echoes back to the model are blocked (selection, ReLU box).
        selection = self.kernels.selectionModel()
        for source in (selection, self.relu):
            source.blockSignals(True)
        if self.names.stringList() != list(layer.names):
            self.names.setStringList(list(layer.names))
        if self.kernels.currentIndex().row() != model.selected:
            self.kernels.setCurrentIndex(self.names.index(model.selected, 0))
        self.relu.setChecked(layer.relu)
        for source in (selection, self.relu):
            source.blockSignals(False)
        self.kernels.viewport().update()  # the highlight: its change signals were blocked
        self.bias.setText(format_number(layer.biases[model.selected]))
        count = len(layer.names)
        self.add.setEnabled(count < MAX_KERNELS)
        self.remove.setEnabled(count > 1)
        self.up.setEnabled(model.selected > 0)
        self.down.setEnabled(model.selected < count - 1)
        self._fit_list()

    def _fit_list(self) -> None:
        """Show up to four kernels without scrolling, at whatever text size is in force."""
        rows = min(self.names.rowCount(), 4)
        row = self.kernels.sizeHintForRow(0) if rows else 0
        self.kernels.setFixedHeight(row * rows + 2 * self.kernels.frameWidth() + 4)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._fit_list()  # the window's zoom changed the rows' height
        super().changeEvent(event)

    def _select(self, row: int) -> None:
        if row >= 0 and row != self._adapter.model.selected:
            self._adapter.attempt(self._adapter.model.select_kernel, row)

    def _rename(self, row: int) -> None:
        name = self.names.stringList()[row]
        if not self._adapter.attempt(self._adapter.model.rename_kernel, row, name):
            self.sync()

    def _move(self, offset: int) -> None:
        model = self._adapter.model
        self._adapter.attempt(model.move_kernel, model.selected, model.selected + offset)

    def _apply_preset(self, index: int) -> None:
        if index > 0:
            matrix = PRESETS[self.preset.itemText(index)]
            self._adapter.attempt(self._adapter.model.set_kernel, matrix)
            self.preset.setCurrentIndex(0)  # ready to pick the same preset again

    def _set_bias(self) -> None:
        model = self._adapter.model
        try:
            bias = parse_number(self.bias.text())
        except ValueError as error:
            self._adapter.refused.emit(f"The bias kept its value: {error}")
            self.bias.setText(format_number(model.layer.biases[model.selected]))
            return
        if bias != model.layer.biases[model.selected]:
            self._adapter.attempt(model.set_bias, bias)
