"""Checks for the fields of a lesson file, each naming the field in its message.

Kept apart from :mod:`convviz.lesson.files` (the format) so the format reads on one
screen.  Every check takes a value straight from :func:`json.loads` and ``where``, the
field's name as the message shows it (``kernels[0].weights``).
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import math
from typing import Any, TypeGuard

import numpy as np
from PIL import Image, UnidentifiedImageError

from convviz.core.photo import MAX_PIXELS, header_size

PADDING_NAMES = ("valid", "same", "full")
COLOUR_CHANNELS = 3  # red, green, blue: the only depth a grid of channels may have


class LessonError(ValueError):
    """A lesson that cannot be read (or saved); the message names the field and the fault."""


def check_grid(value: object, where: str) -> np.ndarray:
    """Rows of finite numbers, all of one length, at least one cell."""
    if not isinstance(value, list) or not value:
        raise LessonError(
            f"{where}: expected rows of numbers like [[0, 1], [1, 0]], got {show(value)}"
        )
    width = len(value[0]) if isinstance(value[0], list) else 0
    for r, row in enumerate(value, 1):
        if not isinstance(row, list) or not row:
            raise LessonError(f"{where}: row {r} is {show(row)}, expected a list of numbers")
        if len(row) != width:
            raise LessonError(f"{where}: row {r} has {len(row)} numbers, expected {width}")
        for c, cell in enumerate(row, 1):
            check_finite(cell, f"{where}: row {r}, column {c}")
    return np.array(value, dtype=np.float64)


def check_channels(value: object, where: str) -> np.ndarray:
    """A grid ``(H, W)``, or a colour grid ``(3, H, W)``: red, green and blue grids of one size.

    A colour grid is told apart by its first row being a list of lists.
    """
    if _is_nested(value) and _is_nested(value[0]):
        return _colour_grid(value, where)
    return check_grid(value, where)


def _colour_grid(value: list[Any], where: str) -> np.ndarray:
    if len(value) != COLOUR_CHANNELS:
        raise LessonError(
            f"{where}: {len(value)} channels, but a colour grid has {COLOUR_CHANNELS} "
            "(red, green, blue)"
        )
    channels = [check_grid(channel, f"{where}[{c}]") for c, channel in enumerate(value)]
    for c, channel in enumerate(channels[1:], 1):
        if channel.shape != channels[0].shape:
            (h, w), (h0, w0) = channel.shape, channels[0].shape
            raise LessonError(
                f"{where}[{c}]: {h}×{w}, but {where}[0] is {h0}×{w0} "
                "(every channel has the same size)"
            )
    return np.stack(channels)


def _is_nested(value: object) -> TypeGuard[list[Any]]:
    """A non-empty list whose first item is a list."""
    return isinstance(value, list) and bool(value) and isinstance(value[0], list)


def check_finite(value: object, where: str) -> float:
    """A JSON number that is finite (NaN, Infinity and 1e999 would poison every sum)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise LessonError(f"{where} is {show(value)}, not a number")
    try:
        number = float(value)
    except OverflowError:  # an integer with hundreds of digits
        raise LessonError(f"{where} is too large a number") from None
    if math.isnan(number):
        raise LessonError(f"{where} is NaN; use a finite number")
    if math.isinf(number):
        raise LessonError(f"{where} is infinite or too large; use a finite number")
    return number


def check_whole(value: object, where: str, minimum: int) -> int:
    if isinstance(value, int) and _is_whole(value, minimum):
        return value
    raise LessonError(f"{where}: expected a whole number of at least {minimum}, got {show(value)}")


def check_pair(value: object, where: str, minimum: int) -> tuple[int, int]:
    if isinstance(value, list) and len(value) == 2:
        first, second = value
        if _is_whole(first, minimum) and _is_whole(second, minimum):
            return first, second
    raise LessonError(
        f"{where}: expected [rows, columns], two whole numbers of at least {minimum}, "
        f"got {show(value)}"
    )


