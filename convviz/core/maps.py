"""Maps as ``(C, H, W)``: the one shape the stages after the convolution work on.

Pooling and the transposed convolution take a single map ``(H, W)`` or a stack of
them, as the feature maps of a layer come; both give back the caller's shape.
"""

from __future__ import annotations

import numpy as np

from convviz.core.convolution import as_finite


def as_maps(input: object, name: str = "input") -> tuple[np.ndarray, bool]:
    """Float64 ``(C, H, W)`` and whether the caller passed a single ``(H, W)`` map."""
    x = as_finite(input, name)
    if x.ndim not in (2, 3):
        raise ValueError(f"The {name} must be (H, W) or (C, H, W); got {x.ndim} dimension(s).")
    if 0 in x.shape:
        raise ValueError(f"The {name} must have at least one cell; its shape is {x.shape}.")
    return (x[np.newaxis], True) if x.ndim == 2 else (x, False)


def shaped_like(maps: np.ndarray, single: bool) -> np.ndarray:
    """Hand ``(C, H, W)`` back as ``(H, W)`` when the caller gave one map."""
    return maps[0] if single else maps
