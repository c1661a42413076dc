"""An animated GIF written one frame at a time, so memory does not grow with the walk.

Pillow's ``save(..., save_all=True, append_images=frames)`` keeps every frame until the
end (it compares each with the one before and merges repeats only once all are in), so a
1 000-step walk held a gigabyte.  Here each frame is compared with the previous one as it
comes, cropped to what changed, and written: at most two frames are held at any time.
The file is the same kind Pillow writes: one global palette, a delay per frame, looping.
"""

from __future__ import annotations

from typing import BinaryIO

import numpy as np
from PIL import GifImagePlugin, Image

MAX_DELAY_MS = 65535 * 10  # a GIF delay is a 16-bit count of hundredths of a second


class GifStream:
    """Frames (``"P"`` images sharing ``palette``'s colours) written to ``file`` as they come.

    ``palette`` is a ``"P"`` image of the frames' size whose palette every frame uses.
    """

    def __init__(self, file: BinaryIO, palette: Image.Image) -> None:
        self._file = file
        header, _ = GifImagePlugin.getheader(palette.copy(), info={"loop": 0, "duration": 1})
        for chunk in header:
            file.write(chunk)
        self._previous: np.ndarray | None = None  # the last frame's palette indices
        self._pending: tuple[Image.Image, tuple[int, int], int] | None = None

    def add(self, frame: Image.Image, duration_ms: int) -> None:
        """Append ``frame``, shown for ``duration_ms``; a repeat lengthens the one before."""
        indices = np.asarray(frame)
        box = _changed_box(self._previous, indices)
        if box is None and self._pending is not None:  # nothing changed: show it longer
            image, offset, shown = self._pending
            self._pending = (image, offset, shown + duration_ms)
            return
        self._flush()
        top, left, bottom, right = box or (0, 0, *indices.shape)
        self._pending = (frame.crop((left, top, right, bottom)), (left, top), duration_ms)
        self._previous = indices

    def close(self) -> None:
        """Write the last frame and the GIF's end."""
        self._flush()
        self._file.write(b";")

    def _flush(self) -> None:
        if self._pending is None:
            return
        image, offset, duration = self._pending
        for chunk in GifImagePlugin.getdata(image, offset, duration=min(duration, MAX_DELAY_MS)):
            self._file.write(chunk)
        self._pending = None


def _changed_box(before: np.ndarray | None, after: np.ndarray) -> tuple[int, int, int, int] | None:
    """``(top, left, bottom, right)`` around the pixels that differ; the whole frame first."""
    if before is None:
        return (0, 0, *after.shape)
    rows = np.flatnonzero((before != after).any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero((before[rows[0] : rows[-1] + 1] != after[rows[0] : rows[-1] + 1]).any(0))
    return int(rows[0]), int(cols[0]), int(rows[-1]) + 1, int(cols[-1]) + 1
