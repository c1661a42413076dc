"""Lesson files: a whole lesson as a small JSON file that an instructor can read and edit.

Format, version 2 (fields marked * are required; the others have the defaults shown)::

    {
      "format": "convviz-lesson",         * marks the file as a convviz lesson
      "version": 2,                       * 1 or 2; a file from a newer convviz is refused
      "title": "The seed smiley",           default ""
      "notes": "Stop at step 2 and ...",    default "": words for the instructor
      "input": [[0, 1, 0], [1, 0, 1]],   ** rows of numbers, all rows the same length; for a
                                            colour input three such grids, one per channel:
                                            [[[red rows]], [[green rows]], [[blue rows]]]
      "photo": {"png": "iVBORw0K..."},   ** or the photo the input is cut from (below)
      "kernels": [                        * 1 to 8 feature detectors, all of one size:
        {"name": "Feature detector",      *   not empty
         "weights": [[0, 1], [1, 0]],     *   rows of numbers, like "input"; on a colour
                                              input rows alone weigh every channel alike,
                                              or give three grids, one per channel
         "bias": 0}                           default 0: added to every sum
      ],
      "selected_kernel": 0,                 default 0: the kernel the walk follows (0 = first)
      "stride": [1, 1],                     default [1, 1]: [rows, columns] per step, >= 1
      "padding": "valid",                   default "valid": "valid", "same", "full" or
                                            [[top, bottom], [left, right]] in cells
      "padding_mode": "zeros",              default "zeros": or "reflect", "replicate",
                                            "circular" (what fills the padded border)
      "dilation": [1, 1],                   default [1, 1]: [rows, columns], >= 1
      "flip": false,                        default false: true = true convolution
      "relu": false,                        default false: true = max(0, x) after the bias
      "step": 0,                            default 0: cells revealed when it opens
      "pooling": {"kind": "max", ...},      default null (off): pooling after the map, and
      "transposed": {"stride": [2, 2], ...} default null (off): the transposed mode; both
                                            are described in convviz/lesson/stage_fields.py
      "display": {                          default {}: how the class sees the numbers
        "photo_meaning": "photo editor",    default: each colour channel filtered alone;
                                            "cnn layer": the channels' sums added
        "photo_values": "clip",             default "clip" (0–255), or "rescale": the whole
        "map_values": "rescale",            photo's / the maps' colours over their range
        "input_channel": "colour",          default: the colour picture; "red", "green",
        "kernel_channel": "all"             "blue": that channel's numbers ("all" weights)
      },
      "captions": {"2": "Only ..."}         default {}: words shown large at a step (version 2;
                                            see convviz.lesson.captions_field)
    }

** A lesson has "input" or "photo", never both: with a photo the numbers are cut from it
exactly as the window's photo panel cuts them, so they are not repeated in the file.

The photo (``ConvModel.set_photo``; pixels count from 0 at the top left)::

    "photo": {
      "name": "coffee.png",                 default: the file's name, or "photo"
      "png": "iVBORw0KGgo...",           ** the photo itself, a PNG as base64 text; or
      "path": "photos/coffee.jpg",       ** a PNG or JPEG file, relative to the lesson's folder
      "colour": false,                      default false: grey (1 channel); true: 3 channels
      "longest_side": 16,                   default 16: the whole photo shrunk to this many
                                            cells along its longer side (null: full size)
      "region": [40, 60, 12, 12]            default null: [top, left, height, width], a patch
    }                                       at full resolution (then longest_side is unused)

** Exactly one of "png" and "path".  Saving always embeds the photo ("png"), so the file
works on another machine; "path" is for lessons written by hand.  A photo is at most 50
megapixels.  If the grid was painted after it was cut from the photo, the painted numbers
are saved as "input" and the photo is left out: the file keeps what the class walks.

"photo", colour grids, "display", "pooling" and "transposed" came after the first
lesson files, as optional additions that left those files as they were, so the version
stayed 1.  A convviz from before them
refuses such a file (unknown field "photo", or lists where it expects numbers) rather
than misreading it.

Numbers are JSON numbers (``0.5``, ``-1``, ``1e-3``); fractions like ``1/9`` are not
JSON, write ``0.1111111111111111``.  Files are read with :func:`json.loads`, and photos
with Pillow, only (no code is ever run) and checked field by field: every problem raises
:class:`LessonError` naming the field, e.g. ``kernels[0].weights: row 2 has 2 numbers,
expected 3`` (rows and columns count from 1, as an instructor reads the grid).  Unknown
fields are refused too, so a misspelt ``"strid"`` is reported instead of silently ignored.
"""

