"""Spin boxes that tests can find and the model can update without echoing back."""

from __future__ import annotations

from PySide6.QtWidgets import QSpinBox


def spin_box(name: str, tip: str, minimum: int, maximum: int) -> QSpinBox:
    """A named, described spin box (screen readers and tests find it by name)."""
    spin = QSpinBox(objectName=name, minimum=minimum, maximum=maximum)
    spin.setToolTip(tip)
    spin.setAccessibleName(tip)
    return spin


def set_quietly(spin: QSpinBox, value: int) -> None:
    """Show the model's value without sending it back to the model as a new edit."""
    spin.blockSignals(True)
    spin.setValue(value)
    spin.blockSignals(False)
