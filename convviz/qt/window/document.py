"""The lesson as a document: open, save, revert, and asking before changes are lost.

Opening another lesson, reverting or quitting with unsaved changes asks first, shipped
lessons included; Discard on quitting really discards (the next start opens the lesson
as saved, not the autosaved edit).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from convviz.qt.window.lesson_session import LessonSession

LESSON_FILTER = "convviz lessons (*.json)"
Button = QMessageBox.StandardButton


def keep_changes(session: LessonSession, parent: QWidget, *, closing: bool = False) -> bool:
    """Before the lesson is replaced or the window closes: ``False`` means stay.

    Save writes the lesson (asking for a file when it has none); Discard goes on without
    it.  Quitting an edited lesson that has no file nor shipped origin does not ask: the
    autosaved session keeps it for the next start.
    """
    if not session.unsaved or (closing and not session.has_origin):
        return True
    answer = QMessageBox.question(
        parent,
        "Unsaved changes",
        f"Save the changes to {session.origin_name or 'this lesson'}?",
        Button.Save | Button.Discard | Button.Cancel,
    )
    if answer == Button.Save:
        return save(session, parent)
    if answer == Button.Discard:
        if closing:
            session.revert()  # what the autosave then keeps for the next start
        return True
    return False


def save(session: LessonSession, parent: QWidget, *, ask: bool = False) -> bool:
    """Save over the lesson's file, or ask for one (a shipped lesson is never saved over)."""
    target: str | Path | None = session.path
    if ask or target is None:
        target, _ = QFileDialog.getSaveFileName(parent, "Save the lesson", "", LESSON_FILTER)
    return bool(target) and session.save(target)


def open_file(session: LessonSession, parent: QWidget, path: str | Path | None = None) -> None:
    """Open a lesson file (asked for when ``path`` is None), after asking about changes."""
    if not keep_changes(session, parent):
        return
    if path is None:
        path, _ = QFileDialog.getOpenFileName(parent, "Open a lesson", "", LESSON_FILTER)
    if path:
        session.open(path)


def open_shipped(session: LessonSession, parent: QWidget, name: str) -> None:
    if keep_changes(session, parent):
        session.open_shipped(name)


def revert(session: LessonSession, parent: QWidget) -> None:
    """File ▸ Revert: the lesson as saved, after a question (the changes cannot come back)."""
    if not session.has_origin:
        return
    if session.unsaved:
        answer = QMessageBox.question(
            parent,
            "Revert",
            f"Throw away the changes since {session.origin_name} was opened or saved?",
            Button.Discard | Button.Cancel,
        )
        if answer != Button.Discard:
            return
    session.revert()
