"""The ``convviz`` command: open the window (on a lesson file), or export a lesson.

``convviz export …`` is told apart from ``convviz LESSON`` by its first word, so a lesson
file and the subcommand can share the first position on the command line.

Everything but :mod:`sys` and :mod:`os` (loaded with Python itself) is imported inside
:func:`main`, where a Ctrl+C during the half second NumPy, Pillow and Qt take to load ends
with one line: a press before :func:`main` would print a traceback no code can catch.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # as typing's, without loading typing first
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from pathlib import Path

    from convviz.lesson.files import Lesson
    from convviz.qt.window.main_window import MainWindow

NO_DISPLAY = (
    "convviz: no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set). "
    "Run it in a desktop session, over 'ssh -X' or under 'xvfb-run convviz'; "
    "for scripted use, 'convviz export' records a lesson with no screen at all."
)
#: Qt platforms that draw no window a person can see: the window would run unseen forever.
UNSEEN_PLATFORMS = ("offscreen", "minimal")
UNSEEN = (
    "convviz: QT_QPA_PLATFORM={platform} draws no window anyone can see. "
    "For scripted use, 'convviz export' records a lesson (see 'convviz export --help')."
)
EXAMPLES = """\
examples:
  convviz                       the seed lesson: a 7×7 smiley and a 3×3 detector
  convviz my-lesson.json        open a lesson file
  convviz stride-2              open a lesson shipped with convviz ({bundled})
  convviz export walk.gif       record the seed lesson's walk (works without a screen)

Run 'convviz export --help' for GIF, PNG, CSV and NumPy exports.
"""


def _parser() -> argparse.ArgumentParser:
    import argparse

    from convviz import __version__
    from convviz.core.assets import bundled_lessons

    parser = argparse.ArgumentParser(
        prog="convviz",
        usage=(
            "%(prog)s [-h] [--version] [LESSON]\n"
            "       %(prog)s export [LESSON] OUTPUT [--fps N] [--size WxH] [--scale S]"
        ),
        description=(
            "Watch a convolution happen: a feature detector (kernel) slides over an input\n"
            "image, and each step multiplies the overlapping cells and sums them into one\n"
            "cell of the feature map.\n\n"
            "Keys: Space play/pause, Right or Page Down step, Left or Page Up step back,\n"
            "Home reset, End jump to the end."
        ),
        epilog=EXAMPLES.format(bundled=", ".join(bundled_lessons())),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"convviz {__version__}")
    parser.add_argument(
        "lesson",
        nargs="?",
        metavar="LESSON",
        help="a lesson file (.json) or the name of a lesson shipped with convviz",
    )
    return parser


def open_window(
    lesson: Lesson | None, path: Path | None = None, shipped: str | None = None
) -> MainWindow:
    """The main window on ``lesson``, else on the autosaved session, else the shipped seed.

    ``path`` is the file ``lesson`` was read from, or ``shipped`` the shipped lesson's name.

    The zoom and theme the user chose last time are applied too.
    """
    from convviz.lesson.files import find_lesson
    from convviz.qt.window.main_window import MainWindow
    from convviz.qt.window.remembered import read_remembered

    remembered = read_remembered()  # first: it may rename a settings.ini Qt cannot read
    window = MainWindow()
    window.session.autosave = True
    notes = list(remembered.notes)
    if lesson is None:
        resumed, note = window.session.resume()
        notes.append(note)
        if not resumed:  # a first start: the seed lesson with its captions, untitled
            window.session.adopt(find_lesson("seed"), None)
    else:
        window.session.adopt(lesson, path, shipped=shipped)
    window.set_theme(remembered.theme, remember=False)
    window.set_zoom(remembered.zoom, remember=False)
    message = " ".join(note for note in notes if note)
    if message:
        window.show_message(message)
    return window


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``convviz`` command and of ``python -m convviz``."""
    args = list(sys.argv[1:] if argv is None else argv)
    exporting = args[:1] == ["export"]
    pressed: list[bool] = []
    try:
        _note_ctrl_c(pressed)
        if exporting:
            from convviz.cli.export_command import run_export  # it catches Ctrl+C from here

            return run_export(args[1:])
        return _start(args)
    except (KeyboardInterrupt, ImportError) as error:
        # While the modules load, before the export or window could.  A press inside a
        # C extension's import (NumPy's) comes out as an ImportError, not an interrupt.
        if isinstance(error, ImportError) and not pressed:
            raise
        print(
            "convviz export: interrupted; nothing was written"
            if exporting
            else "convviz: interrupted",
            file=sys.stderr,
        )
        return 130  # the shell's code for Ctrl+C


def _note_ctrl_c(pressed: list[bool]) -> None:
    """Record Ctrl+C presses in ``pressed`` and interrupt as Python does.

    Left alone where SIGINT is ignored (a script's background job) or already handled.
    """
    import signal

    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:

        def interrupt(signum: int, frame: object) -> None:
            pressed.append(True)
            raise KeyboardInterrupt

        signal.signal(signal.SIGINT, interrupt)


def _start(args: list[str]) -> int:
    """``convviz [LESSON]``: the window, until it is closed."""
    from pathlib import Path

    from convviz.lesson.files import LessonError, find_lesson
    from convviz.qt.platform import has_display

    options = _parser().parse_args(args)
    lesson = None
    if options.lesson is not None:
        try:
            lesson = find_lesson(options.lesson)
        except LessonError as error:
            print(f"convviz: cannot open lesson {options.lesson}: {error}", file=sys.stderr)
            return 2
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith(UNSEEN_PLATFORMS):
        print(UNSEEN.format(platform=platform), file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("convviz")
    path = Path(options.lesson) if options.lesson and Path(options.lesson).is_file() else None
    shipped = options.lesson if lesson is not None and path is None else None
    window = open_window(lesson, path, shipped)
    window.show()
    return app.exec()
