"""Export a lesson: the walk as an animated GIF, pictures as PNG, the feature map as numbers.

``OUTPUT``'s suffix picks the kind (:data:`KINDS`).  Pictures are the real window drawn
offscreen by :mod:`convviz.render`, the only part that needs Qt, imported only for them.
Every kind is written under a temporary name next to the target and renamed at the end
(:mod:`convviz.atomic`): a failed or interrupted export leaves nothing half-made, and an
earlier export of the same name stays intact until the new one is complete.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .app import has_display
from .atomic import filling_folder, replacing_file
from .lesson_file import copy_model
from .model import ConvModel

if TYPE_CHECKING:
    from PIL import Image

Progress = Callable[[int, int], None]
Size = tuple[int, int]
Shoot = Callable[[int], "Image.Image"]
KINDS = {
    ".gif": "the animated walk, from the empty map to the full one",
    ".png": "a picture of the lesson's current step",
    "folder": "one PNG per step: frame-0000.png (the start), frame-0001.png, …",
    ".csv": "the complete feature map, one row per line",
    ".npy": "the complete feature map as a NumPy array",
}
FRAME_NAME = "frame-{:04d}.png"
MAX_FPS = 50  # GIF delays count 1/100 s, and browsers slow down anything under 2/100 s
HOLD = 4  # the first and the last frame stay on screen this many frame durations
MIN_SIDE, MAX_SIDE = 64, 7680


class ExportError(ValueError):
    """An export that cannot be made (bad option, unwritable place); the message says why."""


def export(
    lesson_model: ConvModel,
    output: str | Path,
    *,
    fps: float = 4,
    size: Size = (1280, 720),
    scale: float = 1.0,
    progress: Progress | None = None,
) -> None:
    """Write ``lesson_model`` to ``output``, of the kind its suffix names (see :data:`KINDS`).

    ``fps`` is GIF frames per second, ``size`` the pictures' pixels, ``scale`` the window's
    text zoom.  ``progress(done, total)`` is called after each picture; an exception it
    raises (say ``KeyboardInterrupt``) stops the export, leaving nothing behind.  The
    model is copied first, so a window that shows it does not move.
    """
    output = Path(output)
    kind = _kind(output)
    _check(fps, size)
    model = copy_model(lesson_model)
    try:
        if kind == ".csv":
            _write_csv(model, output)
        elif kind == ".npy":
            with replacing_file(output) as file:
                np.save(file, model.feature_map)
        elif kind == ".png":
            with replacing_file(output) as file, _window(model, size, scale) as shoot:
                for picture in _each([model.cursor], shoot, progress):
                    picture.save(file, format="PNG")
        elif kind == ".gif":
            _write_gif(model, output, fps, size, scale, progress)
        else:
            _write_frames(model, output, size, scale, progress)
    except OSError as error:
        raise ExportError(f"cannot write {output}: {error.strerror or error}") from None


def _kind(output: Path) -> str:
    if output.is_dir() or not output.suffix:
        return "folder"
    suffix = output.suffix.lower()
    if suffix not in KINDS:
        raise ExportError(
            f"cannot export to a {output.suffix} file: end the name with .gif, .png, .csv or "
            ".npy, or give a folder (no suffix) for one PNG per step"
        )
    return suffix


def _check(fps: float, size: Size) -> None:
    if not 0 < fps <= MAX_FPS:
        raise ExportError(f"fps {fps:g}: use more than 0 and at most {MAX_FPS} frames per second")
    if not all(MIN_SIDE <= side <= MAX_SIDE for side in size):
        raise ExportError(
            f"size {size[0]}×{size[1]}: each side must be {MIN_SIDE} to {MAX_SIDE} pixels"
        )


def _window(model: ConvModel, size: Size, scale: float) -> AbstractContextManager[Shoot]:
    if not has_display():  # a script on a server: draw offscreen rather than let Qt abort
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .render import offscreen_window  # Qt is loaded only when pictures are wanted

    return offscreen_window(model, size, scale)


def _each(steps: list[int], shoot: Shoot, progress: Progress | None) -> Iterator[Image.Image]:
    """The pictures of ``steps`` one at a time (a long walk never sits in memory whole)."""
    for done, step in enumerate(steps, 1):
        yield shoot(step)
        if progress is not None:
            progress(done, len(steps))


def _write_gif(
    model: ConvModel, output: Path, fps: float, size: Size, scale: float, progress: Progress | None
) -> None:
    """Every step from the empty map to the full one; the first and last frames held longer."""
    from PIL import Image

    steps = list(range(model.total_steps + 1))
    frame = max(1000 // MAX_FPS, round(1000 / fps))  # milliseconds
    durations = [frame] * len(steps)
    durations[0] = durations[-1] = HOLD * frame
    with replacing_file(output) as file, _window(model, size, scale) as shoot:
        # One palette for every frame, taken from the full map (it has the most colours),
        # so colours do not shimmer from frame to frame as per-frame palettes would.
        palette = shoot(steps[-1]).quantize(256, dither=Image.Dither.NONE)
        frames = (
            picture.quantize(palette=palette, dither=Image.Dither.NONE)
            for picture in _each(steps, shoot, progress)
        )
        first = next(frames)
        first.save(
            file, format="GIF", save_all=True, append_images=frames, duration=durations, loop=0
        )


def _write_frames(
    model: ConvModel, output: Path, size: Size, scale: float, progress: Progress | None
) -> None:
    steps = list(range(model.total_steps + 1))
    with (
        filling_folder(output, stale="frame-*.png") as folder,
        _window(model, size, scale) as shoot,
    ):
        for step, picture in enumerate(_each(steps, shoot, progress)):
            picture.save(folder / FRAME_NAME.format(step), format="PNG")


def _write_csv(model: ConvModel, output: Path) -> None:
    """Rows of the map, numbers written by ``repr`` so that reading them back is exact."""
    rows = (",".join(repr(value) for value in row) for row in model.feature_map.tolist())
    with replacing_file(output) as file:
        file.write(("\n".join(rows) + "\n").encode("ascii"))
