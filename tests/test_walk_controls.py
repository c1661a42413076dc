"""Padding, dilation, per-axis stride, flip, the timeline, clicking and hovering cells."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QSlider,
    QSpinBox,
    QStyle,
    QStyleOptionSlider,
)
from window_helpers import child, panel_text, pick

from convviz import feature_map
from convviz.core.patterns import SEED_INPUT, SEED_KERNEL
from convviz.qt.grids.grid_view import GridView


def test_same_padding_with_reflect_fill_shows_ghost_cells(window):
    window.model.seek(10)
    pick(window, "paddingCombo", "Same")
    pick(window, "paddingModeCombo", "reflect")
    model = window.model
    assert model.geometry.pads == ((1, 1), (1, 1))
    assert model.settings.padding_mode == "reflect"
    assert model.feature_map.shape == (7, 7)
    assert model.cursor == 10
    cells = child(window, GridView, "inputGrid").cells
    np.testing.assert_array_equal(cells.values, np.pad(SEED_INPUT, 1, mode="reflect"))
    assert cells.border == ((1, 1), (1, 1))
    expected = feature_map(SEED_INPUT, SEED_KERNEL, padding="same", padding_mode="reflect")
    np.testing.assert_array_equal(model.feature_map, expected)
    assert "Padding: top 1, bottom 1, left 1, right 1, fill: reflect" in panel_text(window)
    assert "⌊(7 + 1 + 1 − (3 − 1) − 1) / 1⌋ + 1 = 7" in panel_text(window)
    for side in ("Top", "Bottom", "Left", "Right"):
        assert child(window, QSpinBox, f"pad{side}Spin").value() == 1


def test_first_step_on_padding_includes_ghost_values_in_the_sum(qtbot, window):
    pick(window, "paddingCombo", "Full")
    qtbot.keyClick(window, Qt.Key.Key_Right)
    step = window.model.current_step
    assert (step.rows[0, 0], step.cols[0, 0]) == (-2, -2)
    assert "window at row -2, column -2" in panel_text(window)
    overlay = child(window, GridView, "inputGrid").overlay
    assert overlay.bounds == QRectF(-2, -2, 3, 3)


def test_custom_padding_per_side(window):
    child(window, QSpinBox, "padTopSpin").setValue(2)
    child(window, QSpinBox, "padRightSpin").setValue(3)
    assert window.model.geometry.pads == ((2, 0), (0, 3))
    assert child(window, QComboBox, "paddingCombo").currentText() == "Custom"
    assert window.model.feature_map.shape == (7, 8)
    assert child(window, QSpinBox, "padTopSpin").maximum() == 3


def test_dilation_spreads_the_window(qtbot, window):
    child(window, QSpinBox, "dilationYSpin").setValue(2)
    child(window, QSpinBox, "dilationXSpin").setValue(3)
    assert window.model.dilation == (2, 3)
    assert window.model.feature_map.shape == (3, 1)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    step = window.model.current_step
    np.testing.assert_array_equal(step.rows[:, 0], [0, 2, 4])
    np.testing.assert_array_equal(step.cols[0], [0, 3, 6])
    assert child(window, GridView, "inputGrid").overlay.bounds == QRectF(0, 0, 7, 5)
    assert "⌊(7 + 0 + 0 − 3·(3 − 1) − 1) / 1⌋ + 1 = 1" in panel_text(window)


def test_a_window_too_wide_is_refused_at_the_control(window):
    window.model.seek(5)
    spin = child(window, QSpinBox, "dilationXSpin")
    spin.setValue(3)
    spin.setValue(4 if spin.maximum() >= 4 else 3)
    child(window, QSpinBox, "kernelColsSpin").setValue(4)  # span 3·3 + 1 = 10 > 7
    assert window.model.kernel.shape == (3, 3)
    assert child(window, QSpinBox, "kernelColsSpin").value() == 3
    message = child(window, QLabel, "messageBar")
    assert message.isVisible()
    assert "columns" in message.text()
    assert "smaller kernel or dilation, or more padding" in message.text()
    assert window.model.cursor == 5


def test_stride_per_axis_on_a_rectangular_input(window):
    child(window, QSpinBox, "inputRowsSpin").setValue(10)
    child(window, QSpinBox, "inputColsSpin").setValue(6)
    child(window, QSpinBox, "kernelRowsSpin").setValue(2)
    child(window, QSpinBox, "strideYSpin").setValue(2)
    model = window.model
    assert model.stride == (2, 1)
    assert model.feature_map.shape == (5, 4)
    text = panel_text(window)
    assert "Output rows: ⌊(10 − 2) / 2⌋ + 1 = 5" in text
    assert "Output columns: ⌊(6 − 3) / 1⌋ + 1 = 4" in text
    model.end()
    np.testing.assert_array_equal(
        child(window, GridView, "featureMap").cells.values,
        feature_map(model.input, model.kernel, stride=(2, 1)),
    )


def test_square_stride_control_sets_both_axes(window):
    child(window, QSpinBox, "strideSpin").setValue(3)
    assert window.model.stride == (3, 3)
    assert child(window, QSpinBox, "strideYSpin").value() == 3
    assert child(window, QSpinBox, "strideXSpin").value() == 3


def test_never_visited_cells_are_pointed_out(window):
    child(window, QSpinBox, "inputRowsSpin").setValue(8)
    child(window, QSpinBox, "inputColsSpin").setValue(8)
    child(window, QSpinBox, "strideSpin").setValue(2)
    assert "Never visited: 1 row at the bottom and 1 column at the right" in panel_text(window)
    assert window.input_panel.unvisited.count == 8 + 8 - 1
    child(window, QSpinBox, "strideSpin").setValue(1)
    assert "Never visited" not in panel_text(window)
    assert window.input_panel.unvisited.count == 0


def test_flip_switches_to_true_convolution(qtbot, window):
    qtbot.mouseClick(child(window, QCheckBox, "flipCheck"), Qt.MouseButton.LeftButton)
    assert window.model.flip
    np.testing.assert_array_equal(window.model.applied_kernel, SEED_KERNEL[::-1, ::-1])
    np.testing.assert_array_equal(
        window.model.feature_map, feature_map(SEED_INPUT, SEED_KERNEL, flip=True)
    )
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert "0×1 + 0×1 + 0×0 + 0×0 + 1×0 + 0×1 + 0×1 + 0×0 + 0×0 = 0" in panel_text(window)
    assert "kernel rotated 180°" in panel_text(window)
    formulas = panel_text(window, "formulaPanel")
    assert "▶ Convolution" in formulas
    assert "This step: (I ∗ K)(0, 0)" in formulas
    table = window.kernel_panel.table
    assert table.model().index(0, 2).data() == "1"  # the editor keeps the kernel as typed


def test_formula_view_plugs_in_the_step(qtbot, window):
    formulas = panel_text(window, "formulaPanel")
    assert "▶ Cross-correlation" in formulas
    assert "This step" not in formulas
    window.model.seek(7)
    assert "This step: S(1, 1) = Σₘ Σₙ I(1 + m, 1 + n) · K(m, n) = 1" in panel_text(
        window, "formulaPanel"
    )


def _handle_centre(slider: QSlider) -> QPoint:
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    rect = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
    )
    return rect.center()


def test_dragging_the_timeline_scrubs_the_walk(qtbot, window):
    slider = child(window, QSlider, "timelineSlider")
    assert (slider.minimum(), slider.maximum()) == (0, 25)
    start = _handle_centre(slider)
    qtbot.mousePress(slider, Qt.MouseButton.LeftButton, pos=start)
    end = QPoint(slider.width() // 2, start.y())
    for x in range(start.x(), end.x(), 20):
        qtbot.mouseMove(slider, QPoint(x, start.y()))
    qtbot.mouseMove(slider, end)
    qtbot.mouseRelease(slider, Qt.MouseButton.LeftButton, pos=end)
    assert 10 <= window.model.cursor <= 15
    assert slider.value() == window.model.cursor
    revealed = np.count_nonzero(~np.isnan(child(window, GridView, "featureMap").cells.values))
    assert revealed == window.model.cursor
    window.model.reset()
    assert slider.value() == 0


def test_clicking_a_map_cell_jumps_to_its_step(qtbot, window):
    grid = child(window, GridView, "featureMap")
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.cell_center(2, 3))
    assert window.model.cursor == 2 * 5 + 3 + 1
    assert "Step 14 of 25" in panel_text(window)
    assert "feature map cell (row 2, column 3)" in panel_text(window)
    assert child(window, GridView, "inputGrid").overlay.bounds == QRectF(3, 2, 3, 3)
    assert grid.overlay.bounds == QRectF(3, 2, 1, 1)


@pytest.mark.parametrize(("cell", "expected"), [((3, 3), 9), ((0, 0), 1), ((6, 3), 3)])
def test_hovering_an_input_cell_lights_the_map_cells_it_feeds(qtbot, window, cell, expected):
    grid = child(window, GridView, "inputGrid")
    qtbot.mouseMove(grid.viewport(), grid.cell_center(*cell))
    qtbot.waitUntil(lambda: window.map_panel.contributions.count == expected)
    qtbot.mouseMove(grid.viewport(), QPoint(2, 2))  # off the grid
    qtbot.waitUntil(lambda: window.map_panel.contributions.count == 0)


def test_ghost_cells_are_not_painted_on(qtbot, window):
    pick(window, "paddingCombo", "Same")
    grid = child(window, GridView, "inputGrid")
    before = window.model.input.copy()
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.cell_center(-1, -1))
    np.testing.assert_array_equal(window.model.input, before)
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.cell_center(0, 0))
    assert window.model.input[0, 0] == 1
