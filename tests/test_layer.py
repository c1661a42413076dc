"""A convolutional layer in the window: several kernels, presets, bias, ReLU, channels."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListView, QPushButton
from window_helpers import child, click, panel_text, pick, tick, type_line

from convviz import feature_map
from convviz.core.patterns import SEED_INPUT, SEED_KERNEL
from convviz.core.presets import PRESETS
from convviz.qt.grids.grid_view import GridView


def test_adding_kernels_gives_one_map_each_walking_in_step(qtbot, window):
    window.model.seek(7)
    click(qtbot, window, "addKernelButton")
    click(qtbot, window, "addKernelButton")
    model = window.model
    assert model.layer.names == ("Feature detector", "Detector 2", "Detector 3")
    assert model.selected == 2
    assert model.feature_maps.shape == (3, 5, 5)
    assert model.cursor == 7
    for index in range(3):
        view = child(window, GridView, f"layerMap{index}")
        assert view.isVisible()
        assert np.count_nonzero(~np.isnan(view.cells.values)) == 7
    qtbot.keyClick(window, Qt.Key.Key_Right)
    for index in range(3):
        assert (
            np.count_nonzero(~np.isnan(child(window, GridView, f"layerMap{index}").cells.values))
            == 8
        )


def test_each_kernel_keeps_its_own_weights(qtbot, window):
    click(qtbot, window, "addKernelButton")
    window.model.set_kernel_weight(0, 0, 5)
    assert window.model.layer.weights[1, 0, 0, 0] == 5
    assert window.model.layer.weights[0, 0, 0, 0] == 0
    kernels = child(window, QListView, "kernelList")
    kernels.setCurrentIndex(kernels.model().index(0, 0))
    assert window.model.selected == 0
    np.testing.assert_array_equal(window.model.kernel, SEED_KERNEL)
    assert window.kernel_panel.table.model().index(0, 0).data() == "0"


def shown_kernel_names(window) -> list[str]:
    """The names the kernel list really draws, top to bottom (rows it lays out)."""
    kernels = child(window, QListView, "kernelList")
    names = kernels.model()
    rows = range(names.rowCount())
    assert all(kernels.visualRect(names.index(row, 0)).isValid() for row in rows)
    return [names.index(row, 0).data() for row in rows]


def test_the_kernel_list_shows_every_kernel_and_a_click_selects_one(qtbot, window):
    click(qtbot, window, "addKernelButton")
    window.model.add_kernel(name="Edges")  # from code too
    assert shown_kernel_names(window) == ["Feature detector", "Detector 2", "Edges"]
    kernels = child(window, QListView, "kernelList")
    second = kernels.visualRect(kernels.model().index(1, 0)).center()
    qtbot.mouseClick(kernels.viewport(), Qt.MouseButton.LeftButton, pos=second)
    assert window.model.selected == 1
    click(qtbot, window, "moveKernelUpButton")
    assert shown_kernel_names(window) == ["Detector 2", "Feature detector", "Edges"]
    click(qtbot, window, "removeKernelButton")
    assert shown_kernel_names(window) == ["Feature detector", "Edges"]


@pytest.mark.parametrize("kernels", [3, 8])
def test_every_thumbnail_is_whole_inside_the_map_panel(qtbot, window, kernels):
    window.model.add_kernel(name="A rather long name for a detector")
    for _ in range(kernels - 2):
        window.model.add_kernel()
    panel = window.map_panel
    last = child(window, GridView, f"layerMap{kernels - 1}")
    qtbot.waitUntil(last.isVisible)
    for index in range(kernels):
        thumbnail = child(window, GridView, f"layerMap{index}")
        where = thumbnail.geometry().translated(thumbnail.parentWidget().mapTo(panel, QPoint()))
        assert panel.rect().contains(where), f"thumbnail {index} is cut off: {where}"
    assert window.width() == 1280  # the thumbnails do not widen the window
    caption = panel.findChildren(QLabel, "layerMapLabel")[1]
    assert caption.toolTip() == "2. A rather long name for a detector"  # it is elided


def test_clicking_a_thumbnail_selects_its_kernel(qtbot, window):
    click(qtbot, window, "addKernelButton")
    thumbnail = child(window, GridView, "layerMap0")
    qtbot.mouseClick(
        thumbnail.viewport(), Qt.MouseButton.LeftButton, pos=thumbnail.cell_center(0, 0)
    )
    assert window.model.selected == 0
    assert child(window, QListView, "kernelList").currentIndex().row() == 0


def test_remove_rename_and_reorder(qtbot, window):
    remove = child(window, QPushButton, "removeKernelButton")
    assert not remove.isEnabled()  # a layer keeps at least one kernel
    click(qtbot, window, "addKernelButton")
    names = child(window, QListView, "kernelList").model()
    names.setData(names.index(1, 0), "Edges")
    assert window.model.layer.names[1] == "Edges"
    names.setData(names.index(1, 0), "   ")
    assert window.model.layer.names[1] == "Edges"
    assert "needs a name" in child(window, QLabel, "messageBar").text()
    click(qtbot, window, "moveKernelUpButton")
    assert window.model.layer.names == ("Edges", "Feature detector")
    assert window.model.selected == 0
    click(qtbot, window, "removeKernelButton")
    assert window.model.layer.names == ("Feature detector",)
    assert not child(window, GridView, "layerMap0").isVisible()


def test_at_most_eight_kernels(qtbot, window):
    for _ in range(7):
        click(qtbot, window, "addKernelButton")
    assert len(window.model.layer.names) == 8
    assert not child(window, QPushButton, "addKernelButton").isEnabled()


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_shows_its_matrix(window, name):
    pick(window, "presetCombo", name)
    np.testing.assert_allclose(window.model.kernel, PRESETS[name])
    table = window.kernel_panel.table.model()
    assert (table.rowCount(), table.columnCount()) == PRESETS[name].shape
    assert child(window, QComboBox, "presetCombo").currentText() == name  # the one in force


def test_box_blur_reads_as_ninths(window):
    pick(window, "presetCombo", "Box blur")
    assert window.kernel_panel.table.model().index(1, 1).data() == "1/9"


def test_bias_is_added_and_bad_text_refused(qtbot, window):
    window.model.seek(2)
    type_line(qtbot, window, "biasEdit", "-0.5")
    assert window.model.layer.biases == (-0.5,)
    np.testing.assert_allclose(window.model.feature_map, feature_map(SEED_INPUT, SEED_KERNEL) - 0.5)
    assert "Plus bias: 1 + (−0.5) = 0.5" in panel_text(window)
    type_line(qtbot, window, "biasEdit", "abc")
    assert window.model.layer.biases == (-0.5,)
    assert "bias kept its value" in child(window, QLabel, "messageBar").text()
    assert child(window, QLineEdit, "biasEdit").text() == "−0.5"


def test_relu_zeroes_negative_cells_and_marks_them(qtbot, window):
    type_line(qtbot, window, "biasEdit", "-1.5")
    tick(qtbot, window, "reluCheck")
    model = window.model
    expected = np.maximum(feature_map(SEED_INPUT, SEED_KERNEL) - 1.5, 0)
    np.testing.assert_allclose(model.feature_map, expected)
    model.end()
    negative = np.count_nonzero(feature_map(SEED_INPUT, SEED_KERNEL) - 1.5 < 0)
    assert window.map_panel.zeroed.count == negative
    model.seek(1)
    assert "ReLU: max(0, −1.5) = 0 (ReLU zeroes this cell)" in panel_text(window)
    assert window.map_panel.zeroed.count == 1
    tick(qtbot, window, "reluCheck")
    assert window.map_panel.zeroed.count == 0


def test_colour_scale_follows_the_display_choice(window):
    bar = window.map_panel.color_bar
    assert bar.levels == (0.0, 4.0)
    pick(window, "mapDisplayCombo", "Clip 0–255")
    assert bar.levels == (0.0, 255.0)
    window.model.set_kernel(PRESETS["Sobel x"])
    pick(window, "mapDisplayCombo", "Full range")
    lo, hi = bar.levels
    assert lo == -hi < 0  # signed: a diverging scale centred on zero


def test_colour_input_sums_over_channels(qtbot, window):
    rgb = np.random.default_rng(1).integers(0, 256, (3, 6, 6)).astype(float)
    window.model.set_input(rgb)
    model = window.model
    assert model.kernel.shape == (3, 3, 3)
    channel_combo = child(window, QComboBox, "kernelChannelCombo")
    assert channel_combo.isVisible()
    pick(window, "kernelChannelCombo", "Red")
    window.kernel_panel.table.model().setData(window.kernel_panel.table.model().index(1, 1), "2")
    assert model.kernel[0, 1, 1] == 2
    assert model.kernel[1, 1, 1] == 0
    np.testing.assert_allclose(model.feature_map, feature_map(rgb, model.kernel))
    model.seek(1)
    text = panel_text(window)
    for line in ("R: ", "G: ", "B: ", "Sum over channels: "):
        assert line in text


def test_colour_input_shown_as_picture_or_channel(window):
    rgb = np.zeros((3, 4, 5))
    rgb[0] = 200
    window.model.set_input(rgb)
    combo = child(window, QComboBox, "channelCombo")
    assert combo.isEnabled()
    cells = child(window, GridView, "inputGrid").cells
    assert cells.values.shape == (4, 5)
    pick(window, "channelCombo", "Red")
    np.testing.assert_array_equal(cells.values, rgb[0])
    pick(window, "channelCombo", "Green")
    np.testing.assert_array_equal(cells.values, rgb[1])


def test_the_preset_box_shows_the_preset_in_force_or_custom(qtbot, window):
    presets = child(window, QComboBox, "presetCombo")
    assert presets.currentText() == "Custom"  # the seed's detector is no photo filter
    pick(window, "presetCombo", "Sharpen")
    assert presets.currentText() == "Sharpen"
    window.model.set_kernel_weight(0, 0, 2.0)  # edited: no longer Sharpen
    assert presets.currentText() == "Custom"
    pick(window, "presetCombo", "Sharpen")  # and it can be picked again
    assert window.model.kernel[0, 0] == 0
    window.model.add_kernel(np.ones((3, 3)))
    assert presets.currentText() == "Custom"
    window.model.select_kernel(0)
    assert presets.currentText() == "Sharpen"
