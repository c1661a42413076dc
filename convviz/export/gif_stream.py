"""An animated GIF written one frame at a time, so memory does not grow with the walk.

Pillow's ``save(..., save_all=True, append_images=frames)`` keeps every frame until the
end (it compares each with the one before and merges repeats only once all are in), so a
1 000-step walk held a gigabyte.  Here each frame is compared with the previous one as it
comes, cropped to what changed, and written: at most two frames are held at any time.
The file is the same kind Pillow writes: one global palette, a delay per frame, looping.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
from PIL import GifImagePlugin, Image

MAX_DELAY_MS = 65535 * 10  # a GIF delay is a 16-bit count of hundredths of a second


class GifStream:
    """Frames (``"P"`` images sharing ``palette``'s colours) written to ``file`` as they come.

    ``palette`` is a ``"P"`` image of the frames' size whose palette every frame uses.
    As Pillow does, a frame after the first is the box around what changed, with its own
    small palette of the colours it uses plus a transparent one for the pixels that did
    not change: long runs of one index, which GIF's compression shrinks to almost nothing
    (a step changes a few cells).  That keeps the file as small as Pillow's.
    """

    def __init__(self, file: BinaryIO, palette: Image.Image) -> None:
        self._file = file
        self._colours = np.asarray(palette.getpalette() or [], dtype=np.uint8).reshape(-1, 3)
        header, _ = GifImagePlugin.getheader(palette.copy(), info={"loop": 0, "duration": 1})
        for chunk in header:
            file.write(chunk)
        self._previous: np.ndarray | None = None  # the last frame's palette indices
        self._pending: _Frame | None = None

    def add(self, frame: Image.Image, duration_ms: int) -> None:
        """Append ``frame``, shown for ``duration_ms``; a repeat lengthens the one before."""
        indices = np.asarray(frame)
        box = _changed_box(self._previous, indices)
        if box is None and self._pending is not None:  # nothing changed: show it longer
            self._pending.duration += duration_ms
            return
        self._flush()
        top, left, bottom, right = box or (0, 0, *indices.shape)
        part = indices[top:bottom, left:right]
        before = None if self._previous is None else self._previous[top:bottom, left:right]
        self._pending = self._frame(part, before, (left, top), duration_ms)
        self._previous = indices

    def close(self) -> None:
        """Write the last frame and the GIF's end."""
        self._flush()
        self._file.write(b";")

    def _frame(
        self, part: np.ndarray, before: np.ndarray | None, offset: tuple[int, int], duration: int
    ) -> _Frame:
        """``part`` with its unchanged pixels transparent, in a palette of its own colours.

        The first frame, or one using every colour, stays as it is, in the global palette.
        """
        changed = np.ones(part.shape, bool) if before is None else part != before
        used = np.unique(part[changed])
        if before is None or len(used) >= 256:
            image = Image.fromarray(part, "P")
            image.putpalette(self._colours.reshape(-1).tolist())
            return _Frame(image, offset, duration)
        local = np.zeros(256, dtype=np.uint8)
        local[used] = np.arange(len(used))
        image = Image.fromarray(np.where(changed, local[part], len(used)).astype(np.uint8), "P")
        colours = np.concatenate([self._colours[used], np.zeros((1, 3), np.uint8)])
        image.putpalette(colours.reshape(-1).tolist())
        return _Frame(image, offset, duration, colours=len(used) + 1)

    def _flush(self) -> None:
        frame = self._pending
        if frame is None:
            return
        extra: dict[str, object] = {}
        if frame.colours is not None:  # its own palette; the last colour is transparent
            extra = {"include_color_table": True, "transparency": frame.colours - 1}
        duration = min(frame.duration, MAX_DELAY_MS)
        for chunk in GifImagePlugin.getdata(frame.image, frame.offset, duration=duration, **extra):
            self._file.write(chunk)
        self._pending = None


@dataclass
class _Frame:
    """A frame waiting to be written (the next one may only lengthen it)."""

    image: Image.Image
    offset: tuple[int, int]
    duration: int
    colours: int | None = None  # the size of its own palette, if it has one


def _changed_box(before: np.ndarray | None, after: np.ndarray) -> tuple[int, int, int, int] | None:
    """``(top, left, bottom, right)`` around the pixels that differ; the whole frame first."""
    if before is None:
        return (0, 0, *after.shape)
    rows = np.flatnonzero((before != after).any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero((before[rows[0] : rows[-1] + 1] != after[rows[0] : rows[-1] + 1]).any(0))
    return int(rows[0]), int(cols[0]), int(rows[-1]) + 1, int(cols[-1]) + 1