from __future__ import annotations

import base64
import codecs
import io
import json
import math
import os
from dataclasses import asdict, dataclass, replace
from dataclasses import fields as dataclass_fields
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from PIL import Image

from convviz.core.assets import bundled_lessons
from convviz.core.convolution import PADDING_MODES
from convviz.core.display import DisplayChoices
from convviz.core.model import MAX_KERNELS, ConvModel
from convviz.core.photo import Photo, PhotoCut, PhotoError, load_photo
from convviz.core.regular_file import read_regular
from convviz.lesson.atomic import replacing_file
from convviz.lesson.captions_field import captions_field, read_captions
from convviz.lesson.checks import (
    LessonError,
    check_channels,
    check_choice,
    check_finite,
    check_flag,
    check_index,
    check_padding,
    check_pair,
    check_pixel_count,
    check_png,
    check_region,
    check_text,
    check_whole,
    kind_of,
    show,
)
from convviz.lesson.stage_fields import STAGE_FIELDS, apply_stage_fields, stage_fields

FORMAT = "convviz-lesson"
VERSION = 2  # version 2 added "captions" (convviz.lesson.captions_field: the migration)
REQUIRED = ("format", "version", "kernels")
INPUTS = ("input", "photo")  # exactly one: the numbers, or the photo they are cut from
OPTIONAL: dict[str, Any] = {
    "title": "",
    "notes": "",
    "selected_kernel": 0,
    "stride": [1, 1],
    "padding": "valid",
    "padding_mode": "zeros",
    "dilation": [1, 1],
    "flip": False,
    "relu": False,
    "step": 0,
    "display": {},
    **dict.fromkeys(STAGE_FIELDS),  # pooling, transposed: off (see stage_fields.py)
    "captions": {},
}
KERNEL_FIELDS = ("name", "weights", "bias")
PHOTO_FIELDS = ("name", "png", "path", "colour", "longest_side", "region")
DISPLAY_FIELDS = tuple(field.name for field in dataclass_fields(DisplayChoices))
DEFAULT_LONGEST_SIDE = PhotoCut().longest_side
#: A lesson embedding the largest photo (50 megapixels as PNG, in base64) stays under this;
#: anything larger (``/dev/zero``, a video renamed .json) is refused before it is read.
MAX_FILE_BYTES = 256_000_000


class NewerLessonError(LessonError):
    """A lesson written by a newer convviz: this one must not read, nor overwrite, it."""

    def __init__(self, version: int) -> None:
        super().__init__(
            f"version {version}: made by a newer convviz (this one reads version {VERSION}): "
            "update convviz to open it"
        )
        self.version = version


@dataclass(frozen=True)
class Lesson:
    """A lesson as read from a file: its words for people and the model to show."""

    title: str
    notes: str
    model: ConvModel


class Kernel(NamedTuple):
    """One feature detector of a lesson's layer."""

    name: str
    weights: np.ndarray
    bias: float = 0.0


class LessonPhoto(NamedTuple):
    """A photo and how a lesson's input is cut from it."""

    photo: Photo
    cut: PhotoCut


# -- writing -------------------------------------------------------------------------------
def lesson_to_dict(model: ConvModel, title: str = "", notes: str = "") -> dict[str, Any]:
    """The lesson as the JSON-ready dict of the format above (exact: floats keep every bit).

    A photo input is saved as the photo itself, embedded, unless its grid was painted
    since it was cut: then the painted numbers are saved instead (see the format).
    """
    photo = _photo_field(model)
    source = {"input": _numbers(model.input)} if photo is None else {"photo": photo}
    settings = model.settings
    named = isinstance(settings.padding, str)
    no_padding = not any(any(side) for side in model.geometry.pads)
    if named or no_padding:
        padding: object = settings.padding if named else "valid"
    else:
        padding = [list(side) for side in model.geometry.pads]
    kernels = [
        {"name": kernel.name, "weights": _numbers(kernel.weights), "bias": _number(kernel.bias)}
        for kernel in kernels_of(model)
    ]
    versioned = captions_field(model)
    return {
        "format": FORMAT,
        "version": versioned.pop("version"),
        "title": title,
        "notes": notes,
        **source,
        "kernels": kernels,
        "selected_kernel": model.selected,
        "stride": list(model.stride),
        "padding": padding,
        "padding_mode": settings.padding_mode,
        "dilation": list(model.dilation),
        "flip": model.flip,
        "relu": model.layer.relu,
        "step": model.cursor,
        "display": asdict(model.display.choices),
        **stage_fields(model),
        **versioned,
    }


