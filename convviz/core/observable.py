"""Plain-Python observers: how the Qt-free state tells the views (and the quiz) it changed.

The model, the display state, the captions and the quiz each keep a list of callables
and call them after a change; this base class is that list, once.  ``Observable[[Change]]``
calls ``observer(change)``; ``Observable[[]]`` calls ``observer()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec

P = ParamSpec("P")


class Observable(Generic[P]):
    """Keeps observers and calls each of them, in order, on :meth:`_emit`."""

    def __init__(self) -> None:
        self._observers: list[Callable[P, None]] = []

    def subscribe(self, observer: Callable[P, None]) -> None:
        """Call ``observer`` after every change from now on."""
        self._observers.append(observer)

    def unsubscribe(self, observer: Callable[P, None]) -> None:
        self._observers.remove(observer)

    @property
    def observers(self) -> tuple[Callable[P, None], ...]:
        return tuple(self._observers)

    def _emit(self, *args: P.args, **kwargs: P.kwargs) -> None:
        # A copy: an observer may unsubscribe (a window closing) while being told.
        for observer in list(self._observers):
            observer(*args, **kwargs)
