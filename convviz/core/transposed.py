"""The transposed convolution: each input cell stamps the weighted kernel onto the output.

Where a convolution gathers a window of inputs into one output cell, the transposed
convolution scatters one input cell over a window of outputs: cell ``r`` lands its
kernel's tap ``t`` on output row ``r·s + t·d − p``, overlaps add up, and the padding
crops ``p`` rows from each side.  The same result is an ordinary convolution over the
input with ``s − 1`` zeros stuffed between its cells and the kernel turned 180°
(:func:`as_convolution`), the "fractionally strided" view of the convolution-arithmetic
guide.  The rules are PyTorch's ``conv_transpose2d``, whose weight layout is
``(C_in, C_out, kh, kw)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from convviz.core.convolution import MAX_PADDED_CELLS, Pads, Pair, as_finite, whole_pair
from convviz.core.maps import as_maps
from convviz.core.numbers import MINUS

_AXES = ("rows", "columns")


@dataclass(frozen=True)
class TransposedGeometry:
    """Sizes, stride, padding, output padding and dilation of a transposed convolution.

    ``out_shape`` follows ``(i − 1)·s − 2p + d·(k − 1) + output_padding + 1`` per axis.
    """

    in_shape: Pair
    kernel_shape: Pair
    stride: Pair
    padding: Pair
    output_padding: Pair
    dilation: Pair

    @classmethod
    def build(
        cls,
        in_shape: Pair,
        kernel_shape: Pair,
        *,
        stride: int | Pair = 1,
        padding: int | Pair = 0,
        output_padding: int | Pair = 0,
        dilation: int | Pair = 1,
    ) -> TransposedGeometry:
        """Validate the arguments and refuse, in words, what PyTorch refuses."""
        geometry = cls(
            in_shape,
            kernel_shape,
            whole_pair(stride, "stride", 1),
            whole_pair(padding, "padding", 0),
            whole_pair(output_padding, "output_padding", 0),
            whole_pair(dilation, "dilation", 1),
        )
        for axis, name in enumerate(_AXES):
            extra, s, d = (
                geometry.output_padding[axis],
                geometry.stride[axis],
                geometry.dilation[axis],
            )
            if extra >= max(s, d):
                raise ValueError(
                    f"output_padding {extra} ({name}) must be smaller than the stride ({s}) or "
                    f"the dilation ({d}): it only adds back {name} that a stride leaves "
                    "unfilled, so with stride 1 and dilation 1 it must be 0 (PyTorch's rule)."
                )
        for axis, name in enumerate(_AXES):
            if geometry.out_shape[axis] < 1:
                raise ValueError(
                    f"The output would have no {name}: {geometry.axis_formula(axis)}. "
                    "Use less padding, or a larger stride or kernel."
                )
        cells = geometry.out_shape[0] * geometry.out_shape[1]
        if cells > MAX_PADDED_CELLS:
            raise ValueError(
                f"The output would have {cells:,} cells per map: use a smaller stride or "
                f"input (at most {MAX_PADDED_CELLS:,} cells)."
            )
        return geometry

    def along(self, axis: int) -> tuple[int, int, int, int, int, int]:
        """``(i, k, s, p, output_padding, d)`` along ``axis``."""
        return (
            self.in_shape[axis],
            self.kernel_shape[axis],
            self.stride[axis],
            self.padding[axis],
            self.output_padding[axis],
            self.dilation[axis],
        )

    @property
    def out_shape(self) -> Pair:
        """Output size per axis (below 1 only before :meth:`build` refuses it)."""
        sizes = []
        for axis in (0, 1):
            i, k, s, p, extra, d = self.along(axis)
            sizes.append((i - 1) * s - 2 * p + d * (k - 1) + extra + 1)
        return sizes[0], sizes[1]

    def axis_formula(self, axis: int) -> str:
        """``(5 − 1)·2 − 2·0 + 1·(3 − 1) + 0 + 1 = 11`` along ``axis``."""
        i, k, s, p, extra, d = self.along(axis)
        out = str(self.out_shape[axis]).replace("-", MINUS)
        return f"({i} − 1)·{s} − 2·{p} + {d}·({k} − 1) + {extra} + 1 = {out}"

    def landing(self, axis: int, tap: int) -> tuple[slice, slice]:
        """Input cells whose kernel tap ``tap`` lands inside the output, and where.

        Input ``r`` puts the tap on output ``r·s + tap·d − p``; those outside
        ``0 … out − 1`` are cropped by the padding (or never reached).  Returns the input
        slice and the output slice (step ``s``); both are empty if none land.
        """
        i, _, s, p, _, d = self.along(axis)
        shift = tap * d - p
        first = max(0, -(shift // s))  # ⌈−shift / s⌉: the first input landing at ≥ 0
        last = min(i - 1, (self.out_shape[axis] - 1 - shift) // s)
        if first > last:
            return slice(0, 0), slice(0, 0)
        start = first * s + shift
        return slice(first, last + 1), slice(start, start + s * (last - first) + 1, s)


class Operands(NamedTuple):
    """The caller's arrays as ``(C, H, W)`` and ``(C, N, kh, kw)``, and how they came."""

    input: np.ndarray
    kernel: np.ndarray
    single_input: bool  # one (H, W) map, to be answered in the same shape
    kernel_ndim: int  # 2, 3 or 4: only PyTorch's 4-D layout asks for (N, H', W')

    def shaped(self, maps: np.ndarray) -> np.ndarray:
        """``(N, H', W')`` for a 4-D kernel, else the one ``(H', W')`` map."""
        return maps if self.kernel_ndim == 4 else maps[0]