def kernels_of(model: ConvModel) -> list[Kernel]:
    """The model's kernels; single-channel weights as ``(kh, kw)``, else ``(C, kh, kw)``."""
    layer = model.layer
    return [
        Kernel(name, weights[0] if model.channels == 1 else weights, bias)
        for name, weights, bias in zip(layer.names, layer.weights, layer.biases, strict=True)
    ]


def save_lesson(
    path: str | os.PathLike[str], model: ConvModel, title: str = "", notes: str = ""
) -> None:
    """Write the lesson to ``path`` atomically: a crash leaves the old file or the new one."""
    text = _format(lesson_to_dict(model, title, notes)) + "\n"
    # A lone surrogate ("\ud800", which JSON allows and Qt's text boxes can hold) has no
    # UTF-8 form.  It only ever stands inside a JSON string, where backslashreplace
    # writes it as the JSON escape \ud800 itself: the file is valid and reads back equal.
    data = text.encode("utf-8", errors="backslashreplace")
    with replacing_file(Path(path)) as file:
        file.write(data)


def _photo_field(model: ConvModel) -> dict[str, Any] | None:
    """The ``"photo"`` field, or ``None`` without a photo or when the grid was painted since."""
    photo, cut = model.photo, model.photo_cut
    if photo is None or cut is None:
        return None
    grid = cut.grid(photo.pixels)
    if grid.shape != model.input.shape or grid.tobytes() != model.input.tobytes():
        return None
    region, longest_side = cut.region, cut.longest_side
    return {
        "name": photo.name,
        "png": _png_text(photo),
        "colour": cut.colour,
        "longest_side": None if longest_side is None else int(longest_side),
        "region": None if region is None else [int(n) for n in region],
    }


_last_png: list[tuple[Photo, str]] = []  # the photo last embedded or read, with its text


def _png_text(photo: Photo) -> str:
    """The photo as base64 PNG text, encoded once per photo.

    The session is autosaved a few seconds after every change, on the GUI thread.  A
    full-HD photo takes about a quarter of a second to encode at Pillow's fastest
    compression, used here, and over a second at its default, for a file only a tenth
    smaller.  Photos are never changed in place, so the same object has the same text.
    """
    if _last_png and _last_png[0][0] is photo:
        return _last_png[0][1]
    pixels = photo.pixels
    check_pixel_count((pixels.shape[1], pixels.shape[0]), "photo")
    grey = bool((pixels == pixels[..., :1]).all())  # a third of the size as one channel
    image = Image.fromarray(np.ascontiguousarray(pixels[..., 0]) if grey else pixels)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    text = base64.b64encode(buffer.getvalue()).decode("ascii")
    _remember_png(photo, text)
    return text


def _remember_png(photo: Photo, text: str) -> None:
    """Let the next save of ``photo`` reuse ``text`` (both hold exactly its pixels)."""
    _last_png[:] = [(photo, text)]


def _numbers(array: np.ndarray) -> list[Any]:
    """A grid, or a grid of channels, as nested lists of :func:`_number`."""
    return _numbered(array.tolist())


def _numbered(value: list[Any] | float) -> Any:
    return [_numbered(item) for item in value] if isinstance(value, list) else _number(value)


def _number(value: float) -> int | float:
    """Whole numbers as ``1`` rather than ``1.0`` (easier to edit); others exactly, by repr."""
    negative_zero = value == 0 and math.copysign(1.0, value) < 0
    return int(value) if value.is_integer() and abs(value) < 2**53 and not negative_zero else value


def _format(value: object, depth: int = 0) -> str:
    """Indented JSON with each grid row on one line, so a grid reads like the grid."""
    inner, outer = "  " * (depth + 1), "  " * depth
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k)}: {_format(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{outer}}}"
    if isinstance(value, list) and any(isinstance(item, list | dict) for item in value):
        items = [inner + _format(item, depth + 1) for item in value]
        return "[\n" + ",\n".join(items) + f"\n{outer}]"
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


