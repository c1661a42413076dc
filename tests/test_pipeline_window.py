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
