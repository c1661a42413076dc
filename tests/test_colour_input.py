"""Every interaction with the input grid works on a colour photo's three channels.

Hovering, clicking, dragging and the starting patterns raised "too many values to unpack"
inside Qt slots on a colour photo: nothing happened and a traceback went to stderr.
pytest-qt fails a test on an exception in a slot, so each test here drives the real
mouse or control on a colour photo.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QSpinBox
from window_helpers import child

from convviz.core.assets import bundled_photos
from convviz.core.patterns import PATTERNS
from convviz.core.photo import load_photo
from convviz.qt.grids.grid_view import GridView


@pytest.fixture
def colour(window):
    """The window walking the coffee photo in colour, shrunk to 12 pixels a side."""
    window.model.set_photo(load_photo(bundled_photos()["coffee.png"]), colour=True, longest_side=12)
    assert window.model.channels == 3
    return window


def test_hovering_a_colour_cell_lights_the_map_cells_it_feeds(qtbot, colour):
    grid = child(colour, GridView, "inputGrid")
    qtbot.mouseMove(grid.viewport(), grid.cell_center(3, 3))
    qtbot.waitUntil(lambda: colour.map_panel.contributions.count == 9)
    qtbot.mouseMove(grid.viewport(), QPoint(2, 2))
    qtbot.waitUntil(lambda: colour.map_panel.contributions.count == 0)


def test_clicking_paints_every_channel_and_clicking_again_blanks_it(qtbot, colour):
    grid = child(colour, GridView, "inputGrid")
    colour.model.set_input_cell(2, 2, 0)
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.cell_center(2, 2))
    np.testing.assert_array_equal(colour.model.input[:, 2, 2], [255, 255, 255])
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.cell_center(2, 2))
    np.testing.assert_array_equal(colour.model.input[:, 2, 2], [0, 0, 0])


def test_dragging_paints_a_row_in_colour(qtbot, colour):
    grid = child(colour, GridView, "inputGrid")
    for col in range(6):
        colour.model.set_input_cell(4, col, 0)
    qtbot.mousePress(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.cell_center(4, 0))
    for col in range(1, 6):
        qtbot.mouseMove(grid.viewport(), grid.cell_center(4, col))
    qtbot.mouseRelease(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.cell_center(4, 5))
    np.testing.assert_array_equal(colour.model.input[:, 4, :6], np.full((3, 6), 255.0))


@pytest.mark.parametrize("name", [name for name in PATTERNS if name != "Random"])
def test_patterns_draw_in_every_channel_of_a_colour_grid(colour, name):
    rows, cols = colour.model.input.shape[1:]
    combo = child(colour, QComboBox, "patternCombo")
    combo.setCurrentIndex(combo.findText(name))
    expected = PATTERNS[name](rows, cols)
    assert colour.model.channels == 3  # the colour kernels stay
    for channel in colour.model.input:
        np.testing.assert_array_equal(channel, expected)


def test_random_pattern_on_a_colour_grid(colour):
    combo = child(colour, QComboBox, "patternCombo")
    combo.setCurrentIndex(combo.findText("Random"))
    red, green, blue = colour.model.input
    np.testing.assert_array_equal(red, green)
    np.testing.assert_array_equal(red, blue)
    assert set(np.unique(red)) <= {0.0, 1.0}


def test_resizing_a_colour_grid_keeps_its_channels(colour):
    child(colour, QSpinBox, "inputRowsSpin").setValue(10)
    assert colour.model.input.shape == (3, 10, colour.model.input.shape[2])
    assert child(colour, GridView, "inputGrid").cells.values.shape[-2:] == (10, 12)
