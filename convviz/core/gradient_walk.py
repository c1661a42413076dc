"""One weight's gradient told as a walk: the error map slides over the input.

``∂L/∂w[i, j] = Σ input[i·d + r·s, j·d + c·s] · e[r, c]``: every feature-map cell that
the weight helped to compute sends back its error ``e``, times the input cell the
weight met there.  The window view shows the same cells the forward walk visited, and
the arithmetic panel the same kind of sum; the window reads it from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from convviz.core.convolution import Pair, pad
from convviz.core.gradients import Padding, check_kernel_layer
from convviz.core.numbers import as_factor, format_number

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


@dataclass(frozen=True)
class WeightGradient:
    """``∂L/∂w`` for one weight and the products it adds up, one per feature-map cell.

    ``rows``/``cols`` (``(H', W')`` each) are the input cells the weight met at each
    output; they fall outside the input where it met padding.  ``values`` are those
    cells' values (the padding's where outside), ``errors`` the error map it was
    multiplied by (the map of the weight's own kernel).
    """

    weight: tuple[int, ...]
    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    errors: np.ndarray

    @property
    def products(self) -> np.ndarray:
        """``values × errors``, cell by cell."""
        return self.values * self.errors

    @property
    def total(self) -> float:
        """The gradient: the sum of the products."""
        return float(self.products.sum())

    @property
    def name(self) -> str:
        """``∂L/∂w[0,2]``: the weight as indexed in the kernel the learner typed."""
        return f"∂L/∂w[{','.join(str(i) for i in self.weight)}]"

    def formula(self) -> str:
        """``∂L/∂w[0,2] = 0×e₀₀ + 1×e₀₁ + …``: input values times named errors."""
        height, width = self.errors.shape
        wide = max(height, width) > 10  # e₁₀,₂ rather than the ambiguous e₁₀₂
        terms = []
        for (r, c), value in np.ndenumerate(self.values):
            index = f"{r},{c}" if wide else f"{r}{c}"
            terms.append(f"{as_factor(value)}×e{index.translate(_SUBSCRIPTS)}")
        return f"{self.name} = {' + '.join(terms)}"

    def arithmetic(self) -> str:
        """The formula, then the same sum with the errors' values and its result."""
        terms = [
            f"{as_factor(v)}×{as_factor(e)}"
            for v, e in zip(self.values.ravel(), self.errors.ravel(), strict=True)
        ]
        return f"{self.formula()}\n= {' + '.join(terms)} = {format_number(self.total)}"


def weight_gradient(
    input: object,
    grad_map: object,
    kernel_shape: Sequence[int],
    weight: Sequence[int],
    *,
    stride: int | Pair = 1,
    padding: Padding = 0,
    dilation: int | Pair = 1,
    flip: bool = False,
    padding_mode: str = "zeros",
) -> WeightGradient:
    """The walk that computes ``kernel_gradient(...)[weight]``, with the same arguments.

    ``weight`` indexes the kernel as ``kernel_shape`` lays it out: ``(i, j)``,
    ``(c, i, j)`` or ``(n, c, i, j)``.
    """
    x, shape, geometry, errors = check_kernel_layer(
        input,
        grad_map,
        kernel_shape,
        stride=stride,
        padding=padding,
        dilation=dilation,
        padding_mode=padding_mode,
    )
    index = _weight_index(weight, shape)
    n, c, i, j = (0,) * (4 - len(shape)) + index
    kh, kw = geometry.kernel_shape
    if flip:  # the weight typed at (i, j) was applied turned by 180°
        i, j = kh - 1 - i, kw - 1 - j
    (oh, ow), (sy, sx), (dy, dx) = geometry.out_shape, geometry.stride, geometry.dilation
    padded_rows = i * dy + sy * np.arange(oh)[:, np.newaxis].repeat(ow, axis=1)
    padded_cols = j * dx + sx * np.arange(ow)[np.newaxis, :].repeat(oh, axis=0)
    padded = pad(x, geometry.pads, padding_mode)
    (top, _), (left, _) = geometry.pads
    return WeightGradient(
        weight=index,
        rows=padded_rows - top,
        cols=padded_cols - left,
        values=padded[c, padded_rows, padded_cols],
        errors=errors[n],
    )


def _weight_index(weight: Sequence[int], shape: tuple[int, ...]) -> tuple[int, ...]:
    """``weight`` checked against the kernel's shape, as plain ints."""
    index = tuple(weight)
    valid = len(index) == len(shape) and all(
        isinstance(i, (int, np.integer)) and not isinstance(i, bool) and 0 <= i < size
        for i, size in zip(index, shape, strict=False)
    )
    if not valid:
        raise ValueError(
            f"The weight {weight!r} is not in a kernel of shape {shape}: give one index "
            f"per size, each from 0 to that size minus 1."
        )
    return tuple(int(i) for i in index)
