"""convviz: see the convolution of a CNN happen, one window step at a time.

``import convviz`` loads nothing but this file: each public name imports its module on
first use (PEP 562), so ``convviz export`` can catch Ctrl+C before NumPy, Pillow and Qt
spend half a second loading, and a script that only wants :func:`feature_map` never
loads Qt.  :func:`feature_map`, :class:`ConvModel`, lesson files and the numbers-only
exports need no display; ``convviz.MainWindow`` imports Qt, and :func:`export_lesson`
only when it draws pictures.  These names stay importable from here wherever the modules
behind them move; scripts should not depend on the inner layout.
"""

from __future__ import annotations

from importlib import import_module

# Not ``typing.TYPE_CHECKING``: importing typing costs more than the rest of this file
# (type checkers read any constant of this name the same way).
TYPE_CHECKING = False
if TYPE_CHECKING:  # what mypy and editors see; at run time __getattr__ imports these
    from contextlib import AbstractContextManager
    from pathlib import Path
    from typing import Any

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
    from convviz.export.exporter import ExportError, Progress, Shoot, Words
    from convviz.lesson.files import Lesson, LessonError, load_lesson, save_lesson
    from convviz.qt.window.main_window import MainWindow

# The one place the version is written (pyproject.toml reads it from here): asking
# importlib.metadata instead costs 30 ms of every start-up.
__version__ = "0.1.0"

#: Where each public name lives, imported on first use.
_HOMES = {
    "ConvModel": "convviz.core.model",
    "ExportError": "convviz.export.exporter",
    "FitResult": "convviz.core.fit",
    "Geometry": "convviz.core.convolution",
    "Lesson": "convviz.lesson.files",
    "LessonError": "convviz.lesson.files",
    "MainWindow": "convviz.qt.window.main_window",
    "Step": "convviz.core.walk",
    "TrainingResult": "convviz.core.training",
    "Walk": "convviz.core.walk",
    "WalkSettings": "convviz.core.model",
    "digits": "convviz.core.digits",
    "feature_map": "convviz.core.convolution",
    "fit_detector": "convviz.core.fit",
    "input_gradient": "convviz.core.gradients",
    "kernel_gradient": "convviz.core.gradients",
    "load_lesson": "convviz.lesson.files",
    "load_photo": "convviz.core.photo",
    "pool": "convviz.core.pooling",
    "save_lesson": "convviz.lesson.files",
    "train_digits": "convviz.core.training",
    "transposed_map": "convviz.core.transposed",
}

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
    from convviz.export import NO_WORDS, Words, export
    from convviz.lesson.files import Lesson

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
    """Import a public name's module on first use, then keep the name here."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'convviz' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value  # later uses are plain attribute reads
    return value


def __dir__() -> list[str]:
    """The public names, although most are not imported yet (for ``dir`` and editors).

    Only they and the module's dunders: this file's helpers (``import_module``,
    ``TYPE_CHECKING``) are not the package's to offer.
    """
    return sorted(set(__all__) | {name for name in globals() if name.startswith("__")})
