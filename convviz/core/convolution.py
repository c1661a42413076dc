"""The convolution arithmetic: argument checking, geometry and the fast feature map.

Everything here is plain NumPy so that notebooks, the headless exporter and the
window all compute the same numbers.  The geometry is a separate, immutable
object because the walk (which cells the window covers at step *n*) and the
output-size formula shown to learners must agree exactly with the fast path.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal, TypeVar, cast

import numpy as np
from numpy.lib.stride_tricks import as_strided
from numpy.typing import DTypeLike

PaddingName = Literal["valid", "same", "full"]
#: Fill modes for the padded border, named as in ``torch.nn.Conv2d(padding_mode=...)``.
PADDING_MODES: dict[str, Literal["constant", "reflect", "edge", "wrap"]] = {
    "zeros": "constant",
    "reflect": "reflect",
    "replicate": "edge",
    "circular": "wrap",
}

T = TypeVar("T")
R = TypeVar("R")
Pair = tuple[int, int]
MAX_STEP = 10_000  # stride, dilation and padding beyond this are typos, not lessons
MAX_PADDED_CELLS = 64_000_000  # a 4K photo's worth of cells, padded
Pads = tuple[Pair, Pair]  # ((top, bottom), (left, right))


def whole_pair(value: int | tuple[int, int], name: str, minimum: int) -> Pair:
    """Accept ``n`` or ``(y, x)``; refuse floats, bools and values below ``minimum``."""
    items = (value, value) if np.ndim(value) == 0 else tuple(cast(Iterable[object], value))
    if len(items) != 2:
        raise ValueError(f"{name} must be one number or a pair (rows, columns), got {value!r}.")
    out = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (int, np.integer)):
            raise ValueError(f"{name} must be a whole number, got {item!r}.")
        if item < minimum:
            if minimum == 1:
                raise ValueError(f"{name} must be at least 1 (1 means every cell), got {item}.")
            raise ValueError(f"{name} cannot be negative, got {item}.")
        if item > MAX_STEP:
            raise ValueError(f"{name} {item} is more than this tool handles (at most {MAX_STEP}).")
        out.append(int(item))
    return out[0], out[1]


def _resolve_padding(
    padding: int | tuple | str, in_shape: Pair, kernel_hw: Pair, stride: Pair, dilation: Pair
) -> Pads:
    """Turn every accepted padding spelling into explicit ``((top, bottom), (left, right))``."""
    if isinstance(padding, str):
        reach = tuple(d * (k - 1) for d, k in zip(dilation, kernel_hw, strict=True))
        if padding == "valid":
            return (0, 0), (0, 0)
        if padding == "same":
            return tuple(  # type: ignore[return-value]
                _same(n, r, s) for n, r, s in zip(in_shape, reach, stride, strict=True)
            )
        if padding == "full":
            return tuple((r, r) for r in reach)  # type: ignore[return-value]
        raise ValueError(
            f"Unknown padding {padding!r}: use a number, a pair, 'valid', 'same' or 'full'."
        )
    if np.ndim(padding) == 2:
        rows, cols = padding  # type: ignore[misc]
        top, bottom = whole_pair(tuple(rows), "padding", 0)
        left, right = whole_pair(tuple(cols), "padding", 0)
        return (top, bottom), (left, right)
    py, px = whole_pair(padding, "padding", 0)
    return (py, py), (px, px)


def _same(n: int, reach: int, stride: int) -> Pair:
    """TensorFlow/Keras "same": ⌈n/s⌉ outputs, the smaller half of the padding first.

    The total is what the last window needs to end on the input's last cell or beyond:
    ``(⌈n/s⌉ − 1)·s + d·(k − 1) + 1 − n``.  With stride 1 that is ``d·(k − 1)``, which is
    also PyTorch's "same" (PyTorch refuses "same" with a larger stride); an even kernel's
    odd cell goes to the bottom/right in both.
    """
    total = max((-(-n // stride) - 1) * stride + reach + 1 - n, 0)
    return total // 2, total - total // 2


def _check_fill(in_shape: Pair, pads: Pads, padding_mode: str) -> None:
    """PyTorch's limits: a reflection stays inside the input, a wrap goes round only once."""
    for n, side_pads, name in zip(in_shape, pads, ("rows", "columns"), strict=True):
        widest = max(side_pads)
        if padding_mode == "reflect" and widest >= n:
            raise ValueError(
                f"Reflect padding of {widest} needs more than {widest} input {name}, but the "
                f"input has {n}: a reflection of an edge stops before the opposite edge. "
                f"Use at most {n - 1}, or another fill."
            )
        if padding_mode == "circular" and widest > n:
            raise ValueError(
                f"Circular padding of {widest} would wrap around the {n} input {name} more "
                f"than once. Use at most {n}, or another fill."
            )


