"""The window as a class sees it: a clicker walk, zoom, themes, full screen, the key list,
lesson files with autosave, closing with unsaved changes and exporting from the window.

Everything is driven through keys, menu actions and the same calls the menus make; each
test has its own settings folder (``CONVVIZ_HOME``), so remembered zoom, theme, recent
files and the autosaved session never leak from one test into another.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest
from conv_reference import SEED_MAP
from PIL import Image
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QSize, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSlider,
    QSpinBox,
    QStyle,
    QStyleOptionButton,
    QStyleOptionSlider,
    QTableView,
    QToolBar,
    QWidget,
)
from window_helpers import child, message, shown_map

import convviz.lesson.atomic
import convviz.qt.window.main_window
from convviz import ConvModel, MainWindow, export_lesson
from convviz.cli.app import open_window
from convviz.core.assets import bundled_lessons
from convviz.core.patterns import SEED_INPUT
from convviz.lesson.files import load_lesson, save_lesson
from convviz.qt.grids.grid_view import GridView
from convviz.qt.theme import THEMES, active
from convviz.qt.window.export_dialog import export_with_progress
from convviz.qt.window.help_overlay import KEYS
from convviz.qt.window.lesson_session import AUTOSAVE_DELAY_MS, restore_session, settings
from convviz.qt.window.window_fit import MAX_ZOOM, MIN_ZOOM

CTRL = Qt.KeyboardModifier.ControlModifier
BASE_PANEL_PX = 22  # the arithmetic panel's text at 100 % in a 720-pixel-high window


def revealed(window):
    return int(np.count_nonzero(~np.isnan(shown_map(window))))


def step_label(window):
    return child(window, QLabel, "stepLabel").text()


def panel_px(window):
    panel = child(window, QLabel, "arithmeticPanel")
    panel.ensurePolished()
    return panel.font().pixelSize()


def activate(qtbot, window):
    """Make ``window`` the active one: window shortcuts only fire in the active window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def focus(qtbot, window, widget):
    """Give ``widget`` the keyboard focus, as a click or Tab would (keys then go to it)."""
    activate(qtbot, window)
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def cell_pixel(grid: GridView, row: int, col: int) -> str:
    """The colour on screen inside cell (row, col), clear of its number and grid lines."""
    centre = grid.cell_center(row, col)
    corner = grid.cell_center(row + 1, col + 1)
    offset = QPoint(round((corner.x() - centre.x()) * 0.3), round((corner.y() - centre.y()) * 0.3))
    point = grid.viewport().mapTo(grid, centre + offset)
    return grid.grab().toImage().pixelColor(point).name()


def window_background_pixel(window) -> str:
    """The colour on screen beside the "∗" between the input and the kernel."""
    operator = window.findChildren(QLabel, "operatorLabel")[0]
    point = operator.mapTo(window, QPoint(2, 2))
    return window.grab().toImage().pixelColor(point).name()


def action(window, text) -> QAction:
    found = [a for a in window.actions() if a.text() == text]
    assert len(found) == 1, f"no single window action {text!r}"
    return found[0]


def keep_state(window):
    model = window.model
    return model.input.copy(), model.kernel.copy(), model.cursor, model.stride


def assert_same_state(window, state):
    model = window.model
    np.testing.assert_array_equal(model.input, state[0])
    np.testing.assert_array_equal(model.kernel, state[1])
    assert model.cursor == state[2]
    assert model.stride == state[3]


# -- the keyboard-only walk ----------------------------------------------------------------
@pytest.mark.parametrize("focused", [None, "kernelEditor"])
def test_a_clicker_walks_the_whole_lesson_without_the_mouse(qtbot, home, window, focused):
    """Page Down only, as a presentation clicker sends it, then back; Home, End, Space."""
    target = window
    if focused is not None:
        target = child(window, QTableView, focused)
        focus(qtbot, window, target)
    total = window.model.total_steps
    assert total == 25
    for n in range(1, total + 1):
        qtbot.keyClick(target, Qt.Key.Key_PageDown)
        assert window.model.cursor == n
        assert revealed(window) == n
        assert step_label(window) == f"Step {n} / {total}"
    np.testing.assert_array_equal(shown_map(window), SEED_MAP)
    qtbot.keyClick(target, Qt.Key.Key_PageDown)  # one click too many: stays at the end
    assert window.model.cursor == total
    for n in range(total - 1, -1, -1):
        qtbot.keyClick(target, Qt.Key.Key_PageUp)
        assert window.model.cursor == n
        assert revealed(window) == n
    qtbot.keyClick(target, Qt.Key.Key_PageUp)
    assert window.model.cursor == 0
    qtbot.keyClick(target, Qt.Key.Key_Right)
    qtbot.keyClick(target, Qt.Key.Key_Right)
    qtbot.keyClick(target, Qt.Key.Key_Left)
    assert window.model.cursor == 1
    qtbot.keyClick(target, Qt.Key.Key_End)
    assert revealed(window) == total
    qtbot.keyClick(target, Qt.Key.Key_Home)
    assert revealed(window) == 0

    slider = child(window, QSlider, "speedSlider")
    slider.setValue(slider.maximum())
    play = window.transport.play
    qtbot.keyClick(target, Qt.Key.Key_Space)
    assert play.isChecked()
    qtbot.waitUntil(lambda: window.model.finished, timeout=5000)
    qtbot.waitUntil(lambda: not play.isChecked(), timeout=1000)
    np.testing.assert_array_equal(shown_map(window), SEED_MAP)
    if focused is not None:
        assert target.hasFocus()  # the keys never pulled the focus away


