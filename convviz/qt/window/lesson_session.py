"""The lesson being taught: its file, title, notes, unsaved changes and recent files.

The automatic session save makes a crash or a power cut lose nothing.  Opening a
file loads it completely before anything is replaced: a broken file leaves the session
as it was, with a message.  The autosave is written atomically (temporary file, then
rename), a couple of seconds after the last change.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from convviz.lesson.files import Lesson, LessonError, NewerLessonError, load_lesson, save_lesson
from convviz.qt.model_adapter import ModelAdapter

MAX_RECENT = 8
AUTOSAVE_DELAY_MS = 2000


def state_dir() -> Path:
    """Where convviz keeps its settings and the autosaved session.

    ``CONVVIZ_HOME`` overrides it (the tests use a temporary folder); otherwise the XDG
    state folder, as desktop Linux expects.
    """
    override = os.environ.get("CONVVIZ_HOME")
    if override:
        return Path(override)
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "convviz"


def settings_path() -> Path:
    return state_dir() / "settings.ini"


def settings() -> QSettings:
    """The remembered choices (zoom, theme, recent files), kept beside the session.

    Read them through :func:`convviz.qt.window.remembered.read_remembered`, which checks.
    """
    return QSettings(str(settings_path()), QSettings.Format.IniFormat)


def session_path() -> Path:
    return state_dir() / "session.json"


def restore_session() -> tuple[Lesson | None, str]:
    """The autosaved session, if any, and a message when it could not be read.

    A session this convviz cannot read (made by a newer one, or damaged) is never
    overwritten by the next autosave: it is renamed aside first, and the message says
    where, so a newer convviz (or a person) can still use it.
    """
    path = session_path()
    if not path.exists() and not path.is_symlink():
        return None, ""
    try:
        return load_lesson(path), ""
    except LessonError as error:
        tag = f"v{error.version}" if isinstance(error, NewerLessonError) else "unreadable"
        try:
            kept = keep_aside(path, tag)
        except OSError as failure:
            return None, (
                f"The last session could not be restored ({error}) nor kept aside "
                f"({failure.strerror or failure}); starting afresh."
            )
        return None, (
            f"The last session could not be restored ({error}); it was kept as {kept}. "
            "Starting afresh."
        )


def keep_aside(path: Path, tag: str) -> Path:
    """Rename ``path`` to ``name.TAG.suffix`` (``session.v2.json``), never over another file."""
    for number in range(1000):
        extra = f"-{number}" if number else ""
        target = path.with_name(f"{path.stem}.{tag}{extra}{path.suffix}")
        if not target.exists() and not target.is_symlink():
            path.rename(target)
            return target
    raise FileExistsError(errno.EEXIST, "too many kept files", str(path))


class LessonSession(QObject):
    """File state of the window's lesson; the model itself stays the adapter's."""

    changed = Signal()  # title, path, notes or the unsaved flag changed

    def __init__(self, adapter: ModelAdapter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._adapter = adapter
        self.path: Path | None = None
        self.title = ""
        self.notes = ""
        self.unsaved = False
        self.autosave = False  # the program turns it on; exports and tests leave it off
        self._autosave_error = ""
        self._autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self.save_session)
        adapter.walkChanged.connect(self._lesson_changed)
        adapter.cursorMoved.connect(self._schedule_autosave)

    def edited(self) -> None:
        """A part of the lesson outside the walk changed (a caption): unsaved, autosaved."""
        self._lesson_changed()

    def _lesson_changed(self) -> None:
        if not self.unsaved:
            self.unsaved = True
            self.changed.emit()
        self._schedule_autosave()

    def _schedule_autosave(self) -> None:
        if self.autosave:
            self._autosave.start()

    # -- files -------------------------------------------------------------------------
    def open(self, path: str | os.PathLike[str]) -> bool:
        """Load a lesson file; on any problem say why and keep the current lesson."""
        try:
            lesson = load_lesson(Path(path))
        except LessonError as error:
            self._adapter.refused.emit(f"{Path(path).name} was not opened: {error}")
            return False
        self.adopt(lesson, Path(path))
        return True

    def adopt(self, lesson: Lesson, path: Path | None) -> None:
        """Show ``lesson`` (from a file, the bundled ones or the restored session)."""
        self._adapter.model.replace_with(lesson.model)
        self.path, self.title, self.notes, self.unsaved = path, lesson.title, lesson.notes, False
        if path is not None:
            self._remember(path)
        self._adapter.accepted.emit()  # an earlier refusal no longer describes what is shown
        self.changed.emit()

    def save(self, path: str | os.PathLike[str] | None = None) -> bool:
        """Save to ``path`` (or the current file); a failure says why and loses nothing."""
        target = Path(path) if path is not None else self.path
        if target is None:
            return False
        try:
            save_lesson(target, self._adapter.model, self.title, self.notes)
        except (OSError, LessonError) as error:
            self._adapter.refused.emit(f"The lesson was not saved to {target}: {error}")
            return False
        self.path, self.unsaved = target, False
        self._remember(target)
        self.changed.emit()
        return True

    def save_session(self) -> None:
        """Write the autosave now (also called on close).

        A failure (a read-only home, a full disk) is said once, not every two seconds;
        the lesson on screen is untouched either way.
        """
        try:
            session_path().parent.mkdir(parents=True, exist_ok=True)
            save_lesson(session_path(), self._adapter.model, self.title, self.notes)
        except (OSError, ValueError) as error:  # ValueError: LessonError, or a bug's
            message = f"The session is not being saved automatically: {error}"
            if message != self._autosave_error:
                self._autosave_error = message
                self._adapter.refused.emit(message)
        else:
            self._autosave_error = ""

    @property
    def display_name(self) -> str:
        """What the title bar shows: the title, else the file name, else the seed's name."""
        if self.title:
            return self.title
        return self.path.name if self.path else "The convolution operation, step by step"

    # -- recent files ------------------------------------------------------------------
    def recent(self) -> list[Path]:
        """Recently opened or saved lesson files that still exist, newest first."""
        stored = settings().value("recent", [], list)
        paths = stored if isinstance(stored, list) else []
        return [Path(p) for p in paths if isinstance(p, str) and Path(p).exists()]

    def _remember(self, path: Path) -> None:
        paths = [str(path.resolve())]
        paths += [str(p) for p in self.recent() if p.resolve() != path.resolve()]
        settings().setValue("recent", paths[:MAX_RECENT])
