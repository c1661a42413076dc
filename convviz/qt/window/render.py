"""The real window drawn offscreen into Pillow images: what the exporter records.

Nothing here draws by itself.  A window (the caller's class: the main window for exports)
is built on the lesson, laid out at the export size and grabbed without ever being shown,
so an exported picture holds exactly what the class sees (the same widgets, style sheet
and painting code).  The window class is passed in, so the main window's export dialog
can use this module without it importing the main window back.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from PIL import Image, ImageOps
from PySide6.QtCore import QMessageLogContext, QSize, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QImage, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from convviz.core.model import ConvModel
from convviz.export.exporter import ExportError
from convviz.qt.platform import draw_offscreen_without_display
from convviz.qt.window.window_fit import MAX_ZOOM, MIN_ZOOM

Size = tuple[int, int]
#: The offscreen platform cannot resize native windows and says so at every layout
#: change: harmless (pyproject's qt_log_ignore says the same), but it would bury the
#: export's own messages.
HARMLESS = "This plugin does not support propagateSizeHints()"
#: The smallest and largest window an export lays out: the smallest a 1024×768 projector
#: shows, the largest a 4K screen; other sizes are drawn within these and scaled.
LAYOUT_SIDES = ((1024, 576), (3840, 2160))


class DrawableWindow(Protocol):
    """What a window must offer to be drawn here (the main window does)."""

    def set_zoom(self, zoom: float, *, remember: bool = True) -> None: ...
    def fit_screen(self, room: QSize | None) -> None: ...
    def resize(self, w: int, h: int, /) -> None: ...
    def width(self) -> int: ...
    def height(self) -> int: ...
    def grab(self) -> QPixmap: ...
    def palette(self) -> QPalette: ...
    def close(self) -> bool: ...
    def deleteLater(self) -> None: ...


@contextmanager
def offscreen_window(
    model: ConvModel,
    size: Size,
    scale: float,
    make_window: Callable[[ConvModel], DrawableWindow],
) -> Iterator[Callable[[int], Image.Image]]:
    """Yield ``shoot(step)``: the window with ``step`` cells revealed, as a ``size`` RGB image.

    ``scale`` is the window's text zoom.  ``model`` is walked (its cursor moves), so pass a
    copy of a model that a visible window shows.  ``make_window(model)`` builds the window.
    """
    if not MIN_ZOOM <= scale <= MAX_ZOOM:
        raise ExportError(f"scale {scale:g}: use {MIN_ZOOM:g} to {MAX_ZOOM:g} (1 = normal text)")
    draw_offscreen_without_display()
    app = QApplication.instance() or QApplication([])
    with _without_harmless_warnings():
        window = make_window(model)
        try:
            _lay_out(window, size, scale)
            colour = window.palette().window().color()
            background = (colour.red(), colour.green(), colour.blue())

            def shoot(step: int) -> Image.Image:
                model.go_to(step)  # a position of the whole lesson, pooling included
                app.processEvents()
                picture = _to_pillow(window.grab().toImage())
                if picture.size != size:
                    picture = ImageOps.pad(
                        picture, size, Image.Resampling.LANCZOS, color=background
                    )
                return picture

            yield shoot
        finally:
            window.close()
            window.deleteLater()


def _lay_out(window: DrawableWindow, size: Size, scale: float) -> None:
    """Lay the window out at ``size`` brought within :data:`LAYOUT_SIDES`.

    The picture is then scaled to ``size`` (letterboxed if its shape differs).  The window
    is never drawn at an extreme size: ``--size 300x7680`` once laid it out at 26 000
    pixels (a segmentation fault), ``64x1900`` took 16 GB.  The text is sized for the
    layout as for a screen of that size, as big as ``scale`` asks where it fits.
    """
    (low_w, low_h), (high_w, high_h) = LAYOUT_SIDES
    layout = QSize(min(max(size[0], low_w), high_w), min(max(size[1], low_h), high_h))
    window.fit_screen(layout)
    window.set_zoom(scale, remember=False)  # an export never changes the user's zoom
    window.resize(layout.width(), layout.height())
    window.grab()  # polish and lay out now; a window whose controls need more grows to them


def _to_pillow(image: QImage) -> Image.Image:
    """Copy a ``QImage`` into Pillow through its bytes, as RGB (the window is opaque)."""
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    size = (rgba.width(), rgba.height())
    data = bytes(rgba.constBits())
    return Image.frombuffer("RGBA", size, data, "raw", "RGBA", rgba.bytesPerLine(), 1).convert(
        "RGB"
    )


@contextmanager
def _without_harmless_warnings() -> Iterator[None]:
    """Drop :data:`HARMLESS`; pass every other Qt message on as before."""

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if message == HARMLESS:
            return
        if previous is None:
            print(message, file=sys.stderr)
        else:
            previous(kind, context, message)

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)