@pytest.mark.parametrize("spin_name", ["strideYSpin", "dilationXSpin"])
def test_page_keys_still_step_while_a_settings_spin_box_has_focus(qtbot, home, window, spin_name):
    spin = child(window, QSpinBox, spin_name)
    focus(qtbot, window, spin)
    value = spin.value()
    qtbot.keyClick(spin, Qt.Key.Key_PageDown)
    qtbot.keyClick(spin, Qt.Key.Key_PageDown)
    qtbot.keyClick(spin, Qt.Key.Key_PageDown)
    qtbot.keyClick(spin, Qt.Key.Key_PageUp)
    assert window.model.cursor == 2
    assert spin.value() == value  # not the spin box's own "ten steps" page keys
    assert spin.hasFocus()


def test_up_and_down_belong_to_a_focused_spin_box(qtbot, home, window):
    """Up / Down change the number in the spin box (legitimately theirs), not the walk."""
    spin = child(window, QSpinBox, "strideYSpin")
    focus(qtbot, window, spin)
    window.model.seek(5)
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert spin.value() == 2
    assert window.model.stride == (2, 1)
    assert window.model.cursor == 5  # the walk is kept, not stepped
    qtbot.keyClick(spin, Qt.Key.Key_Down)
    assert window.model.stride == (1, 1)
    assert window.model.cursor == 5


@pytest.mark.parametrize(
    "key",
    [Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Right, Qt.Key.Key_Left],
    ids=lambda key: key.name,
)
def test_caret_keys_in_a_focused_spin_box_edit_the_number_not_the_walk(qtbot, home, window, key):
    """Documented behaviour: a focused spin box's text field keeps Home, End, ← and → for
    its caret (Qt offers an editor the keys it edits with before any window shortcut), so
    they do not move the walk there.  Page Down / Page Up (the clicker) still do."""
    spin = child(window, QSpinBox, "strideYSpin")
    focus(qtbot, window, spin)
    window.model.seek(5)
    qtbot.keyClick(spin, key)
    assert window.model.cursor == 5


def test_space_plays_while_a_settings_spin_box_has_focus(qtbot, home, window):
    """The module says the keys drive the lesson "whatever has the focus".  A spin box
    cannot hold a space, yet it swallows Space: after changing the stride in the dock,
    the class presses Space and nothing plays."""
    spin = child(window, QSpinBox, "strideYSpin")
    focus(qtbot, window, spin)
    qtbot.keyClick(spin, Qt.Key.Key_Space)
    playing = window.transport.play.isChecked()
    window.transport.play.setChecked(False)
    assert playing, "Space was swallowed by the focused spin box; the walk did not play"


