"""Export from the window: choose a file, watch the progress, keep teaching meanwhile.

The same :func:`convviz.export.export` as the command line, with the window's own camera
(its class drawn offscreen), so a GIF made here and one made on a server are drawn
by the same code.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog, QWidget

from convviz.core.model import ConvModel
from convviz.export import ExportError, Words, export
from convviz.export.exporter import Shoot, Size
from convviz.qt.widgets import named


class ExportingWindow(Protocol):
    """What the dialog needs of the window: its lesson, a place for messages, a parent.

    A protocol rather than the main window's class, so the window can import this module
    and not the other way round.
    """

    model: ConvModel
    export_lesson_only: bool

    def show_message(self, text: str) -> None: ...
    def window(self) -> QWidget: ...
    def lesson_words(self) -> Words:
        """The lesson's title and notes as the class reads them now."""
        ...

    def camera(
        self, model: ConvModel, size: Size, scale: float, words: Words
    ) -> AbstractContextManager[Shoot]:
        """Draws the lesson for the exporter (the window's own class, offscreen)."""
        ...

    def lesson_camera(
        self, model: ConvModel, size: Size, scale: float, words: Words
    ) -> AbstractContextManager[Shoot]:
        """The same without menus, settings or buttons (a course page's pictures)."""
        ...


FILTERS = (
    "Animated walk (*.gif);;Picture of this step (*.png);;"
    "Feature map as numbers (*.csv);;Feature map for NumPy (*.npy)"
)


class _CancelledError(Exception):
    """The user pressed Cancel: the export stops and leaves nothing behind."""


def run_export_dialog(window: ExportingWindow) -> None:
    """Ask for a file name, then export the window's lesson there with a progress bar."""
    path, _ = QFileDialog.getSaveFileName(window.window(), "Export the lesson", "walk.gif", FILTERS)
    if path:
        export_with_progress(window, path)


def export_with_progress(window: ExportingWindow, path: str) -> bool:
    """Export to ``path``; a failure or a cancel says so in the window and leaves no file."""
    progress = named(
        QProgressDialog("Exporting…", "Cancel", 0, 0, window.window()), "exportProgress"
    )
    progress.setMinimumDuration(500)  # short exports never flash a dialog

    def advance(done: int, total: int) -> None:
        progress.setMaximum(total)
        progress.setValue(done)
        QApplication.processEvents()  # repaint the bar, notice Cancel
        if progress.wasCanceled():
            raise _CancelledError

    try:
        camera = window.lesson_camera if window.export_lesson_only else window.camera
        export(window.model, path, progress=advance, camera=camera, words=window.lesson_words())
    except ExportError as error:
        window.show_message(str(error))
        return False
    except _CancelledError:
        window.show_message("The export was cancelled; nothing was written.")
        return False
    finally:
        progress.close()
    window.show_message(f"Exported to {path}.")
    return True
