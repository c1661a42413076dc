"""The transport's Stride box shows the stride of the walk on screen, never half of it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QSpinBox
from window_helpers import child

from convviz import ConvModel, MainWindow
from convviz.core.patterns import SEED_INPUT, SEED_KERNEL


def stride_box(window: MainWindow) -> QSpinBox:
    return child(window, QSpinBox, "strideSpin")


@pytest.fixture
def apart(qtbot):
    """A window opened on a lesson that strides 6 rows but 1 column per step."""
    window = MainWindow(ConvModel(SEED_INPUT, SEED_KERNEL, stride=(6, 1)))
    qtbot.addWidget(window)
    return window


def test_different_row_and_column_strides_read_as_both(apart):
    box = stride_box(apart)
    assert box.text() == "6×1"  # rows × columns, not a lone 6 that hides the 1
    assert not box.isEnabled()  # one number cannot set two: Settings ▸ Walk does
    assert "6 down and 1 across" in box.toolTip()
    assert "Settings ▸ Walk" in box.toolTip()


def test_touching_the_disabled_box_leaves_the_lesson_as_it_is(qtbot, apart):
    box = stride_box(apart)
    apart.show()
    qtbot.waitExposed(apart)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert apart.model.stride == (6, 1)
    assert box.text() == "6×1"


def test_the_box_follows_the_model_and_writes_both_axes_once_they_agree(window):
    box = stride_box(window)
    window.model.set_stride((3, 2))
    assert (box.text(), box.isEnabled()) == ("3×2", False)
    window.model.set_stride(2)  # the pair agrees again: one number says it all
    assert (box.text(), box.isEnabled()) == ("2", True)
    assert box.toolTip() == "Stride: cells the window moves per step"
    box.setValue(3)
    assert window.model.stride == (3, 3)
    assert window.model.total_steps == 4  # ⌊(7 − 3) / 3⌋ + 1 = 2, squared


def test_in_the_transposed_mode_the_box_drives_the_stamps_stride(qtbot, window):
    box = stride_box(window)
    qtbot.mouseClick(child(window, QCheckBox, "transposedCheck"), Qt.MouseButton.LeftButton)
    stage = window.model.transposed
    assert stage.active
    assert box.value() == stage.settings.stride[0] == 2  # the stamps' spacing, not the map's 1
    assert "transposed" in box.toolTip()
    box.setValue(3)
    assert stage.settings.stride == (3, 3)
    assert window.model.stride == (1, 1)  # the convolution (hidden in this mode) is untouched
    # 7 input cells a side, 3 apart, a 3-wide kernel: (7 − 1)·3 + 3 = 21
    assert stage.walk.geometry.out_shape == (21, 21)
    assert child(window, QSpinBox, "transposedStrideSpin").value() == 3
    qtbot.mouseClick(child(window, QCheckBox, "transposedCheck"), Qt.MouseButton.LeftButton)
    assert (box.value(), box.toolTip()) == (1, "Stride: cells the window moves per step")


def test_a_transposed_stride_set_apart_reads_as_both(qtbot, window):
    stage = window.model.transposed
    qtbot.mouseClick(child(window, QCheckBox, "transposedCheck"), Qt.MouseButton.LeftButton)
    stage.configure(stride=(2, 3))
    box = stride_box(window)
    assert (box.text(), box.isEnabled()) == ("2×3", False)
    assert "2 down and 3 across" in box.toolTip()
    assert "Settings ▸ Transposed sets both alike" in box.toolTip()
