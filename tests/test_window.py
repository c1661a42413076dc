"""The window driven as a learner and an instructor drive it: clicks, typing, keys."""

from __future__ import annotations

import numpy as np
import pytest
from conv_reference import SEED_MAP
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QStyleOptionViewItem,
    QTableView,
)
from window_helpers import child, click, panel_text, shown_map, type_into_kernel

from convviz import ConvModel, MainWindow, feature_map
from convviz.core.explain import products_line
from convviz.core.patterns import SEED_INPUT, SEED_KERNEL, cross
from convviz.qt.grids.grid_view import GridView
from convviz.qt.theme import THEMES


def test_default_window_is_the_seed_lesson(window):
    assert isinstance(window.model, ConvModel)
    np.testing.assert_array_equal(window.model.input, SEED_INPUT)
    np.testing.assert_array_equal(window.model.kernel, SEED_KERNEL)
    assert window.model.stride == (1, 1)
    assert window.model.cursor == 0
    assert np.isnan(shown_map(window)).all()
    assert "Press Step" in panel_text(window)
    assert "⌊(7 − 3) / 1⌋ + 1 = 5" in panel_text(window)
    assert "49 input cells → 25 feature-map cells" in panel_text(window)
    table = child(window, QTableView, "kernelEditor")
    shown = [[table.model().index(r, c).data() for c in range(3)] for r in range(3)]
    assert shown == [["0", "0", "1"], ["1", "0", "0"], ["0", "1", "1"]]


def test_window_on_a_given_lesson(qtbot):
    lesson = ConvModel(np.ones((4, 6)), np.ones((2, 2)), stride=2)
    win = MainWindow(lesson)
    qtbot.addWidget(win)
    assert win.model is lesson
    assert child(win, QSpinBox, "strideSpin").value() == 2
    assert shown_map(win).shape == (2, 3)


def test_step_button_walks_the_seed_forward_and_back(qtbot, window):
    model = window.model
    step_label = child(window, QLabel, "stepLabel")
    for n in range(1, 26):
        click(qtbot, window, "stepButton")
        assert model.cursor == n
        revealed = shown_map(window).reshape(-1)
        np.testing.assert_array_equal(revealed[:n], SEED_MAP.reshape(-1)[:n])
        assert np.isnan(revealed[n:]).all()
        assert products_line(model.current_step) in panel_text(window)
        assert step_label.text() == f"Step {n} / 25"
    np.testing.assert_array_equal(shown_map(window), SEED_MAP)
    assert not child(window, QPushButton, "stepButton").isEnabled()
    for n in range(24, -1, -1):
        click(qtbot, window, "stepBackButton")
        assert model.cursor == n
        assert np.count_nonzero(~np.isnan(shown_map(window))) == n
    assert not child(window, QPushButton, "stepBackButton").isEnabled()


def test_step_two_is_the_lessons_worked_example(qtbot, window):
    click(qtbot, window, "stepButton")
    click(qtbot, window, "stepButton")
    text = panel_text(window)
    assert "window at row 0, column 1" in text
    assert "0×0 + 0×0 + 0×1 + 1×1 + 0×0 + 0×0 + 0×0 + 0×1 + 0×1 = 1" in text
    assert "1 matching cell" in text
    overlay = child(window, GridView, "inputGrid").overlay
    assert overlay.isVisible()
    assert overlay.bounds == QRectF(1, 0, 3, 3)
    newest = child(window, GridView, "featureMap").overlay
    assert newest.bounds == QRectF(1, 0, 1, 1)


def test_end_and_reset_buttons(qtbot, window):
    click(qtbot, window, "endButton")
    assert window.model.cursor == 25
    np.testing.assert_array_equal(shown_map(window), SEED_MAP)
    assert "Step 25 of 25" in panel_text(window)
    click(qtbot, window, "resetButton")
    assert window.model.cursor == 0
    assert np.isnan(shown_map(window)).all()
    assert not child(window, GridView, "inputGrid").overlay.isVisible()


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ([Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Right], 3),
        ([Qt.Key.Key_PageDown, Qt.Key.Key_PageDown], 2),
        ([Qt.Key.Key_End, Qt.Key.Key_Left], 24),
        ([Qt.Key.Key_End, Qt.Key.Key_PageUp, Qt.Key.Key_PageUp], 23),
        ([Qt.Key.Key_End, Qt.Key.Key_Home], 0),
    ],
)
def test_keys_and_presentation_clicker(qtbot, window, keys, expected):
    for key in keys:
        qtbot.keyClick(window, key)
    assert window.model.cursor == expected
    assert np.count_nonzero(~np.isnan(shown_map(window))) == expected


def test_keys_work_while_the_kernel_table_has_focus(qtbot, window):
    table = child(window, QTableView, "kernelEditor")
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_PageDown)
    assert window.model.cursor == 1


def test_space_plays_to_the_end_and_stops(qtbot, window):
    slider = child(window, QSlider, "speedSlider")
    slider.setValue(slider.maximum())
    play = child(window, QPushButton, "playButton")
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert play.isChecked()
    assert "Pause" in play.text()
    qtbot.waitUntil(lambda: window.model.finished, timeout=5000)
    qtbot.waitUntil(lambda: not play.isChecked(), timeout=1000)
    assert "Play" in play.text()
    np.testing.assert_array_equal(shown_map(window), SEED_MAP)


