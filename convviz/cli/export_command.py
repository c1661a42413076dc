"""``convviz export``: record a lesson as GIF, PNG frames, CSV or NumPy, with no screen.

Only the arguments and the terminal live here; :mod:`convviz.export.exporter` does the work.  Qt
is imported after ``QT_QPA_PLATFORM`` is set, which is why this module imports none; NumPy and
the lesson files load after Ctrl+C is caught, so this module imports only the standard library.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
from typing import TextIO

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

EPILOG = """\
OUTPUT's ending picks what is written:
  .gif     the animated walk, from the empty feature map to the full one
  .png     a picture of the lesson at its saved step
  FOLDER   (no ending, or an existing folder) one PNG per step: frame-0000.png, …
  .csv     the finished feature map's numbers, one row per line
  .npy     the finished feature map as a NumPy array

examples:
  convviz export walk.gif
  convviz export my-lesson.json walk.gif --fps 8 --size 1920x1080
  convviz export stride-2 frames          (then e.g. ffmpeg -i frames/frame-%04d.png walk.mp4)
  convviz export my-lesson.json map.csv
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="convviz export",
        usage="%(prog)s [-h] [LESSON] OUTPUT [--fps N] [--size WxH] [--scale S] "
        "[--layout {window,lesson}]",
        description=(
            "Record a lesson without opening a window (no screen needed): the window is\n"
            "drawn offscreen, exactly as the class would see it."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "lesson",
        nargs="?",
        metavar="LESSON",
        help="a lesson file or a shipped lesson's name (default: seed)",
    )
    parser.add_argument("output", metavar="OUTPUT", help="the file or folder to write")
    parser.add_argument(
        "--fps",
        type=float,
        default=4,
        metavar="N",
        help="GIF frames (steps) per second (default: 4)",
    )
    parser.add_argument(
        "--size",
        type=_size,
        default=(1280, 720),
        metavar="WxH",
        help="picture size in pixels (default: 1280x720)",
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, metavar="S", help="text size, 0.5 to 3 (default: 1)"
    )
    parser.add_argument(
        "--layout",
        choices=("window", "lesson"),
        default="window",
        help="window: the whole window, as the class sees it (default); lesson: only the "
        "grids, the arithmetic and the notes, for a course page",
    )
    return parser


def _size(text: str) -> tuple[int, int]:
    """``"1280x720"`` → ``(1280, 720)`` (argparse turns the error into a usage message)."""
    match = re.fullmatch(r"\s*(\d+)\s*[x×X]\s*(\d+)\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(
            f"expected WIDTHxHEIGHT in pixels like 1280x720, got {text!r}"
        )
    return int(match[1]), int(match[2])


class Progress:
    """Called between two pictures: draws ``[#####.....] 12/26`` and stops on Ctrl+C.

    Ctrl+C only raises a flag.  A ``KeyboardInterrupt`` raised inside Qt's drawing would
    crash the process and leave the temporary file behind; raised here, between two
    pictures, it unwinds cleanly and the export removes what it had begun.
    """

    def __init__(self, stream: TextIO, *, draw: bool, width: int = 30) -> None:
        self._stream, self._draw, self._width = stream, draw, width
        self._open = self.interrupted = False

    def stop(self, signum: int, frame: object) -> None:
        """Signal handler for Ctrl+C and ``kill``."""
        self.interrupted = True

    def check(self) -> None:
        """Stop (``KeyboardInterrupt``) if Ctrl+C or ``kill`` came since the last check."""
        if self.interrupted:
            raise KeyboardInterrupt

    def __call__(self, done: int, total: int) -> None:
        self.check()
        if not self._draw or total < 2:
            return  # not a terminal, or a single picture (quick): no bar
        filled = self._width * done // total
        self._stream.write(f"\r[{'#' * filled}{'.' * (self._width - filled)}] {done}/{total}")
        self._open = done < total
        if not self._open:
            self._stream.write("\n")
        self._stream.flush()

    def close(self) -> None:
        """End the bar's line if the export stopped half-way, before a message is printed."""
        if self._open:
            self._stream.write("\n")
            self._open = False


def run_export(args: list[str]) -> int:
    """``convviz export``: no window, so no display needed (Qt draws offscreen).

    Ctrl+C is caught from the first moment (while the lesson is read and Qt starts too),
    so it always ends with one line, never a traceback.
    """
    progress = Progress(sys.stderr, draw=sys.stderr.isatty())
    handlers = {kind: signal.signal(kind, progress.stop) for kind in STOP_SIGNALS}
    output = "OUTPUT"
    try:
        options = _parser().parse_intermixed_args(args)
        output = options.output
        return _export(options, progress)
    except KeyboardInterrupt:
        progress.close()
        print(f"convviz export: interrupted; {output} was not written", file=sys.stderr)
        return 130  # the shell's code for Ctrl+C
    finally:
        for kind, handler in handlers.items():
            signal.signal(kind, handler)


def _export(options: argparse.Namespace, progress: Progress) -> int:
    from convviz.lesson.files import LessonError, find_lesson

    progress.check()  # Ctrl+C while NumPy and Pillow loaded
    name = options.lesson or "seed"
    try:
        lesson = find_lesson(name)
    except LessonError as error:
        print(f"convviz export: cannot open lesson {name}: {error}", file=sys.stderr)
        return 2
    progress.check()  # Ctrl+C while the lesson was read
    # Before Qt is imported: offscreen even on a desktop, so the pictures do not depend on
    # the screen's scaling and no window flashes up.  An explicit choice is respected.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from convviz.export import ExportError, Words, export
    from convviz.qt.window.main_window import MainWindow

    progress.check()  # Ctrl+C while Qt loaded: before the window is built for nothing
    try:
        export(
            lesson.model,
            options.output,
            fps=options.fps,
            size=options.size,
            scale=options.scale,
            progress=progress,
            camera=MainWindow.lesson_camera if options.layout == "lesson" else MainWindow.camera,
            words=Words(lesson.title, lesson.notes),
        )
    except ExportError as error:
        progress.close()
        print(f"convviz export: {error}", file=sys.stderr)
        return 2
    print(f"convviz: wrote {options.output}")
    return 0
