"""Lesson files: a whole lesson as a small JSON file that an instructor can read and edit.

Format, version 1 (fields marked * are required; the others have the defaults shown)::

    {
      "format": "convviz-lesson",         * marks the file as a convviz lesson
      "version": 1,                       * a file from a newer convviz is refused
      "title": "The seed smiley",           default ""
      "notes": "Stop at step 2 and ...",    default "": words for the instructor
      "input": [[0, 1, 0], [1, 0, 1]],    * rows of numbers, all rows the same length
      "kernels": [                        * 1 to 8 feature detectors, all of one size:
        {"name": "Feature detector",      *   not empty
         "weights": [[0, 1], [1, 0]],     *   rows of numbers, like "input"
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
      "step": 0                             default 0: cells revealed when it opens
    }

Numbers are JSON numbers (``0.5``, ``-1``, ``1e-3``); fractions like ``1/9`` are not
JSON, write ``0.1111111111111111``.  Files are read with :func:`json.loads` only (no
code is ever run) and checked field by field: every problem raises :class:`LessonError`
naming the field, e.g. ``kernels[0].weights: row 2 has 2 numbers, expected 3`` (rows
and columns count from 1, as an instructor reads the grid).  Unknown fields are refused
too, so a misspelt ``"strid"`` is reported instead of silently ignored.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import asdict, dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from .assets import bundled_lessons
from .atomic import replacing_file
from .convolution import PADDING_MODES
from .lesson_checks import (
    LessonError,
    check_choice,
    check_finite,
    check_flag,
    check_grid,
    check_index,
    check_padding,
    check_pair,
    check_text,
    check_whole,
    kind_of,
    show,
)
from .model import MAX_KERNELS, ConvModel

FORMAT = "convviz-lesson"
VERSION = 1
REQUIRED = ("format", "version", "input", "kernels")
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
}
KERNEL_FIELDS = ("name", "weights", "bias")


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


# -- writing -------------------------------------------------------------------------------
def lesson_to_dict(model: ConvModel, title: str = "", notes: str = "") -> dict[str, Any]:
    """The lesson as the JSON-ready dict of the format above (exact: floats keep every bit)."""
    if model.channels != 1:
        raise LessonError(
            f"a {model.channels}-channel (colour) input cannot be saved in a lesson file yet: "
            "use a grey photo or a drawn grid"
        )
    settings = model.settings
    named = isinstance(settings.padding, str)
    no_padding = not any(any(side) for side in model.geometry.pads)
    if named or no_padding:
        padding: object = settings.padding if named else "valid"
    else:
        padding = [list(side) for side in model.geometry.pads]
    kernels = [
        {"name": kernel.name, "weights": _rows(kernel.weights), "bias": _number(kernel.bias)}
        for kernel in kernels_of(model)
    ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "title": title,
        "notes": notes,
        "input": _rows(model.input),
        "kernels": kernels,
        "selected_kernel": model.selected,
        "stride": list(model.stride),
        "padding": padding,
        "padding_mode": settings.padding_mode,
        "dilation": list(model.dilation),
        "flip": model.flip,
        "relu": model.layer.relu,
        "step": model.cursor,
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
    with replacing_file(Path(path)) as file:
        file.write(text.encode("utf-8"))


def _rows(grid: np.ndarray) -> list[list[int | float]]:
    return [[_number(value) for value in row] for row in grid.tolist()]


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
    """Read a lesson from a file, or from JSON text (a string starting with ``{``)."""
    if isinstance(source, str) and source.lstrip().startswith("{"):
        text = source
    else:
        file = Path(source) if isinstance(source, str | os.PathLike) else source
        try:
            text = file.read_text(encoding="utf-8-sig")  # -sig: tolerate Notepad's BOM
        except OSError as error:
            raise LessonError(error.strerror or str(error)) from None
        except UnicodeDecodeError:
            raise LessonError("not a text file (a lesson is JSON text in UTF-8)") from None
    return lesson_from_dict(_parse(text))


def find_lesson(name: str) -> Lesson:
    """A lesson file, or a shipped lesson by name when no such file exists."""
    path = Path(name)
    if not path.exists():
        bundled = bundled_lessons()
        if name in bundled:
            return load_lesson(bundled[name])
        raise LessonError(f"no such file (shipped lessons: {', '.join(bundled)})")
    return load_lesson(path)


def _parse(text: str) -> object:
    if not text.strip():
        raise LessonError("the file is empty")
    try:
        return json.loads(text)
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


def lesson_from_dict(doc: object) -> Lesson:
    """Check every field of a parsed lesson and build its model; :class:`LessonError` if bad."""
    if not isinstance(doc, dict):
        raise LessonError(f"a lesson is a JSON object {{...}}, but this file holds {kind_of(doc)}")
    _check_format(doc)
    unknown = [key for key in doc if key not in REQUIRED and key not in OPTIONAL]
    if unknown:
        known = ", ".join((*REQUIRED, *OPTIONAL))
        raise LessonError(f"unknown field {unknown[0]!r} (a lesson's fields are: {known})")
    for key in REQUIRED:
        if key not in doc:
            raise LessonError(f"{key}: missing (every lesson needs {', '.join(REQUIRED)})")
    fields = {**OPTIONAL, **doc}
    kernels = _kernels(fields["kernels"])
    lesson = Lesson(
        title=check_text(fields["title"], "title"),
        notes=check_text(fields["notes"], "notes"),
        model=_checked_model(
            check_grid(fields["input"], "input"),
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
    return lesson


def build_model(
    input: np.ndarray,
    kernels: list[Kernel],
    *,
    selected: int = 0,
    relu: bool = False,
    **settings: object,
) -> ConvModel:
    """THE one place where a lesson's parts become a :class:`ConvModel`.

    ``settings`` are :class:`~convviz.model.WalkSettings` fields.  The file reader and the
    exporter's private copy both come through here, so when the model learns something
    new (say photo inputs in files), this function and :func:`lesson_to_dict` change.
    Raises the model's ``ValueError`` when the parts do not fit together.
    """
    model = ConvModel(input, kernels[0].weights, **settings)
    model.rename_kernel(0, kernels[0].name)
    for kernel in kernels[1:]:
        model.add_kernel(kernel.weights, kernel.name)
    for index, kernel in enumerate(kernels):
        model.set_bias(kernel.bias, index)
    model.set_relu(relu)
    model.select_kernel(selected)
    return model


def copy_model(model: ConvModel) -> ConvModel:
    """The same lesson in a model of its own: an export walks it, not a window's model.

    Unlike a file it keeps a colour input; the photo a grid was cut from is not copied.
    """
    copy = build_model(
        model.input,
        kernels_of(model),
        selected=model.selected,
        relu=model.layer.relu,
        **asdict(model.settings),
    )
    copy.seek(model.cursor)
    return copy


def _checked_model(input: np.ndarray, kernels: list[Kernel], **parts: Any) -> ConvModel:
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
        raise LessonError(
            f"version {version}: made by a newer convviz (this one reads version {VERSION}): "
            "update convviz to open it"
        )


def _kernels(value: object) -> list[Kernel]:
    if not isinstance(value, list) or not value:
        raise LessonError(f"kernels: expected a list of one or more kernels, got {show(value)}")
    if len(value) > MAX_KERNELS:
        raise LessonError(f"kernels: {len(value)} kernels, but a layer holds at most {MAX_KERNELS}")
    kernels = []
    for i, item in enumerate(value):
        where = f"kernels[{i}]"
        if not isinstance(item, dict):
            raise LessonError(
                f'{where}: expected {{"name": ..., "weights": ...}}, got {show(item)}'
            )
        unknown = [key for key in item if key not in KERNEL_FIELDS]
        if unknown:
            raise LessonError(
                f"{where}: unknown field {unknown[0]!r} (use {', '.join(KERNEL_FIELDS)})"
            )
        for key in ("name", "weights"):
            if key not in item:
                raise LessonError(f"{where}.{key}: missing")
        kernel = Kernel(
            name=check_text(item["name"], f"{where}.name"),
            weights=check_grid(item["weights"], f"{where}.weights"),
            bias=check_finite(item.get("bias", 0), f"{where}.bias"),
        )
        if not kernel.name.strip():
            raise LessonError(f"{where}.name: empty; give the kernel a name")
        if kernels and kernel.weights.shape != kernels[0].weights.shape:
            (h, w), (h0, w0) = kernel.weights.shape, kernels[0].weights.shape
            raise LessonError(
                f"{where}.weights: {h}×{w}, but kernels[0] is {h0}×{w0} "
                "(every kernel of a layer has the same size)"
            )
        kernels.append(kernel)
    return kernels