def test_play_pause_and_play_again_from_the_end(qtbot, window):
    slider = child(window, QSlider, "speedSlider")
    slider.setValue(slider.maximum())
    play = child(window, QPushButton, "playButton")
    qtbot.mouseClick(play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.cursor >= 3, timeout=5000)
    qtbot.mouseClick(play, Qt.MouseButton.LeftButton)
    paused_at = window.model.cursor
    assert not window.transport.playing
    assert paused_at < 25
    window.model.end()
    qtbot.mouseClick(play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: 0 < window.model.cursor < 25, timeout=5000)
    qtbot.mouseClick(play, Qt.MouseButton.LeftButton)


def test_speed_slider_sets_the_pace(window):
    slider = child(window, QSlider, "speedSlider")
    slider.setValue(slider.minimum())
    assert window.transport.steps_per_second == 0.5
    assert child(window, QLabel, "speedLabel").text() == "0.5 steps/s"
    slider.setValue(slider.maximum())
    assert window.transport.steps_per_second == 30
    assert window.transport._timer.interval() == round(1000 / 30)


def test_stride_two_gives_three_by_three(qtbot, window):
    spin = child(window, QSpinBox, "strideSpin")
    window.model.seek(20)
    spin.setValue(2)
    assert window.model.stride == (2, 2)
    assert window.model.total_steps == 9
    assert window.model.cursor == 9  # clamped, still a meaningful walk
    np.testing.assert_array_equal(shown_map(window), [[0, 0, 0], [1, 0, 1], [0, 1, 1]])
    assert "⌊(7 − 3) / 2⌋ + 1 = 3" in panel_text(window)
    assert "49 input cells → 9 feature-map cells" in panel_text(window)
    assert child(window, QSpinBox, "strideSpin").maximum() == 4


def test_typing_weights_into_the_kernel(qtbot, window):
    window.model.end()
    type_into_kernel(qtbot, window, 1, 1, "-1")
    assert window.model.kernel[1, 1] == -1
    type_into_kernel(qtbot, window, 0, 0, "1/9")
    assert window.model.kernel[0, 0] == pytest.approx(1 / 9)
    type_into_kernel(qtbot, window, 2, 2, "0.5")
    expected = feature_map(SEED_INPUT, window.model.kernel)
    np.testing.assert_allclose(shown_map(window), expected)
    table = child(window, QTableView, "kernelEditor")
    assert table.model().index(1, 1).data() == "−1"
    assert table.model().index(0, 0).data() == "1/9"
    assert not child(window, QLabel, "messageBar").isVisible()


@pytest.mark.parametrize("bad", ["abc", "", "1e999", "nan", "1/0"])
def test_bad_kernel_text_keeps_the_old_weight_and_says_why(qtbot, window, bad):
    before = window.model.kernel.copy()
    type_into_kernel(qtbot, window, 0, 2, bad)
    np.testing.assert_array_equal(window.model.kernel, before)
    message = child(window, QLabel, "messageBar")
    assert message.isVisible()
    assert "row 0, column 2" in message.text()
    assert "kept its value" in message.text()
    assert QApplication.activeModalWidget() is None  # no dialog stops the class
    type_into_kernel(qtbot, window, 0, 2, "2")
    assert window.model.kernel[0, 2] == 2
    assert not message.isVisible()


def test_kernel_size_controls(qtbot, window):
    rows = child(window, QSpinBox, "kernelRowsSpin")
    cols = child(window, QSpinBox, "kernelColsSpin")
    window.model.seek(10)
    rows.setValue(5)
    assert window.model.kernel.shape == (5, 3)
    np.testing.assert_array_equal(window.model.kernel[:3], SEED_KERNEL)
    assert window.model.feature_map.shape == (3, 5)
    assert window.model.cursor == 10
    cols.setValue(1)
    assert window.model.kernel.shape == (5, 1)
    assert child(window, QTableView, "kernelEditor").model().columnCount() == 1
    assert rows.maximum() == 7


def test_a_7x7_kernel_shows_every_weight_without_scrolling(qtbot, window):
    child(window, QSpinBox, "kernelRowsSpin").setValue(7)
    child(window, QSpinBox, "kernelColsSpin").setValue(7)
    table = child(window, QTableView, "kernelEditor")
    qtbot.waitUntil(lambda: table.model().columnCount() == 7)
    room = table.viewport().rect()
    for index in (table.model().index(r, c) for r in range(7) for c in range(7)):
        assert room.contains(table.visualRect(index)), (
            f"weight {index.row(), index.column()} hidden"
        )
    assert not table.horizontalScrollBar().isVisible()


