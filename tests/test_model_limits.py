"""Limits live in the model; the controls show what it holds and refuse what it refuses."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QComboBox, QSpinBox
from window_helpers import child, message, pick


def test_the_window_refuses_reflect_padding_as_wide_as_the_input(window):
    child(window, QSpinBox, "inputRowsSpin").setValue(3)
    child(window, QSpinBox, "inputColsSpin").setValue(3)
    child(window, QSpinBox, "kernelRowsSpin").setValue(2)
    child(window, QSpinBox, "kernelColsSpin").setValue(2)
    pick(window, "paddingModeCombo", "reflect")
    child(window, QSpinBox, "padTopSpin").setValue(2)  # below the side: fine
    assert window.model.geometry.pads == ((2, 0), (0, 0))
    child(window, QSpinBox, "padTopSpin").setValue(3)  # as wide as the input: refused
    assert "Reflect padding of 3" in message(window)
    assert window.model.geometry.pads == ((2, 0), (0, 0))
    assert child(window, QSpinBox, "padTopSpin").value() == 2  # shows what the model holds


def test_the_window_refuses_circular_padding_wider_than_the_input(window):
    child(window, QSpinBox, "inputRowsSpin").setValue(3)
    pick(window, "paddingModeCombo", "circular")
    child(window, QSpinBox, "padTopSpin").setValue(3)
    assert window.model.geometry.pads == ((3, 0), (0, 0))
    np.testing.assert_array_equal(window.model.padded_input[:3], window.model.input)
    with pytest.raises(ValueError, match="wrap around the 2 input rows more than once"):
        window.model.resize_input(2, 7)  # the model refuses, whoever asks
    assert window.model.input.shape == (3, 7)
    assert child(window, QComboBox, "paddingModeCombo").currentText() == "circular"