# -- zoom ------------------------------------------------------------------------------------
def test_ctrl_keys_zoom_the_text_within_limits(qtbot, home, window):
    assert window.height() == 720
    assert panel_px(window) == BASE_PANEL_PX
    qtbot.keyClick(window, Qt.Key.Key_Equal, CTRL)
    assert window.zoom == pytest.approx(1.1)
    assert panel_px(window) == round(BASE_PANEL_PX * 1.1)
    qtbot.keyClick(window, Qt.Key.Key_Plus, CTRL)  # Ctrl++ (keypad plus, or + unshifted)
    assert window.zoom == pytest.approx(1.2)
    grown = panel_px(window)
    assert grown > BASE_PANEL_PX
    qtbot.keyClick(window, Qt.Key.Key_Minus, CTRL)
    assert window.zoom == pytest.approx(1.1)
    assert panel_px(window) < grown
    qtbot.keyClick(window, Qt.Key.Key_0, CTRL)
    assert window.zoom == 1.0
    assert panel_px(window) == BASE_PANEL_PX

    for _ in range(25):
        qtbot.keyClick(window, Qt.Key.Key_Equal, CTRL)
    assert window.zoom == MAX_ZOOM == 3.0
    assert panel_px(window) == 3 * BASE_PANEL_PX
    for _ in range(30):
        qtbot.keyClick(window, Qt.Key.Key_Minus, CTRL)
    assert window.zoom == MIN_ZOOM == 0.5
    assert panel_px(window) == BASE_PANEL_PX // 2
    window.set_zoom(10)
    assert window.zoom == MAX_ZOOM
    window.set_zoom(-1)
    assert window.zoom == MIN_ZOOM


def test_the_zoom_is_remembered_and_restored_next_time(qtbot, home, window):
    for _ in range(5):
        qtbot.keyClick(window, Qt.Key.Key_Equal, CTRL)
    assert float(settings().value("zoom")) == pytest.approx(1.5)
    restored = open_window(None)
    qtbot.addWidget(restored)
    assert restored.zoom == pytest.approx(1.5)
    assert panel_px(restored) == round(BASE_PANEL_PX * 1.5)


# -- themes ----------------------------------------------------------------------------------
def test_f3_cycles_the_themes_and_redraws_the_grids(qtbot, home, window):
    grids = [child(window, GridView, "inputGrid"), child(window, GridView, "featureMap")]
    assert window.model.input[6, 6] == 0
    assert active().name == "Light"
    assert cell_pixel(grids[0], 6, 6) == THEMES["Light"].ink[0].lower()
    for name in ["Dark", "High contrast", "Light"]:
        qtbot.keyClick(window, Qt.Key.Key_F3)
        theme = THEMES[name]
        assert active().name == name
        checked = window.theme_actions.checkedAction()
        assert checked is not None
        assert checked.text() == f"{name} theme"
        for view in (*grids, window.photo_panel.view):  # the whole-photo view too
            assert view.backgroundBrush().color().name() == theme.grid.lower()
        assert window.photo_panel.view.window.pen().color() == theme.colour("window")
        # A 0 cell of the input is repainted in the theme's paper colour.
        assert cell_pixel(grids[0], 6, 6) == theme.ink[0].lower()
        assert settings().value("theme") == name


@pytest.mark.parametrize(("presses", "name"), [(1, "Dark"), (2, "High contrast")])
def test_the_whole_window_follows_the_theme(qtbot, home, window, presses, name):
    """Not only the grids: the window's background, text and controls (Qt's palette)."""
    for _ in range(presses):
        qtbot.keyClick(window, Qt.Key.Key_F3)
    theme = THEMES[name]
    palette = window.palette()
    assert palette.color(QPalette.ColorRole.Window).name() == theme.background.lower()
    assert palette.color(QPalette.ColorRole.WindowText).name() == theme.text.lower()
    assert window_background_pixel(window) == theme.background.lower()


def strongest_contrast(image, background: QColor) -> float:
    """The highest WCAG contrast ratio of any pixel of ``image`` against ``background``."""
    from test_palettes import contrast_ratio

    return max(
        contrast_ratio(image.pixelColor(x, y), background)
        for x in range(image.width())
        for y in range(image.height())
    )


