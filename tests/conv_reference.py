"""An independent, deliberately slow reference for the convolution and the seed lesson.

Written from PyTorch's documented semantics, not from convviz's code: one output cell
and one product at a time.
"""

from __future__ import annotations

import numpy as np

NP_MODES = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}

SEED_INPUT = np.array(
    [
        [0, 0, 0, 0, 0, 0, 0],
        [0, 1, 0, 0, 0, 1, 0],
        [0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 1, 0, 0, 0],
        [0, 1, 0, 0, 0, 1, 0],
        [0, 0, 1, 1, 1, 0, 0],
        [0, 0, 0, 0, 0, 0, 0],
    ],
    dtype=float,
)
SEED_KERNEL = np.array([[0, 0, 1], [1, 0, 0], [0, 1, 1]], dtype=float)
#: The finished map of the design notes' seed lesson, typed in by hand.
SEED_MAP = np.array(
    [[0, 1, 0, 0, 0], [0, 1, 1, 1, 0], [1, 0, 0, 2, 1], [1, 4, 2, 1, 0], [0, 0, 1, 2, 1]],
    dtype=float,
)
SEED_MAP_STRIDE_2 = np.array([[0, 0, 0], [1, 0, 1], [0, 1, 1]], dtype=float)


def as_pair(value):
    return (value, value) if isinstance(value, int) else tuple(value)


def resolve_pads(padding, in_hw, kernel_hw, stride, dilation):
    """PyTorch's padding rules as ((top, bottom), (left, right)); "same" as TensorFlow's.

    TensorFlow's documented "same": ⌈n/s⌉ outputs, padded in total by what the last
    window needs beyond the input, the smaller half before.  (PyTorch's own "same",
    stride 1 only, is the same numbers.)
    """
    reach = [d * (k - 1) for d, k in zip(as_pair(dilation), kernel_hw, strict=True)]
    if padding == "valid":
        return (0, 0), (0, 0)
    if padding == "same":
        pads = []
        for n, r, s in zip(in_hw, reach, as_pair(stride), strict=True):
            outputs = -(-n // s)
            total = max((outputs - 1) * s + r + 1 - n, 0)
            pads.append((total // 2, total - total // 2))
        return tuple(pads)
    if padding == "full":
        return tuple((r, r) for r in reach)
    if isinstance(padding, int):
        return (padding, padding), (padding, padding)
    first, second = padding
    if isinstance(first, int):
        return (first, first), (second, second)
    return tuple(first), tuple(second)


def fill_fits(padding_mode, in_hw, pads):
    """PyTorch's limits: reflect padding below the input's side, circular at most it."""
    for n, side in zip(in_hw, pads, strict=True):
        if padding_mode == "reflect" and max(side) >= n:
            return False
        if padding_mode == "circular" and max(side) > n:
            return False
    return True


def reference(x, k, *, stride=1, padding=0, dilation=1, flip=False, padding_mode="zeros"):
    """Brute-force conv2d: one output cell at a time, one product at a time."""
    x = np.asarray(x, dtype=float)
    k = np.asarray(k, dtype=float)
    out_3d = k.ndim == 4
    if x.ndim == 2:
        x = x[np.newaxis]
    k = k.reshape((1,) * (4 - k.ndim) + k.shape)
    if flip:
        k = k[:, :, ::-1, ::-1]
    sy, sx = as_pair(stride)
    dy, dx = as_pair(dilation)
    n_kernels, channels, kh, kw = k.shape
    (top, bottom), (left, right) = resolve_pads(padding, x.shape[-2:], (kh, kw), stride, dilation)
    xp = np.pad(x, ((0, 0), (top, bottom), (left, right)), mode=NP_MODES[padding_mode])
    oh = (xp.shape[1] - dy * (kh - 1) - 1) // sy + 1
    ow = (xp.shape[2] - dx * (kw - 1) - 1) // sx + 1
    out = np.zeros((n_kernels, oh, ow))
    for n in range(n_kernels):
        for r in range(oh):
            for c in range(ow):
                total = 0.0
                for ch in range(channels):
                    for i in range(kh):
                        for j in range(kw):
                            total += xp[ch, r * sy + i * dy, c * sx + j * dx] * k[n, ch, i, j]
                out[n, r, c] = total
    return out if out_3d else out[0]


def assert_sums_close(got, want, sizes) -> None:
    """Equal up to the rounding of a sum, whatever order the terms were added in.

    ``sizes`` is the sum of the terms' absolute values for each cell (the reference run
    on ``|x|`` and ``|k|``).  Two correct orders of adding n terms differ by at most
    about n·ε times that: with terms near ±1e4 a fixed tolerance like 1e-9 is too tight,
    and with terms near ±1e300 hopeless.
    """
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    assert got.shape == want.shape
    error = np.abs(got - want)
    bound = 1e-13 * np.asarray(sizes, dtype=float) + 1e-12
    assert np.all(error <= bound), f"off by {error.max()} where terms add up to {np.max(sizes)}"
