"""The one Qt-side owner of the model: turns its notifications into Qt signals.

Widgets never talk to each other; they change the model (through :meth:`attempt`, which
turns a refusal into a message instead of an exception in a Qt slot) and redraw when
the adapter tells them what changed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from convviz.core.model import Change, ConvModel, LessonState


@dataclass(frozen=True)
class Edit:
    """One change a user made to the lesson through :meth:`ModelAdapter.attempt`.

    ``method`` and ``args`` say what was asked (the undo history names the action from
    them, unless ``name`` does); ``merge`` groups a burst of edits (a painted stroke, one
    cell typed over and over) into one step of the history.
    """

    before: LessonState
    method: str
    args: tuple[object, ...]
    name: str | None = None
    merge: Hashable | None = None


class ModelAdapter(QObject):
    """Qt signals for a :class:`ConvModel`."""

    cursorMoved = Signal(int, int)  # old cursor, new cursor: maps unchanged
    walkChanged = Signal()  # input, kernel or geometry changed: redraw
    refused = Signal(str)  # a change was refused; the message says why
    accepted = Signal()  # a change went through (clears an earlier refusal)
    edited = Signal(object)  # an Edit that changed the lesson (the undo history records it)
    #: ``model.display`` changed: the names of the fields (``"pointed"``: the hovered cell)
    displayChanged = Signal(frozenset)

    def __init__(self, model: ConvModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        model.subscribe(self._on_change)
        model.display.subscribe(self._on_display)

    def _on_change(self, change: Change) -> None:
        if change.kind == "cursor":
            self.cursorMoved.emit(change.old_cursor, self.model.cursor)
        else:
            self.walkChanged.emit()

    def _on_display(self, fields: frozenset[str]) -> None:
        self.displayChanged.emit(fields)

    def attempt(
        self,
        change: Callable[..., object],
        *args: object,
        name: str | None = None,
        merge: Hashable | None = None,
    ) -> bool:
        """Run ``change(*args)`` on the model; on ``ValueError`` say why and keep the state.

        Every edit a user makes comes through here, so this is where it is recorded
        (:attr:`edited`) for undo; ``name`` and ``merge`` are described at :class:`Edit`.
        """
        before = self.model.snapshot()
        try:
            change(*args)
        except ValueError as error:
            self.refused.emit(str(error))
            return False
        self.accepted.emit()
        if not before.same_as(self.model.snapshot()):
            method = getattr(change, "func", change)  # a functools.partial names its function
            self.edited.emit(Edit(before, getattr(method, "__name__", ""), args, name, merge))
        return True

    def detach(self) -> None:
        """Stop listening (the window is closing; the model may outlive it)."""
        if self._on_change in self.model.observers:
            self.model.unsubscribe(self._on_change)
            self.model.display.unsubscribe(self._on_display)