@pytest.mark.parametrize("name", list(THEMES))
def test_check_boxes_and_slider_grooves_show_in_every_theme(qtbot, home, window, name):
    """WCAG's 3:1 for controls: Qt's own style drew them darker than black on black."""
    window.set_theme(name, remember=False)
    background = QColor(THEMES[name].background)
    for check in ("reluCheck", "flipCheck"):
        box = child(window, QCheckBox, check)
        assert not box.isChecked()
        option = QStyleOptionButton()
        box.initStyleOption(option)
        where = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
        assert strongest_contrast(box.grab(where).toImage(), background) >= 3, check
    slider = child(window, QSlider, "timelineSlider")
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    groove = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, slider
    )
    far_end = groove.adjusted(groove.width() * 3 // 4, 0, 0, 0)  # away from the handle
    assert strongest_contrast(slider.grab(far_end).toImage(), background) >= 3


def test_the_theme_is_remembered_and_restored_next_time(qtbot, home, window):
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert settings().value("theme") == "Dark"
    restored = open_window(None)
    qtbot.addWidget(restored)
    restored.show()
    qtbot.waitExposed(restored)
    dark = THEMES["Dark"]
    assert active().name == "Dark"
    assert restored.theme_actions.checkedAction().text() == "Dark theme"
    grid = child(restored, GridView, "inputGrid")
    assert grid.backgroundBrush().color().name() == dark.grid.lower()
    assert cell_pixel(grid, 6, 6) == dark.ink[0].lower()
    assert restored.palette().color(QPalette.ColorRole.Window).name() == dark.background.lower()


def test_an_unknown_remembered_theme_falls_back_to_light(qtbot, home):
    settings().setValue("theme", "Solarized")
    settings().setValue("zoom", 1.2)
    restored = open_window(None)
    qtbot.addWidget(restored)
    assert active().name == "Light"
    assert restored.zoom == pytest.approx(1.2)


# -- full screen -----------------------------------------------------------------------------
def test_the_whole_window_fits_a_1024_pixel_projector(qtbot, home, window):
    # fit_screen is what showing on a real screen calls (offscreen has no screen to fit).
    window.fit_screen(QSize(1024, 768))
    window.resize(1024, 768)
    qtbot.waitUntil(lambda: window.width() == 1024)
    assert window.minimumSizeHint().width() <= 1024
    assert window.toolBarBreak(child(window, QToolBar, "paceToolBar"))  # two rows
    inside = window.rect()
    for name in ("transportToolBar", "paceToolBar", "photoToolBar"):
        assert inside.contains(child(window, QToolBar, name).geometry()), name
    assert inside.contains(window.settings_dock.geometry())
    assert not window.settings_dock.widget().horizontalScrollBar().isVisible()
    window.fit_screen(None)  # a wide screen again: one row
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: not window.toolBarBreak(child(window, QToolBar, "paceToolBar")))


def test_settings_show_every_choice_in_full_on_a_1080p_projector(qtbot, home, window):
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.height() == 1080)
    for combo in window.settings_dock.findChildren(QComboBox):
        # What the closed box can show: a picker ("Choose…" and a list of actions, which
        # Qt's open list sizes to fit) goes back to "Choose…" after each pick.
        shown = [combo.itemText(0)] if combo.property("picker") else combo_items(combo)
        metrics = combo.fontMetrics()
        for text in shown:
            assert metrics.horizontalAdvance(text) < combo.width() - 20, (combo.objectName(), text)


def combo_items(combo) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_the_key_list_fits_a_1024_pixel_projector(qtbot, home, window):
    window.fit_screen(QSize(1024, 768))
    window.resize(1024, 768)
    qtbot.waitUntil(lambda: window.width() == 1024)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    overlay = window.help
    assert overlay.isVisible()
    for label in overlay.findChildren(QLabel):
        where = label.geometry().translated(label.parentWidget().mapTo(overlay, QPoint()))
        assert overlay.rect().contains(where), f"{label.text()!r} runs off the screen"
        needed = label.fontMetrics().horizontalAdvance(label.text())
        assert needed <= label.contentsRect().width(), f"{label.text()!r} is cut short"


def test_showing_on_a_screen_fits_the_window_to_it(qtbot, home, monkeypatch):
    # as on a desktop:
    monkeypatch.setattr(
        convviz.qt.window.main_window, "has_screen", lambda: True
    )  # as on a desktop
    shown = MainWindow()
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    screen = shown.screen().availableGeometry().width()  # 800 for Qt's offscreen platform
    assert shown.toolBarBreak(child(shown, QToolBar, "paceToolBar"))
    panels = shown.centralWidget().minimumSizeHint().width()
    assert shown.settings_dock.widget().width() + panels <= screen


def test_f11_toggles_full_screen_and_the_menu_bar(qtbot, home, window):
    assert window.menuBar().isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    assert window.isFullScreen()
    assert not window.menuBar().isVisible()
    qtbot.keyClick(window, Qt.Key.Key_PageDown)  # keys keep working without the menu bar
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.help.isVisible()
    assert window.help.geometry() == window.rect()
    qtbot.keyClick(window.help, Qt.Key.Key_Escape)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert not window.windowState() & Qt.WindowState.WindowFullScreen
    assert not window.isFullScreen()
    assert window.menuBar().isVisible()
    assert window.model.cursor == 1


