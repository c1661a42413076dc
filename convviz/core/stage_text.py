"""The arithmetic panel's words while a stage after (or instead of) the convolution walks.

The sentences themselves come from :mod:`pool_walk` and :mod:`transposed_walk`; this
module only decides which stage the step just taken belongs to and what goes with it.
"""

from __future__ import annotations

import numpy as np

from convviz.core.model import ConvModel
from convviz.core.pool_walk import arithmetic_line, describe
from convviz.core.transposed_walk import TransposedWalk, stamp_line, sum_line
from convviz.core.transposed_walk import size_formula as transposed_size


def stage_text(model: ConvModel) -> str | None:
    """The arithmetic of the stage just stepped, or ``None`` when it is the convolution's."""
    if model.transposed.active:
        return transposed_text(model)
    walk = model.pooling.walk
    if walk is not None and model.pooling.cursor:
        return describe(walk, model.pooling.cursor - 1)
    return None


def pooling_summary(model: ConvModel) -> str:
    """The pooling panel's short text: this step's line and the cells kept.

    Short because the panel is narrow; the arithmetic panel has the whole story.
    """
    stage = model.pooling
    if stage.problem is not None:
        return f"Pooling cannot run on this map: {stage.problem}"
    walk, step = stage.walk, stage.current_step
    if walk is None:
        return ""
    (h, w), (oh, ow) = walk.geometry.in_shape, walk.geometry.out_shape
    if step is not None:
        first = arithmetic_line(step)
    elif model.cursor < model.total_steps:
        first = "Pooling starts when the map is complete."
    else:
        first = "Step: the window's first position."
    lines = [first, f"{h * w} → {oh * ow} cells"]
    return "\n".join(line for line in lines if line)


def transposed_text(model: ConvModel) -> str:
    """The stamp just made, how an overlapping output cell adds up, and the output size."""
    walk = model.transposed.walk
    if walk is None:
        problem = model.transposed.problem
        return f"The transposed convolution cannot run: {problem}" if problem else ""
    step = model.transposed.current_step
    lines = []
    if step is None:
        lines.append(
            "Press Step: each input cell in turn stamps value × kernel onto the output; "
            "where stamps overlap, they add up."
        )
    else:
        lines.append(stamp_line(step))
        busiest = _busiest_cell(walk, step.rows[step.inside], step.cols[step.inside])
        if busiest is not None:
            lines.append("When every stamp is in: " + sum_line(walk, *busiest))
    lines.append(transposed_size(walk.geometry))
    lines.extend(_cropping_lines(walk))
    return "\n".join(lines)


def _busiest_cell(
    walk: TransposedWalk, rows: np.ndarray, cols: np.ndarray
) -> tuple[int, int] | None:
    """Of the cells this stamp reaches, the one most stamps overlap on (the first such)."""
    cells = list(zip(rows.tolist(), cols.tolist(), strict=True))
    if not cells:
        return None
    return max(cells, key=lambda cell: len(walk.sources(*cell)))


def _cropping_lines(walk: TransposedWalk) -> list[str]:
    """What padding and output_padding do to the output, only when they are used."""
    lines = []
    (py, px), (ey, ex) = walk.geometry.padding, walk.geometry.output_padding
    if py or px:
        lines.append(
            f"Padding crops {py} row(s) from the top and bottom and {px} column(s) from the "
            "left and right of the full output (the stamps' cells there are dropped)."
        )
    if ey or ex:
        lines.append(
            f"output_padding adds {ey} row(s) at the bottom and {ex} column(s) at the right: "
            "the sizes a stride-s convolution maps to the same output are told apart."
        )
    return lines