def normalise(input: object, kernel: object) -> Operands:
    """Check the input and kernel; any of the three kernel layouts becomes PyTorch's.

    A ``(kh, kw)`` or ``(C, kh, kw)`` kernel makes one output map, returned ``(H', W')``;
    torch's ``(C, N, kh, kw)`` makes N, returned ``(N, H', W')``.
    """
    x, single = as_maps(input)
    k = as_finite(kernel, "kernel")
    if k.ndim not in (2, 3, 4):
        raise ValueError(
            "The kernel must be (kh, kw), (C, kh, kw) or (C, N, kh, kw) as PyTorch stores "
            f"transposed-convolution weights; got {k.ndim} dimension(s)."
        )
    layouts = {2: (1, 1, *k.shape), 3: (k.shape[0], 1, *k.shape[1:]), 4: k.shape}
    weights = k.reshape(layouts[k.ndim])
    if 0 in weights.shape:
        raise ValueError(f"The kernel must have at least one cell; its shape is {k.shape}.")
    if weights.shape[0] != x.shape[0]:
        raise ValueError(
            f"The kernel is for {weights.shape[0]} input channel(s) but the input has "
            f"{x.shape[0]}: in PyTorch's layout (C, N, kh, kw) the first axis counts "
            "the input's channels."
        )
    return Operands(x, weights, single, k.ndim)


def prepare(
    input: object,
    kernel: object,
    *,
    stride: int | Pair = 1,
    padding: int | Pair = 0,
    output_padding: int | Pair = 0,
    dilation: int | Pair = 1,
) -> tuple[Operands, TransposedGeometry]:
    """:func:`normalise` plus the validated geometry: everything a transposed call checks."""
    operands = normalise(input, kernel)
    geometry = TransposedGeometry.build(
        operands.input.shape[-2:],
        operands.kernel.shape[-2:],
        stride=stride,
        padding=padding,
        output_padding=output_padding,
        dilation=dilation,
    )
    return operands, geometry


def stamp(x: np.ndarray, k: np.ndarray, geometry: TransposedGeometry) -> np.ndarray:
    """Scatter ``(C, H, W)`` through ``(C, N, kh, kw)``: ``(N, H', W')``, one pass per tap.

    Each tap moves every input cell by the same amount, so a tap is one matrix product
    over the channels added onto a strided block of the output (no loop over pixels).
    """
    n_maps, (kh, kw) = k.shape[1], k.shape[-2:]
    out = np.zeros((n_maps, *geometry.out_shape))
    for i in range(kh):
        rows_in, rows_out = geometry.landing(0, i)
        for j in range(kw):
            cols_in, cols_out = geometry.landing(1, j)
            weights = k[:, :, i, j]
            if rows_in.stop == 0 or cols_in.stop == 0 or not weights.any():
                continue
            block = np.tensordot(weights, x[:, rows_in, cols_in], axes=(0, 0))
            out[:, rows_out, cols_out] += block
    return out