# -- reading -------------------------------------------------------------------------------
def load_lesson(source: str | os.PathLike[str] | Traversable) -> Lesson:
    """Read a lesson from a file, or from JSON text (a string starting with ``{``).

    A photo ``"path"`` starts in the lesson file's folder (the current one for text).
    """
    folder = None
    if isinstance(source, str) and source.lstrip().startswith("{"):
        text = source
    elif isinstance(source, str | os.PathLike):
        folder = Path(source).parent
        text = _decoded(_read(Path(source)))
    else:  # a shipped lesson
        text = _decoded(source.read_bytes())
    return lesson_from_dict(_parse(text), folder)


def _read(path: Path) -> bytes:
    """The file's bytes, if it is a regular file of at most :data:`MAX_FILE_BYTES`."""
    try:
        return read_regular(path, MAX_FILE_BYTES)
    except OSError as error:
        raise LessonError(error.strerror or str(error)) from None
    except ValueError as error:  # FileRefusedError, or a name with a NUL in it
        raise LessonError(str(error)) from None


def _decoded(data: bytes) -> str:
    """UTF-8 text (a BOM, as Notepad writes, is tolerated); UTF-16 is named as such."""
    if _looks_like_utf16(data):  # without a BOM it decodes "as UTF-8", full of NULs
        raise LessonError("not UTF-8 text: it looks like UTF-16 (save it again choosing UTF-8)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LessonError("not a text file (a lesson is JSON text in UTF-8)") from None


def find_lesson(name: str) -> Lesson:
    """A lesson file, or a shipped lesson by name when no such file exists."""
    path = Path(name)
    if not path.exists():
        bundled = bundled_lessons()
        if name in bundled:
            return load_lesson(bundled[name])
        raise LessonError(f"no such file (shipped lessons: {', '.join(bundled)})")
    return load_lesson(path)


def _looks_like_utf16(data: bytes) -> bool:
    """A UTF-16 BOM, or a zero byte in every other place as in UTF-16 of Latin text."""
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return True
    sample = data[:400]
    half = len(sample) // 2
    return half >= 2 and max(sample[0::2].count(0), sample[1::2].count(0)) > half * 3 // 4


def _parse(text: str) -> object:
    if not text.strip():
        raise LessonError("the file is empty")
    try:
        return json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        cut_off = error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string")
        if cut_off:
            raise LessonError(
                f"not valid JSON: it ends too early, as if cut off ({where})"
            ) from None
        raise LessonError(f"not valid JSON: {error.msg} ({where})") from None
    except RecursionError:
        raise LessonError("not valid JSON: nested too deeply") from None
    except ValueError as error:  # Python refuses to read integers of over 4300 digits
        if "integer string conversion" not in str(error):
            raise
        raise LessonError(
            "a number has more than 4300 digits; no lesson needs one that long"
        ) from None


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refused if a key appears twice (JSON would silently keep the last)."""
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise LessonError(f"the field {key!r} is given twice; keep one of them")
        seen[key] = value
    return seen


def lesson_from_dict(doc: object, folder: Path | None = None) -> Lesson:
    """Check every field of a parsed lesson and build its model; :class:`LessonError` if bad.

    ``folder`` is where a photo ``"path"`` starts (``None``: the current folder).
    """
    if not isinstance(doc, dict):
        raise LessonError(f"a lesson is a JSON object {{...}}, but this file holds {kind_of(doc)}")
    _check_format(doc)
    _check_fields(doc)
    fields = {**OPTIONAL, **doc}
    source = (
        _photo(doc["photo"], folder) if "photo" in doc else check_channels(doc["input"], "input")
    )
    kernels = _kernels(fields["kernels"], _channels(source))
    lesson = Lesson(
        title=check_text(fields["title"], "title"),
        notes=check_text(fields["notes"], "notes"),
        model=_checked_model(
            source,
            kernels,
            selected=check_index(fields["selected_kernel"], "selected_kernel", len(kernels)),
            relu=check_flag(fields["relu"], "relu"),
            stride=check_pair(fields["stride"], "stride", minimum=1),
            padding=check_padding(fields["padding"]),
            padding_mode=check_choice(fields["padding_mode"], "padding_mode", tuple(PADDING_MODES)),
            dilation=check_pair(fields["dilation"], "dilation", minimum=1),
            flip=check_flag(fields["flip"], "flip"),
        ),
    )
    step, total = check_whole(fields["step"], "step", minimum=0), lesson.model.total_steps
    if step > total:
        raise LessonError(f"step: {step} is past the end of the walk, which has {total} steps")
    lesson.model.seek(step)
    lesson.model.display.set(_display(fields["display"]))
    apply_stage_fields(lesson.model, fields)
    if "captions" in doc:
        lesson.model.captions.replace(read_captions(doc["captions"], doc["version"]))
    return lesson


def _display(value: object) -> DisplayChoices:
    """The ``"display"`` field: how the class sees the numbers (every choice optional)."""
    if not isinstance(value, dict):
        raise LessonError(f"display: expected {{...}} of choices, got {show(value)}")
    unknown = [key for key in value if key not in DISPLAY_FIELDS]
    if unknown:
        raise LessonError(
            f"display: unknown field {unknown[0]!r} (use {', '.join(DISPLAY_FIELDS)})"
        )
    try:
        return DisplayChoices(**value)
    except ValueError as error:
        raise LessonError(f"display.{error}") from None


def build_model(
    input: np.ndarray | LessonPhoto,
    kernels: list[Kernel],
    *,
    selected: int = 0,
    relu: bool = False,
    **settings: object,
) -> ConvModel:
    """THE one place where a lesson's parts become a :class:`ConvModel`.

    ``input`` is the grid, or the photo to cut it from.  ``settings`` are
    :class:`~convviz.core.model.WalkSettings` fields.  The file reader and the exporter's
    private copy both come through here, so when the model learns something new, this
    function and :func:`lesson_to_dict` change.  Raises the model's ``ValueError`` when
    the parts do not fit together.
    """
    photo = input if isinstance(input, LessonPhoto) else None
    grid = input if photo is None else photo.cut.grid(photo.photo.pixels)
    model = ConvModel(grid, kernels[0].weights, **settings)
    model.rename_kernel(0, kernels[0].name)
    for kernel in kernels[1:]:
        model.add_kernel(kernel.weights, kernel.name)
    for index, kernel in enumerate(kernels):
        model.set_bias(kernel.bias, index)
    model.set_relu(relu)
    model.select_kernel(selected)
    if photo is not None:  # the same grid again, now remembering the photo it came from
        model.set_photo(photo.photo, **asdict(photo.cut))
    return model


def _checked_model(
    input: np.ndarray | LessonPhoto, kernels: list[Kernel], **parts: Any
) -> ConvModel:
    try:
        return build_model(input, kernels, **parts)
    except ValueError as error:
        raise LessonError(f"the lesson's parts do not fit together: {error}") from None


def _check_format(doc: dict[str, Any]) -> None:
    if doc.get("format") != FORMAT:
        found = f"got {show(doc['format'])}" if "format" in doc else "it is missing"
        raise LessonError(f'format: a convviz lesson has "format": "{FORMAT}", {found}')
    if "version" not in doc:
        raise LessonError(f"version: missing (this convviz reads version {VERSION})")
    version = check_whole(doc["version"], "version", minimum=1)
    if version > VERSION:
        raise NewerLessonError(version)


def _check_fields(doc: dict[str, Any]) -> None:
    """No unknown field, every required one, and exactly one of "input" and "photo"."""
    known = (*REQUIRED, *INPUTS, *OPTIONAL)
    unknown = [key for key in doc if key not in known]
    if unknown:
        raise LessonError(
            f"unknown field {unknown[0]!r} (a lesson's fields are: {', '.join(known)})"
        )
    for key in REQUIRED:
        if key not in doc:
            raise LessonError(
                f"{key}: missing (every lesson needs {', '.join(REQUIRED)} and an input)"
            )
    if not any(key in doc for key in INPUTS):
        raise LessonError(
            'input: missing (a lesson needs "input", its numbers, or "photo", the photo '
            "they are cut from)"
        )
    if all(key in doc for key in INPUTS):
        raise LessonError(
            'input: leave it out when the lesson has a "photo" (the numbers are cut from it)'
        )


def _channels(source: np.ndarray | LessonPhoto) -> int:
    """How many channels the lesson's input has: 1 (grey) or 3 (colour)."""
    if isinstance(source, LessonPhoto):
        return 3 if source.cut.colour else 1
    return 1 if source.ndim == 2 else len(source)


def _photo(value: object, folder: Path | None) -> LessonPhoto:
    """The ``"photo"`` field: the photo decoded (or read) and how the input is cut from it."""
    if not isinstance(value, dict):
        raise LessonError(f'photo: expected {{"png": ...}} or {{"path": ...}}, got {show(value)}')
    unknown = [key for key in value if key not in PHOTO_FIELDS]
    if unknown:
        raise LessonError(f"photo: unknown field {unknown[0]!r} (use {', '.join(PHOTO_FIELDS)})")
    if ("png" in value) == ("path" in value):
        raise LessonError(
            'photo: give "png" (the photo itself, base64) or "path" (a photo file), '
            "exactly one of the two"
        )
    embedded = "png" in value
    photo = (
        Photo(check_png(value["png"], "photo.png"), "photo")
        if embedded
        else _photo_file(value["path"], folder)
    )
    if "name" in value:
        photo = replace(photo, name=check_text(value["name"], "photo.name"))
    if embedded:
        _remember_png(photo, value["png"])
    longest_side = value.get("longest_side", DEFAULT_LONGEST_SIDE)
    cut = PhotoCut(
        colour=check_flag(value.get("colour", False), "photo.colour"),
        longest_side=(
            None if longest_side is None else check_whole(longest_side, "photo.longest_side", 1)
        ),
        region=check_region(value.get("region"), "photo.region", photo.pixels.shape[:2]),
    )
    return LessonPhoto(photo, cut)


def _photo_file(value: object, folder: Path | None) -> Photo:
    """A photo named by ``"path"``, read as :func:`convviz.core.photo.load_photo` reads any."""
    path = (folder or Path()) / check_text(value, "photo.path")
    if not path.is_file():
        raise LessonError(
            f"photo.path: there is no photo at {path} (a relative path starts in the "
            "lesson's folder)"
        )
    try:
        return load_photo(path)
    except PhotoError as error:
        raise LessonError(f"photo.path: {error}") from None


def _kernels(value: object, channels: int) -> list[Kernel]:
    """The ``"kernels"`` field, for an input of ``channels`` channels."""
    if not isinstance(value, list) or not value:
        raise LessonError(f"kernels: expected a list of one or more kernels, got {show(value)}")
    if len(value) > MAX_KERNELS:
        raise LessonError(f"kernels: {len(value)} kernels, but a layer holds at most {MAX_KERNELS}")
    kernels = [_kernel(item, f"kernels[{i}]", channels) for i, item in enumerate(value)]
    h0, w0 = kernels[0].weights.shape[-2:]
    for i, kernel in enumerate(kernels[1:], 1):
        h, w = kernel.weights.shape[-2:]
        if (h, w) != (h0, w0):
            raise LessonError(
                f"kernels[{i}].weights: {h}×{w}, but kernels[0] is {h0}×{w0} "
                "(every kernel of a layer has the same size)"
            )
    return kernels


def _kernel(item: object, where: str, channels: int) -> Kernel:
    if not isinstance(item, dict):
        raise LessonError(f'{where}: expected {{"name": ..., "weights": ...}}, got {show(item)}')
    unknown = [key for key in item if key not in KERNEL_FIELDS]
    if unknown:
        raise LessonError(f"{where}: unknown field {unknown[0]!r} (use {', '.join(KERNEL_FIELDS)})")
    for key in ("name", "weights"):
        if key not in item:
            raise LessonError(f"{where}.{key}: missing")
    kernel = Kernel(
        name=check_text(item["name"], f"{where}.name"),
        weights=check_channels(item["weights"], f"{where}.weights"),
        bias=check_finite(item.get("bias", 0), f"{where}.bias"),
    )
    if not kernel.name.strip():
        raise LessonError(f"{where}.name: empty; give the kernel a name")
    depth = len(kernel.weights) if kernel.weights.ndim == 3 else channels
    if depth != channels:
        raise LessonError(
            f"{where}.weights: {depth} channels, but the input has {channels}: give rows of numbers"
        )
    return kernel
