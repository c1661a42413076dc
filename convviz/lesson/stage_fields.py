"""The lesson file's optional ``"pooling"`` and ``"transposed"`` fields (issue 14).

Both are objects; leaving one out (or ``null``) means that stage is off, so files from
before them open unchanged, and a lesson that uses neither is saved without them.
Every sub-field may be left out and then has the value shown::

    "pooling": {                  after the feature map (and ReLU), walked after it
      "kind": "max",              "max" or "avg" (average; border cells count as 0)
      "size": [2, 2],             [rows, columns] of the window, >= 1
      "stride": [2, 2],           [rows, columns] per step, >= 1
      "padding": [0, 0],          [rows, columns] on each side, at most half the window
      "step": 0                   pooling steps shown (only once "step" reveals the whole map)
    },
    "transposed": {               the transposed mode: the input stamps the selected kernel
      "stride": [2, 2],           [rows, columns] between stamps, >= 1
      "padding": [0, 0],          rows/columns cropped from each side of the output
      "output_padding": [0, 0],   rows/columns added at the bottom/right, < stride
      "dilation": [1, 1],         spread of the kernel's taps, >= 1
      "step": 0                   input cells stamped when the lesson opens
    }

Problems are named by field (``pooling.kind: expected one of 'max', 'avg', got
"median"``); settings the map cannot take (a window larger than it) are refused with
the reason (``pooling: The pooling window spans 6 rows but ...``).
"""

from __future__ import annotations

from typing import Any

from convviz.core.model import ConvModel
from convviz.core.pooling import KINDS
from convviz.core.stages import Stage
from convviz.lesson.checks import LessonError, check_choice, check_pair, check_whole, show

STAGE_FIELDS = ("pooling", "transposed")
_POOLING = {"kind": "max", "size": [2, 2], "stride": [2, 2], "padding": [0, 0], "step": 0}
_TRANSPOSED = {
    "stride": [2, 2],
    "padding": [0, 0],
    "output_padding": [0, 0],
    "dilation": [1, 1],
    "step": 0,
}


def stage_fields(model: ConvModel) -> dict[str, Any]:
    """The fields of the stages that are on (none for a plain convolution lesson)."""
    fields: dict[str, Any] = {}
    pooling, transposed = model.pooling, model.transposed
    if pooling.enabled:
        s = pooling.settings
        fields["pooling"] = {
            "kind": s.kind,
            "size": list(s.size),
            "stride": list(s.stride),
            "padding": list(s.padding),
            "step": pooling.cursor,
        }
    if transposed.enabled:
        t = transposed.settings
        fields["transposed"] = {
            "stride": list(t.stride),
            "padding": list(t.padding),
            "output_padding": list(t.output_padding),
            "dilation": list(t.dilation),
            "step": transposed.cursor,
        }
    return fields


def apply_stage_fields(model: ConvModel, doc: dict[str, Any]) -> None:
    """Switch on and set the stages ``doc`` names; :class:`LessonError` names a bad field.

    Called once the map's own ``step`` is set, since pooling steps follow the whole map.
    """
    pooling = _object(doc.get("pooling"), "pooling", _POOLING)
    if pooling is not None:
        _setup(
            model.pooling,
            "pooling",
            pooling,
            kind=check_choice(pooling["kind"], "pooling.kind", KINDS),
            size=check_pair(pooling["size"], "pooling.size", minimum=1),
            stride=check_pair(pooling["stride"], "pooling.stride", minimum=1),
            padding=check_pair(pooling["padding"], "pooling.padding", minimum=0),
        )
        if pooling["step"] and model.cursor < model.total_steps:
            raise LessonError(
                f"pooling.step: pooling walks the complete map; set step to "
                f"{model.total_steps} (the whole map) or pooling.step to 0"
            )
    transposed = _object(doc.get("transposed"), "transposed", _TRANSPOSED)
    if transposed is not None:
        _setup(
            model.transposed,
            "transposed",
            transposed,
            stride=check_pair(transposed["stride"], "transposed.stride", minimum=1),
            padding=check_pair(transposed["padding"], "transposed.padding", minimum=0),
            output_padding=check_pair(
                transposed["output_padding"], "transposed.output_padding", minimum=0
            ),
            dilation=check_pair(transposed["dilation"], "transposed.dilation", minimum=1),
        )


def _object(value: object, where: str, defaults: dict[str, Any]) -> dict[str, Any] | None:
    """The stage's fields with defaults filled in, ``None`` when the stage is off."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise LessonError(f"{where}: expected an object {{...}} or null, got {show(value)}")
    unknown = [key for key in value if key not in defaults]
    if unknown:
        raise LessonError(f"{where}: unknown field {unknown[0]!r} (use {', '.join(defaults)})")
    return {**defaults, **value}


def _setup(stage: Stage[Any, Any], where: str, fields: dict[str, Any], **settings: Any) -> None:
    """Configure and switch on ``stage``, then show ``step`` of its steps."""
    step = check_whole(fields["step"], f"{where}.step", minimum=0)
    try:
        stage.configure(**settings)
        stage.set_enabled(True)
    except ValueError as error:
        raise LessonError(f"{where}: {error}") from None
    if step > len(stage):
        raise LessonError(f"{where}.step: {step} is past the end of its walk of {len(stage)} steps")
    stage.seek(step)
