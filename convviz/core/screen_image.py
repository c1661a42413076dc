"""Filtered values to the 8-bit image the screen shows, in one pass where possible.

A live redraw of a filtered 1920×1080 colour photo must find the smallest and largest
value (the caption and the colour scale need them) and turn 6 million floats into
bytes.  Done as separate whole-image NumPy calls that is three trips through memory,
as long as the filter itself; done band by band, each band is read from memory once
and the later passes find it in the cache.  Plain NumPy, no Qt: the screen's
conventions only (rows, columns, then colour).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import numpy as np

from convviz.core.convolution import in_bands, thread_scratch

Levels = tuple[float, float]
R = TypeVar("R")


def extremes_and_image(
    values: np.ndarray, levels: Levels | None
) -> tuple[Levels, np.ndarray | None]:
    """The smallest and largest value and, when ``levels`` are already known, the image.

    ``levels`` are known when they do not depend on the values (a photo editor's fixed
    0–255); then both come out of one pass.  Otherwise the image is ``None`` and
    ``to_uint8`` makes it once the levels are chosen.
    """
    planes = _planes(values)
    image = _image_for(planes) if levels is not None else None

    def scan(bands: list[slice]) -> list[Levels]:
        found = []
        scratch = _scratch(planes, bands) if image is not None else None
        for rows in bands:
            block = planes[:, rows]
            found.append((float(block.min()), float(block.max())))
            if image is not None and levels is not None and scratch is not None:
                _convert(block, image[rows], levels, scratch)
        return found

    found = [pair for share in _by_bands(scan, planes) for pair in share]
    extremes = (min(lo for lo, _ in found), max(hi for _, hi in found))
    return extremes, (None if image is None else _squeezed(image))


def to_uint8(values: np.ndarray, levels: Levels) -> np.ndarray:
    """Map ``levels`` to 0–255: ``(3, H, W)`` → ``(H, W, 3)``; ``(1, H, W)`` or ``(H, W)`` → 2-D."""
    planes = _planes(values)
    image = _image_for(planes)

    def convert(bands: list[slice]) -> None:
        scratch = _scratch(planes, bands)
        for rows in bands:
            _convert(planes[:, rows], image[rows], levels, scratch)

    _by_bands(convert, planes)
    return _squeezed(image)


def _planes(values: np.ndarray) -> np.ndarray:
    return values.reshape(-1, *values.shape[-2:])


def _image_for(planes: np.ndarray) -> np.ndarray:
    return np.empty((*planes.shape[1:], len(planes)), dtype=np.uint8)


def _by_bands(work: Callable[[list[slice]], R], planes: np.ndarray) -> list[R]:
    return in_bands(work, planes.shape[1], planes.shape[0] * planes.strides[1])


def _scratch(planes: np.ndarray, bands: list[slice]) -> np.ndarray:
    """This thread's float buffer for its largest band, reused for every band."""
    rows = max(r.stop - r.start for r in bands)
    return thread_scratch((len(planes), rows, planes.shape[2]), planes.dtype)


def _convert(block: np.ndarray, target: np.ndarray, levels: Levels, scratch: np.ndarray) -> None:
    """``block`` is ``(C, rows, W)`` floats, ``target`` its ``(rows, W, C)`` bytes.

    Scaled and clipped plane by plane into the contiguous scratch, then each plane
    written into its colour of the interleaved image: 3× faster than one clip straight
    into the transposed ``uint8`` view, whose casting iterator handles 3 values at a time.
    """
    lo, hi = levels
    fitted = scratch[:, : block.shape[1]]
    if (lo, hi) == (0.0, 255.0):
        np.clip(block, 0, 255, out=fitted)
    else:
        np.subtract(block, lo, out=fitted)
        scale = 255 / (hi - lo) if hi > lo else 1.0
        if scale <= float(np.finfo(fitted.dtype).max):
            fitted *= scale
        else:  # a range narrower than ~1e-36: the factor itself overflows float32
            np.multiply(fitted, scale, out=fitted, dtype=np.float64, casting="unsafe")
        np.clip(fitted, 0, 255, out=fitted)
    np.rint(fitted, out=fitted)  # to the nearest, as photo editors show 195.99998: 196
    for colour, plane in enumerate(fitted):
        target[..., colour] = plane


def _squeezed(image: np.ndarray) -> np.ndarray:
    return image if image.shape[-1] == 3 else image[..., 0]