def test_a_wide_weight_in_a_narrow_cell_is_shrunk_not_cut_to_an_ellipsis(qtbot, window):
    window.model.resize_kernel(7, 7)
    window.model.set_kernel(np.full((7, 7), -4.0))  # "−4": the widest short weight
    table = child(window, QTableView, "kernelEditor")
    qtbot.waitUntil(lambda: table.model().columnCount() == 7)
    index = table.model().index(3, 3)
    option = QStyleOptionViewItem()
    option.rect, option.font = table.visualRect(index), table.font()
    table.itemDelegate().initStyleOption(option, index)
    assert option.text == "−4"
    assert option.textElideMode == Qt.TextElideMode.ElideNone
    assert QFontMetricsF(option.font).horizontalAdvance(option.text) <= option.rect.width() - 4


def test_a_typed_weight_repaints_only_its_cell(qtbot, window):
    """One weight typed into a 15×15 kernel repainted all 225 cells (30 ms a weight)."""
    window.model.resize_input(16, 16)
    window.model.set_kernel(np.ones((15, 15)))
    table = child(window, QTableView, "kernelEditor")
    qtbot.waitUntil(lambda: table.model().columnCount() == 15)
    changed = []
    table.model().dataChanged.connect(
        lambda a, b: changed.append((a.row(), a.column(), b.row(), b.column()))
    )
    type_into_kernel(qtbot, window, 4, 6, "2")
    assert changed == [(4, 6, 4, 6)]


def test_kernel_larger_than_the_input_is_refused_at_the_control(qtbot, window):
    child(window, QSpinBox, "inputRowsSpin").setValue(4)
    rows = child(window, QSpinBox, "kernelRowsSpin")
    rows.setValue(5)
    assert window.model.kernel.shape == (3, 3)
    assert rows.value() == 3
    message = child(window, QLabel, "messageBar")
    assert message.isVisible()
    assert "kernel" in message.text().lower()


def test_clicking_and_dragging_paints_the_input(qtbot, window):
    grid = child(window, GridView, "inputGrid")
    viewport = grid.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=grid.cell_center(0, 0))
    assert window.model.input[0, 0] == 1
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=grid.cell_center(1, 1))
    assert window.model.input[1, 1] == 0  # a 1 toggles to 0
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=grid.cell_center(6, 0))
    for col in range(1, 7):
        qtbot.mouseMove(viewport, grid.cell_center(6, col))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=grid.cell_center(6, 6))
    np.testing.assert_array_equal(window.model.input[6], np.ones(7))
    np.testing.assert_array_equal(grid.cells.values, window.model.input)
    window.model.end()
    np.testing.assert_array_equal(shown_map(window), feature_map(window.model.input, SEED_KERNEL))


@pytest.mark.parametrize(("pattern", "expected"), [("X", cross(7, 7)), ("Clear", np.zeros((7, 7)))])
def test_starting_patterns(window, pattern, expected):
    combo = child(window, QComboBox, "patternCombo")
    combo.setCurrentIndex(combo.findText(pattern))
    np.testing.assert_array_equal(window.model.input, expected)
    assert combo.currentIndex() == 0  # ready to pick the same pattern again


def test_random_pattern_and_smiley_again(window):
    combo = child(window, QComboBox, "patternCombo")
    combo.setCurrentIndex(combo.findText("Random"))
    assert set(np.unique(window.model.input)) <= {0.0, 1.0}
    combo.setCurrentIndex(combo.findText("Smiley"))
    np.testing.assert_array_equal(window.model.input, SEED_INPUT)


def test_grid_size_keeps_the_drawing(qtbot, window):
    child(window, QSpinBox, "inputRowsSpin").setValue(10)
    child(window, QSpinBox, "inputColsSpin").setValue(12)
    assert window.model.input.shape == (10, 12)
    np.testing.assert_array_equal(window.model.input[:7, :7], SEED_INPUT)
    assert child(window, GridView, "inputGrid").cells.values.shape == (10, 12)
    assert window.model.total_steps == 8 * 10
    spin = child(window, QSpinBox, "inputRowsSpin")
    assert (spin.minimum(), spin.maximum()) == (3, 32)


def test_changes_mid_walk_keep_the_walk_meaningful(qtbot, window):
    window.model.seek(20)
    window.model.set_kernel(np.ones((5, 5)))
    assert window.model.total_steps == 9
    assert window.model.cursor == 9
    np.testing.assert_array_equal(shown_map(window), feature_map(SEED_INPUT, np.ones((5, 5))))
    window.model.set_input(np.zeros((12, 12)))
    assert window.model.cursor == 9
    np.testing.assert_array_equal(shown_map(window).reshape(-1)[:9], np.zeros(9))
    assert np.isnan(shown_map(window).reshape(-1)[9:]).all()


@pytest.mark.parametrize(("sign", "rings"), [(1, True), (-1, False)])
def test_matching_cells_are_ringed_only_for_a_detector_of_ones(qtbot, window, sign, rings):
    window.model.set_kernel(SEED_KERNEL * sign)
    window.model.seek(17)  # four cells under the window hold a 1 where the kernel has one
    grid = child(window, GridView, "inputGrid")
    match = THEMES["Light"].colour("match").name()
    image = grid.grab().toImage()
    ringed = sum(
        image.pixelColor(x, y).name() == match
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    )
    assert (ringed > 0) is rings
