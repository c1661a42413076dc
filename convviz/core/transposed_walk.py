"""The transposed convolution walked: one input cell at a time stamps its weighted kernel.

Step *n* takes input cell *n* (row after row) and adds ``value × kernel`` onto the
output, spread by the dilation, moved by the stride and cropped by the padding; the
map after step *n* is the sum of the first *n + 1* stamps.  The sentences are built
here so that the window, the exporter and the tests read the same words.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convviz.core.convolution import Pair
from convviz.core.numbers import as_factor, format_number, size_lines
from convviz.core.transposed import TransposedGeometry, prepare, stamp


@dataclass(frozen=True)
class Stamp:
    """What input cell ``(in_row, in_col)`` adds to the output.

    ``values`` is the cell in each input channel, ``(C,)``; ``weights`` the kernel,
    ``(C, N, kh, kw)``.  ``rows``/``cols`` are the ``(kh, kw)`` output cells the taps land
    on, before the padding crops them: ``inside`` marks those that remain.
    """

    index: int
    in_row: int
    in_col: int
    values: np.ndarray
    weights: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    inside: np.ndarray

    @property
    def contributions(self) -> np.ndarray:
        """``value × kernel`` summed over the channels: ``(N, kh, kw)``, cropped cells too."""
        return np.tensordot(self.values, self.weights, axes=(0, 0))


class TransposedWalk:
    """The input cells in order, each with its stamp; arguments as ``transposed_map``."""

    def __init__(
        self,
        input: object,
        kernel: object,
        *,
        stride: int | Pair = 1,
        padding: int | Pair = 0,
        output_padding: int | Pair = 0,
        dilation: int | Pair = 1,
    ) -> None:
        self._operands, self.geometry = prepare(
            input,
            kernel,
            stride=stride,
            padding=padding,
            output_padding=output_padding,
            dilation=dilation,
        )
        self.input, self.kernel = self._operands.input, self._operands.kernel  # (C, …) forms
        g = self.geometry
        kh, kw = g.kernel_shape
        taps = np.indices((kh, kw))
        self._tap_rows = taps[0] * g.dilation[0] - g.padding[0]
        self._tap_cols = taps[1] * g.dilation[1] - g.padding[1]

    def __len__(self) -> int:
        height, width = self.geometry.in_shape
        return height * width

    def step(self, index: int) -> Stamp:
        """The stamp of input cell ``index`` (0-based, row after row)."""
        if not 0 <= index < len(self):
            raise IndexError(f"step {index} is outside the walk of {len(self)} steps")
        in_row, in_col = divmod(index, self.geometry.in_shape[1])
        (sy, sx), (oh, ow) = self.geometry.stride, self.geometry.out_shape
        rows = in_row * sy + self._tap_rows
        cols = in_col * sx + self._tap_cols
        inside = (rows >= 0) & (rows < oh) & (cols >= 0) & (cols < ow)
        values = self.input[:, in_row, in_col]
        return Stamp(index, in_row, in_col, values, self.kernel, rows, cols, inside)

    def partial(self, index: int) -> np.ndarray:
        """The output after stamps ``0 … index``, in ``transposed_map``'s shape.

        The map is linear in the input, so it is the whole computation on the input with
        the later cells set to zero.
        """
        if not -1 <= index < len(self):
            raise IndexError(f"step {index} is outside the walk of {len(self)} steps")
        shown = (np.arange(len(self)) <= index).reshape(self.geometry.in_shape)
        return self._operands.shaped(stamp(self.input * shown, self.kernel, self.geometry))

    def sources(self, out_row: int, out_col: int) -> list[tuple[int, int, int, int]]:
        """``(in_row, in_col, tap_row, tap_col)`` of every stamp that adds to an output cell.

        In the walk's order (the input cells row after row), as the stamps arrived.

        Along an axis, input ``r`` reaches output ``o`` through tap ``t`` when
        ``r·s + t·d − p = o``; the overlaps a learner sees are the pairs on both axes.
        """
        per_axis = [
            _sources_on_axis(o, *self.geometry.along(axis))
            for axis, o in enumerate((out_row, out_col))
        ]
        return sorted((r, c, i, j) for r, i in per_axis[0] for c, j in per_axis[1])


def _sources_on_axis(o: int, n: int, k: int, s: int, p: int, _extra: int, d: int) -> list[Pair]:
    """``(r, t)`` with ``r·s + t·d − p == o``, ``0 ≤ r < n`` and ``0 ≤ t < k``."""
    taps = np.arange(k)
    reach = o + p - taps * d
    valid = (reach >= 0) & (reach % s == 0) & (reach // s < n)
    return [(int(r), int(t)) for r, t in zip(reach[valid] // s, taps[valid], strict=True)]


def _span(lines: np.ndarray, word: str) -> str:
    first, last = int(lines.min()), int(lines.max())
    return f"{word} {first}" if first == last else f"{word}s {first}–{last}"


def stamp_line(step: Stamp) -> str:
    """``Input cell (row 0, column 1) = 2 adds 2 × kernel to output rows 0–2, columns 2–4``."""
    where = f"Input cell (row {step.in_row}, column {step.in_col})"
    if len(step.values) == 1:
        value = format_number(float(step.values[0]))
        what = f"{where} = {value} adds {as_factor(float(step.values[0]))} × kernel"
    else:
        values = ", ".join(format_number(float(v)) for v in step.values)
        what = f"{where} = ({values}) adds each channel's value × its kernel"
    if not step.inside.any():
        return f"{what}: all of it falls in the cropped border (padding)."
    rows, cols = step.rows[step.inside], step.cols[step.inside]
    text = f"{what} to output {_span(rows, 'row')}, {_span(cols, 'column')}"
    cropped = int((~step.inside).sum())
    if cropped:
        text += f"; {cropped} of its {step.inside.size} cells fall in the cropped border"
    return text


def sum_line(walk: TransposedWalk, out_row: int, out_col: int, map_index: int = 0) -> str:
    """``Output cell (row 1, column 1) = 1×1 + 2×0 = 1``: the overlapping stamps, summed."""
    terms, total = [], 0.0
    for r, c, i, j in walk.sources(out_row, out_col):
        for channel, value in enumerate(walk.input[:, r, c]):
            weight = walk.kernel[channel, map_index, i, j]
            terms.append(f"{as_factor(float(value))}×{as_factor(float(weight))}")
            total += value * weight
    where = f"Output cell (row {out_row}, column {out_col})"
    if not terms:
        return f"{where} = 0: no stamp reaches it."
    return f"{where} = {' + '.join(terms)} = {format_number(total)}"


def size_formula(geometry: TransposedGeometry) -> str:
    """``Output size: (5 − 1)·2 − 2·0 + 1·(3 − 1) + 0 + 1 = 11``, per axis if they differ."""
    return size_lines(geometry.axis_formula(0), geometry.axis_formula(1))