@pytest.mark.parametrize("leave", [Qt.Key.Key_F5, Qt.Key.Key_Escape])
def test_f5_presents_the_lesson_and_f5_or_esc_comes_back(qtbot, home, window, leave):
    """What a presentation clicker's slideshow button sends: F5, then F5 or Esc."""
    assert window.settings_dock.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.isFullScreen()
    assert not window.settings_dock.isVisible()  # the grids get the whole projector
    assert not window.menuBar().isVisible()
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert window.model.cursor == 1
    qtbot.keyClick(window, leave)
    assert not window.isFullScreen()
    assert window.settings_dock.isVisible()  # as it was before
    assert window.menuBar().isVisible()


def test_presenting_keeps_hidden_settings_hidden(qtbot, home, window):
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert not window.settings_dock.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isFullScreen()
    assert not window.settings_dock.isVisible()


def test_esc_cancels_a_kernel_edit_first_and_leaves_full_screen_next(qtbot, home, window):
    qtbot.keyClick(window, Qt.Key.Key_F5)
    table = child(window, QTableView, "kernelEditor")
    index = table.model().index(0, 0)
    table.setCurrentIndex(index)
    table.edit(index)
    (editor,) = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    qtbot.keyClicks(editor, "7")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert window.model.kernel[0, 0] == 0  # the edit was cancelled, not committed
    assert window.isFullScreen()  # and the lesson is still on the whole projector
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isFullScreen()


# -- the key list ----------------------------------------------------------------------------
_NAMES = {"→": "Right", "←": "Left", "Page Down": "PgDown", "Page Up": "PgUp", "−": "-"}


