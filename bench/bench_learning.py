"""Learning, checked and timed against PyTorch: the gradients, and training on the digits.

1. Gradients: ``kernel_gradient`` and ``input_gradient`` vs ``torch.autograd`` on
   ``conv2d`` (after ``F.pad`` for the padding modes other than zeros) for CASES random
   layers: every kernel layout ((kh, kw), (C, kh, kw), (N, C, kh, kw)), 1–3 channels,
   kernels 1–5, stride 1–3, dilation 1–3, padding ((top, bottom), (left, right)) 0–3,
   the four padding modes, flip on and off; float64 normal values.  Printed: the
   largest absolute difference over all cases and entries.
2. Training: ``train_digits()`` with its defaults vs the same network in PyTorch CPU
   (Conv2d(1, 4, 3) → ReLU → MaxPool2d(2) → Flatten → Linear(36, 10), cross-entropy,
   Adam with the same rate), started from convviz's own initial weights, fed the same
   held-out split and the same batches in the same order, for the same epochs, held-out
   accuracy measured after each epoch in both.  Timed: the whole training call, RUNS
   runs each, interleaved, median.  PyTorch is timed in float64 (convviz's precision:
   the two runs then agree to rounding, which the script checks) and in float32 (its
   default), with one thread (faster than two for a network this small on this
   machine; both thread counts are printed).  Target (issue 13): convviz ≤ 1.5× PyTorch.

PyTorch is not a dependency of convviz.  Run from the repository root with an
interpreter that has torch and convviz (``pip install torch -e .``):
``python bench/bench_learning.py`` (under a minute).
"""

from __future__ import annotations

import inspect
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from convviz.core.digits import digits
from convviz.core.gradients import input_gradient, kernel_gradient
from convviz.core.training import epoch_order, split, train_digits

CASES = 400
RUNS = 5
TARGET = 1.5
TORCH_PAD = {
    "zeros": "constant",
    "reflect": "reflect",
    "replicate": "replicate",
    "circular": "circular",
}
DEFAULT_EPOCHS = inspect.signature(train_digits).parameters["epochs"].default


# -- 1. gradients -----------------------------------------------------------------------------
def random_layer(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, dict]:
    """An input, a kernel and feature_map's keyword arguments that fit together."""
    layout = rng.integers(2, 5)
    channels = 1 if layout == 2 else int(rng.integers(1, 4))
    kh, kw = (int(v) for v in rng.integers(1, 6, 2))
    stride = tuple(int(v) for v in rng.integers(1, 4, 2))
    dilation = tuple(int(v) for v in rng.integers(1, 4, 2))
    pads = tuple(tuple(int(v) for v in rng.integers(0, 4, 2)) for _ in range(2))
    mode = str(rng.choice(list(TORCH_PAD)))
    # Larger than the window and than every pad (torch's reflect needs pad < size).
    shape = [
        max(d * (k - 1) + 1, max(p) + 1) + int(rng.integers(0, 8))
        for d, k, p in zip(dilation, (kh, kw), pads, strict=True)
    ]
    x = rng.normal(size=(channels, *shape) if layout > 2 else shape)
    k_shape = {2: (kh, kw), 3: (channels, kh, kw), 4: (int(rng.integers(1, 4)), channels, kh, kw)}
    k = rng.normal(size=k_shape[int(layout)])
    kwargs = {
        "stride": stride,
        "dilation": dilation,
        "padding": pads,
        "padding_mode": mode,
        "flip": bool(rng.integers(0, 2)),
    }
    return x, k, kwargs


def autograd(x: np.ndarray, k: np.ndarray, g_seed: int, kwargs: dict) -> tuple:
    """PyTorch's gradients of sum(g · conv2d) w.r.t. the input and the kernel, and g."""
    xt = torch.tensor(x.reshape(1, -1, *x.shape[-2:]), requires_grad=True)
    k4 = k.reshape((1,) * (4 - k.ndim) + k.shape)
    kt = torch.tensor(k4, requires_grad=True)
    (top, bottom), (left, right) = kwargs["padding"]
    padded = functional.pad(xt, (left, right, top, bottom), mode=TORCH_PAD[kwargs["padding_mode"]])
    applied = kt.flip(-1, -2) if kwargs["flip"] else kt
    out = functional.conv2d(padded, applied, stride=kwargs["stride"], dilation=kwargs["dilation"])[
        0
    ]
    g = np.random.default_rng(g_seed).normal(size=tuple(out.shape))
    (out * torch.tensor(g)).sum().backward()
    g = g if k.ndim == 4 else g[0]
    return g, xt.grad.numpy().reshape(x.shape), kt.grad.numpy().reshape(k.shape)


