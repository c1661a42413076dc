"""The walk of the window: which feature-map cell comes next and how it is computed.

The fast path (:func:`convviz.core.convolution.correlate_padded`) computes the whole map at
once; the walk explains one cell of it.  Both read the same padded input and the same
geometry, and the tests check that every step's sum equals the fast map's cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from convviz.core.convolution import Geometry


@dataclass(frozen=True)
class Step:
    """One step of the walk: the window's place, what it covers and the arithmetic.

    ``rows``/``cols`` are input coordinates of the covered cells (``(kh, kw)`` each); they
    fall outside the input where the window lies on padding.  ``values`` and ``weights``
    are ``(C, kh, kw)``: the padded input under the window and the kernel as applied
    (already rotated in convolution mode).  ``bias`` is added after the sum; ``relu``
    says whether the layer then clips negatives to zero.
    """

    index: int
    out_row: int
    out_col: int
    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    weights: np.ndarray
    bias: float = 0.0
    relu: bool = False
    #: Whether "matching cells" means something in this walk (see Walk.counts_matches).
    counts_matches: bool = True

    @property
    def products(self) -> np.ndarray:
        """Element-wise products, ``(C, kh, kw)``."""
        return self.values * self.weights

    @property
    def channel_sums(self) -> np.ndarray:
        """One sum per input channel (a colour photo's R, G and B parts of the total)."""
        return self.products.sum(axis=(1, 2))

    @property
    def total(self) -> float:
        """The sum of all products plus the bias: the value before any activation."""
        return float(self.products.sum()) + self.bias

    @property
    def output(self) -> float:
        """The feature-map value: ``total``, or ``max(0, total)`` with ReLU."""
        return max(0.0, self.total) if self.relu else self.total

    @property
    def matches(self) -> np.ndarray:
        """``(kh, kw)`` mask of the lesson's "matching cells".

        A cell matches where image and kernel both contribute: a non-zero product in at
        least one channel.
        """
        return np.any(self.products != 0, axis=0)


class Walk:
    """The ordered window positions over one padded input for one kernel.

    Positions go row after row, left to right, exactly as the lesson tells it.
    """

    def __init__(
        self,
        padded: np.ndarray,
        weights: np.ndarray,
        geometry: Geometry,
        *,
        bias: float = 0.0,
        relu: bool = False,
    ) -> None:
        self.padded = padded  # (C, Hp, Wp)
        self.weights = weights  # (C, kh, kw), as applied (rotated in convolution mode)
        self.geometry = geometry
        self.bias, self.relu = bias, relu
        kh, kw = geometry.kernel_shape
        (dy, dx), ((top, _), (left, _)) = geometry.dilation, geometry.pads
        self._tap_rows = (np.arange(kh) * dy)[:, np.newaxis].repeat(kw, axis=1)
        self._tap_cols = (np.arange(kw) * dx)[np.newaxis, :].repeat(kh, axis=0)
        self._origin = (top, left)

    def __len__(self) -> int:
        return self.geometry.total_steps

    @cached_property
    def counts_matches(self) -> bool:
        """Whether "matching cells" means something: 0/1 cells under 0/1 weights.

        That is the lesson's case (the smiley and a detector of ones), where the sum
        counts the cells that match.  With a −1 weight or a photo's 0–255 values a
        non-zero product is no match, and counting them would mislead.
        """
        binary = (0.0, 1.0)
        return bool(np.isin(self.weights, binary).all() and np.isin(self.padded, binary).all())

    def position(self, index: int) -> tuple[int, int]:
        """Feature-map cell ``(row, col)`` written by step ``index`` (0-based)."""
        if not 0 <= index < len(self):
            raise IndexError(f"step {index} is outside the walk of {len(self)} steps")
        return divmod(index, self.geometry.out_shape[1])

    def index_of(self, out_row: int, out_col: int) -> int:
        """The step (0-based) that computes feature-map cell ``(out_row, out_col)``."""
        return out_row * self.geometry.out_shape[1] + out_col

    def outputs_covering(self, row: int, col: int) -> tuple[np.ndarray, np.ndarray]:
        """Feature-map cells whose window covers input cell ``(row, col)``.

        Answers "which outputs does this pixel influence?" directly, without walking:
        along each axis, output ``o`` covers ``o·s + t·d`` for taps ``t``.
        """
        hits = [
            _outputs_on_axis(p + origin, n_out, s, d, k)
            for p, origin, n_out, s, d, k in zip(
                (row, col),
                self._origin,
                self.geometry.out_shape,
                self.geometry.stride,
                self.geometry.dilation,
                self.geometry.kernel_shape,
                strict=True,
            )
        ]
        rows, cols = np.meshgrid(*hits, indexing="ij")
        return rows.ravel(), cols.ravel()

    def step(self, index: int) -> Step:
        """Everything about step ``index``: its place, covered cells and products."""
        out_row, out_col = self.position(index)
        sy, sx = self.geometry.stride
        prow = out_row * sy + self._tap_rows
        pcol = out_col * sx + self._tap_cols
        return Step(
            index=index,
            out_row=out_row,
            out_col=out_col,
            rows=prow - self._origin[0],
            cols=pcol - self._origin[1],
            values=self.padded[:, prow, pcol],
            weights=self.weights,
            bias=self.bias,
            relu=self.relu,
            counts_matches=self.counts_matches,
        )


def _outputs_on_axis(p: int, n_out: int, s: int, d: int, k: int) -> np.ndarray:
    """Output indices ``o`` with ``o·s + t·d == p`` for some tap ``0 ≤ t < k``."""
    starts = p - np.arange(k) * d
    valid = (starts >= 0) & (starts % s == 0) & (starts // s < n_out)
    return np.unique(starts[valid] // s)