@dataclass(frozen=True)
class Geometry:
    """Where the window goes: sizes, stride, dilation and padding, all explicit.

    ``out_shape`` follows ``⌊(n + p_before + p_after − d·(k − 1) − 1) / s⌋ + 1`` per axis.
    """

    in_shape: Pair
    kernel_shape: Pair
    stride: Pair
    dilation: Pair
    pads: Pads
    padding_mode: str = "zeros"

    @classmethod
    def build(
        cls,
        in_shape: Pair,
        kernel_shape: Pair,
        *,
        stride: int | Pair = 1,
        padding: int | tuple | str = 0,
        dilation: int | Pair = 1,
        padding_mode: str = "zeros",
    ) -> Geometry:
        """Validate the arguments and refuse, in words, any combination with no output."""
        stride_ = whole_pair(stride, "stride", 1)
        dilation_ = whole_pair(dilation, "dilation", 1)
        if padding_mode not in PADDING_MODES:
            raise ValueError(
                f"Unknown padding_mode {padding_mode!r}: use one of {', '.join(PADDING_MODES)}."
            )
        pads = _resolve_padding(padding, in_shape, kernel_shape, stride_, dilation_)
        _check_fill(in_shape, pads, padding_mode)
        geometry = cls(in_shape, kernel_shape, stride_, dilation_, pads, padding_mode)
        cells = geometry.padded_shape[0] * geometry.padded_shape[1]
        if cells > MAX_PADDED_CELLS:
            raise ValueError(
                f"The padded input would have {cells:,} cells per channel: use less padding "
                f"(at most {MAX_PADDED_CELLS:,} cells)."
            )
        for axis, name in enumerate(("rows", "columns")):
            span, room = geometry.window_span[axis], geometry.padded_shape[axis]
            if span > room:
                raise ValueError(
                    f"The kernel window spans {span} {name} but the padded input has only "
                    f"{room}: use a smaller kernel or dilation, or more padding."
                )
        return geometry

    @property
    def padded_shape(self) -> Pair:
        """Input size once the border is added."""
        return _axes(n + a + b for n, (a, b) in zip(self.in_shape, self.pads, strict=True))

    @property
    def window_span(self) -> Pair:
        """How many input cells the (dilated) window stretches over per axis."""
        return _axes(d * (k - 1) + 1 for d, k in zip(self.dilation, self.kernel_shape, strict=True))

    @property
    def out_shape(self) -> Pair:
        """Feature-map size per axis."""
        return _axes(
            (room - span) // s + 1
            for room, span, s in zip(self.padded_shape, self.window_span, self.stride, strict=True)
        )

    @property
    def total_steps(self) -> int:
        """One step per feature-map cell."""
        rows, cols = self.out_shape
        return rows * cols

    def unvisited(self) -> Pair:
        """Rows and columns at the bottom/right of the padded input that no window reaches."""
        return _axes(
            room - ((out - 1) * s + span)
            for room, out, s, span in zip(
                self.padded_shape, self.out_shape, self.stride, self.window_span, strict=True
            )
        )


def _axes(values: Iterable[int]) -> Pair:
    """A per-axis computation as the ``(rows, columns)`` pair it is."""
    rows, cols = values
    return rows, cols


def pad(array: np.ndarray, pads: Pads, padding_mode: str = "zeros") -> np.ndarray:
    """Pad the last two axes of ``array`` as the walk and the fast path both see it."""
    width = [(0, 0)] * (array.ndim - 2) + [tuple(p) for p in pads]
    if not any(any(p) for p in pads):
        return array
    return np.pad(array, width, mode=PADDING_MODES[padding_mode])


def as_finite(array: object, name: str) -> np.ndarray:
    """Float64 view of ``array``; NaN or infinity would poison every sum it touches."""
    try:
        out = np.asarray(array, dtype=np.float64)
    except (OverflowError, TypeError) as error:  # 10**400, or not numbers at all
        raise ValueError(f"The {name} must hold numbers a computer can add: {error}.") from None
    if not np.all(np.isfinite(out)):
        raise ValueError(f"The {name} holds a value that is not a finite number (NaN or infinity).")
    return out


