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
from typing import NamedTuple

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from convviz.core.assets import bundled_lessons
from convviz.core.model import LessonState
from convviz.lesson.files import Lesson, LessonError, NewerLessonError, load_lesson, save_lesson
from convviz.qt.model_adapter import ModelAdapter

MAX_RECENT = 8
AUTOSAVE_DELAY_MS = 2000


class Properties(NamedTuple):
    """The lesson's title and notes, and the lesson the notes were written for.

    What an undo of a typed title or notes puts back: old notes come back as stale as
    they were, never marked fresh by the undo.
    """

    title: str
    notes: str
    notes_for: LessonState


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
    """File state of the window's lesson; the model itself stays the adapter's.

    A lesson is a document: it comes from a file or is shipped with convviz (its
    *origin*), and "unsaved" means it no longer matches the origin as opened or last
    saved (undoing back to that point clears it again).  The origin is remembered with
    the autosave, so the next start knows which file the session belongs to.
    """

    changed = Signal()  # title, path, notes, the unsaved flag or "lesson changed" changed
    propertiesEdited = Signal(object)  # typed title or notes: the Properties before them
    opened = Signal()  # another lesson replaced the model (its undo history is not this one's)

    def __init__(self, adapter: ModelAdapter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._adapter = adapter
        self.path: Path | None = None  # where Save writes; never a shipped lesson
        self.shipped: str | None = None  # the name of a shipped lesson it came from
        self.title = ""
        self.notes = ""
        self._saved: tuple[LessonState, str, str] = (adapter.model.snapshot(), "", "")
        self.lesson_changed = False  # the lesson differs from the one saved or opened
        self._notes_for = self._saved[0]  # the lesson the notes were written for
        self.notes_stale = False  # the lesson changed since the notes were written
        self.autosave = False  # the program turns it on; exports and tests leave it off
        self._autosave_error = ""
        self._autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self.save_session)
        adapter.walkChanged.connect(self._lesson_changed)
        adapter.cursorMoved.connect(self._schedule_autosave)

    @property
    def unsaved(self) -> bool:
        """Anything differs from the lesson as opened or last saved: grids, title or notes."""
        _state, title, notes = self._saved
        return self.lesson_changed or (self.title, self.notes) != (title, notes)

    @property
    def has_origin(self) -> bool:
        """It came from a file or is a shipped lesson (so Revert and Discard mean something)."""
        return self.path is not None or self.shipped is not None

    def edited(self) -> None:
        """A part of the lesson outside the walk changed (a caption): unsaved, autosaved."""
        self._lesson_changed()

    def _lesson_changed(self) -> None:
        now = self._adapter.model.snapshot()
        changed = not now.same_as(self._saved[0])
        stale = bool(self.notes) and not now.same_as(self._notes_for)
        if (changed, stale) != (self.lesson_changed, self.notes_stale):
            self.lesson_changed, self.notes_stale = changed, stale
            self.changed.emit()
        self._schedule_autosave()

    def _schedule_autosave(self) -> None:
        if self.autosave:
            self._autosave.start()

    def set_properties(self, title: str, notes: str) -> None:
        """The lesson's title and notes as typed in the window (saved with the lesson).

        The notes are now written for the lesson as it stands.  A change is announced
        (:attr:`propertiesEdited`) so the window's undo history can take it back.
        """
        before = self.properties()
        typed = Properties(title.strip(), notes.strip(), self._adapter.model.snapshot())
        self.restore_properties(typed)
        if typed[:2] != before[:2]:
            self.propertiesEdited.emit(before)

    def properties(self) -> Properties:
        return Properties(self.title, self.notes, self._notes_for)

    def restore_properties(self, properties: Properties) -> None:
        """Put back a title and notes (an undo or a redo), stale if the lesson changed since."""
        self.title, self.notes, self._notes_for = properties
        now = self._adapter.model.snapshot()
        self.notes_stale = bool(self.notes) and not now.same_as(self._notes_for)
        self.changed.emit()
        self._schedule_autosave()

    def show_words(self, title: str, notes: str) -> None:
        """Title and notes that came apart from the model (an export's), as saved with it."""
        self.title, self.notes = title, notes
        self._mark_saved()
        self.changed.emit()

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

    def open_shipped(self, name: str) -> None:
        """Show a lesson shipped with convviz (never saved over: Save asks for a file)."""
        self.adopt(load_lesson(bundled_lessons()[name]), None, shipped=name)

    def adopt(self, lesson: Lesson, path: Path | None, *, shipped: str | None = None) -> None:
        """Show ``lesson`` (from a file, the shipped ones or the restored session)."""
        self._adapter.model.replace_with(lesson.model)
        self.path, self.shipped = (path.resolve() if path else None), shipped
        self.title, self.notes = lesson.title, lesson.notes
        self._mark_saved()
        if path is not None:
            self._remember(path)
        self._adapter.accepted.emit()  # an earlier refusal no longer describes what is shown
        self.opened.emit()
        self.changed.emit()

    def revert(self) -> bool:
        """Back to the origin as saved: the file read again, or the shipped lesson."""
        if self.path is not None:
            return self.open(self.path)
        if self.shipped is not None:
            self.open_shipped(self.shipped)
            return True
        return False

    def _mark_saved(self) -> None:
        self._saved = (self._adapter.model.snapshot(), self.title, self.notes)
        self._notes_for = self._saved[0]
        self.lesson_changed = self.notes_stale = False

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
        self.path, self.shipped = target.resolve(), None
        self._mark_saved()
        self._remember(target)
        self.changed.emit()
        return True

    def save_session(self) -> None:
        """Write the autosave now (also called on close), and which lesson it belongs to.

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
            return
        self._autosave_error = ""
        remembered = settings()
        remembered.setValue("session/file", str(self.path) if self.path else "")
        remembered.setValue("session/shipped", self.shipped or "")
        remembered.setValue("session/unsaved", self.unsaved)

    def resume(self) -> tuple[bool, str]:
        """Carry on with the autosaved session (the next start); a message if it was lost.

        The session knows the file it came from, so Save still writes there, the title
        still names it, and unsaved changes are still marked as unsaved.
        """
        lesson, note = restore_session()
        if lesson is None:
            return False, note
        remembered = settings()
        file = str(remembered.value("session/file", "") or "")
        shipped = str(remembered.value("session/shipped", "") or "")
        path = Path(file) if file and Path(file).is_file() else None
        origin = shipped if shipped in bundled_lessons() else None
        self.adopt(lesson, path, shipped=origin)
        if str(remembered.value("session/unsaved", "false")).lower() == "true":
            self._compare_with_origin()
        return True, note

    def _compare_with_origin(self) -> None:
        """Unsaved means "differs from the origin as saved", read again from its file."""
        source = self.path or (bundled_lessons()[self.shipped] if self.shipped else None)
        if source is None:
            return
        try:
            saved = load_lesson(source)
        except LessonError:
            return  # the file went bad meanwhile: the session is all there is
        self._saved = (saved.model.snapshot(), saved.title, saved.notes)
        self._notes_for = self._saved[0]
        self._lesson_changed()
        self.changed.emit()

    @property
    def display_name(self) -> str:
        """What the lesson is called: its title, else its file's name, else the seed's name.

        A photo opened into a lesson is what the class sees, so it names the lesson
        until the lesson is saved with it.
        """
        photo = self._adapter.model.photo
        if photo is not None and photo is not self._saved[0].photo:
            return photo.name
        if self.title:
            return self.title
        return self.path.name if self.path else "The convolution operation, step by step"

    @property
    def origin_name(self) -> str:
        """Where the lesson comes from, for the title bar: a file name or "shipped"."""
        if self.path is not None:
            return self.path.name
        return f"{self.shipped} (shipped)" if self.shipped else ""

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