def check_gradients() -> None:
    rng = np.random.default_rng(13)
    worst_kernel = worst_input = 0.0
    for case in range(CASES):
        x, k, kwargs = random_layer(rng)
        g, want_input, want_kernel = autograd(x, k, case, kwargs)
        got_kernel = kernel_gradient(x, g, k.shape, **kwargs)
        got_input = input_gradient(g, k, x.shape, **kwargs)
        worst_kernel = max(worst_kernel, float(np.abs(got_kernel - want_kernel).max()))
        worst_input = max(worst_input, float(np.abs(got_input - want_input).max()))
    print(f"\n== Gradients vs torch.autograd ({CASES} random layers, float64)")
    print(f"max |kernel_gradient - autograd| = {worst_kernel:.3g}")
    print(f"max |input_gradient  - autograd| = {worst_input:.3g}")


# -- 2. training ------------------------------------------------------------------------------
def torch_training(dtype: torch.dtype, threads: int) -> Callable[[], tuple[float, np.ndarray]]:
    """The same network, start, data and batch order as ``train_digits()``, in PyTorch."""
    start = train_digits(epochs=0)  # convviz's initial weights: the same start
    settings = start.settings
    images, labels = digits()
    train, held_out = split(settings.seed, len(labels), settings.test_share)
    x = torch.tensor(images[:, np.newaxis], dtype=dtype)
    y = torch.tensor(labels)

    def run() -> tuple[float, np.ndarray]:
        torch.set_num_threads(threads)
        net = torch.nn.Sequential(
            torch.nn.Conv2d(1, settings.kernels, settings.kernel_size),
            torch.nn.ReLU(),
            torch.nn.MaxPool2d(2),
            torch.nn.Flatten(),
            torch.nn.Linear(start.network.dense_weight.shape[1], 10),
        ).to(dtype)
        with torch.no_grad():
            for param, value in zip(net.parameters(), start.network.parameters, strict=True):
                param.copy_(torch.tensor(value, dtype=dtype))
        optimiser = torch.optim.Adam(net.parameters(), lr=settings.learning_rate)
        accuracy = 0.0
        for epoch in range(DEFAULT_EPOCHS):
            order = torch.tensor(train[epoch_order(settings.seed, epoch, len(train))])
            for begin in range(0, len(order), settings.batch_size):
                batch = order[begin : begin + settings.batch_size]
                optimiser.zero_grad()
                functional.cross_entropy(net(x[batch]), y[batch]).backward()
                optimiser.step()
            with torch.no_grad():
                guesses = net(x[held_out]).argmax(dim=1)
            accuracy = float((guesses == y[held_out]).double().mean())
        return accuracy, net[0].weight.detach().double().numpy()

    return run


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def convviz_training() -> tuple[float, np.ndarray]:
    result = train_digits()
    return result.test_accuracy, result.kernels


def time_training() -> None:
    contenders: dict[str, Callable[[], tuple[float, np.ndarray]]] = {
        "convviz (NumPy, float64)": convviz_training,
        "PyTorch float64, 1 thread": torch_training(torch.float64, 1),
        "PyTorch float32, 1 thread": torch_training(torch.float32, 1),
        "PyTorch float32, 2 threads": torch_training(torch.float32, 2),
    }
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    results: dict[str, tuple[float, np.ndarray]] = {}
    for name, run in contenders.items():  # warm-up: imports, caches, the data's windows
        results[name] = run()
    for _ in range(RUNS):
        for name, run in contenders.items():
            begin = time.perf_counter()
            results[name] = run()
            samples[name].append(time.perf_counter() - begin)
    ours = "convviz (NumPy, float64)"
    fastest_torch = min((n for n in contenders if n != ours), key=lambda n: median_ms(samples[n]))
    print(
        f"\n== train_digits() defaults ({DEFAULT_EPOCHS} epochs) vs PyTorch CPU, median of {RUNS}"
    )
    print(f"{'':28s} {'ms':>8s} {'held-out accuracy':>18s}")
    for name in contenders:
        print(f"{name:28s} {median_ms(samples[name]):8.0f} {results[name][0]:18.4f}")
    ratio = median_ms(samples[ours]) / median_ms(samples[fastest_torch])
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(
        f"ratio convviz / fastest PyTorch ({fastest_torch}) = {ratio:.2f}  (≤ {TARGET}: {verdict})"
    )
    drift = np.abs(results[ours][1] - results["PyTorch float64, 1 thread"][1]).max()
    print(f"max |convviz kernels - PyTorch float64 kernels| after training = {drift:.3g}")


if __name__ == "__main__":
    torch.manual_seed(0)
    check_gradients()
    time_training()