def _is_whole(value: object, minimum: int) -> bool:
    """An int and not a bool (JSON's true is Python's 1) of at least ``minimum``."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def check_padding(value: object) -> str | tuple[tuple[int, int], tuple[int, int]]:
    if isinstance(value, str) and value in PADDING_NAMES:
        return value
    if isinstance(value, list) and len(value) == 2:
        try:
            return check_pair(value[0], "padding", 0), check_pair(value[1], "padding", 0)
        except LessonError:
            pass
    raise LessonError(
        f'padding: expected "valid", "same", "full" or [[top, bottom], [left, right]], '
        f"got {show(value)}"
    )


def check_choice(value: object, where: str, options: tuple[str, ...]) -> str:
    if value not in options:
        raise LessonError(
            f"{where}: expected one of {', '.join(map(repr, options))}, got {show(value)}"
        )
    return value


def check_flag(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise LessonError(f"{where}: expected true or false, got {show(value)}")
    return value


def check_text(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise LessonError(f"{where}: expected text in quotes, got {show(value)}")
    return value


def check_index(value: object, where: str, count: int) -> int:
    if isinstance(value, int) and _is_whole(value, 0) and value < count:
        return value
    raise LessonError(f"{where}: expected a kernel number from 0 to {count - 1}, got {show(value)}")


def check_region(
    value: object, where: str, size: tuple[int, int]
) -> tuple[int, int, int, int] | None:
    """``null``, or ``[top, left, height, width]`` in pixels of a patch inside a photo.

    ``size`` is the photo's ``(rows, columns)``.  A tuple, as the window's photo panel
    keeps it, so a loaded lesson compares equal to the one that was saved.
    """
    if value is None:
        return None
    if not (
        isinstance(value, list)
        and len(value) == 4
        and all(_is_whole(item, 0) for item in value)
        and _is_whole(value[2], 1)
        and _is_whole(value[3], 1)
    ):
        raise LessonError(
            f"{where}: expected null or [top, left, height, width] in pixels, whole numbers "
            f"with height and width at least 1, got {show(value)}"
        )
    top, left, height, width = value
    rows, columns = size
    if top + height > rows or left + width > columns:
        raise LessonError(
            f"{where}: {show(value)} reaches outside the photo, which is {columns} pixels "
            f"wide and {rows} high"
        )
    return top, left, height, width


def check_png(value: object, where: str) -> np.ndarray:
    """Base64 text of a PNG, decoded to RGB pixels ``(H, W, 3)`` uint8.

    As careful as :func:`convviz.core.photo.load_photo` with a file: only Pillow's PNG reader
    is tried, the size is checked from the header before any pixel is decoded, and a
    damaged or cut-off image is refused with words rather than a traceback.
    """
    if not isinstance(value, str):
        raise LessonError(f"{where}: expected a PNG image as base64 text, got {show(value)}")
    try:
        data = base64.b64decode("".join(value.split()), validate=True)
    except binascii.Error as error:
        raise LessonError(
            f"{where}: not valid base64 ({error}): the text was cut off or changed"
        ) from None
    size = header_size(io.BytesIO(data))  # before Pillow warns about a huge one
    if size is not None:
        check_pixel_count(size, where)
    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            check_pixel_count(image.size, where)
            return np.asarray(image.convert("RGB"), dtype=np.uint8)
    except UnidentifiedImageError:
        raise LessonError(f"{where}: not a PNG image") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):  # ~180 MP and up
        raise LessonError(
            f"{where}: the photo is far over the {MAX_PIXELS // 1_000_000} megapixels "
            "a lesson may hold: shrink it"
        ) from None
    except OSError as error:
        raise LessonError(f"{where}: the PNG is damaged or cut off ({error})") from None


def check_pixel_count(size: tuple[int, int], where: str) -> None:
    """A photo of ``size`` (width, height) no larger than a decoded photo may be."""
    width, height = size
    if width * height > MAX_PIXELS:
        raise LessonError(
            f"{where}: the photo is {width}×{height} pixels, over the "
            f"{MAX_PIXELS // 1_000_000} megapixels a lesson may hold: shrink it"
        )


def show(value: object) -> str:
    """A short rendering of a bad value for a message."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def kind_of(value: object) -> str:
    """What a JSON value is, in words."""
    return {list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )
