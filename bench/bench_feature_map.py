"""``convviz.feature_map`` beside ``scipy.ndimage.correlate`` on a full-HD image.

Inputs: a 1080×1920 (H×W) float64 array with 3×3, 5×5 and 7×7 kernels, and a
(3, 1080, 1920) RGB array with a (3, 3, 3) kernel.  All weights are non-zero
(``feature_map`` skips zero taps, which would flatter it).

``scipy.ndimage.correlate(x, k, mode="constant")`` returns a 'same'-sized output (zero
border), so the fair comparison is ``feature_map(x, k, padding="same")``; plain
``padding="valid"`` (the default, a slightly smaller output and no padding copy) is shown
too, against the same scipy time.  For RGB, scipy runs once per channel (the matching
2-D kernel slice) and the three outputs are summed, which is what a multi-channel
convolution computes.

Before timing, every pair is checked with ``np.allclose`` (valid = the same-sized
result without its border).  Timing is ``timeit``-style: the contenders run in turn
within each repeat (so drift hits them alike), REPEATS repeats, garbage collector off;
reported is the median time of one call in milliseconds and convviz / scipy.
Run: ``/work/venv/bin/python bench/bench_feature_map.py`` (about 20 s).
"""

from __future__ import annotations

import gc
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy
from scipy import ndimage

from convviz import feature_map

HEIGHT, WIDTH = 1080, 1920
REPEATS = 7


@dataclass
class Case:
    label: str
    x: np.ndarray
    k: np.ndarray


def scipy_same(x: np.ndarray, k: np.ndarray) -> np.ndarray:
    """'same'-sized correlation with a zero border; channels summed for (C, H, W) input."""
    if x.ndim == 2:
        return ndimage.correlate(x, k, mode="constant")
    out = ndimage.correlate(x[0], k[0], mode="constant")
    for c in range(1, x.shape[0]):
        out += ndimage.correlate(x[c], k[c], mode="constant")
    return out


def check(case: Case) -> None:
    """Refuse to time anything whose numbers disagree."""
    reference = scipy_same(case.x, case.k)
    kh, kw = case.k.shape[-2:]
    ry, rx = kh // 2, kw // 2
    same = feature_map(case.x, case.k, padding="same")
    valid = feature_map(case.x, case.k)
    if same.shape != reference.shape or not np.allclose(same, reference):
        raise AssertionError(f"{case.label}: feature_map(padding='same') != scipy")
    inner = reference[ry : reference.shape[0] - ry, rx : reference.shape[1] - rx]
    if valid.shape != inner.shape or not np.allclose(valid, inner):
        raise AssertionError(f"{case.label}: feature_map(padding='valid') != scipy interior")


def time_in_turn(funcs: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median seconds per call of each function, the functions interleaved per repeat."""
    samples: dict[str, list[float]] = {name: [] for name in funcs}
    for func in funcs.values():  # warm-up: caches, page faults of the output buffers
        func()
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeats):
            for name, func in funcs.items():
                start = time.perf_counter()
                func()
                samples[name].append(time.perf_counter() - start)
    finally:
        gc.enable()
    return {name: statistics.median(s) for name, s in samples.items()}


def cases() -> list[Case]:
    rng = np.random.default_rng(0)
    gray = rng.random((HEIGHT, WIDTH))
    rgb = rng.random((3, HEIGHT, WIDTH))
    out = [
        Case(f"{HEIGHT}×{WIDTH}, {n}×{n}", gray, rng.uniform(0.5, 1.5, (n, n)) * _signs(rng, n))
        for n in (3, 5, 7)
    ]
    k = rng.uniform(0.5, 1.5, (3, 3, 3)) * rng.choice([-1.0, 1.0], (3, 3, 3))
    out.append(Case(f"3×{HEIGHT}×{WIDTH}, 3×3×3", rgb, k))
    return out


def _signs(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.choice([-1.0, 1.0], (n, n))


def main() -> None:
    print(
        f"feature_map vs scipy.ndimage.correlate(mode='constant'), median of {REPEATS} "
        f"(Python {platform.python_version()}, NumPy {np.__version__}, SciPy {scipy.__version__})"
    )
    print(f"{'input, kernel':>22} {'convviz':>16} {'convviz ms':>11} {'scipy ms':>9} {'ratio':>7}")
    for case in cases():
        check(case)
        x, k = case.x, case.k
        medians = time_in_turn(
            {
                "same": lambda x=x, k=k: feature_map(x, k, padding="same"),
                "valid": lambda x=x, k=k: feature_map(x, k),
                "scipy": lambda x=x, k=k: scipy_same(x, k),
            },
            REPEATS,
        )
        ref = medians["scipy"] * 1000
        for name in ("same", "valid"):
            ms = medians[name] * 1000
            print(
                f"{case.label:>22} {f'padding={name!r}':>16} {ms:>11.2f} {ref:>9.2f}"
                f" {ms / ref:>6.2f}×"
            )
    print("ratio = convviz / scipy (below 1 = convviz faster); all results np.allclose-checked.")


if __name__ == "__main__":
    main()
