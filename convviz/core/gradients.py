"""How the loss changes with each weight and each input cell: the backward pass of a layer.

For ``L = Σ grad_map · feature_map(input, kernel, …)`` the two gradients are themselves
window walks.  ``∂L/∂w[i, j]`` slides the error map over the padded input, reading every
``stride``-th cell from ``(i·dilation, j·dilation)``: a correlation with stride and
dilation swapped.  ``∂L/∂input`` spreads each error back over the cells its window
covered, weighted by the kernel: a transposed convolution.  The first is one BLAS
product over a strided view of every window (im2col without the copy), the second the
transposed convolution's stamp (one product per kernel weight): no loop over pixels.
Both are checked against PyTorch's autograd in ``bench/bench_learning.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from convviz.core.convolution import PADDING_MODES, Geometry, Pads, Pair, as_finite, pad
from convviz.core.maps import as_maps
from convviz.core.transposed import TransposedGeometry, stamp

Padding = int | tuple | str


def patches(padded: np.ndarray, geometry: Geometry) -> np.ndarray:
    """Every window of ``padded`` ``(..., C, Hp, Wp)`` as a view ``(..., C, H', W', kh, kw)``.

    Entry ``[..., c, r, s, i, j]`` is the cell kernel weight ``(c, i, j)`` meets when the
    window writes output ``(r, s)``: im2col without the copy.  Read-only, since cells are
    shared by neighbouring windows.
    """
    span_h, span_w = geometry.window_span
    (sy, sx), (dy, dx) = geometry.stride, geometry.dilation
    windows = sliding_window_view(padded, (span_h, span_w), axis=(-2, -1))
    return windows[..., ::sy, ::sx, ::dy, ::dx]


def check_shape(value: object, name: str, sizes: Sequence[int]) -> tuple[int, ...]:
    """A shape of whole, positive numbers whose length is one of ``sizes``."""
    try:
        items = tuple(cast(Iterable[object], value))
    except TypeError:
        raise ValueError(f"The {name} must be a tuple of sizes such as (3, 3).") from None
    if len(items) not in sizes:
        lengths = " or ".join(str(n) for n in sizes)
        raise ValueError(f"The {name} must have {lengths} sizes, got {value!r}.")
    shape = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (int, np.integer)) or item < 1:
            raise ValueError(f"The {name} must hold whole numbers of at least 1, got {value!r}.")
        shape.append(int(item))
    return tuple(shape)


def check_layer(
    input_shape: tuple[int, ...],
    kernel_shape: tuple[int, ...],
    grad_map: object,
    *,
    stride: int | Pair,
    padding: Padding,
    dilation: int | Pair,
    padding_mode: str,
    grad_name: str = "error map (grad_map)",
) -> tuple[Geometry, np.ndarray, tuple[int, int, int, int]]:
    """Check that the shapes make one layer, as ``feature_map`` would; return its geometry.

    Also returns ``grad_map`` (called ``grad_name`` in messages) as ``(N, H', W')``
    float64 and the kernels' shape in PyTorch's ``(N, C, kh, kw)`` layout.
    """
    channels = input_shape[0] if len(input_shape) == 3 else 1
    kernels4 = (1,) * (4 - len(kernel_shape)) + kernel_shape
    n_kernels, kernel_channels, kh, kw = kernels4
    if kernel_channels != channels:
        raise ValueError(
            f"The kernel has {kernel_channels} channel(s) but the input has {channels}: "
            "a kernel must span every channel of the input."
        )
    geometry = Geometry.build(
        (input_shape[-2], input_shape[-1]),
        (kh, kw),
        stride=stride,
        padding=padding,
        dilation=dilation,
        padding_mode=padding_mode,
    )
    errors = as_finite(grad_map, grad_name)
    expected = (n_kernels, *geometry.out_shape) if len(kernel_shape) == 4 else geometry.out_shape
    if errors.shape != tuple(expected):
        raise ValueError(
            f"The {grad_name} must have the feature map's shape {tuple(expected)}, "
            f"got {errors.shape}: one value per feature-map cell."
        )
    errors = errors.reshape(n_kernels, *geometry.out_shape)
    return geometry, errors, (n_kernels, kernel_channels, kh, kw)


def check_kernel_layer(
    input: object, grad_map: object, kernel_shape: Sequence[int], **geometry: Any
) -> tuple[np.ndarray, tuple[int, ...], Geometry, np.ndarray]:
    """Check the arguments of a kernel's gradient once, for the sum and for its walk.

    Returns the input as maps, the kernel's shape, the geometry and the errors
    (:func:`check_layer`; ``geometry`` holds its keyword arguments).
    """
    x, _ = as_maps(input)
    shape = check_shape(kernel_shape, "kernel shape", (2, 3, 4))
    layout, errors, _ = check_layer(x.shape, shape, grad_map, **geometry)
    return x, shape, layout, errors


def kernel_gradient(
    input: object,
    grad_map: object,
    kernel_shape: Sequence[int],
    *,
    stride: int | Pair = 1,
    padding: Padding = 0,
    dilation: int | Pair = 1,
    flip: bool = False,
    padding_mode: str = "zeros",
) -> np.ndarray:
    """``∂L/∂kernel`` for ``L = Σ grad_map · feature_map(input, kernel, …)``.

    Shaped ``kernel_shape``; equals PyTorch's autograd for ``conv2d``.  ``input``,
    ``kernel_shape`` and the keyword arguments are those of :func:`convviz.feature_map`
    (the kernel's values are not needed: the map is linear in the kernel); ``grad_map``
    has the feature map's shape.
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
    padded = pad(x, geometry.pads, padding_mode)
    grad = np.tensordot(errors, patches(padded, geometry), axes=([1, 2], [1, 2]))
    if flip:  # the map used the kernel turned by 180°: so does its gradient
        grad = grad[..., ::-1, ::-1]
    return np.ascontiguousarray(grad.reshape(shape))


def input_gradient(
    grad_map: object,
    kernel: object,
    input_shape: Sequence[int],
    *,
    stride: int | Pair = 1,
    padding: Padding = 0,
    dilation: int | Pair = 1,
    flip: bool = False,
    padding_mode: str = "zeros",
) -> np.ndarray:
    """``∂L/∂input`` for the same ``L``, shaped ``input_shape``: a transposed convolution.

    Each error is spread back over the cells its window covered, weighted by the kernel;
    what lands on the border goes back to the cells the border copied (nowhere for
    ``zeros``).  Equals PyTorch's autograd for ``conv2d`` (after ``F.pad`` for the other
    padding modes).
    """
    k = as_finite(kernel, "kernel")
    if k.ndim not in (2, 3, 4) or 0 in k.shape:
        raise ValueError(
            "The kernel must be (kh, kw), (C, kh, kw) or (N, C, kh, kw) with cells; "
            f"got shape {k.shape}."
        )
    shape = check_shape(input_shape, "input shape", (2, 3))
    geometry, errors, kernels4 = check_layer(
        shape,
        k.shape,
        grad_map,
        stride=stride,
        padding=padding,
        dilation=dilation,
        padding_mode=padding_mode,
    )
    weights = k.reshape(kernels4)
    if flip:
        weights = weights[..., ::-1, ::-1]
    # Stamped through the kernel with no padding to crop, the errors cover the padded
    # input exactly; output_padding adds back the rows and columns no window reached.
    spread = TransposedGeometry.build(
        geometry.out_shape,
        geometry.kernel_shape,
        stride=geometry.stride,
        output_padding=geometry.unvisited(),
        dilation=geometry.dilation,
    )
    padded = stamp(errors, weights, spread)  # PyTorch's (C_in, C_out) is our (N, C)
    return _unpad(padded, geometry.in_shape, geometry.pads, padding_mode).reshape(shape)


def _unpad(padded: np.ndarray, in_shape: Pair, pads: Pads, padding_mode: str) -> np.ndarray:
    """Send each border cell's gradient back to the input cell it copies, axis by axis.

    ``np.pad`` applied to the cell numbers ``0 … n−1`` says which cell each border cell
    copies: the very rule the forward pass used, so reflect, replicate and circular
    cannot drift apart from it.
    """
    if padding_mode == "zeros":
        (top, _), (left, _) = pads
        return padded[:, top : top + in_shape[0], left : left + in_shape[1]]
    folded = padded
    for axis, n, pair in zip((1, 2), in_shape, pads, strict=True):
        source = np.pad(np.arange(n), pair, mode=PADDING_MODES[padding_mode])
        out = np.zeros((*folded.shape[:axis], n, *folded.shape[axis + 1 :]))
        np.add.at(np.moveaxis(out, axis, 0), source, np.moveaxis(folded, axis, 0))
        folded = out
    return folded