def _normalise(input: object, kernel: object) -> tuple[np.ndarray, np.ndarray, int]:
    """Return ``(C, H, W)`` input, ``(N, C, kh, kw)`` kernels and the output's ndim."""
    x = as_finite(input, "input")
    k = as_finite(kernel, "kernel")
    if x.ndim == 2:
        x = x[np.newaxis]
    elif x.ndim != 3:
        raise ValueError(f"The input must be (H, W) or (C, H, W); got {x.ndim} dimension(s).")
    if k.ndim not in (2, 3, 4):
        raise ValueError(
            "The kernel must be (kh, kw), (C, kh, kw) or (N, C, kh, kw); "
            f"got {k.ndim} dimension(s)."
        )
    out_ndim = 3 if k.ndim == 4 else 2
    k = k[(np.newaxis,) * (4 - k.ndim)]
    if k.shape[1] != x.shape[0]:
        raise ValueError(
            f"The kernel has {k.shape[1]} channel(s) but the input has {x.shape[0]}: "
            "a kernel must span every channel of the input."
        )
    if 0 in x.shape or 0 in k.shape:
        raise ValueError("The input and the kernel must each have at least one cell.")
    return x, k, out_ndim


_BAND_BYTES = 1 << 20  # one band's products: 1 MiB, stays in the L2 cache
_NARROW = 16  # outputs narrower than this (and taller) are computed turned on their side
_PARALLEL_BYTES = 8 << 20  # below this the threads' page faults on the output cost more
_WORKERS = min(4, os.cpu_count() or 1)
_POOL = ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="convviz-bands")
_SCRATCH = threading.local()


