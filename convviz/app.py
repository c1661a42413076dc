"""The ``convviz`` command: start the window, or explain why there is no screen to use."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from . import __version__

NO_DISPLAY = (
    "convviz: no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set). "
    "Run it in a desktop session, over 'ssh -X', under 'xvfb-run convviz', "
    "or set QT_QPA_PLATFORM=offscreen for scripted use."
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="convviz",
        description=(
            "Watch a convolution happen: a feature detector (kernel) slides over an input "
            "image, and each step multiplies the overlapping cells and sums them into one "
            "cell of the feature map. Keys: Space play/pause, Right or Page Down step, "
            "Left or Page Up step back, Home reset, End jump to the end."
        ),
    )
    parser.add_argument("--version", action="version", version=f"convviz {__version__}")
    return parser


def has_display(environ: os._Environ[str] | dict[str, str] = os.environ) -> bool:
    """Whether Qt can open a window here, judged before Qt would abort trying."""
    platform = environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return True  # offscreen, minimal, vnc, eglfs…: no X or Wayland server needed
    if not sys.platform.startswith("linux"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``convviz`` command and of ``python -m convviz``."""
    _parser().parse_args(argv)
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("convviz")
    window = MainWindow()
    window.show()
    return app.exec()
