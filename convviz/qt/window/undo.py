"""Undo and redo for every edit of the lesson: Ctrl+Z, Ctrl+Shift+Z or Ctrl+Y, the Edit menu.

Each edit made through :meth:`ModelAdapter.attempt` becomes one command holding the
lesson before and after it (:class:`LessonState`, a few references to the model's
read-only arrays); undo and redo put one of them back.  Stepping the walk is not an
edit, so undo never moves the class's place in the walk (only cuts it to a shorter one).
"""

from __future__ import annotations

from collections.abc import Hashable

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from convviz.core.edit_names import NOT_EDITS, edit_name, merge_key
from convviz.core.model import ConvModel, LessonState
from convviz.qt.model_adapter import Edit, ModelAdapter
from convviz.qt.window.lesson_session import LessonSession, Properties

#: Any fixed number: Qt offers a command to the one before it only when their ids match;
#: :meth:`LessonCommand.mergeWith` then compares the merge keys.
_MERGEABLE = 1


class LessonCommand(QUndoCommand):
    """One step of the history: the lesson before and after an edit (or a burst of them)."""

    def __init__(
        self, model: ConvModel, before: LessonState, name: str, merge: Hashable | None
    ) -> None:
        super().__init__(name)
        self._model = model
        self._before = before
        self._after = model.snapshot()
        self._merge = merge
        self._done = True  # pushed after the edit: the first redo has nothing to do

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._model.restore(self._after)

    def undo(self) -> None:
        self._model.restore(self._before)

    def id(self) -> int:
        return _MERGEABLE if self._merge is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Absorb the next edit of the same cell or setting; a burst back to the start vanishes."""
        if not isinstance(other, LessonCommand) or other._merge != self._merge:
            return False
        self._after = other._after
        self.setText(other.text())
        self.setObsolete(self._after.same_as(self._before))
        return True


class PropertiesCommand(QUndoCommand):
    """A typed title or notes: they live in the session (the file's), not in the model."""

    def __init__(self, session: LessonSession, before: Properties) -> None:
        after = session.properties()
        if before.title == after.title:
            name = "notes"
        else:
            name = "title and notes" if before.notes != after.notes else "title"
        super().__init__(name)
        self._session, self._before, self._after = session, before, after
        self._done = True  # pushed after the edit: the first redo has nothing to do

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._session.restore_properties(self._after)

    def undo(self) -> None:
        self._session.restore_properties(self._before)


UNDO_LIMIT = 100  # edits that Ctrl+Z can take back


class LessonHistory(QObject):
    """The window's undo stack, fed by the adapter's edits and emptied when a lesson opens."""

    def __init__(self, adapter: ModelAdapter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = adapter.model
        self.stack = QUndoStack(self)
        # Each step keeps two whole lessons (a photo's included): a class's worth of undo,
        # not an hour's, so memory stays flat however long the lesson is prepared.
        self.stack.setUndoLimit(UNDO_LIMIT)
        adapter.edited.connect(self._record)

    def _record(self, edit: Edit) -> None:
        if edit.method in NOT_EDITS:
            return
        name = edit.name or edit_name(edit.method, edit.before, edit.args)
        merge = edit.merge if edit.merge is not None else merge_key(edit.method, edit.args)
        self.stack.push(LessonCommand(self._model, edit.before, name, merge))

    def follow(self, session: LessonSession) -> None:
        """Record the title and notes typed for ``session``'s lesson too."""
        session.propertiesEdited.connect(
            lambda before: self.stack.push(PropertiesCommand(session, before))
        )

    def clear(self) -> None:
        """Forget the history: another lesson was opened (its edits are not this one's)."""
        self.stack.clear()
