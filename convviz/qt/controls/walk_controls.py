"""How the window walks: padding and its fill, dilation, stride per axis, flip.

Every control sends its change to the model through the adapter; a refused combination
(say a dilation that makes the window wider than the padded input) leaves the walk as
it was, puts the control back and says which number to change.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QCheckBox, QFormLayout, QWidget

from convviz.core.convolution import PADDING_MODES
from convviz.qt.controls.transport import MAX_STRIDE
from convviz.qt.model_adapter import ModelAdapter
from convviz.qt.widgets import combo_box, named, set_quietly, side_by_side, spin_box

MAX_PADDING, MAX_DILATION = 3, 3
#: Menu label → padding spec; "Custom" uses the four side spin boxes.
PADDING_CHOICES = {"None (valid)": "valid", "Same": "same", "Full": "full", "Custom": None}


class WalkControls(QWidget):
    """A form of the walk's geometry, kept in step with the model."""

    def __init__(self, adapter: ModelAdapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._adapter = adapter
        self.padding = combo_box(
            "paddingCombo", "Border added around the input", list(PADDING_CHOICES)
        )
        self.fill = combo_box("paddingModeCombo", "What the border cells hold", list(PADDING_MODES))
        self.pads = {
            side: spin_box(f"pad{side}Spin", f"Padding cells on the {side.lower()}", 0, MAX_PADDING)
            for side in ("Top", "Bottom", "Left", "Right")
        }
        self.dilation = (
            spin_box("dilationYSpin", "Dilation between kernel rows", 1, MAX_DILATION),
            spin_box("dilationXSpin", "Dilation between kernel columns", 1, MAX_DILATION),
        )
        self.stride = (
            spin_box("strideYSpin", "Stride down (rows per step)", 1, MAX_STRIDE),
            spin_box("strideXSpin", "Stride across (columns per step)", 1, MAX_STRIDE),
        )
        self.flip = named(QCheckBox("Convolution (flip 180°)"), "flipCheck")
        self.flip.setToolTip("Off: cross-correlation, what CNN layers compute")

        form = QFormLayout(self)
        form.addRow("Padding", self.padding)
        form.addRow("Fill", self.fill)
        form.addRow("Top, bottom", side_by_side(self.pads["Top"], self.pads["Bottom"]))
        form.addRow("Left, right", side_by_side(self.pads["Left"], self.pads["Right"]))
        form.addRow("Dilation ↓ →", side_by_side(*self.dilation))
        form.addRow("Stride ↓ →", side_by_side(*self.stride))
        form.addRow(self.flip)

        self.padding.currentIndexChanged.connect(self._padding_changed)
        self.fill.currentIndexChanged.connect(self._padding_changed)
        for side, spin in enumerate(self.pads.values()):
            spin.valueChanged.connect(partial(self._pad_changed, side))
        for axis, spin in enumerate(self.dilation):
            spin.valueChanged.connect(partial(self._pair_changed, "dilation", axis))
        for axis, spin in enumerate(self.stride):
            spin.valueChanged.connect(partial(self._pair_changed, "stride", axis))
        self.flip.toggled.connect(lambda on: adapter.attempt(adapter.model.set_flip, on))
        adapter.walkChanged.connect(self.sync)
        self.sync()

    def sync(self) -> None:
        """Show the model's settings (after any change, from here or from code)."""
        model = self._adapter.model
        settings, geometry = model.settings, model.geometry
        if isinstance(settings.padding, str):
            choice = next(k for k, v in PADDING_CHOICES.items() if v == settings.padding)
        elif any(any(side) for side in geometry.pads) or self.padding.currentText() == "Custom":
            choice = "Custom"
        else:
            choice = "None (valid)"
        for combo, text in ((self.padding, choice), (self.fill, settings.padding_mode)):
            combo.blockSignals(True)
            combo.setCurrentText(text)
            combo.blockSignals(False)
        (top, bottom), (left, right) = geometry.pads
        for side, value in zip(self.pads, (top, bottom, left, right), strict=True):
            set_quietly(self.pads[side], value)
        for spins, values in ((self.dilation, geometry.dilation), (self.stride, geometry.stride)):
            for spin, value in zip(spins, values, strict=True):
                set_quietly(spin, value)
        self.flip.blockSignals(True)
        self.flip.setChecked(model.flip)
        self.flip.blockSignals(False)

    def _padding_changed(self) -> None:
        """A padding choice or fill; "Custom" keeps the model's own sides."""
        model = self._adapter.model
        spec = PADDING_CHOICES[self.padding.currentText()]
        padding = model.geometry.pads if spec is None else spec
        if not self._adapter.attempt(model.set_padding, padding, self.fill.currentText()):
            self.sync()

    def _pad_changed(self, side: int, value: int) -> None:
        """One side's padding; the other three stay as the model holds them."""
        model = self._adapter.model
        sides = [amount for pair in model.geometry.pads for amount in pair]
        sides[side] = value
        top, bottom, left, right = sides
        padding = ((top, bottom), (left, right))
        if not self._adapter.attempt(model.set_padding, padding, self.fill.currentText()):
            self.sync()
        elif padding != ((0, 0), (0, 0)):
            with QSignalBlocker(self.padding):
                self.padding.setCurrentText("Custom")

    def _pair_changed(self, name: str, axis: int, value: int) -> None:
        """One axis of the stride or dilation; the other stays as the model holds it."""
        model = self._adapter.model
        pair = list(model.stride if name == "stride" else model.dilation)
        pair[axis] = value
        setter = model.set_stride if name == "stride" else model.set_dilation
        if not self._adapter.attempt(setter, tuple(pair)):
            self.sync()
