"""Checks for the fields of a lesson file, each naming the field in its message.

Kept apart from :mod:`convviz.lesson_file` (the format) so the format reads on one
screen.  Every check takes a value straight from :func:`json.loads` and ``where``, the
field's name as the message shows it (``kernels[0].weights``).
"""

from __future__ import annotations

import json
import math

import numpy as np

PADDING_NAMES = ("valid", "same", "full")


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
    return value  # type: ignore[return-value]


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


def show(value: object) -> str:
    """A short rendering of a bad value for a message."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def kind_of(value: object) -> str:
    """What a JSON value is, in words."""
    return {list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )
