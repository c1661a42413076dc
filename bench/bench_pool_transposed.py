"""Pooling and the transposed convolution beside PyTorch's own functions (issue 14).

Agreement: a few hundred random cases each (shapes, channels, window sizes, strides,
paddings, dilations, output paddings, every kernel layout), convviz against
``torch.nn.functional.max_pool2d`` / ``avg_pool2d`` (``count_include_pad=True``) /
``conv_transpose2d`` in float64; prints the largest absolute difference.  The max-pool
walk's winning cells are checked against torch's ``return_indices``.

Timing: medians of interleaved runs on lesson-sized and photo-sized inputs, PyTorch on
one thread (convviz's NumPy is single-threaded here), in milliseconds.

Run from the repository root in a venv with PyTorch and convviz (PyTorch is never a
convviz dependency): ``pip install torch -e .`` there, then
``python bench/bench_pool_transposed.py`` (about a minute).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

try:
    import torch
    import torch.nn.functional as F  # noqa: N812
except ImportError:
    sys.exit("PyTorch is not importable here: run this with the PyTorch venv.")

from convviz.core.pool_walk import PoolWalk
from convviz.core.pooling import pool
from convviz.core.transposed import transposed_map

CASES = 300
rng = np.random.default_rng(14)


def tensor(array: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(array))


def random_pool_case() -> tuple[np.ndarray, dict]:
    size = tuple(int(v) for v in rng.integers(1, 5, 2))
    stride = tuple(int(v) for v in rng.integers(1, 5, 2))
    padding = tuple(int(rng.integers(0, k // 2 + 1)) for k in size)
    hw = [
        int(rng.integers(max(1, k - 2 * p), k - 2 * p + 12))
        for k, p in zip(size, padding, strict=True)
    ]
    x = rng.normal(size=(int(rng.integers(1, 4)), *hw)) * 10
    kind = str(rng.choice(["max", "avg"]))
    return x, {"size": size, "stride": stride, "padding": padding, "kind": kind}


def torch_pool(x: np.ndarray, size, stride, padding, kind) -> np.ndarray:
    if kind == "max":
        return F.max_pool2d(tensor(x), size, stride, padding).numpy()
    return F.avg_pool2d(tensor(x), size, stride, padding, count_include_pad=True).numpy()


def random_transposed_case() -> tuple[np.ndarray, np.ndarray, dict]:
    layout = int(rng.integers(2, 5))
    channels = 1 if layout == 2 else int(rng.integers(1, 4))
    kh, kw = (int(v) for v in rng.integers(1, 6, 2))
    stride = tuple(int(v) for v in rng.integers(1, 4, 2))
    dilation = tuple(int(v) for v in rng.integers(1, 4, 2))
    extra = tuple(int(rng.integers(0, max(s, d))) for s, d in zip(stride, dilation, strict=True))
    h, w = (int(v) for v in rng.integers(1, 10, 2))
    padding = tuple(
        int(rng.integers(0, ((n - 1) * s + d * (k - 1) + e) // 2 + 1))
        for n, s, d, k, e in zip((h, w), stride, dilation, (kh, kw), extra, strict=True)
    )
    x = rng.normal(size=(channels, h, w))
    shape = {2: (kh, kw), 3: (channels, kh, kw), 4: (channels, int(rng.integers(1, 4)), kh, kw)}
    k = rng.normal(size=shape[layout])
    settings = {"stride": stride, "padding": padding, "output_padding": extra, "dilation": dilation}
    return x, k, settings


def torch_transposed(x: np.ndarray, k: np.ndarray, settings: dict) -> np.ndarray:
    weight = {2: k[None, None], 3: k[:, None], 4: k}[k.ndim]
    out = F.conv_transpose2d(tensor(x), tensor(weight), **settings).numpy()
    return out if k.ndim == 4 else out[0]


def agreement() -> None:
    worst_pool = worst_transposed = 0.0
    winners = 0
    for _ in range(CASES):
        x, kw = random_pool_case()
        got = pool(x, kw["size"], stride=kw["stride"], padding=kw["padding"], kind=kw["kind"])
        want = torch_pool(x, kw["size"], kw["stride"], kw["padding"], kw["kind"])
        worst_pool = max(worst_pool, float(np.abs(got - want).max()))
        if kw["kind"] == "max":
            _, indices = F.max_pool2d(
                tensor(x), kw["size"], kw["stride"], kw["padding"], return_indices=True
            )
            walk = PoolWalk(x, kw["size"], stride=kw["stride"], padding=kw["padding"])
            width = x.shape[-1]
            for n in range(len(walk)):
                step = walk.step(n)
                for c in range(len(x)):
                    row, col = step.winner(c)
                    assert row * width + col == int(indices[c, step.out_row, step.out_col])
                    winners += 1
    for _ in range(CASES):
        x, k, settings = random_transposed_case()
        got = transposed_map(x, k, **settings)
        worst_transposed = max(
            worst_transposed, float(np.abs(got - torch_transposed(x, k, settings)).max())
        )
    print(f"Agreement, float64, {CASES} random cases each:")
    print(f"  pool (max and avg)        largest |convviz − torch| = {worst_pool:.3g}")
    print(
        f"  max-pool winning cells    {winners} checked against torch's return_indices: all equal"
    )
    print(f"  transposed_map            largest |convviz − torch| = {worst_transposed:.3g}")


def interleaved_ms(ours, theirs, repeats: int) -> tuple[float, float]:
    """Median milliseconds of each, run in turns so that machine load hits both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for run, into in ((ours, times[0]), (theirs, times[1])):
            start = time.perf_counter()
            run()
            into.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times[0]), statistics.median(times[1])


def timing() -> None:
    torch.set_num_threads(1)
    lesson = rng.integers(0, 5, (1, 5, 5)).astype(float)  # torch pools (C, H, W) only
    maps = rng.normal(size=(8, 256, 256))
    photo = rng.uniform(0, 255, (3, 1080, 1920))
    pools = [  # (label, input, size, stride, padding, kind)
        ("5×5 map, max 2×2 s2", lesson, 2, 2, 0, "max"),
        ("8×256×256, max 2×2 s2", maps, 2, 2, 0, "max"),
        ("8×256×256, avg 3×3 s1 p1", maps, 3, 1, 1, "avg"),
        ("3×1080×1920, max 2×2 s2", photo, 2, 2, 0, "max"),
        ("3×1080×1920, max 3×3 s1 p1", photo, 3, 1, 1, "max"),
    ]
    half = rng.uniform(0, 255, (3, 540, 960))
    transposes = [  # (label, input, kernel, settings)
        ("2×2, 2×2 kernel s2", rng.normal(size=(1, 2, 2)), rng.normal(size=(2, 2)), {"stride": 2}),
        (
            "4×64×64, (4, 8, 3, 3) s2 p1 op1",
            rng.normal(size=(4, 64, 64)),
            rng.normal(size=(4, 8, 3, 3)),
            {"stride": 2, "padding": 1, "output_padding": 1},
        ),
        ("3×540×960, (3, 3, 2, 2) s2", half, rng.normal(size=(3, 3, 2, 2)), {"stride": 2}),
        (
            "3×540×960, (3, 3, 4, 4) s2 p1",
            half,
            rng.normal(size=(3, 3, 4, 4)),
            {"stride": 2, "padding": 1},
        ),
    ]
    rows = [
        (
            f"pool {label}",
            x.size,
            lambda x=x, a=args: pool(x, a[0], stride=a[1], padding=a[2], kind=a[3]),
            lambda x=x, a=args: torch_pool(x, *a),
        )
        for label, x, *args in pools
    ] + [
        (
            f"transposed {label}",
            x.size,
            lambda x=x, k=k, s=settings: transposed_map(x, k, **s),
            lambda x=x, k=k, s=settings: torch_transposed(x, k, s),
        )
        for label, x, k, settings in transposes
    ]
    print("\nTiming, median ms (torch on 1 thread), the two in turns:")
    print(f"  {'case':44} {'convviz':>9} {'torch':>9} {'ratio':>7}")
    for label, cells, ours, theirs in rows:
        mine, torchs = interleaved_ms(ours, theirs, 200 if cells < 1000 else 9)
        print(f"  {label:44} {mine:9.3f} {torchs:9.3f} {mine / torchs:7.2f}")


if __name__ == "__main__":
    print(f"torch {torch.__version__}, NumPy {np.__version__}")
    agreement()
    timing()
