"""The ``"captions"`` field of a lesson file (format version 2).

Written by hand as an object from step to words, the step being the number of revealed
cells the window shows ("Step 2 / 25"), 0 for before the walk::

    "captions": {
      "0": "Three parts: the image, the feature detector, the feature map.",
      "2": "Only the detector's middle-left 1 meets a 1 of the image."
    }

Migration: version 2 differs from version 1 only by this field.  Every version-1 file
is a valid version-2 file and opens unchanged.  A lesson is written as version 2 only
when it has captions, so a lesson without them stays readable by a convviz that knows
only version 1; a file with captions is version 2, which such a convviz refuses with
its "made by a newer convviz: update convviz to open it" message instead of dropping the
captions silently.  A version-1 file with "captions" is refused as inconsistent.
"""

from __future__ import annotations

from typing import Any

from convviz.core.captions import check_caption
from convviz.core.model import ConvModel
from convviz.lesson.checks import LessonError, show

CAPTIONS_VERSION = 2  # the first format version with captions


def captions_field(model: ConvModel) -> dict[str, Any]:
    """``{"version": ..., "captions": {...}}`` to merge into a written lesson.

    The captions' keys are text (JSON's only kind of key) in step order.
    """
    captions = model.captions.items()
    if not captions:
        return {"version": 1}
    return {
        "version": CAPTIONS_VERSION,
        "captions": {str(step): text for step, text in captions.items()},
    }


def read_captions(value: object, version: int) -> dict[int, str]:
    """The ``"captions"`` field checked, by step; :class:`LessonError` naming what is wrong."""
    if version < CAPTIONS_VERSION:
        raise LessonError(
            f'captions: a lesson with captions is "version": {CAPTIONS_VERSION} '
            f"(this file says {version})"
        )
    if not isinstance(value, dict):
        raise LessonError(f'captions: expected {{"2": "words for step 2", ...}}, got {show(value)}')
    captions = {}
    for key, text in value.items():
        if not (key.isascii() and key.isdigit()):
            raise LessonError(
                f"captions: {show(key)} is not a step; use the number of revealed cells, "
                'e.g. "2" for step 2 ("0" before the walk)'
            )
        try:
            captions[int(key)] = check_caption(int(key), text)
        except ValueError as error:
            raise LessonError(f'captions["{key}"]: {error}') from None
    return captions
