"""The whole small pipeline in the window: input → conv → ReLU → pool → flattened vector."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QSpinBox, QWidget
from window_helpers import child

from convviz.qt.grids.grid_view import GridView


def pooling_on(window, qtbot) -> None:
    qtbot.mouseClick(child(window, QCheckBox, "poolingCheck"), Qt.MouseButton.LeftButton)


def test_pooling_panel_appears_with_the_check_and_shows_the_seed_pooled(window, qtbot) -> None:
    panel = child(window, QWidget, "poolingPanel")
    assert not panel.isVisible()
    pooling_on(window, qtbot)
    assert panel.isVisible()
    window.model.end()
    pooled = child(window, GridView, "pooledMap").cells.values
    assert pooled.tolist() == [[1.0, 1.0], [4.0, 2.0]]
    flat = child(window, GridView, "flattenedVector").cells.values
    assert flat.ravel().tolist() == [1.0, 1.0, 4.0, 2.0]


def test_page_down_walks_conv_then_pooling_with_the_arithmetic(window, qtbot) -> None:
    pooling_on(window, qtbot)
    for _ in range(25):
        qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert window.model.finished is False
    assert np.isnan(child(window, GridView, "pooledMap").cells.values).all()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    arithmetic = child(window, QLabel, "arithmeticPanel").text()
    assert "max(0, 1, 0, 1) = 1" in arithmetic
    assert "Information loss: 25 → 4 cells" in arithmetic
    assert "max(0, 1, 0, 1) = 1" in child(window, QLabel, "poolingText").text()
    assert child(window, QLabel, "stepLabel").text() == "Pooling 1 / 4"
    pooled = child(window, GridView, "pooledMap").cells.values
    assert pooled[0, 0] == 1.0
    assert np.isnan(pooled.ravel()[1:]).all()
    window.map_panel.grid.fit()
    panel = window.pooling_panel
    assert panel.pool_window.bounds.width() == 2  # the 2×2 window drawn on the feature map
    assert panel.dropped.count == 9  # row 4 and column 4: no window reaches them
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    assert window.model.pooling.cursor == 0
    assert window.model.cursor == 25


def test_pool_controls_change_the_pooled_map_and_refuse_bad_windows(window, qtbot) -> None:
    pooling_on(window, qtbot)
    child(window, QComboBox, "poolKindCombo").setCurrentText("Average")
    child(window, QSpinBox, "poolStrideSpin").setValue(1)
    window.model.end()
    values = child(window, GridView, "pooledMap").cells.values
    fmap = window.model.feature_map
    assert values.shape == (4, 4)
    assert values[3, 3] == fmap[3:5, 3:5].mean()
    size = child(window, QSpinBox, "poolSizeSpin")
    size.setValue(4)
    assert window.model.pooling.settings.size == (4, 4)
    padding = child(window, QSpinBox, "poolPaddingSpin")
    padding.setValue(2)
    assert window.model.pooling.settings.padding == (2, 2)
    padding.setValue(0)
    window.model.set_stride(3)  # the map is 2×2 now: the 4×4 window cannot run
    text = child(window, QLabel, "poolingText").text()
    assert "cannot run" in text
    assert "pooling window spans 4 rows" in text
    assert child(window, QLabel, "poolingText").isVisible()
    window.model.set_stride(1)  # the edit stood; a 5×5 map pools again
    assert window.model.pooling.active


def test_refused_pool_size_puts_the_spin_box_back(window, qtbot) -> None:
    window.model.set_stride(2)  # a 3×3 map
    pooling_on(window, qtbot)
    size = child(window, QSpinBox, "poolSizeSpin")
    size.setValue(4)
    assert size.value() == 2
    assert "pooling window spans 4 rows" in child(window, QLabel, "messageBar").text()


def test_pooling_off_hides_the_panel_and_clears_the_window(window, qtbot) -> None:
    pooling_on(window, qtbot)
    window.model.end()
    pooling_on(window, qtbot)  # off again
    assert not child(window, QWidget, "poolingPanel").isVisible()
    assert window.pooling_panel.pool_window.bounds.isEmpty()
    assert child(window, QLabel, "stepLabel").text() == "Step 25 / 25"


# -- the transposed mode -------------------------------------------------------------------
def transposed_on(window, qtbot) -> None:
    qtbot.mouseClick(child(window, QCheckBox, "transposedCheck"), Qt.MouseButton.LeftButton)


def test_transposed_mode_replaces_the_map_and_page_down_stamps(window, qtbot) -> None:
    window.model.set_input(np.array([[1, 2, 0], [0, 1, 3], [2, 0, 1]]))
    window.model.set_kernel(np.array([[1, 2], [0, 1]]))
    window.model.step()
    transposed_on(window, qtbot)
    assert window.model.cursor == 0  # the convolution's walk went back to its start
    assert child(window, QWidget, "transposedPanel").isVisible()
    assert not child(window, QWidget, "featureMap").isVisible()
    output = child(window, GridView, "transposedOutput")
    assert np.isnan(output.cells.values).all()
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    values = output.cells.values
    assert values[0:2, 0:4].tolist() == [[1.0, 2.0, 2.0, 4.0], [0.0, 1.0, 0.0, 2.0]]
    assert np.isnan(values[2:]).all()
    arithmetic = child(window, QLabel, "arithmeticPanel").text()
    assert "Input cell (row 0, column 1) = 2 adds 2 × kernel" in arithmetic
    assert "(3 − 1)·2 − 2·0 + 1·(2 − 1) + 0 + 1 = 6" in arithmetic
    assert child(window, QLabel, "stepLabel").text() == "Stamp 2 / 9"
    assert window.transposed_panel.source.bounds.topLeft().toTuple() == (1.0, 0.0)
    qtbot.keyClick(window, Qt.Key.Key_End)
    np.testing.assert_array_equal(
        output.cells.values, np.kron(window.model.input, window.model.kernel)
    )
    transposed_on(window, qtbot)  # off: the feature map is back
    assert child(window, QWidget, "featureMap").isVisible()
    assert not child(window, QWidget, "transposedPanel").isVisible()


def test_overlaps_are_summed_and_padding_shows_as_a_cropped_border(window, qtbot) -> None:
    window.model.set_input(np.array([[1, 2, 0], [0, 1, 3], [2, 0, 1]]))
    window.model.set_kernel(np.ones((3, 3)))
    transposed_on(window, qtbot)
    child(window, QSpinBox, "transposedStrideSpin").setValue(1)
    child(window, QSpinBox, "transposedPaddingSpin").setValue(1)
    window.model.end()
    cells = child(window, GridView, "transposedOutput").cells
    assert cells.border == ((1, 1), (1, 1))
    x = window.model.input
    full = np.zeros((5, 5))
    for r in range(3):
        for c in range(3):
            full[r : r + 3, c : c + 3] += x[r, c]
    np.testing.assert_array_equal(cells.values, full)  # ghosts included: what the crop drops
    assert window.transposed_panel.overlaps.count == 5 * 5 - 4  # all but the four corners
    assert "Padding crops 1 row(s)" in child(window, QLabel, "arithmeticPanel").text()


def test_output_padding_spin_and_its_refusal(window, qtbot) -> None:
    transposed_on(window, qtbot)
    extra = child(window, QSpinBox, "outputPaddingSpin")
    extra.setValue(1)
    assert window.model.transposed.settings.output_padding == (1, 1)
    assert window.model.transposed.walk.geometry.out_shape == (16, 16)  # (7 − 1)·2 + 3 + 1
    extra.setValue(2)  # must be below the stride (2)
    assert extra.value() == 1
    assert "output_padding 2" in child(window, QLabel, "messageBar").text()


def test_fractional_toggle_shows_the_stuffed_input_whose_convolution_is_the_output(
    window, qtbot
) -> None:
    import convviz

    window.model.set_input(np.array([[1, 2, 0], [0, 1, 3], [2, 0, 1]]))
    window.model.set_kernel(np.array([[1, 2, 1], [0, 1, 0], [1, 0, 1]]))
    transposed_on(window, qtbot)
    stuffed = child(window, GridView, "stuffedInput")
    assert not stuffed.isVisible()
    qtbot.mouseClick(child(window, QCheckBox, "fractionalToggle"), Qt.MouseButton.LeftButton)
    assert stuffed.isVisible()
    grid = stuffed.cells.values
    assert grid.shape == (9, 9)  # 5×5 stuffed, a border of 2 zeros on each side
    assert grid[2:7:2, 2:7:2].tolist() == window.model.input.tolist()
    assert grid[3, :].sum() == 0  # a stuffed row of zeros
    turned = window.model.kernel[::-1, ::-1]
    window.model.end()
    output = child(window, GridView, "transposedOutput").cells.values
    np.testing.assert_allclose(convviz.feature_map(grid, turned), output)
    assert "kernel turned 180°" in child(window, QLabel, "stuffedLabel").text()


def test_play_runs_through_the_map_and_pooling_then_stops(window, qtbot) -> None:
    pooling_on(window, qtbot)
    window.transport.speed.setValue(window.transport.speed.maximum())
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not window.transport.playing, timeout=10_000)
    assert window.model.finished
    assert window.model.pooling.cursor == 4
    assert child(window, QLabel, "stepLabel").text() == "Pooling 4 / 4"


def test_timeline_scrubs_through_pooling_and_the_stamps(window, qtbot) -> None:
    from PySide6.QtWidgets import QSlider

    timeline = child(window, QSlider, "timelineSlider")
    pooling_on(window, qtbot)
    assert timeline.maximum() == 25 + 4
    timeline.setValue(27)
    assert (window.model.cursor, window.model.pooling.cursor) == (25, 2)
    transposed_on(window, qtbot)
    assert timeline.maximum() == 49
    timeline.setValue(3)
    assert window.model.transposed.cursor == 3
