"""Opening photos without freezing the class: decode in a worker, apply on the GUI thread.

Decoding a large JPEG or PNG takes long enough to stall the window, so Pillow runs in a
worker thread and only the finished pixels come back, through a queued signal, to the
GUI thread, where the lesson is changed through :meth:`ModelAdapter.attempt`.  A file
that cannot be used changes nothing: the bar at the bottom of the window says why.
"""

from __future__ import annotations

import math
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from functools import partial
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtCore import QMimeData, QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from convviz.core.assets import PHOTO_SUFFIXES, assets_dir
from convviz.core.photo import MAX_FILE_BYTES, Photo, PhotoError, load_photo
from convviz.core.regular_file import open_regular
from convviz.qt.model_adapter import ModelAdapter

#: Larger photos are shrunk to about this many pixels: the size at which every kernel
#: edit still redraws the whole filtered photo at once (the live-filtering target).
LIVE_PIXELS = 1920 * 1080
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg);;All files (*)"


def dropped_photo(mime: QMimeData) -> Path | None:
    """The first local PNG or JPEG file among dragged URLs (what a window accepts)."""
    for url in mime.urls():
        path = Path(url.toLocalFile())
        if url.isLocalFile() and path.suffix.lower() in PHOTO_SUFFIXES:
            return path
    return None


def decode(path: Path) -> Photo:
    """Decode ``path`` and shrink it to :data:`LIVE_PIXELS` if larger (worker thread)."""
    photo = load_photo(path)
    height, width = photo.pixels.shape[:2]
    if width * height <= LIVE_PIXELS:
        return photo
    scale = math.sqrt(LIVE_PIXELS / (width * height))
    size = (max(1, int(width * scale)), max(1, int(height * scale)))
    pixels = Image.fromarray(photo.pixels).resize(size, Image.Resampling.BOX)
    # The header only (load_photo may have shrunk it), of the file load_photo accepted.
    with open_regular(path, MAX_FILE_BYTES) as file, Image.open(file) as original:
        was = original.size
    note = f"downscaled from {was[0]}×{was[1]} to {size[0]}×{size[1]} to keep filtering live"
    return Photo(np.asarray(pixels), photo.name, note)


class PhotoLoader(QObject):
    """Opens photos for one window's lesson; if requests overlap, only the newest is used.

    The photo becomes the input with the current photo choices (colour, walk size) when
    a photo is already open, else grey at the model's default walk size.
    """

    started = Signal(str)  # file name: decoding began
    loaded = Signal(str)  # "coffee.png", or "big.jpg, downscaled from … to …"
    noted = Signal(str)  # only for a downscaled photo: what was done to it, for the bar
    finished = Signal()  # the newest request was used or refused
    _decoded = Signal(object, object)  # (request number, Photo or error), from the worker

    def __init__(self, adapter: ModelAdapter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._adapter = adapter
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="convviz-photo")
        self._latest = 0  # number of the newest request
        self._pending = 0  # requests still being decoded
        self._decoded.connect(self._apply, Qt.ConnectionType.QueuedConnection)
        pool = self._pool
        self.destroyed.connect(lambda: pool.shutdown(wait=False, cancel_futures=True))

    @property
    def busy(self) -> bool:
        """Whether a photo is being decoded."""
        return self._pending > 0

    def open_dialog(self, parent: QWidget | None = None) -> None:
        """Ask for a PNG or JPEG (starting among the sample photos) and open it."""
        path, _ = QFileDialog.getOpenFileName(
            parent, "Open a photo", str(assets_dir() / "photos"), IMAGE_FILTER
        )
        if path:
            self.load(path)

    def load(self, path: str | Path) -> None:
        """Start decoding ``path``; the lesson changes later, when the pixels are ready."""
        path = Path(path)
        self._latest += 1
        self._pending += 1
        self.started.emit(path.name)
        self._pool.submit(decode, path).add_done_callback(partial(self._report, self._latest))

    def _report(self, request: int, future: Future[Photo]) -> None:
        """Worker thread: hand the result (or the reason it failed) to the GUI thread."""
        if future.cancelled():  # the loader was deleted before this request started
            return
        # exception() rather than result() in a try: a caught exception's traceback would
        # hold this frame, whose `result` holds the exception: a cycle that keeps a refused
        # file open until the garbage collector happens to run.
        error = future.exception()  # whatever went wrong, the class is told, not the console
        result = future.result() if error is None else error
        with suppress(RuntimeError):  # the window closed (deleting this loader) meanwhile
            self._decoded.emit(request, result)

    def _apply(self, request: int, result: Photo | Exception) -> None:
        """GUI thread: make the photo the lesson's input, unless a newer one is coming."""
        self._pending -= 1
        if request != self._latest:
            return
        if isinstance(result, Photo):
            self._use(result)
        elif isinstance(result, PhotoError):
            self._adapter.refused.emit(str(result))
        else:
            self._adapter.refused.emit(f"The photo could not be opened: {result}")
        self.finished.emit()

    def _use(self, photo: Photo) -> None:
        model = self._adapter.model
        cut = model.photo_cut  # a new photo is cut as the last one was, but never a patch
        cut_as = partial(model.set_photo, photo)
        if cut is not None:
            cut_as = partial(cut_as, colour=cut.colour, longest_side=cut.longest_side)
        if self._adapter.attempt(cut_as, name=photo.name):
            summary = f"{photo.name}, {photo.note}" if photo.note else photo.name
            self.loaded.emit(summary)
            if photo.note:
                self.noted.emit(summary)