def transposed_map(
    input: object,
    kernel: object,
    *,
    stride: int | Pair = 1,
    padding: int | Pair = 0,
    output_padding: int | Pair = 0,
    dilation: int | Pair = 1,
) -> np.ndarray:
    """The transposed convolution of ``input`` by ``kernel``, as float64.

    Equals ``torch.nn.functional.conv_transpose2d`` for the same arguments; the kernel is
    ``(kh, kw)``, ``(C, kh, kw)`` or PyTorch's ``(C, N, kh, kw)`` (see :func:`normalise`).
    """
    operands, geometry = prepare(
        input,
        kernel,
        stride=stride,
        padding=padding,
        output_padding=output_padding,
        dilation=dilation,
    )
    return operands.shaped(stamp(operands.input, operands.kernel, geometry))


@dataclass(frozen=True)
class FractionallyStrided:
    """The transposed convolution as an ordinary one: ``feature_map(**view.arguments)``.

    ``stuffed`` is the input with ``s − 1`` zeros between neighbouring cells; ``kernel`` is
    turned 180° and laid out for :func:`convviz.feature_map`; ``pads`` is the zero border
    ``d·(k − 1) − p`` on each side plus ``output_padding`` at the bottom/right.  Where
    that border would be negative (``p > d·(k − 1)``) those rows are ``cropped`` from
    the stuffed input instead.
    """

    stuffed: np.ndarray
    kernel: np.ndarray
    pads: Pads
    dilation: Pair
    cropped: Pads

    @property
    def arguments(self) -> dict[str, object]:
        """Keyword arguments for :func:`convviz.feature_map`."""
        return {
            "input": self.stuffed,
            "kernel": self.kernel,
            "padding": self.pads,
            "dilation": self.dilation,
        }


def as_convolution(
    input: object,
    kernel: object,
    *,
    stride: int | Pair = 1,
    padding: int | Pair = 0,
    output_padding: int | Pair = 0,
    dilation: int | Pair = 1,
) -> FractionallyStrided:
    """The zero-stuffed input, turned kernel and border that give the same map by convolution.

    Raises ``ValueError`` in the one case with no such picture: padding so large that
    every stuffed cell is cropped (the output is then all zeros).
    """
    operands, geometry = prepare(
        input,
        kernel,
        stride=stride,
        padding=padding,
        output_padding=output_padding,
        dilation=dilation,
    )
    x, (h, w), (sy, sx) = operands.input, geometry.in_shape, geometry.stride
    stuffed = np.zeros((x.shape[0], (h - 1) * sy + 1, (w - 1) * sx + 1))
    stuffed[:, ::sy, ::sx] = x
    pads, cropped = [], []
    for axis in (0, 1):
        _, kk, _, p, extra, d = geometry.along(axis)
        border = d * (kk - 1) - p
        before, after = border, border + extra
        pads.append((max(before, 0), max(after, 0)))
        cropped.append((max(-before, 0), max(-after, 0)))
    (top, bottom), (left, right) = cropped
    stuffed = stuffed[:, top : stuffed.shape[1] - bottom, left : stuffed.shape[2] - right]
    if 0 in stuffed.shape:
        raise ValueError(
            "The padding crops away every input cell: the output is all zeros and there is "
            "no stuffed input left to convolve."
        )
    # (C, N, kh, kw) -> feature_map's (N, C, kh, kw), turned; then the caller's own layout.
    turned = np.swapaxes(operands.kernel, 0, 1)[..., ::-1, ::-1]
    turned = np.ascontiguousarray(turned.reshape(turned.shape[4 - operands.kernel_ndim :]))
    if operands.single_input:
        stuffed = stuffed[0]
    return FractionallyStrided(
        stuffed, turned, (pads[0], pads[1]), geometry.dilation, (cropped[0], cropped[1])
    )