def in_parallel(work: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[work(item) for item in items]`` on the band threads (NumPy releases the GIL)."""
    if len(items) > 1 and _WORKERS > 1:
        return list(_POOL.map(work, items))
    return [work(item) for item in items]


def thread_scratch(shape: tuple[int, ...], dtype: DTypeLike) -> np.ndarray:
    """An uninitialised work array that this thread reuses from call to call.

    A fresh megabyte costs 256 page faults when it is first written, about 6 µs each on
    this machine: more than the arithmetic of a 256×256 feature map.  The buffer only
    grows; each thread holds one, so callers must be done with it before asking again.
    """
    size = math.prod(shape) * np.dtype(dtype).itemsize
    buffer = getattr(_SCRATCH, "buffer", None)
    if buffer is None or buffer.nbytes < size:
        buffer = _SCRATCH.buffer = np.empty(size, dtype=np.uint8)
    return buffer[:size].view(dtype).reshape(shape)


def in_bands(work: Callable[[list[slice]], R], height: int, row_bytes: int) -> list[R]:
    """Cut ``height`` rows into bands of about 1 MiB and share them among the band threads.

    Whole-image passes over a big photo are bound by memory traffic; a band stays in the
    L2 cache from one pass to the next.  ``work`` receives one thread's bands at once
    (with :func:`thread_scratch` for its work arrays) and returns one result per thread.
    Small jobs stay on the calling thread: two threads first-writing a fresh output
    contend on the page-fault lock and were slower than one below ~8 MiB of work.
    """
    rows = max(1, _BAND_BYTES // max(row_bytes, 1))
    bands = [slice(top, min(top + rows, height)) for top in range(0, height, rows)]
    if len(bands) < 2 * _WORKERS or height * row_bytes < _PARALLEL_BYTES:
        return [work(bands)]
    return in_parallel(work, [bands[w::_WORKERS] for w in range(_WORKERS)])


def correlate_padded(
    xp: np.ndarray, k: np.ndarray, geometry: Geometry, *, dtype: DTypeLike = np.float64
) -> np.ndarray:
    """Each kernel's rows as one small matrix product, its columns as shifted sums.

    ``xp`` is ``(C, H+pads, W+pads)``; ``k`` is ``(N, C, kh, kw)``; returns ``(N, H', W')``.
    For an output row, the ``kh`` input rows under the window form a ``(kh, W)`` matrix;
    ``k[a, b].T`` times it gives, for every kernel column ``j``, that column's weighted
    sum at every input column — all ``kh·kw`` multiply-adds in one BLAS call, fused —
    and the output row is the ``kw`` of them added at their shifts.  That is half the
    memory passes of one NumPy multiply and add per tap.  The work goes in bands of rows
    whose products fit in the L2 cache (whole-image passes are bound by memory traffic)
    and large outputs share their bands among threads (NumPy and BLAS release the GIL).
    ``dtype=np.float32`` is the live photo filter's choice: half the memory traffic,
    ample precision for 0–255 pixels.  A tall, narrow output is computed transposed, so
    that its rows are long.
    """
    (oh, ow), stride, dilation = geometry.out_shape, geometry.stride, geometry.dilation
    if ow < min(oh, _NARROW):  # one tiny matrix product per row would cost ~1 µs a row
        turned = _correlate_rows(
            np.swapaxes(xp, -1, -2),
            np.swapaxes(k, -1, -2),
            stride[::-1],
            dilation[::-1],
            (ow, oh),
            dtype,
        )
        return np.ascontiguousarray(np.swapaxes(turned, -1, -2))
    return _correlate_rows(xp, k, stride, dilation, (oh, ow), dtype)


def _correlate_rows(
    xp: np.ndarray, k: np.ndarray, stride: Pair, dilation: Pair, out_shape: Pair, dtype: DTypeLike
) -> np.ndarray:
    """:func:`correlate_padded` with the geometry unpacked, output row by output row."""
    (sy, sx), (dy, dx), (oh, ow) = stride, dilation, out_shape
    n_out, n_in, kh, kw = k.shape
    xp = np.ascontiguousarray(xp, dtype=dtype)
    row_bytes, item = xp.strides[-2:]
    width = xp.shape[-1]
    out: np.ndarray = np.empty((n_out, oh, ow), dtype=dtype)
    pairs: list[
        tuple[int, int, np.ndarray, np.ndarray]
    ] = [  # (output map, input channel, kernel columns as rows, columns in use)
        (a, b, np.ascontiguousarray(k[a, b].T, dtype=dtype), np.flatnonzero(k[a, b].any(0)))
        for a in range(n_out)
        for b in range(n_in)
        if k[a, b].any()
    ]
    under = [  # under[b][r, i] = the row of channel b that kernel row i meets for output row r
        as_strided(plane, (oh, kh, width), (sy * row_bytes, dy * row_bytes, item), writeable=False)
        for plane in xp
    ]

    def fill(bands: list[slice]) -> None:
        scratch = thread_scratch((max(r.stop - r.start for r in bands), kw, width), dtype)
        for rows in bands:
            target = out[:, rows]
            target.fill(0)
            for a, b, columns_as_rows, used in pairs:
                sums = np.matmul(
                    columns_as_rows, under[b][rows], out=scratch[: rows.stop - rows.start]
                )
                for j in used:
                    x = j * dx
                    target[a] += sums[:, j, x : x + sx * (ow - 1) + 1 : sx]

    in_bands(fill, oh, kw * width * item)
    return out


def feature_map(
    input: object,
    kernel: object,
    *,
    stride: int | Pair = 1,
    padding: int | tuple | str = 0,
    dilation: int | Pair = 1,
    flip: bool = False,
    padding_mode: str = "zeros",
) -> np.ndarray:
    """Slide ``kernel`` over ``input`` and return the feature map(s) as float64.

    Matches ``torch.nn.functional.conv2d`` (cross-correlation) for the same arguments;
    ``flip=True`` rotates the kernel by 180° first, giving the mathematical convolution.
    ``padding`` may also be ``((top, bottom), (left, right))``, ``"valid"``, ``"full"``
    (``d·(k − 1)`` on each side) or ``"same"``: ⌈n/s⌉ outputs per axis, padded as
    TensorFlow/Keras do (total ``max((⌈n/s⌉ − 1)·s + d·(k − 1) + 1 − n, 0)``, the smaller
    half at the top/left), which is PyTorch's "same" at stride 1.  ``padding_mode`` is one
    of ``zeros``, ``reflect``, ``replicate`` or ``circular`` (NumPy's ``constant``,
    ``reflect``, ``edge`` and ``wrap``); as in PyTorch, reflect padding must be smaller
    than the input's side and circular padding no larger, else ``ValueError``.
    """
    x, k, out_ndim = _normalise(input, kernel)
    if flip:
        k = k[:, :, ::-1, ::-1]
    geometry = Geometry.build(
        x.shape[-2:],
        k.shape[-2:],
        stride=stride,
        padding=padding,
        dilation=dilation,
        padding_mode=padding_mode,
    )
    out = correlate_padded(pad(x, geometry.pads, padding_mode), k, geometry)
    return out if out_ndim == 3 else out[0]