def _portable(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


def listed_keys() -> list[str]:
    """Each key in the overlay's KEYS, in Qt's portable spelling ("Ctrl+=", "PgDown")."""
    keys = []
    for text, _ in KEYS:
        for part in re.split(r"\s+(?:or|/)\s+", text.strip()):
            for shown, name in _NAMES.items():
                part = part.replace(shown, name)
            part = re.sub(r"\s*\+\s*", "+", part)  # "Ctrl + =" → "Ctrl+="
            sequence = QKeySequence(part)
            assert sequence.count() == 1, f"cannot read {part!r} from {text!r}"
            keys.append(_portable(sequence))
    return keys


def window_shortcuts(window) -> dict[str, str]:
    return {_portable(s): a.text() for a in window.actions() for s in a.shortcuts()}


@pytest.mark.parametrize("how", ["F1", "?"])
def test_f1_or_question_mark_shows_the_key_list_over_the_window(qtbot, home, window, how):
    overlay = child(window, QWidget, "helpOverlay")
    assert not overlay.isVisible()
    key = Qt.Key.Key_F1 if how == "F1" else "?"
    qtbot.keyClick(window, key)
    assert overlay.isVisible()
    assert overlay.geometry() == window.rect()
    for point in (QPoint(20, 20), window.rect().center(), QPoint(1260, 700)):
        on_top = window.childAt(point)
        assert on_top is overlay or overlay.isAncestorOf(on_top), f"not covered at {point}"
    labels = [label.text() for label in overlay.findChildren(QLabel, "helpKey")]
    assert labels == [keys for keys, _ in KEYS]
    assert QApplication.focusWidget() is overlay  # so the next key reaches it


@pytest.mark.parametrize(
    "key",
    [
        Qt.Key.Key_A,
        Qt.Key.Key_Escape,
        Qt.Key.Key_F1,
        Qt.Key.Key_PageDown,
        Qt.Key.Key_Right,
        Qt.Key.Key_Space,
        Qt.Key.Key_F3,
    ],
    ids=lambda key: key.name,
)
def test_any_key_hides_the_key_list(qtbot, home, window, key):
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.help.isVisible()
    receiver = QApplication.focusWidget()
    assert receiver is window.help
    qtbot.keyClick(receiver, key)  # where a real key press goes: the focus widget
    hidden = not window.help.isVisible()
    moved = window.model.cursor
    window.transport.play.setChecked(False)
    window.help.hide()
    assert hidden, f"{key.name} left the key list up (the lesson under it: step {moved})"


@pytest.mark.parametrize("key", listed_keys())
def test_every_listed_key_is_a_shortcut_of_the_window(home, window, key):
    shortcuts = window_shortcuts(window)
    assert key in shortcuts, f"the key list shows {key!r}, no action has it: {sorted(shortcuts)}"


@pytest.mark.parametrize(
    "text",
    [
        "Play / pause",
        "Step",
        "Step back",
        "Back to the start",
        "Jump to the end",
        "Bigger text",
        "Smaller text",
        "Text size for this window",
        "Full screen",
        "Next theme",
        "Keys…",
        "Settings",
        "Open lesson…",
        "Save lesson",
        "Learn detectors from digits",
        "Learn this detector",
        "Open kernels…",
    ],
)
def test_every_lesson_key_is_in_the_key_list(home, window, text):
    listed = set(listed_keys())
    found = action(window, text)
    keys = [_portable(s) for s in found.shortcuts()]
    assert keys, f"{text!r} has no key"
    missing = [k for k in keys if k not in listed]
    assert not missing, f"{text!r}: {missing} not in the key list (help_overlay.KEYS)"


# -- lesson files ----------------------------------------------------------------------------
def shipped_action(window, name) -> QAction:
    menu = child(window, QMenu, "shippedLessonsMenu")
    found = [a for a in menu.actions() if a.text() == name]
    assert len(found) == 1, [a.text() for a in menu.actions()]
    return found[0]


def test_a_shipped_lesson_from_the_menu_shows_its_title_and_notes(qtbot, home, window):
    lesson = load_lesson(bundled_lessons()["stride-2"])
    shipped_action(window, "stride-2").trigger()
    assert window.windowTitle() == "Stride 2: a smaller map — stride-2 (shipped) — convviz"
    notes = child(window, QLabel, "notesLabel")
    assert notes.isVisible()
    assert notes.text() == lesson.notes
    assert window.model.stride == (2, 2)
    assert step_label(window) == "Step 0 / 9"
    assert window.session.path is None  # a shipped lesson is never saved over
    assert not window.session.unsaved


def lesson_text(**changes) -> str:
    doc = json.loads(bundled_lessons()["seed"].read_text(encoding="utf-8"))
    doc.update(changes)
    return json.dumps(doc)


BROKEN = {
    "truncated": (lesson_text()[:150], "not valid JSON"),
    "wrong-format": (lesson_text(format="some-other-app"), "format"),
    "newer-version": (lesson_text(version=3), "newer convviz"),
}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_a_broken_lesson_file_is_refused_and_the_lesson_stays(qtbot, home, window, tmp_path, kind):
    content, reason = BROKEN[kind]
    path = tmp_path / f"{kind}.json"
    path.write_text(content, encoding="utf-8")
    window.model.set_input_cell(0, 0, 1.0)
    window.model.seek(3)
    state = keep_state(window)
    title = window.windowTitle()
    assert not window.session.open(path)
    text = message(window)
    assert f"{kind}.json was not opened" in text
    assert reason in text
    assert_same_state(window, state)
    assert window.windowTitle() == title
    assert window.session.path is None
    assert path not in window.session.recent()


def test_a_good_lesson_after_a_broken_one_clears_the_old_complaint(qtbot, home, window, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert not window.session.open(broken)
    assert "broken.json was not opened" in message(window)
    good = tmp_path / "good.json"
    save_lesson(good, ConvModel(stride=2), "Good")
    assert window.session.open(good)
    assert window.windowTitle() == "Good — good.json — convviz"
    assert "broken.json was not opened" not in message(window), (
        "the message about the broken file is still shown under the lesson that did open"
    )


def test_save_and_reopen_round_trip_with_recent_files(qtbot, home, window, tmp_path, answers):
    session = window.session
    model = window.model
    model.set_input_cell(0, 0, 1.0)
    model.set_kernel(np.array([[1.0, -0.5], [0.25, 2.0]]))
    model.set_stride(2)
    model.seek(4)
    state = keep_state(window)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert session.save(first)
    assert window.windowTitle() == "first.json — convviz"
    assert session.save(second)

    model.set_input_cell(0, 0, 0.0)  # an edit after saving: the title shows a star
    model.reset()
    assert window.windowTitle() == "*second.json — convviz"
    assert session.recent() == [second.resolve(), first.resolve()]
    recent_menu = child(window, QMenu, "recentMenu")
    recent_menu.aboutToShow.emit()
    assert [a.text() for a in recent_menu.actions()] == ["second.json", "first.json"]

    answers.reply = QMessageBox.StandardButton.Discard
    recent_menu.actions()[1].trigger()  # File ▸ Open recent ▸ first.json
    assert answers.asked == ["Save the changes to second.json?"]
    assert_same_state(window, state)
    assert session.path == first.resolve()
    assert window.windowTitle() == "first.json — convviz"
    assert not session.unsaved
    assert session.recent()[0] == first.resolve()


def test_ctrl_o_and_ctrl_s_open_and_save_the_lesson_file(
    qtbot, home, window, tmp_path, monkeypatch
):
    path = tmp_path / "lesson.json"
    save_lesson(path, ConvModel(stride=2), "From the keyboard", "Ask first.")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kw: (str(path), ""))
    qtbot.keyClick(window, Qt.Key.Key_O, CTRL)
    assert window.windowTitle() == "From the keyboard — lesson.json — convviz"
    assert child(window, QLabel, "notesLabel").text() == "Ask first."
    window.model.set_input_cell(0, 0, 1.0)
    assert window.windowTitle().startswith("*")
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)  # saves over the open file, no dialog
    assert not window.windowTitle().startswith("*")
    saved = load_lesson(path)
    assert saved.model.input[0, 0] == 1.0
    assert saved.title == "From the keyboard"
    assert saved.notes == "Ask first."


