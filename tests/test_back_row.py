"""Readable from the back row: the numbers' size on a 1920×1080 projector, presenting.

What the class sees of each shipped lesson with F5 (full screen, settings hidden): the
size of the numbers in the input, the map and the kernel, measured as the font size the
grids paint with.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView, QWidget

import convviz
from convviz.core.assets import bundled_lessons
from convviz.lesson.files import find_lesson
from convviz.qt.grids.grid_view import GridView
from convviz.qt.grids.window_overlay import WEIGHT_HEIGHT


def presenting(qtbot, name: str, size: tuple[int, int] = (1920, 1080)):
    """The window on lesson ``name`` as F5 shows it on a screen of ``size``."""
    window = convviz.MainWindow(find_lesson(name).model)
    qtbot.addWidget(window)
    window.fit_screen(QSize(*size))
    window.settings_dock.hide()
    window.menuBar().hide()
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.model.seek(min(5, window.model.total_steps))
    return window


def grid_numbers(window, name: str) -> tuple[float, int]:
    grid = window.findChild(GridView, name)
    return grid.cell_px, grid.cells.number_px(grid.cell_px)


def kernel_numbers(window) -> tuple[set[int], set[tuple[int, int]]]:
    """The font sizes of the kernel's weights and the sizes of its cells."""
    table = window.findChild(QTableView, "kernelEditor")
    model, delegate = table.model(), table.itemDelegate()
    fonts, cells = set(), set()
    for row in range(model.rowCount()):
        for col in range(model.columnCount()):
            option = QStyleOptionViewItem()
            option.initFrom(table)
            option.rect, option.font = table.visualRect(model.index(row, col)), table.font()
            delegate.initStyleOption(option, model.index(row, col))
            fonts.add(QFontInfo(option.font).pixelSize())
            cells.add((option.rect.width(), option.rect.height()))
    return fonts, cells


@pytest.mark.parametrize("name", bundled_lessons())
def test_numbers_on_a_1080p_projector(qtbot, name):
    window = presenting(qtbot, name)
    (input_cell, input_px), (map_cell, map_px) = (
        grid_numbers(window, "inputGrid"),
        grid_numbers(window, "featureMap"),
    )
    shows_map = window.findChild(GridView, "featureMap").isVisible()  # not when transposed
    assert abs(input_cell - map_cell) <= 1 or not shows_map  # one size: the map smaller
    large = max(window.model.input.shape[-2:]) > 12
    # The photo lesson's 12×12 patch of three-digit values (and its map's "−202") reach
    # 24 only because its photo's settings go with the settings column (and its room).
    floor = 14 if large else 24
    assert input_px >= floor
    assert map_px >= floor or not shows_map
    fonts, cells = kernel_numbers(window)
    assert len(fonts) == 1  # every weight the same size (a −4 once was 10 px beside 25)
    assert min(fonts) >= 24
    assert all(width == height for width, height in cells)  # square, like the grids'


def test_the_seed_keeps_its_big_numbers(qtbot):
    """Before: 32 px in the input, 41 in the map (each grid filled its own panel)."""
    window = presenting(qtbot, "seed")
    sizes = {grid_numbers(window, grid)[1] for grid in ("inputGrid", "featureMap")}
    assert len(sizes) == 1  # one cell size, one number size
    assert min(sizes) >= 32


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_weight_labels_are_at_least_half_the_numbers(qtbot, size):
    window = presenting(qtbot, "seed", size)
    cell, number = grid_numbers(window, "inputGrid")
    assert cell * WEIGHT_HEIGHT >= number / 2


def test_the_photo_settings_go_and_come_back_with_the_settings_column(qtbot):
    """Presenting, the class needs the photo, not its controls: the grids get the width."""
    window = presenting(qtbot, "edge-detection-photo")  # the settings column hidden
    settings = window.findChild(QWidget, "photoSettings")
    assert not settings.isVisible()
    assert window.photo_dock.width() <= round(0.1 * window.width())
    bare_cell = grid_numbers(window, "inputGrid")[0]
    window.settings_dock.toggleViewAction().trigger()  # F2: the settings column back
    qtbot.waitUntil(settings.isVisible)
    assert window.photo_dock.windowTitle() == "Whole photo"
    qtbot.waitUntil(lambda: grid_numbers(window, "inputGrid")[0] < bare_cell)


@pytest.mark.parametrize("size", [(1280, 720), (1024, 768), (1920, 1080)])
def test_the_photo_keeps_to_its_column_presenting(qtbot, size):
    """Presenting at 1280×720, the photo's column was laid out 169 pixels wide over its
    128-pixel share: it covered the input grid's first column, and the caption's last
    words ran under the timeline.  Now the column keeps to its share and the caption
    wraps inside it."""
    window = presenting(qtbot, "edge-detection-photo", size)
    dock, caption = window.photo_dock, window.photo_panel.caption
    qtbot.waitUntil(lambda: dock.width() <= round(0.1 * window.width()))
    grid = window.findChild(GridView, "inputGrid")
    assert dock.geometry().right() < grid.mapTo(window, grid.rect().topLeft()).x()
    shown = QRect(caption.mapTo(window, QPoint()), caption.size())
    assert QRect(dock.mapTo(window, QPoint()), dock.size()).contains(shown)
    needed = caption.heightForWidth(caption.width())
    assert caption.height() >= needed  # every line of it
