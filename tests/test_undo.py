"""Undo and redo of every edit of the lesson, from the Edit menu and the keys.

Each edit is made the way an instructor makes it (a click, a typed weight, a spin box,
a combo box, a button), then taken back with Ctrl+Z and made again with Ctrl+Shift+Z or
Ctrl+Y; the lesson must come back exactly, and stepping the walk is never an edit.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
)
from test_photo_panel import open_photo
from window_helpers import child, click, pick, tick, type_into_kernel, type_line

from convviz.core.assets import bundled_lessons, bundled_photos
from convviz.lesson.files import load_lesson
from convviz.qt.grids.grid_view import GridView
from convviz.qt.window.main_window import STALE_NOTES

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def activate(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def undo_text(window) -> str:
    return child(window, QAction, "undoAction").text()


def undo(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)


def redo(qtbot, window, how="Ctrl+Shift+Z"):
    if how == "Ctrl+Y":
        qtbot.keyClick(window, Qt.Key.Key_Y, CTRL)
    else:
        qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | SHIFT)


def paint(qtbot, window, row, col):
    grid = child(window, GridView, "inputGrid")
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.cell_center(row, col))


def spin(window, name, value):
    child(window, QSpinBox, name).setValue(value)


def rename(window, row, name):
    names = child(window, QListView, "kernelList").model()
    names.setData(names.index(row, 0), name)


def second_kernel(window):
    """A layer of two kernels made from code: not an edit of the history."""
    window.model.add_kernel()


EDITS: dict[str, tuple[Callable | None, Callable, str]] = {
    # name: (preparation from code, the edit as a user makes it, the Edit menu's words)
    "cell": (None, lambda qtbot, w: paint(qtbot, w, 0, 0), "Undo painting on the input"),
    "weight": (
        None,
        lambda qtbot, w: type_into_kernel(qtbot, w, 0, 1, "2"),
        "Undo weight 2 in row 0, column 1",
    ),
    "input size": (None, lambda qtbot, w: spin(w, "inputRowsSpin", 9), "Undo input size 9×7"),
    "kernel size": (None, lambda qtbot, w: spin(w, "kernelColsSpin", 4), "Undo kernel size 3×4"),
    "stride": (None, lambda qtbot, w: spin(w, "strideSpin", 2), "Undo stride 2"),
    "padding": (None, lambda qtbot, w: pick(w, "paddingCombo", "Same"), "Undo padding same"),
    "fill": (
        lambda w: w.model.set_padding("same"),
        lambda qtbot, w: pick(w, "paddingModeCombo", "reflect"),
        "Undo padding mode reflect",
    ),
    "dilation": (None, lambda qtbot, w: spin(w, "dilationYSpin", 2), "Undo dilation 2×1"),
    "flip": (None, lambda qtbot, w: tick(qtbot, w, "flipCheck"), "Undo convolution"),
    "add": (None, lambda qtbot, w: click(qtbot, w, "addKernelButton"), "Undo add a kernel"),
    "remove": (
        second_kernel,
        lambda qtbot, w: click(qtbot, w, "removeKernelButton"),
        "Undo remove Detector 2",
    ),
    "rename": (second_kernel, lambda qtbot, w: rename(w, 1, "Edges"), "Undo rename to Edges"),
    "reorder": (
        second_kernel,
        lambda qtbot, w: click(qtbot, w, "moveKernelUpButton"),
        "Undo move Detector 2 up",
    ),
    "preset": (None, lambda qtbot, w: pick(w, "presetCombo", "Sharpen"), "Undo Sharpen"),
    "pattern": (None, lambda qtbot, w: pick(w, "patternCombo", "X"), "Undo pattern X"),
    "photo": (
        None,
        lambda qtbot, w: open_photo(qtbot, w, bundled_photos()["coffee.png"]),
        "Undo coffee.png",
    ),
    "bias": (None, lambda qtbot, w: type_line(qtbot, w, "biasEdit", "0.5"), "Undo bias 0.5"),
    "relu": (None, lambda qtbot, w: tick(qtbot, w, "reluCheck"), "Undo ReLU on"),
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_each_kind_of_edit_is_undone_and_redone_by_keys(qtbot, window, kind):
    prepare, edit, words = EDITS[kind]
    if prepare is not None:
        prepare(window)
    activate(qtbot, window)
    before = window.model.snapshot()
    assert not child(window, QAction, "undoAction").isEnabled()
    edit(qtbot, window)
    after = window.model.snapshot()
    assert not after.same_as(before)
    assert undo_text(window) == words
    undo(qtbot, window)
    assert window.model.snapshot().same_as(before)
    assert child(window, QAction, "redoAction").text() == words.replace("Undo", "Redo")
    redo(qtbot, window)
    assert window.model.snapshot().same_as(after)
    undo(qtbot, window)
    redo(qtbot, window, "Ctrl+Y")
    assert window.model.snapshot().same_as(after)


def test_many_edits_undone_bring_back_the_lesson_exactly(qtbot, window):
    activate(qtbot, window)
    start = window.model.snapshot()
    for kind in ("cell", "weight", "stride", "padding", "add", "rename", "preset", "relu"):
        _prepare, edit, _words = EDITS[kind]
        edit(qtbot, window)
    end = window.model.snapshot()
    stack = window.history.stack
    assert stack.count() == 8
    while stack.canUndo():
        undo(qtbot, window)
    assert window.model.snapshot().same_as(start)
    while stack.canRedo():
        redo(qtbot, window)
    assert window.model.snapshot().same_as(end)


def test_a_burst_of_edits_to_one_cell_is_one_step(qtbot, window):
    activate(qtbot, window)
    start = window.model.snapshot()
    for text in ("1", "2", "-3"):
        type_into_kernel(qtbot, window, 1, 1, text)
    type_into_kernel(qtbot, window, 0, 0, "4")  # another cell: a step of its own
    assert window.history.stack.count() == 2
    undo(qtbot, window)
    assert undo_text(window) == "Undo weight −3 in row 1, column 1"  # a true minus
    undo(qtbot, window)
    assert window.model.snapshot().same_as(start)


def test_a_painted_stroke_is_one_step_and_the_next_stroke_another(qtbot, window):
    activate(qtbot, window)
    start = window.model.snapshot()
    grid = child(window, GridView, "inputGrid")
    viewport = grid.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=grid.cell_center(6, 0))
    for col in range(1, 7):
        qtbot.mouseMove(viewport, grid.cell_center(6, col))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=grid.cell_center(6, 6))
    paint(qtbot, window, 0, 0)
    assert window.history.stack.count() == 2
    undo(qtbot, window)
    assert window.model.input[0, 0] == 0
    assert window.model.input[6].sum() == 7
    undo(qtbot, window)
    assert window.model.snapshot().same_as(start)


def test_stepping_a_spin_box_several_times_is_one_step_named_after_the_last(qtbot, window):
    activate(qtbot, window)
    stride = child(window, QSpinBox, "strideSpin")
    stride.setFocus()
    qtbot.waitUntil(stride.hasFocus)
    for _ in range(2):
        qtbot.keyClick(stride, Qt.Key.Key_Up)
    assert window.model.stride == (3, 3)
    assert undo_text(window) == "Undo stride 3"
    undo(qtbot, window)  # Ctrl+Z in the focused spin box takes back the lesson's edit
    assert window.model.stride == (1, 1)
    assert stride.value() == 1
    assert not child(window, QAction, "undoAction").isEnabled()


def test_stepping_the_walk_is_not_an_edit_and_undo_keeps_the_place(qtbot, window):
    activate(qtbot, window)
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert not child(window, QAction, "undoAction").isEnabled()
    tick(qtbot, window, "reluCheck")
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    undo(qtbot, window)
    assert not window.model.layer.relu
    assert window.model.cursor == 4


def test_choosing_a_kernel_is_not_an_edit(qtbot, window):
    second_kernel(window)
    window.model.select_kernel(0)
    child(window, QListView, "kernelList").setCurrentIndex(
        child(window, QListView, "kernelList").model().index(1, 0)
    )
    assert window.model.selected == 1
    assert not child(window, QAction, "undoAction").isEnabled()


def test_undo_is_in_the_edit_menu(window):
    menus = [a.text() for a in window.menuBar().actions()]
    assert "&Edit" in menus
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert [a.objectName() for a in edit.actions()] == ["undoAction", "redoAction"]


def test_opening_another_lesson_starts_a_new_history(qtbot, window):
    tick(qtbot, window, "reluCheck")
    window.session.adopt(load_lesson(bundled_lessons()["stride-2"]), None)
    assert not child(window, QAction, "undoAction").isEnabled()


def test_a_refused_edit_is_not_a_step(qtbot, window):
    activate(qtbot, window)
    type_into_kernel(qtbot, window, 0, 0, "abc")
    assert not child(window, QAction, "undoAction").isEnabled()
    assert not child(window, QCheckBox, "reluCheck").isChecked()


def type_properties(qtbot, window, title: str, notes: str) -> None:
    """File ▸ Lesson title and notes…, typed and confirmed with OK."""
    child(window, QAction, "lessonPropertiesAction").trigger()
    dialog = window.findChild(QDialog, "lessonPropertiesDialog")
    qtbot.waitExposed(dialog)
    child(dialog, QLineEdit, "lessonTitleEdit").setText(title)
    child(dialog, QPlainTextEdit, "lessonNotesEdit").setPlainText(notes)
    ok = child(dialog, QDialogButtonBox, "").button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_typed_title_and_notes_are_undone_and_redone(qtbot, window, answers):
    answers.reply = QMessageBox.StandardButton.Discard  # when the test closes the window
    window.session.adopt(load_lesson(bundled_lessons()["stride-2"]), None, shipped="stride-2")
    shipped = (window.session.title, window.session.notes)
    notes = child(window, QLabel, "notesLabel")
    type_properties(qtbot, window, "Edges", "Stop at step 4.")
    assert undo_text(window) == "Undo title and notes"
    assert window.windowTitle().startswith("*Edges")
    activate(qtbot, window)
    undo(qtbot, window)
    assert (window.session.title, window.session.notes) == shipped
    assert notes.text() == shipped[1]
    assert not window.session.unsaved  # back to the lesson as shipped: no star
    assert not window.windowTitle().startswith("*")
    redo(qtbot, window, "Ctrl+Y")
    assert (window.session.title, notes.text()) == ("Edges", "Stop at step 4.")
    type_properties(qtbot, window, "Edges", "Stop at step 5.")
    assert undo_text(window) == "Undo notes"


def test_undone_notes_come_back_as_stale_as_they_were(qtbot, window, answers):
    answers.reply = QMessageBox.StandardButton.Discard  # when the test closes the window
    window.session.adopt(load_lesson(bundled_lessons()["stride-2"]), None, shipped="stride-2")
    shipped = window.session.notes
    notes = child(window, QLabel, "notesLabel")
    window.model.set_stride(1)  # the shipped notes describe stride 2 no more
    assert notes.text() == STALE_NOTES + shipped
    type_properties(qtbot, window, window.session.title, "Stride 1 now.")
    assert notes.text() == "Stride 1 now."  # written for the lesson as it stands
    activate(qtbot, window)
    undo(qtbot, window)
    assert notes.text() == STALE_NOTES + shipped
