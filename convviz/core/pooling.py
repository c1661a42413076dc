"""Pooling: shrink a map by keeping each window's largest value (max) or its mean (avg).

The window walks the map exactly as the convolution's does, with no weights, so the
pooling geometry is a :class:`~convviz.core.convolution.Geometry` with dilation 1 and the
same padding on both sides.  The rules are PyTorch's ``max_pool2d`` and ``avg_pool2d``
(``count_include_pad=True``, ``ceil_mode=False``): max pooling never picks the border,
average pooling counts its cells as zeros, and PyTorch refuses padding of more than
half the window because a window could then lie on the border alone.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from convviz.core.convolution import Geometry, Pair, whole_pair
from convviz.core.maps import as_maps, shaped_like

PoolKind = Literal["max", "avg"]
KINDS: tuple[PoolKind, ...] = ("max", "avg")
_AXES = ("rows", "columns")


def _count(count: int, lines: str) -> str:
    """``1 row``, ``3 rows``."""
    return f"{count} {lines[:-1] if count == 1 else lines}"


def check_kind(kind: object) -> PoolKind:
    """``"max"`` or ``"avg"``; anything else is refused by name."""
    if kind not in KINDS:
        raise ValueError(f"Unknown pooling kind {kind!r}: use 'max' or 'avg'.")
    return kind


def pool_geometry(
    in_shape: Pair,
    size: int | Pair,
    *,
    stride: int | Pair | None = None,
    padding: int | Pair = 0,
) -> Geometry:
    """Validate pooling arguments for an ``in_shape`` map; the stride defaults to the size.

    Refuses, in words, what PyTorch refuses: padding beyond half the window and a
    window larger than the padded map (no output at all).
    """
    size_ = whole_pair(size, "pooling size", 1)
    stride_ = size_ if stride is None else whole_pair(stride, "stride", 1)
    pads = whole_pair(padding, "padding", 0)
    for axis, name in enumerate(_AXES):
        k, p = size_[axis], pads[axis]
        if p > k // 2:
            raise ValueError(
                f"Padding {p} is more than half the pooling window ({_count(k, name)}): use "
                f"at most {k // 2}, so that every window still covers a cell of the map "
                "(PyTorch refuses this too)."
            )
    geometry = Geometry(in_shape, size_, stride_, (1, 1), ((pads[0],) * 2, (pads[1],) * 2))
    for axis, name in enumerate(_AXES):
        room = geometry.padded_shape[axis]
        if size_[axis] > room:
            raise ValueError(
                f"The pooling window spans {_count(size_[axis], name)} but the padded map has "
                f"only {room}: use a smaller window or more padding."
            )
    return geometry


def pool(
    input: object,
    size: int | Pair,
    *,
    stride: int | Pair | None = None,
    kind: str = "max",
    padding: int | Pair = 0,
) -> np.ndarray:
    """Max- or average-pool ``input`` (``(H, W)`` or ``(C, H, W)``, each map on its own).

    Equals ``torch.nn.functional.max_pool2d`` / ``avg_pool2d`` (``count_include_pad=True``)
    for the same arguments, as float64 in the input's shape.
    """
    maps, single = as_maps(input)
    kind_ = check_kind(kind)
    geometry = pool_geometry(maps.shape[-2:], size, stride=stride, padding=padding)
    return shaped_like(pooled(maps, geometry, kind_), single)


def pooled(maps: np.ndarray, geometry: Geometry, kind: PoolKind) -> np.ndarray:
    """Pool ``(C, H, W)`` maps over an already validated geometry.

    Loops over whichever is fewer, window cells or output cells; the other is one
    NumPy operation.  A small window over a photo is ``kh·kw`` whole-image maxima
    (four times faster than reducing a sliding-window view); a window as large as
    the photo is a handful of block reductions instead of millions of tiny slices.
    """
    (kh, kw), (sy, sx), (oh, ow) = geometry.kernel_shape, geometry.stride, geometry.out_shape
    (py, _), (px, _) = geometry.pads
    fill = -np.inf if kind == "max" else 0.0  # the border never wins, or adds nothing
    xp = np.pad(maps, ((0, 0), (py, py), (px, px)), constant_values=fill) if py or px else maps
    if kh * kw <= oh * ow:
        taps = [
            xp[:, i : i + sy * (oh - 1) + 1 : sy, j : j + sx * (ow - 1) + 1 : sx]
            for i in range(kh)
            for j in range(kw)
        ]
        out = taps[0].copy()
        combine = np.maximum if kind == "max" else np.add
        for tap in taps[1:]:
            combine(out, tap, out=out)
    else:
        reduce = np.max if kind == "max" else np.sum
        out = np.empty((maps.shape[0], oh, ow))
        for r in range(oh):
            for c in range(ow):
                window = xp[:, r * sy : r * sy + kh, c * sx : c * sx + kw]
                out[:, r, c] = reduce(window, axis=(1, 2))
    return out if kind == "max" else out / (kh * kw)
