"""Keeps the lesson's keys (Space, Page Up, Page Down) working inside spin boxes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

LESSON_KEYS = frozenset({Qt.Key.Key_Space, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown})
CLICKER_KEYS = frozenset({Qt.Key.Key_PageUp, Qt.Key.Key_PageDown})  # what a clicker sends


class LessonKeys(QObject):
    """An event filter: the watched widget does not claim the lesson's keys.

    Qt asks the focused widget first (a "shortcut override"); refusing it here lets the
    window's Play and Step shortcuts have the key, as a presentation clicker expects.
    ``keys`` narrows the set (a text box keeps Space for typing).
    """

    def __init__(
        self, parent: QObject | None = None, keys: frozenset[Qt.Key] = LESSON_KEYS
    ) -> None:
        super().__init__(parent)
        self._keys = keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in self._keys
            and not event.modifiers()
        ):
            event.ignore()
            return True
        return super().eventFilter(watched, event)
