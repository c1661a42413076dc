"""Photographs as lesson inputs: decoding (Pillow), grey or colour, whole or a patch.

Decoding never touches the current lesson: a file that is not an image, is truncated
or is absurdly large is refused (or downscaled) here, with a message, before anything
is replaced.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
from PIL import Image, JpegImagePlugin, PngImagePlugin, UnidentifiedImageError

from convviz.core.regular_file import FileRefusedError, open_regular

MAX_PIXELS = 50_000_000  # larger photos are downscaled on load (about 150 MB as RGB)
MAX_FILE_BYTES = 512_000_000  # a photo file larger than this is refused unread


class PhotoError(ValueError):
    """A file that cannot be used as a photo; the message says why."""


@dataclass(frozen=True)
class Photo:
    """Decoded RGB pixels, ``(H, W, 3)`` uint8, with where they came from."""

    pixels: np.ndarray
    name: str
    note: str = ""  # e.g. "downscaled from 9000×7000 to 4500×3500"


def load_photo(path: str | Path) -> Photo:
    """Decode a PNG or JPEG (anything Pillow reads) into RGB pixels.

    Only a regular file of at most :data:`MAX_FILE_BYTES` is read (a FIFO named
    ``photo.png`` would block the reading thread forever).
    """
    path = Path(path)
    try:
        with open_regular(path, MAX_FILE_BYTES) as file:
            _refuse_bombs(file, path.name)
            # Pillow refuses "decompression bombs" (over ~178 megapixels) and warns
            # below that; _refuse_bombs has said no before the warning could be printed.
            # Smaller photos over MAX_PIXELS are decoded small.
            with Image.open(file) as opened:
                width, height = opened.size
                factor = math.ceil(math.sqrt(width * height / MAX_PIXELS))
                if factor > 1:
                    opened.draft("RGB", (width // factor, height // factor))  # JPEG: small
                image = opened.convert("RGB")  # decodes now, so the file can close
    except FileNotFoundError:
        raise PhotoError(f"{path.name}: no such file.") from None
    except FileRefusedError as error:
        raise PhotoError(f"{path.name} cannot be a photo: {error}.") from None
    except Image.DecompressionBombError:
        raise _too_large(path.name) from None
    except UnidentifiedImageError:
        raise PhotoError(f"{path.name} is not an image convviz can read (PNG or JPEG).") from None
    except OSError as error:
        raise PhotoError(f"{path.name} could not be read, it may be truncated: {error}") from None
    note = ""
    if image.width * image.height > MAX_PIXELS:
        factor = math.ceil(math.sqrt(image.width * image.height / MAX_PIXELS))
        image = image.reduce(factor)
    if (image.width, image.height) != (width, height):
        note = f"downscaled from {width}×{height} to {image.width}×{image.height}"
    return Photo(np.asarray(image, dtype=np.uint8), path.name, note)


def _refuse_bombs(file: BinaryIO, name: str) -> None:
    """Refuse a PNG or JPEG whose header claims more pixels than Pillow opens quietly."""
    size = header_size(file)
    if size and Image.MAX_IMAGE_PIXELS is not None and size[0] * size[1] > Image.MAX_IMAGE_PIXELS:
        raise _too_large(name, *size)


def header_size(file: BinaryIO) -> tuple[int, int] | None:
    """``(width, height)`` as a PNG or JPEG header claims it; ``None`` for other files.

    Pillow *warns* about images over ~89 megapixels (a raw ``DecompressionBombWarning``
    on the console) rather than refusing them, and a warning filter would change the
    whole program's warnings from a worker thread.  The format's own class reads the
    header without Pillow's check, so the size is known before anything warns.
    """
    size = None
    for kind in (PngImagePlugin.PngImageFile, JpegImagePlugin.JpegImageFile):
        file.seek(0)
        try:
            with kind(file) as header:
                size = header.size
                break
        except (SyntaxError, OSError, ValueError, EOFError, IndexError, TypeError, struct.error):
            continue  # not this kind, or broken (Image.open names what is wrong)
    file.seek(0)
    return size


def _too_large(name: str, width: int = 0, height: int = 0) -> PhotoError:
    size = f" ({width}×{height})" if width else ""
    return PhotoError(
        f"{name}{size} is too large to open safely (far over {MAX_PIXELS // 1_000_000} "
        "megapixels): shrink it first."
    )


@dataclass(frozen=True)
class PhotoCut:
    """How a lesson's input grid is cut from its photo.

    ``colour``: three channels (R, G, B) rather than grey.  ``region`` (top, left,
    height, width) walks a full-size patch; without one, the whole photo is shrunk so its
    longest side has ``longest_side`` pixels (``None``: full size).
    """

    colour: bool = False
    longest_side: int | None = 16
    region: tuple[int, int, int, int] | None = None

    def grid(self, pixels: np.ndarray) -> np.ndarray:
        """The input grid this cut makes of ``pixels``."""
        return photo_input(
            pixels, colour=self.colour, longest_side=self.longest_side, region=self.region
        )


def photo_input(
    pixels: np.ndarray,
    *,
    colour: bool = False,
    longest_side: int | None = None,
    region: tuple[int, int, int, int] | None = None,
) -> np.ndarray:
    """The model input for a photo: ``(H, W)`` grey or ``(3, H, W)`` colour, values 0–255.

    ``region`` (top, left, height, width) cuts a patch at full resolution (for walking
    step by step); ``longest_side`` instead shrinks the whole photo to that many pixels.
    """
    image = Image.fromarray(pixels)
    if region is not None:
        top, left, height, width = region
        image = image.crop((left, top, left + width, top + height))
    elif longest_side is not None and max(image.size) > longest_side:
        scale = longest_side / max(image.size)
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, Image.Resampling.BOX)
    if colour:
        return np.moveaxis(np.asarray(image, dtype=np.float64), -1, 0)
    return np.asarray(image.convert("L"), dtype=np.float64)


def grey(pixels: np.ndarray) -> np.ndarray:
    """The photo in grey (ITU-R 601 luma, as Pillow's "L"), float64 0–255."""
    return np.asarray(Image.fromarray(pixels).convert("L"), dtype=np.float64)
