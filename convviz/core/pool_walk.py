"""The pooling window walked: where it sits at step *n*, what it keeps, and what is lost.

Kept apart from :mod:`pooling` (the fast whole-map path) as the convolution's walk is
kept apart from its fast path; the tests check that every step's value equals the
fast map's cell.  The sentences are built here so that the window, the exporter and
the tests all read the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from convviz.core.convolution import Geometry, Pair
from convviz.core.maps import as_maps, shaped_like
from convviz.core.numbers import MINUS, format_number, size_lines
from convviz.core.pooling import PoolKind, check_kind, pool_geometry, pooled

_NAMES = {"max": "max", "avg": "average"}
_LISTED = 6  # lines of a photo's dropped rows are counted, not read out one by one


@dataclass(frozen=True)
class PoolStep:
    """One window position: the map cells it covers and the value it keeps.

    ``rows``/``cols`` are ``(kh, kw)`` map coordinates, outside the map where the window
    lies on the border; ``values`` is ``(C, kh, kw)`` with 0 there and ``inside`` marks
    the real cells.  Max pooling never picks the border; average pooling counts it as 0.
    """

    index: int
    out_row: int
    out_col: int
    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    inside: np.ndarray
    kind: PoolKind

    def _real(self, channel: int) -> np.ndarray:
        return np.where(self.inside, self.values[channel], -np.inf)

    @property
    def outputs(self) -> np.ndarray:
        """The pooled value of each channel, ``(C,)``."""
        if self.kind == "max":
            return np.array([self._real(c).max() for c in range(len(self.values))])
        return self.values.sum(axis=(1, 2)) / self.inside.size

    def winner(self, channel: int = 0) -> Pair | None:
        """The map cell max pooling keeps: the first largest, row by row, as PyTorch picks.

        ``None`` for average pooling, where every cell counts.
        """
        if self.kind != "max":
            return None
        i, j = np.unravel_index(np.argmax(self._real(channel)), self.inside.shape)
        return int(self.rows[i, j]), int(self.cols[i, j])

    def kept(self, channel: int = 0) -> np.ndarray:
        """``(kh, kw)`` mask of the window's cells the pooled value is made of.

        Max pooling's winner alone; for average pooling every map cell under the
        window (the border only adds zeros).  What a learner who got it wrong rechecks.
        """
        winner = self.winner(channel)
        if winner is None:
            return self.inside.copy()
        return (self.rows == winner[0]) & (self.cols == winner[1])


class PoolWalk:
    """The ordered pooling-window positions over ``(H, W)`` or ``(C, H, W)`` maps.

    Row after row, left to right, like the convolution's walk; the arguments are those
    of :func:`convviz.core.pooling.pool`.
    """

    def __init__(
        self,
        input: object,
        size: int | Pair,
        *,
        stride: int | Pair | None = None,
        kind: str = "max",
        padding: int | Pair = 0,
    ) -> None:
        self.maps, self._single = as_maps(input)
        self.kind = check_kind(kind)
        self.geometry = pool_geometry(self.maps.shape[-2:], size, stride=stride, padding=padding)
        kh, kw = self.geometry.kernel_shape
        self._taps = np.indices((kh, kw))

    def __len__(self) -> int:
        return self.geometry.total_steps

    def step(self, index: int) -> PoolStep:
        """Everything about step ``index`` (0-based): the window's cells and its values."""
        if not 0 <= index < len(self):
            raise IndexError(f"step {index} is outside the walk of {len(self)} steps")
        out_row, out_col = divmod(index, self.geometry.out_shape[1])
        (sy, sx), ((top, _), (left, _)) = self.geometry.stride, self.geometry.pads
        rows = out_row * sy - top + self._taps[0]
        cols = out_col * sx - left + self._taps[1]
        height, width = self.maps.shape[-2:]
        inside = (rows >= 0) & (rows < height) & (cols >= 0) & (cols < width)
        values = np.where(
            inside, self.maps[:, rows.clip(0, height - 1), cols.clip(0, width - 1)], 0.0
        )
        return PoolStep(index, out_row, out_col, rows, cols, values, inside, self.kind)

    def output(self) -> np.ndarray:
        """The whole pooled map, in the input's shape."""
        return shaped_like(pooled(self.maps, self.geometry, self.kind), self._single)

    @cached_property
    def covered(self) -> np.ndarray:
        """``(H, W)`` mask of the map cells some window covers; the rest are dropped.

        Along an axis, cell ``q`` (counted on the padded map) is covered when the last
        window starting at or before it, ``o = min(⌊q / s⌋, out − 1)``, still reaches it.
        """
        masks = []
        for n, k, s, (before, _), out in zip(
            self.maps.shape[-2:],
            self.geometry.kernel_shape,
            self.geometry.stride,
            self.geometry.pads,
            self.geometry.out_shape,
            strict=True,
        ):
            q = np.arange(n) + before
            masks.append(q - np.minimum(q // s, out - 1) * s < k)
        return masks[0][:, np.newaxis] & masks[1][np.newaxis, :]


def _sum_text(values: np.ndarray) -> str:
    """``0 + 1 − 2``: a sum as a learner writes it, no ``+ −``."""
    text = format_number(float(values[0]))
    for value in values[1:]:
        sign = f" {MINUS} " if value < 0 else " + "
        text += sign + format_number(abs(float(value)))
    return text


def arithmetic_line(step: PoolStep) -> str:
    """``max(0, 1, 0, 1) = 1`` or ``(0 + 1 + 0 + 1) / 4 = 0.5``, one line per map."""
    lines = []
    border = not step.inside.all()
    for c, result in enumerate(step.outputs):
        if step.kind == "max":
            listed = ", ".join(format_number(float(v)) for v in step.values[c][step.inside])
            line = f"max({listed}) = {format_number(float(result))}"
            line += " (the border is ignored)" if border else ""
        else:
            total = _sum_text(step.values[c].reshape(-1))
            line = f"({total}) / {step.inside.size} = {format_number(float(result))}"
            line += " (border cells count as 0)" if border else ""
        lines.append(line if len(step.outputs) == 1 else f"Map {c + 1}: {line}")
    return "\n".join(lines)


def where_line(step: PoolStep, total_steps: int) -> str:
    """Which step this is and where the window sits."""
    return (
        f"Step {step.index + 1} of {total_steps}: window at row {int(step.rows[0, 0])}, "
        f"column {int(step.cols[0, 0])} → pooled cell (row {step.out_row}, "
        f"column {step.out_col})"
    )


def size_formula(geometry: Geometry) -> str:
    """``Output size: ⌊(5 + 2·0 − 2) / 2⌋ + 1 = 2``, one line per axis if they differ."""
    axes = [
        f"⌊({n} + 2·{p} − {k}) / {s}⌋ + 1 = {out}"
        for n, k, s, (p, _), out in zip(
            geometry.in_shape,
            geometry.kernel_shape,
            geometry.stride,
            geometry.pads,
            geometry.out_shape,
            strict=True,
        )
    ]
    return size_lines(*axes)


def loss_line(geometry: Geometry) -> str:
    """``Information loss: 25 → 4 cells (5×5 → 2×2)``.

    Padding can give more windows than the map has cells; that is no loss to announce.
    """
    (h, w), (oh, ow) = geometry.in_shape, geometry.out_shape
    if oh * ow >= h * w:
        return f"Cells: {h * w} → {oh * ow} ({h}×{w} → {oh}×{ow}): the padding adds windows"
    return f"Information loss: {h * w} → {oh * ow} cells ({h}×{w} → {oh}×{ow})"


def _listed(indices: np.ndarray, word: str) -> str:
    names = ", ".join(str(i) for i in indices[:_LISTED])
    more = f" and {len(indices) - _LISTED} more" if len(indices) > _LISTED else ""
    return f"{word}{'s' if len(indices) > 1 else ''} {names}{more}"


def dropped_line(walk: PoolWalk) -> str | None:
    """Which map cells no window covers, so nothing of them reaches the pooled map."""
    covered = walk.covered
    if covered.all():
        return None
    rows = np.flatnonzero(~covered.any(axis=1))
    cols = np.flatnonzero(~covered.any(axis=0))
    parts = [
        _listed(rows, "row") if len(rows) else "",
        _listed(cols, "column") if len(cols) else "",
    ]
    dropped = int((~covered).sum())
    return (
        f"Never covered: {' and '.join(p for p in parts if p)} "
        f"({dropped} cell{'s' if dropped != 1 else ''} dropped): the stride does not fit."
    )


def describe(walk: PoolWalk, index: int | None) -> str:
    """The whole pooling-panel text for step ``index`` (``None``: before the first step)."""
    if index is None:
        head = [
            f"Press Step to place the {_NAMES[walk.kind]} pooling window on the top-left corner.",
            "Max pooling keeps each window's largest value; average pooling its mean.",
        ]
    else:
        step = walk.step(index)
        head = [where_line(step, len(walk)), arithmetic_line(step)]
    dropped = dropped_line(walk)
    tail = [size_formula(walk.geometry), loss_line(walk.geometry), *([dropped] if dropped else [])]
    return "\n".join([*head, *tail])