def program_window(qtbot):
    """The window as the ``convviz`` command opens it (remembered session, zoom, theme)."""
    window = open_window(None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    activate(qtbot, window)
    return window


def test_changes_are_autosaved_and_restored_next_time(qtbot, home):
    session_file = home / "session.json"
    window = program_window(qtbot)
    window.model.set_input_cell(0, 0, 1.0)
    window.model.set_stride(2)
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert not session_file.exists()  # after a pause, not at every key
    qtbot.waitUntil(session_file.exists, timeout=AUTOSAVE_DELAY_MS + 3000)
    lesson, note = restore_session()
    assert note == ""
    assert lesson is not None
    np.testing.assert_array_equal(lesson.model.input, window.model.input)
    np.testing.assert_array_equal(lesson.model.kernel, window.model.kernel)
    assert lesson.model.stride == (2, 2)
    assert lesson.model.cursor == 3

    restored = program_window(qtbot)  # the next start of convviz
    np.testing.assert_array_equal(restored.model.input, window.model.input)
    assert restored.model.stride == (2, 2)
    assert restored.model.cursor == 3


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_crash_while_autosaving_keeps_the_last_session(qtbot, home, window, monkeypatch, failing):
    session_file = home / "session.json"
    window.session.save_session()
    before = session_file.read_bytes()
    window.model.set_input_cell(0, 0, 1.0)

    def crash(*args, **kwargs):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(convviz.lesson.atomic.os, failing, crash)
        window.session.save_session()  # what the autosave timer calls
    assert session_file.read_bytes() == before
    leftovers = [p.name for p in home.iterdir() if p.name not in {"session.json", "settings.ini"}]
    assert leftovers == []
    assert "not being saved automatically" in message(window)
    assert "No space left on device" in message(window)
    lesson, _ = restore_session()
    np.testing.assert_array_equal(lesson.model.input, SEED_INPUT)  # the last good session


def test_the_model_outlives_a_closed_window(qtbot, home):
    """``MainWindow(model)`` from a script: after the window is closed and gone, the model
    is still usable (ModelAdapter.detach says "the model may outlive it")."""
    model = ConvModel()
    window = MainWindow(model)
    window.show()
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    model.set_input_cell(0, 0, 1.0)  # the LessonSession of the deleted window still listens
    model.step()
    assert model.cursor == 1


# -- closing ---------------------------------------------------------------------------------
def edited_lesson_file(window, path):
    assert window.session.save(path)
    window.model.set_input_cell(0, 0, 1.0)
    assert window.session.unsaved
    assert window.windowTitle() == f"*{path.name} — convviz"


def test_closing_an_edited_lesson_file_cancel_keeps_the_window(
    qtbot, home, window, tmp_path, answers
):
    path = tmp_path / "lesson.json"
    edited_lesson_file(window, path)
    before = path.read_bytes()
    answers.reply = QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert window.isVisible()
    assert answers.asked == ["Save the changes to lesson.json?"]
    assert path.read_bytes() == before
    qtbot.keyClick(window, Qt.Key.Key_PageDown)  # the lesson goes on
    assert window.model.cursor == 1
    answers.reply = QMessageBox.StandardButton.Discard  # let the test's cleanup close it


def test_closing_an_edited_lesson_file_discard_closes_without_saving(
    qtbot, home, window, tmp_path, answers
):
    path = tmp_path / "lesson.json"
    edited_lesson_file(window, path)
    before = path.read_bytes()
    answers.reply = QMessageBox.StandardButton.Discard
    assert window.close()
    assert not window.isVisible()
    assert len(answers.asked) == 1
    assert path.read_bytes() == before


def test_closing_an_edited_lesson_file_save_writes_it(qtbot, home, window, tmp_path, answers):
    path = tmp_path / "lesson.json"
    edited_lesson_file(window, path)
    answers.reply = QMessageBox.StandardButton.Save
    assert window.close()
    assert not window.isVisible()
    assert len(answers.asked) == 1
    assert load_lesson(path).model.input[0, 0] == 1.0


def test_closing_without_a_lesson_file_never_asks(qtbot, home, window, tmp_path, answers):
    window.model.set_input_cell(0, 0, 1.0)  # edited, but there is no file to save to
    assert window.close()
    assert answers.asked == []
    other = MainWindow()
    qtbot.addWidget(other)
    other.show()  # closing a never-shown window twice crashes: see the next test
    qtbot.waitExposed(other)
    assert other.session.save(tmp_path / "lesson.json")  # a file, saved, not edited since
    other.model.step()
    assert other.close()
    assert answers.asked == []


def test_closing_a_window_twice_is_harmless(tmp_path):
    """``window.close()`` from a script, then once more (pytest-qt's cleanup does that too):
    a window that was never shown runs closeEvent again, ``adapter.detach()`` raises
    ValueError (list.remove) inside the Qt virtual and PySide6 kills the process.  Run in a
    child process so the crash cannot take the test run with it."""
    script = (
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from convviz import MainWindow\n"
        "window = MainWindow()\n"
        "assert window.close()\n"
        "window.close()\n"
        "print('still alive')\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CONVVIZ_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr[-800:]}"
    assert "still alive" in result.stdout


# -- export from the window --------------------------------------------------------------------
def test_export_a_gif_of_the_whole_walk(qtbot, home, window, tmp_path):
    window.model.seek(7)
    path = tmp_path / "walk.gif"
    assert export_with_progress(window, str(path))
    with Image.open(path) as gif:
        assert gif.n_frames == window.model.total_steps + 1 == 26
    assert window.model.cursor == 7  # the class's window did not move
    assert message(window) == f"Exported to {path}."


def test_ctrl_e_exports_the_feature_map_as_numbers(qtbot, home, window, tmp_path, monkeypatch):
    window.model.set_kernel(np.array([[1.0, -0.5, 0.25], [0.0, 1 / 3, 2.0], [1.0, 1.0, 1.0]]))
    path = tmp_path / "map.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kw: (str(path), ""))
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    values = np.loadtxt(path, delimiter=",", ndmin=2)
    np.testing.assert_array_equal(values, window.model.feature_map)  # exact, not rounded


@pytest.mark.parametrize("name", ["walk.gif", "map.csv"])
def test_export_to_an_unwritable_place_says_so_and_writes_nothing(
    qtbot, home, window, tmp_path, name
):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a regular file, not a folder")
    target = blocker / name
    assert not export_with_progress(window, str(target))
    assert "cannot write" in message(window)
    assert str(target) in message(window)
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == ["notes.txt"]
    assert blocker.read_text() == "a regular file, not a folder"


def test_exporting_keeps_the_windows_theme(qtbot, home, window, tmp_path):
    qtbot.keyClick(window, Qt.Key.Key_F3)  # Dark
    assert export_with_progress(window, str(tmp_path / "step.png"))
    window.model.set_input_cell(0, 0, 1.0)  # any edit redraws the input grid
    grid = child(window, GridView, "inputGrid")
    assert cell_pixel(grid, 6, 6) == THEMES["Dark"].ink[0].lower(), (
        f"after exporting, the dark window paints its cells in the {active().name} theme"
    )
    assert active().name == "Dark"


def test_exporting_keeps_the_remembered_zoom(qtbot, home, window, tmp_path):
    for _ in range(5):
        qtbot.keyClick(window, Qt.Key.Key_Equal, CTRL)
    assert export_with_progress(window, str(tmp_path / "step.png"))
    assert window.zoom == pytest.approx(1.5)
    assert float(settings().value("zoom")) == pytest.approx(1.5), (
        "exporting overwrote the zoom the user chose with the export's scale"
    )


def test_exporting_leaves_the_autosaved_session_alone(qtbot, home, window, tmp_path):
    shipped_action(window, "stride-2").trigger()
    window.model.seek(2)
    window.session.save_session()
    before = (home / "session.json").read_bytes()
    assert export_with_progress(window, str(tmp_path / "step.png"))
    lesson, _ = restore_session()
    assert lesson.title == "Stride 2: a smaller map"
    assert (home / "session.json").read_bytes() == before


def test_exporting_from_python_never_touches_the_users_settings(qtbot, home, tmp_path):
    """``convviz export`` and ``export_lesson()`` from a script draw the window offscreen;
    they must not write the user's autosaved session or remembered zoom."""
    export_lesson(ConvModel(), tmp_path / "step.png", scale=1.2)
    assert sorted(p.name for p in home.iterdir()) == []
