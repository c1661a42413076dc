"""Limits live in the model; the controls show what it holds and refuse what it refuses."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QComboBox, QSpinBox
from window_helpers import child, message, pick

from convviz.core.assets import bundled_photos
from convviz.core.photo import load_photo
from convviz.lesson.files import lesson_from_dict


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


WIDE = {
    "format": "convviz-lesson",
    "version": 1,
    "input": [[float((r * 7 + c) % 5) for c in range(40)] for r in range(36)],
    "kernels": [{"name": "Wide", "weights": [[1.0] * 9 for _ in range(3)], "bias": 0}],
    "stride": [6, 1],
    "padding": [[5, 5], [5, 4]],
    "dilation": [4, 1],
}
#: Each control beyond today's range, what it must show, what touching it sets.
CONTROLS = [
    ("inputRowsSpin", 36, 35, lambda m: m.input.shape, (35, 40)),
    ("inputColsSpin", 40, 39, lambda m: m.input.shape, (36, 39)),
    ("kernelRowsSpin", 3, 2, lambda m: m.kernel.shape, (2, 9)),
    ("kernelColsSpin", 9, 8, lambda m: m.kernel.shape, (3, 8)),
    ("strideYSpin", 6, 5, lambda m: m.stride, (5, 1)),
    ("strideXSpin", 1, 2, lambda m: m.stride, (6, 2)),
    ("dilationYSpin", 4, 3, lambda m: m.dilation, (3, 1)),
    ("dilationXSpin", 1, 2, lambda m: m.dilation, (4, 2)),
    ("padTopSpin", 5, 4, lambda m: m.geometry.pads, ((4, 5), (5, 4))),
    ("padBottomSpin", 5, 3, lambda m: m.geometry.pads, ((5, 3), (5, 4))),
    ("padLeftSpin", 5, 1, lambda m: m.geometry.pads, ((5, 5), (1, 4))),
    ("padRightSpin", 4, 2, lambda m: m.geometry.pads, ((5, 5), (5, 2))),
]


@pytest.fixture
def wide(window):
    """The window on a lesson whose every number lies beyond the controls' usual ranges."""
    window.session.adopt(lesson_from_dict(WIDE), None)
    return window


@pytest.mark.parametrize(("name", "shown", "typed", "read", "expected"), CONTROLS)
def test_controls_show_the_model_and_write_only_what_changed(
    wide, name, shown, typed, read, expected
):
    spin = child(wide, QSpinBox, name)
    assert spin.value() == shown  # not clamped to the control's own range
    before = wide.model.settings
    spin.setValue(typed)
    assert read(wide.model) == expected
    after = wide.model.settings
    untouched = {"padding_mode", "flip"} | ({"stride", "padding", "dilation"} - {_field(name)})
    for field in untouched:
        assert getattr(after, field) == getattr(before, field), field


def _field(name: str) -> str:
    return next((f for f in ("stride", "dilation", "padding") if name.startswith(f[:3])), "size")


def test_changing_the_fill_keeps_custom_padding_beyond_the_range(wide):
    pick(wide, "paddingModeCombo", "replicate")
    assert wide.model.geometry.pads == ((5, 5), (5, 4))
    assert wide.model.settings.padding_mode == "replicate"


def test_a_48_pixel_photo_walk_keeps_its_columns(window):
    window.model.set_photo(load_photo(bundled_photos()["coffee.png"]), longest_side=48)
    assert window.model.input.shape == (32, 48)
    assert child(window, QSpinBox, "inputColsSpin").value() == 48
    child(window, QSpinBox, "inputRowsSpin").setValue(31)
    assert window.model.input.shape == (31, 48)  # was (31, 32): 16 columns cut


def test_the_photo_walk_size_shows_a_lesson_beyond_its_range(window):
    window.model.set_photo(load_photo(bundled_photos()["coffee.png"]), longest_side=100)
    assert child(window, QSpinBox, "photoWalkSizeSpin").value() == 100
