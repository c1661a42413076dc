"""The one Qt-side owner of the model: turns its notifications into Qt signals.

Widgets never talk to each other; they change the model (through :meth:`attempt`, which
turns a refusal into a message instead of an exception in a Qt slot) and redraw when
the adapter tells them what changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from convviz.core.model import Change, ConvModel


class ModelAdapter(QObject):
    """Qt signals for a :class:`ConvModel`."""

    cursorMoved = Signal(int, int)  # old cursor, new cursor: maps unchanged
    walkChanged = Signal()  # input, kernel or geometry changed: redraw
    refused = Signal(str)  # a change was refused; the message says why
    accepted = Signal()  # a change went through (clears an earlier refusal)
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

    def attempt(self, change: Callable[..., object], *args: object) -> bool:
        """Run ``change(*args)`` on the model; on ``ValueError`` say why and keep the state."""
        try:
            change(*args)
        except ValueError as error:
            self.refused.emit(str(error))
            return False
        self.accepted.emit()
        return True

    def detach(self) -> None:
        """Stop listening (the window is closing; the model may outlive it)."""
        if self._on_change in self.model.observers:
            self.model.unsubscribe(self._on_change)
            self.model.display.unsubscribe(self._on_display)
