"""convviz: see the convolution of a CNN happen, one window step at a time.

``import convviz`` loads NumPy and Pillow only: :func:`feature_map`, :class:`ConvModel`,
lesson files and the numbers-only exports work in notebooks and on machines with no
display.  ``convviz.MainWindow`` imports Qt on first use, and :func:`export_lesson` only
when it draws pictures.  These names stay importable from here wherever the modules
behind them move; scripts should not depend on the inner layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from convviz.core.convolution import Geometry, feature_map
from convviz.core.digits import digits
from convviz.core.fit import FitResult, fit_detector
from convviz.core.gradients import input_gradient, kernel_gradient
from convviz.core.model import ConvModel, WalkSettings
from convviz.core.photo import load_photo
from convviz.core.pooling import pool
from convviz.core.training import TrainingResult, train_digits
from convviz.core.transposed import transposed_map
from convviz.core.walk import Step, Walk
from convviz.export import NO_WORDS, ExportError, Words
from convviz.lesson.files import Lesson, LessonError, load_lesson, save_lesson

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from convviz.export.exporter import Progress, Shoot
    from convviz.qt.window.main_window import MainWindow

# The one place the version is written (pyproject.toml reads it from here): asking
# importlib.metadata instead costs 30 ms of every start-up.
__version__ = "0.1.0"

__all__ = [
    "ConvModel",
    "ExportError",
    "FitResult",
    "Geometry",
    "Lesson",
    "LessonError",
    "MainWindow",
    "Step",
    "TrainingResult",
    "Walk",
    "WalkSettings",
    "__version__",
    "digits",
    "export_lesson",
    "feature_map",
    "fit_detector",
    "input_gradient",
    "kernel_gradient",
    "load_lesson",
    "load_photo",
    "pool",
    "save_lesson",
    "train_digits",
    "transposed_map",
]


def export_lesson(
    lesson: ConvModel | Lesson,
    output: str | Path,
    *,
    fps: float = 4,
    size: tuple[int, int] = (1280, 720),
    scale: float = 1.0,
    progress: Progress | None = None,
) -> None:
    """Export ``lesson`` to ``output`` (GIF, PNG, frames folder, CSV or NPY by its suffix).

    Pictures are the real window drawn offscreen, so Qt is loaded only for them; the
    numbers (CSV, NPY) never need it.  A :class:`Lesson`'s title and notes are drawn
    with it, as the window shows them.  Raises :class:`ExportError` with a message that
    says what to change.
    """
    from convviz.export import export

    words = Words(lesson.title, lesson.notes) if isinstance(lesson, Lesson) else NO_WORDS
    model = lesson.model if isinstance(lesson, Lesson) else lesson
    export(
        model,
        output,
        fps=fps,
        size=size,
        scale=scale,
        progress=progress,
        camera=_window_camera,
        words=words,
    )


def _window_camera(
    model: ConvModel, size: tuple[int, int], scale: float, words: Words
) -> AbstractContextManager[Shoot]:
    """The main window drawn offscreen, imported only when a picture is wanted."""
    from convviz.qt.window.main_window import MainWindow

    return MainWindow.camera(model, size, scale, words)


def __getattr__(name: str) -> Any:
    """Import the Qt window only when someone asks for it."""
    if name == "MainWindow":
        from convviz.qt.window.main_window import MainWindow

        return MainWindow
    raise AttributeError(f"module 'convviz' has no attribute {name!r}")
