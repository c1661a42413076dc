"""Export a lesson: the walk as an animated GIF, pictures as PNG, the feature map as numbers.

``OUTPUT``'s suffix picks the kind (:data:`KINDS`).  Pictures come from a *camera* that
the caller passes in (the real window drawn offscreen: :func:`convviz.export_lesson` and
the command line pass it).  This layer writes files and never imports Qt, so the
numbers-only kinds work where Qt cannot even start.  Every kind is written under a
temporary name next to the target and renamed at the end (:mod:`convviz.lesson.atomic`):
a failed or interrupted export leaves nothing half-made, and an earlier export of the
same name stays intact until the new one is complete.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from convviz.core.model import ConvModel
from convviz.lesson.atomic import filling_folder, replacing_file

if TYPE_CHECKING:
    from PIL import Image

Progress = Callable[[int, int], None]
Size = tuple[int, int]
Shoot = Callable[[int], "Image.Image"]


@dataclass(frozen=True)
class Words:
    """The lesson's title and notes as the class reads them beside the grids.

    They belong to the lesson file, not to the model, so the exporter hands them to the
    camera beside the model: a picture then shows the notes where the window shows them
    (and a course page its title) without the camera reaching into a live window.
    """

    title: str = ""
    notes: str = ""


NO_WORDS = Words()  # a bare model: no title, no notes


class Camera(Protocol):
    """Draws ``model`` and its ``words`` at ``size`` with text ``scale``.

    ``shoot(step)`` gives one picture.
    """

    def __call__(
        self, model: ConvModel, size: Size, scale: float, words: Words
    ) -> AbstractContextManager[Shoot]: ...


KINDS = {
    ".gif": "the animated walk, from the empty map to the full one (then pooling)",
    ".png": "a picture of the lesson's current step",
    "folder": "one PNG per step: frame-0000.png (the start), frame-0001.png, …",
    ".csv": "the complete feature map (pooled, if pooling is on), one row per line",
    ".npy": "the complete feature map (pooled, if pooling is on) as a NumPy array",
}
FRAME_NAME = "frame-{:04d}.png"
MAX_FPS = 50  # GIF delays count 1/100 s, and browsers slow down anything under 2/100 s
MIN_FPS = 0.01  # one frame per 100 s; the held first and last frames must fit a GIF delay
MIN_SCALE, MAX_SCALE = 0.5, 3.0  # the window's text zoom range
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
    camera: Camera | None = None,
    words: Words = NO_WORDS,
) -> None:
    """Write ``lesson_model`` to ``output``, of the kind its suffix names (see :data:`KINDS`).

    ``fps`` is GIF frames per second, ``size`` the pictures' pixels, ``scale`` the window's
    text zoom.  ``progress(done, total)`` is called after each picture; an exception it
    raises (say ``KeyboardInterrupt``) stops the export, leaving nothing behind.  The
    model is copied first, so a window that shows it does not move.  ``camera`` draws the
    pictures: the GIF, PNG and folder kinds need one; ``words`` (the lesson's title and
    notes) are drawn with them.
    """
    if not str(output).strip():
        raise ExportError("OUTPUT is empty: name a file (walk.gif, step.png, map.csv) or a folder")
    output = Path(output)
    _check(fps, size, scale)
    kind = _kind(output)
    model = lesson_model.copy()
    if kind in (".csv", ".npy"):
        _write_numbers(model, output, kind)
        return
    if camera is None:
        raise ExportError("pictures need a camera: use convviz.export_lesson, which has one")
    window = camera(model, size, scale, words)
    with _named(output):
        if kind == ".png":
            with replacing_file(output) as file, window as shoot:
                for picture in _each([model.position], shoot, progress):
                    picture.save(file, format="PNG")
        elif kind == ".gif":
            _write_gif(model, output, fps, window, progress)
        else:
            _write_frames(model, output, window, progress)


@contextmanager
def _named(output: Path) -> Iterator[None]:
    """Turn a file-system error into an :class:`ExportError` that names ``output``."""
    try:
        yield
    except OSError as error:
        raise ExportError(f"cannot write {output}: {error.strerror or error}") from None


def _write_numbers(model: ConvModel, output: Path, kind: str) -> None:
    with _named(output):
        if kind == ".csv":
            _write_csv(model, output)
        else:
            with replacing_file(output) as file:
                np.save(file, last_map(model))


def last_map(model: ConvModel) -> np.ndarray:
    """The complete map of the lesson's last stage: what ``map.csv`` and ``map.npy`` hold.

    The pooled map when pooling is on, the transposed convolution's output in that mode,
    else the feature map.
    """
    walk = model.transposed.walk
    if walk is not None:
        return walk.partial(len(walk) - 1)
    pooled = model.pooling.pooled
    return model.feature_map if pooled is None else pooled


def _kind(output: Path) -> str:
    if output.is_dir():
        return "folder"
    if not output.suffix:
        if output.exists() or output.is_symlink():
            raise ExportError(
                f"{output} exists and is not a folder: to get one PNG per step name a folder, "
                "or end the name with .gif, .png, .csv or .npy"
            )
        return "folder"
    suffix = output.suffix.lower()
    if suffix not in KINDS:
        raise ExportError(
            f"cannot export to a {output.suffix} file: end the name with .gif, .png, .csv or "
            ".npy, or give a folder (no suffix) for one PNG per step"
        )
    return suffix


def _check(fps: float, size: Size, scale: float) -> None:
    """Every option, whatever the kind, so a mistake is said before any work is done."""
    if not MIN_FPS <= fps <= MAX_FPS:
        raise ExportError(f"fps {fps:g}: use {MIN_FPS:g} to {MAX_FPS} frames per second")
    if not MIN_SCALE <= scale <= MAX_SCALE:
        raise ExportError(f"scale {scale:g}: use {MIN_SCALE:g} to {MAX_SCALE:g} (1 = normal text)")
    if not all(MIN_SIDE <= side <= MAX_SIDE for side in size):
        raise ExportError(
            f"size {size[0]}×{size[1]}: each side must be {MIN_SIDE} to {MAX_SIDE} pixels"
        )


def _each(steps: list[int], shoot: Shoot, progress: Progress | None) -> Iterator[Image.Image]:
    """The pictures of ``steps`` one at a time (a long walk never sits in memory whole)."""
    for done, step in enumerate(steps, 1):
        yield shoot(step)
        if progress is not None:
            progress(done, len(steps))


def _write_gif(
    model: ConvModel,
    output: Path,
    fps: float,
    window: AbstractContextManager[Shoot],
    progress: Progress | None,
) -> None:
    """Every step from the empty map to the full one; the first and last frames held longer.

    Frames are written as they are drawn (:class:`~convviz.export.gif_stream.GifStream`):
    a walk of a thousand steps takes no more memory than one of ten.
    """
    from PIL import Image

    from convviz.export.gif_stream import GifStream

    steps = list(range(model.positions + 1))  # the map's steps, then pooling's
    frame = max(1000 // MAX_FPS, round(1000 / fps))  # milliseconds
    with replacing_file(output) as file, window as shoot:
        # One palette for every frame, taken from the full map (it has the most colours),
        # so colours do not shimmer from frame to frame as per-frame palettes would.
        palette = shoot(steps[-1]).quantize(256, dither=Image.Dither.NONE)
        gif = GifStream(file, palette)
        for step, picture in zip(steps, _each(steps, shoot, progress), strict=True):
            held = step in (steps[0], steps[-1])
            gif.add(
                picture.quantize(palette=palette, dither=Image.Dither.NONE),
                HOLD * frame if held else frame,
            )
        gif.close()


def _write_frames(
    model: ConvModel,
    output: Path,
    window: AbstractContextManager[Shoot],
    progress: Progress | None,
) -> None:
    steps = list(range(model.positions + 1))  # the map's steps, then pooling's
    with (
        filling_folder(output, stale="frame-*.png") as folder,
        window as shoot,
    ):
        for step, picture in enumerate(_each(steps, shoot, progress)):
            picture.save(folder / FRAME_NAME.format(step), format="PNG")


def _write_csv(model: ConvModel, output: Path) -> None:
    """Rows of the map, numbers written by ``repr`` so that reading them back is exact."""
    rows = (",".join(repr(value) for value in row) for row in last_map(model).tolist())
    with replacing_file(output) as file:
        file.write(("\n".join(rows) + "\n").encode("ascii"))
