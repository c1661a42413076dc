"""A lesson as a document: its title bar, asking before changes are lost, Discard that
discards across a restart, Revert, and its title and notes edited in the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
)
from test_classroom import program_window, shipped_action
from test_photo_panel import open_photo
from window_helpers import child, pick, tick

from convviz import ConvModel
from convviz.core.assets import bundled_photos
from convviz.lesson.files import load_lesson, save_lesson
from convviz.qt.window.main_window import STALE_NOTES

Button = QMessageBox.StandardButton
CTRL = Qt.KeyboardModifier.ControlModifier


def lesson_file(tmp_path, **settings):
    path = tmp_path / "lesson.json"
    save_lesson(path, ConvModel(**settings), "Stride practice", "Ask for the map's size.")
    return path


def file_action(window, name) -> QAction:
    return child(window, QAction, name)


def closed(window) -> None:
    """Close ``window`` as the user quits (a restart follows)."""
    assert window.close()
    assert not window.isVisible()


def test_an_edited_shipped_lesson_gets_a_star_that_undo_takes_away(qtbot, home, window):
    shipped_action(window, "stride-2").trigger()
    assert not window.windowTitle().startswith("*")
    tick(qtbot, window, "reluCheck")
    assert window.windowTitle() == "*Stride 2: a smaller map — stride-2 (shipped) — convviz"
    window.history.stack.undo()
    assert not window.windowTitle().startswith("*")


def test_opening_another_lesson_over_changes_asks_shipped_included(qtbot, home, window, answers):
    shipped_action(window, "stride-2").trigger()
    window.model.set_padding("same")
    answers.reply = Button.Cancel
    shipped_action(window, "seed").trigger()
    assert answers.asked == ["Save the changes to stride-2 (shipped)?"]
    assert window.model.settings.padding == "same"  # Cancel: nothing replaced
    answers.reply = Button.Discard
    shipped_action(window, "seed").trigger()
    assert window.model.stride == (1, 1)
    assert window.session.shipped == "seed"


def test_quitting_an_edited_shipped_lesson_asks(qtbot, home, window, answers):
    shipped_action(window, "stride-2").trigger()
    window.model.set_relu(True)
    answers.reply = Button.Cancel
    assert not window.close()
    assert answers.asked == ["Save the changes to stride-2 (shipped)?"]
    answers.reply = Button.Discard  # the test's cleanup closes it


def test_discard_on_quitting_really_discards_across_a_restart(qtbot, home, tmp_path, answers):
    path = lesson_file(tmp_path, stride=2)
    window = program_window(qtbot)
    assert window.session.open(path)
    window.model.set_input_cell(0, 0, 1.0)
    window.session.save_session()  # the autosave has caught the edit
    answers.reply = Button.Discard
    closed(window)
    assert answers.asked == ["Save the changes to lesson.json?"]

    again = program_window(qtbot)  # the next start
    assert again.model.input[0, 0] == 0.0  # the file as saved, not the discarded edit
    assert again.model.stride == (2, 2)
    assert again.session.path == path.resolve()
    assert again.windowTitle() == "Stride practice — lesson.json — convviz"
    again.model.set_stride(3)
    qtbot.keyClick(again, Qt.Key.Key_S, CTRL)  # saves to the file it came from, no dialog
    assert load_lesson(path).model.stride == (3, 3)


def test_the_session_remembers_its_file_and_its_unsaved_changes(qtbot, home, tmp_path):
    path = lesson_file(tmp_path)
    window = program_window(qtbot)
    assert window.session.open(path)
    window.model.set_stride(2)
    window.session.save_session()  # the autosave, then the power goes off
    window.session.autosave = False
    window.session.revert()  # (so this window closes without asking)
    closed(window)

    again = program_window(qtbot)
    assert again.model.stride == (2, 2)  # the autosaved edit is back …
    assert again.session.path == path.resolve()
    assert again.windowTitle() == "*Stride practice — lesson.json — convviz"  # … and unsaved
    again.session.revert()


def test_revert_goes_back_to_the_file_after_asking(qtbot, home, window, tmp_path, answers):
    path = lesson_file(tmp_path)
    assert window.session.open(path)
    window.model.set_stride(2)
    revert = file_action(window, "revertAction")
    answers.reply = Button.Cancel
    revert.trigger()
    assert window.model.stride == (2, 2)
    answers.reply = Button.Discard
    revert.trigger()
    assert window.model.stride == (1, 1)
    assert not window.session.unsaved
    assert len(answers.asked) == 2


def test_title_and_notes_are_typed_in_the_window_and_saved(qtbot, home, window, tmp_path):
    window.model.set_padding("same")  # edited first: the notes are written for this lesson
    file_action(window, "lessonPropertiesAction").trigger()
    dialog = window.findChild(QDialog, "lessonPropertiesDialog")
    qtbot.waitExposed(dialog)
    child(dialog, QLineEdit, "lessonTitleEdit").setText("Edges")
    child(dialog, QPlainTextEdit, "lessonNotesEdit").setPlainText("Stop at step 4.")
    ok = child(dialog, QDialogButtonBox, "").button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert window.windowTitle() == "*Edges — convviz"
    assert child(window, QLabel, "notesLabel").text() == "Stop at step 4."
    window.model.set_stride(2)  # notes written now, for this lesson: stale after a change
    assert child(window, QLabel, "notesLabel").text() == STALE_NOTES + "Stop at step 4."
    window.model.set_stride(1)
    path = tmp_path / "edges.json"
    assert window.session.save(path)
    saved = load_lesson(path)
    assert (saved.title, saved.notes) == ("Edges", "Stop at step 4.")
    assert window.windowTitle() == "Edges — edges.json — convviz"


def test_notes_that_no_longer_match_the_lesson_say_so(qtbot, home, window, answers):
    shipped_action(window, "stride-2").trigger()
    notes = child(window, QLabel, "notesLabel")
    written = load_lesson_notes("stride-2")
    assert notes.text() == written
    pick(window, "paddingCombo", "Same")  # the notes' "3×3" is now wrong
    assert notes.text() == STALE_NOTES + written
    window.history.stack.undo()
    assert notes.text() == written


def test_a_photo_names_the_lesson_instead_of_the_seeds_title(qtbot, home, window, answers):
    shipped_action(window, "seed").trigger()
    assert window.windowTitle().startswith("The seed smiley")
    open_photo(qtbot, window, bundled_photos()["coffee.png"])
    assert window.windowTitle() == "*coffee.png — seed (shipped) — convviz"
    answers.reply = Button.Discard  # the test's cleanup closes it


def load_lesson_notes(name: str) -> str:
    from convviz.core.assets import bundled_lessons

    return load_lesson(bundled_lessons()[name]).notes
