"""The choices remembered between starts (text size, theme), read so that any file starts.

``settings.ini`` is a text file a person (or a crash, or a full disk) can spoil:
``zoom=abc``, ``zoom=`` or ``zoom=1e308`` once stopped convviz from starting.  Every value
is checked here and replaced by its default, with a message; a file that is no small
regular file (a FIFO would block Qt's reading of it forever) is renamed aside unread.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from convviz.core.regular_file import FileRefusedError, open_regular
from convviz.qt.theme import THEMES
from convviz.qt.window.lesson_session import keep_aside, settings, settings_path
from convviz.qt.window.window_fit import MAX_ZOOM, MIN_ZOOM

MAX_SETTINGS_BYTES = 1_000_000  # a few hundred bytes is usual
DEFAULT_THEME = "Light"


@dataclass(frozen=True)
class Remembered:
    """What the last run chose, checked; ``notes`` says what was replaced by a default."""

    zoom: float = 1.0
    theme: str = DEFAULT_THEME
    notes: tuple[str, ...] = ()


def read_remembered() -> Remembered:
    """The remembered zoom and theme, each valid (else its default, and a note why)."""
    refused = _refused_file()
    if refused:
        return Remembered(notes=(refused,))
    stored = settings()
    notes = []
    zoom = _zoom(stored.value("zoom", 1.0))
    if zoom is None:
        notes.append(f"The remembered text size {stored.value('zoom')!r} is not usable: 100 %.")
        zoom = 1.0
    theme = stored.value("theme", DEFAULT_THEME)
    if theme not in THEMES:
        notes.append(f"The remembered theme {theme!r} is unknown: {DEFAULT_THEME}.")
        theme = DEFAULT_THEME
    return Remembered(zoom, str(theme), tuple(notes))


def _zoom(value: object) -> float | None:
    """A text zoom within the window's range, or ``None``."""
    try:
        zoom = float(value)  # type: ignore[arg-type]  # anything: checked here
    except (TypeError, ValueError, OverflowError):
        return None
    return zoom if math.isfinite(zoom) and MIN_ZOOM <= zoom <= MAX_ZOOM else None


def _refused_file() -> str:
    """A message if ``settings.ini`` had to be renamed aside unread, else ``""``."""
    path = settings_path()
    try:
        open_regular(path, MAX_SETTINGS_BYTES).close()
    except FileRefusedError as error:
        try:
            kept = keep_aside(path, "unreadable")
        except OSError:
            kept = None
        if kept is None:
            return f"The remembered settings were not read ({error})."
        return f"The remembered settings were not read ({error}); the file was kept as {kept}."
    except OSError:  # none yet, or unreadable: Qt reads nothing and writes anew
        pass
    return ""
