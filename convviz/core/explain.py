"""The words and formulas shown to learners, built from the model's numbers.

Kept apart from the widgets so the command line, the exporter and the tests read the
very same sentences the window shows.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from convviz.core.convolution import Geometry
from convviz.core.model import ConvModel
from convviz.core.numbers import as_factor, format_number, size_lines
from convviz.core.pool_walk import arithmetic_line as pool_arithmetic_line
from convviz.core.pool_walk import where_line as pool_where_line
from convviz.core.stage_text import stage_text
from convviz.core.transposed_walk import stamp_line
from convviz.core.walk import Step

MAX_TERMS = 300  # products written out in a step, all channels together; more are summarised
SUMMARY_TERMS = 6  # products written before the "…" of a summary (the last one after it)


def _channel_names(count: int) -> list[str]:
    return ["R", "G", "B"] if count == 3 else [f"Channel {c + 1}" for c in range(count)]


def products_line(step: Step, *, fractions: bool = True) -> str:
    """``0×0 + 0×0 + 0×1 + 1×1 + … = 1``: input value × weight, row by row.

    With several channels, one line per channel and their total; then the bias and the
    ReLU when the layer has them, so every number on the map can be traced.  The
    weights read as typed (``1/9``); results are fractions only with ``fractions``
    (inputs the class typed or drew, not a photo's pixels).
    Beyond
    :data:`MAX_TERMS` products in all only the first and last few of each channel are
    written (a 1000×1000 kernel has a million: no class reads them, and writing them took
    40 s; a colour photo's 15×15 kernel has 675, which took the window 30 ms a step to lay
    out and scroll).
    """
    number = partial(format_number, fractions=fractions)
    factor = partial(as_factor, fractions=fractions)
    sums = step.channel_sums
    lines = []
    summarise = step.values.size > MAX_TERMS
    for c, (values, weights) in enumerate(zip(step.values, step.weights, strict=True)):
        terms = _terms(values.reshape(-1), weights.reshape(-1), summarise)
        line = f"{terms} = {number(sums[c])}"
        lines.append(line if len(sums) == 1 else f"{_channel_names(len(sums))[c]}: {line}")
    raw = float(sums.sum())
    if len(sums) > 1:
        parts = " + ".join(factor(v) for v in sums)
        lines.append(f"Sum over channels: {parts} = {number(raw)}")
    if step.bias:
        lines.append(f"Plus bias: {number(raw)} + {as_factor(step.bias)} = {number(step.total)}")
    if step.relu:
        zeroed = " (ReLU zeroes this cell)" if step.total < 0 else ""
        lines.append(f"ReLU: max(0, {number(step.total)}) = {number(step.output)}{zeroed}")
    return "\n".join(lines)


def _terms(values: np.ndarray, weights: np.ndarray, summarise: bool) -> str:
    """``v×w + v×w + …``, or ``first + … (n products) … + last`` when ``summarise``."""
    count = len(values)
    summarise = summarise and count > SUMMARY_TERMS + 1
    shown = [*range(SUMMARY_TERMS), -1] if summarise else range(count)
    terms = [f"{as_factor(values[i])}×{as_factor(weights[i])}" for i in shown]
    if summarise:
        hidden = count - len(terms)
        terms.insert(SUMMARY_TERMS, f"… {hidden} more products …")
    return " + ".join(terms)


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
    return size_lines(*axes)


def cells_line(geometry: Geometry) -> str:
    """``49 input cells → 25 feature-map cells``."""
    (h, w), (oh, ow) = geometry.in_shape, geometry.out_shape
    cells = f"{_plural(h * w, 'input cell')} → {_plural(oh * ow, 'feature-map cell')}"
    return f"{cells} ({h}×{w} → {oh}×{ow})"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def padding_line(geometry: Geometry) -> str | None:
    """Where the border is and what fills it; ``None`` without padding."""
    (top, bottom), (left, right) = geometry.pads
    if not any((top, bottom, left, right)):
        return None
    return (
        f"Padding: top {top}, bottom {bottom}, left {left}, right {right}, "
        f"fill: {geometry.padding_mode}"
    )


def unvisited_line(geometry: Geometry) -> str | None:
    """Rows/columns the window never reaches (the stride does not fit what is left)."""
    rows, cols = geometry.unvisited()
    parts = [
        text
        for count, text in (
            (rows, f"{_plural(rows, 'row')} at the bottom"),
            (cols, f"{_plural(cols, 'column')} at the right"),
        )
        if count
    ]
    if not parts:
        return None
    return f"Never visited: {' and '.join(parts)}: the stride does not fit what is left."


def definitions(step: Step | None, geometry: Geometry, *, flip: bool) -> str:
    """Both definitions of the sum, the active one marked, with this step's indices."""
    (sy, sx), (dy, dx) = geometry.stride, geometry.dilation
    (kh, kw), padded = geometry.kernel_shape, any(any(p) for p in geometry.pads)
    m, n = ("m" if dy == 1 else f"{dy}m"), ("n" if dx == 1 else f"{dx}n")
    source = "I (the padded input)" if padded else "I (the input)"
    index = f"I(i·{sy} + {m}, j·{sx} + {n})"
    marks = ("  ", "▶ ") if flip else ("▶ ", "  ")
    lines = [
        f"{marks[0]}Cross-correlation (CNN layers): S(i, j) = Σₘ Σₙ {index} · K(m, n)",
        f"{marks[1]}Convolution (maths books): (I ∗ K)(i, j) = Σₘ Σₙ {index} "
        f"· K({kh - 1} − m, {kw - 1} − n)",
        f"   sums over m = 0…{kh - 1}, n = 0…{kw - 1}; {source}, K the kernel as typed",
    ]
    if step is not None:
        i, j = step.out_row, step.out_col
        kernel = f"K({kh - 1} − m, {kw - 1} − n)" if flip else "K(m, n)"
        name = f"(I ∗ K)({i}, {j})" if flip else f"S({i}, {j})"
        lines.append(
            f"This step: {name} = Σₘ Σₙ I({i * sy} + {m}, {j * sx} + {n}) · {kernel} "
            f"= {format_number(step.output)}"
        )
    if flip:
        lines.append("Convolution mode: the kernel is rotated 180° before it slides.")
    return "\n".join(lines)


def describe(
    step: Step | None, geometry: Geometry, *, flip: bool = False, fractions: bool = True
) -> str:
    """The whole arithmetic-panel text for the step just taken (or the start of the walk)."""
    if step is None:
        head = [
            "Press Step (→) to place the feature detector on the top-left corner.",
            "Each step multiplies the overlapping cells and adds the products.",
        ]
    else:
        head = [where_line(step, geometry.total_steps), products_line(step, fractions=fractions)]
        if step.counts_matches:
            head.append(matches_line(step))
    if flip:
        head.append("Convolution mode: the weights on the input are the kernel rotated 180°.")
    notes = [padding_line(geometry), unvisited_line(geometry)]
    tail = [size_formula(geometry), cells_line(geometry), *(n for n in notes if n)]
    return "\n".join([*head, *tail])


def arithmetic_text(model: ConvModel) -> str:
    """What the arithmetic panel shows for ``model`` now (a later stage's step, if one)."""
    later = stage_text(model)
    if later is not None:
        return later
    return describe(
        model.current_step, model.geometry, flip=model.flip, fractions=typed_inputs(model)
    )


def typed_inputs(model: ConvModel) -> bool:
    """The input was drawn or typed by the class, so exact fractions of it mean something.

    A photo's pixels were not: sums over them read as decimals (``757.9``, not ``6821/9``).
    """
    return model.photo is None


def formula_text(model: ConvModel) -> str:
    """What the formula view shows for ``model`` now."""
    return definitions(model.current_step, model.geometry, flip=model.flip)


def next_step_text(model: ConvModel) -> str:
    """What the next Step reveals, with its arithmetic (and caption), or that none is left.

    Every stage: once the map was complete, the presenter asked the map's walk for a step
    past its end while pooling was still to come (an ``IndexError`` in its refresh).
    """
    stage = model.next_stage
    if stage is None:
        return "Next: nothing, the walk is complete (Home goes back to the start)."
    if stage == "pooling":
        pooling = model.pooling.walk
        assert pooling is not None  # a stage to walk has a walk
        pooled = pooling.step(model.pooling.cursor)
        return "\n".join([pool_where_line(pooled, len(pooling)), pool_arithmetic_line(pooled)])
    if stage == "transposed":
        transposed = model.transposed.walk
        assert transposed is not None
        return stamp_line(transposed.step(model.transposed.cursor))
    step = model.walk.step(model.cursor)
    lines = [where_line(step, model.total_steps), products_line(step)]
    caption = model.captions.at(model.cursor + 1)
    if caption:
        lines.append(f"Its caption: “{caption}”")
    return "\n".join(lines)
