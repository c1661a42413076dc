"""The words and formulas shown to learners, built from the model's numbers.

Kept apart from the widgets so the command line, the exporter and the tests read the
very same sentences the window shows.
"""

from __future__ import annotations

from .convolution import Geometry
from .numbers import MINUS, format_number
from .walk import Step


def _factor(value: float) -> str:
    """A number as a factor in a product: negatives in brackets, ``1×(−1)``."""
    text = format_number(value)
    return f"({text})" if text.startswith(MINUS) else text


def products_line(step: Step) -> str:
    """``0×0 + 0×0 + 0×1 + 1×1 + … = 1``: input value × weight, row by row."""
    terms = [
        f"{_factor(v)}×{_factor(w)}"
        for v, w in zip(step.values.reshape(-1), step.weights.reshape(-1), strict=True)
    ]
    return f"{' + '.join(terms)} = {format_number(step.total)}"


def matches_line(step: Step) -> str:
    """How many cells of the window "match": image and kernel both non-zero."""
    count = int(step.matches.sum())
    return f"{count} matching cell{'s' if count != 1 else ''}"


def where_line(step: Step, total_steps: int) -> str:
    """Which step this is and where the window sits, in the learner's words."""
    top, left = int(step.rows[0, 0]), int(step.cols[0, 0])
    return (
        f"Step {step.index + 1} of {total_steps}: window at row {top}, column {left} "
        f"→ feature map cell (row {step.out_row}, column {step.out_col})"
    )


def _axis_formula(n: int, k: int, s: int, d: int, pads: tuple[int, int], out: int) -> str:
    before, after = pads
    if before or after or d != 1:
        reach = f"{d}·({k} − 1)" if d != 1 else f"({k} − 1)"
        inner = f"{n} + {before} + {after} − {reach} − 1"
    else:
        inner = f"{n} − {k}"
    return f"⌊({inner}) / {s}⌋ + 1 = {out}"


def size_formula(geometry: Geometry) -> str:
    """The output-size formula with the current numbers, one line per axis if they differ."""
    axes = [
        _axis_formula(n, k, s, d, p, out)
        for n, k, s, d, p, out in zip(
            geometry.in_shape,
            geometry.kernel_shape,
            geometry.stride,
            geometry.dilation,
            geometry.pads,
            geometry.out_shape,
            strict=True,
        )
    ]
    if axes[0] == axes[1]:
        return f"Output size: {axes[0]}"
    return f"Output rows: {axes[0]}\nOutput columns: {axes[1]}"


def cells_line(geometry: Geometry) -> str:
    """``49 input cells → 25 feature-map cells``."""
    (h, w), (oh, ow) = geometry.in_shape, geometry.out_shape
    return f"{h * w} input cells → {oh * ow} feature-map cells ({h}×{w} → {oh}×{ow})"


def describe(step: Step | None, geometry: Geometry) -> str:
    """The whole panel text for the step just taken (or the start of the walk)."""
    if step is None:
        head = (
            "Press Step (→) to place the feature detector on the top-left corner.\n"
            "Each step multiplies the overlapping cells and adds the products."
        )
    else:
        head = "\n".join(
            (where_line(step, geometry.total_steps), products_line(step), matches_line(step))
        )
    return f"{head}\n\n{size_formula(geometry)}\n{cells_line(geometry)}"
