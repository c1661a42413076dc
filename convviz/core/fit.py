"""Learn one detector backwards: from an input and the map it should give, find the kernel.

Gradient descent on ``L = ½ Σ (feature_map(input, kernel) − target)²``.  Its
gradient is :func:`~convviz.core.gradients.kernel_gradient` of the error map
``e = feature_map − target``: the error walks the input, and each weight moves against
what it collected.  The map is linear in the kernel, so the loss is a bowl and one fixed
step size works everywhere: ``1/λ`` for the bowl's steepest curvature ``λ``, measured
before the first step (power iteration with the same two functions).

The kernel comes back exactly only when the input pins it down: the windows, read as
rows of numbers, must leave no kernel change that keeps every map cell the same (for
the seed smiley and its 3×3 detector they do).  Otherwise every kernel of the valley
floor gives the target map, and descent stops at the one nearest its random start.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from convviz.core.convolution import Pair, feature_map
from convviz.core.gradients import Padding, check_layer, check_shape, kernel_gradient
from convviz.core.maps import as_maps

_POWER_STEPS = 30  # curvature estimate: enough for a step size, not an eigenvalue
_GRADIENT_SHRINK = 1e-10  # stop once the slope is this share of the starting slope


@dataclass(frozen=True)
class FitResult:
    """The learned kernel and the descent that found it.

    ``losses[t]`` and ``kernels[t]`` are the loss and the kernel after ``t`` steps
    (``t = 0`` is the random start), so a view can replay the descent.  ``converged``
    says the slope vanished before ``steps`` ran out.
    """

    kernel: np.ndarray
    losses: np.ndarray
    kernels: np.ndarray
    learning_rate: float
    converged: bool


def fit_detector(
    input: object,
    target_map: object,
    kernel_shape: Sequence[int],
    *,
    seed: int = 0,
    stride: int | Pair = 1,
    padding: Padding = 0,
    dilation: int | Pair = 1,
    flip: bool = False,
    padding_mode: str = "zeros",
    steps: int = 2000,
    learning_rate: float | None = None,
    momentum: bool = False,
) -> FitResult:
    """Descend from random weights (uniform in −1…1, fixed by ``seed``) to ``target_map``.

    The layer's arguments are those of :func:`convviz.feature_map`.  ``learning_rate``
    defaults to ``1/λ`` (see the module); ``steps`` caps the descent.  Plain descent
    (the default) moves each weight by exactly ``−learning_rate × ∂L/∂w`` at the kernel
    it is at, the step a lesson shows, and every step lowers the loss.  Inputs whose
    cells all lean one way (a photo's 0…1 or 0…255 values, seen through a stride) make
    a long narrow valley that plain descent crawls along; ``momentum=True`` gets there in
    a fraction of the steps, at the price of a loss that may bump on the way.
    """
    x, _ = as_maps(input)
    shape = check_shape(kernel_shape, "kernel shape", (2, 3, 4))
    _, target, _ = check_layer(
        x.shape,
        shape,
        target_map,
        stride=stride,
        padding=padding,
        dilation=dilation,
        padding_mode=padding_mode,
        grad_name="target map",
    )
    if len(shape) < 4:  # one kernel, one 2-D map
        target = target[0]
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be a whole number of at least 0, got {steps!r}.")

    def forward(kernel: np.ndarray) -> np.ndarray:
        return feature_map(
            x,
            kernel,
            stride=stride,
            padding=padding,
            dilation=dilation,
            flip=flip,
            padding_mode=padding_mode,
        )

    def backward(error: np.ndarray) -> np.ndarray:
        return kernel_gradient(
            x,
            error,
            shape,
            stride=stride,
            padding=padding,
            dilation=dilation,
            flip=flip,
            padding_mode=padding_mode,
        )

    if learning_rate is None:
        learning_rate = 1.0 / _steepest_curvature(forward, backward, shape, seed)
    elif not np.isfinite(learning_rate) or learning_rate <= 0:
        raise ValueError(f"The learning rate must be a positive number, got {learning_rate!r}.")

    start = np.random.default_rng(seed).uniform(-1.0, 1.0, shape)
    kernels, losses, converged = _descend(
        start, lambda kernel: forward(kernel) - target, backward, learning_rate, steps, momentum
    )
    return FitResult(
        kernel=kernels[-1],
        losses=np.array(losses),
        kernels=np.array(kernels),
        learning_rate=float(learning_rate),
        converged=converged,
    )


def _descend(
    kernel: np.ndarray,
    error_of: Callable[[np.ndarray], np.ndarray],
    backward: Callable[[np.ndarray], np.ndarray],
    rate: float,
    steps: int,
    momentum: bool,
) -> tuple[list[np.ndarray], list[float], bool]:
    """Step downhill from ``kernel``; return every kernel, every loss, and convergence.

    With ``momentum`` (Nesterov's, restarted whenever it carries the kernel uphill:
    O'Donoghue and Candès, 2015) each step takes its slope a little ahead, where the last
    step was heading; in a long narrow valley that needs about √(steps) of plain descent.
    """
    kernels, losses = [kernel], []
    previous, pace, first_slope = kernel, 1.0, 0.0
    while True:
        error = error_of(kernel)
        losses.append(0.5 * float(np.sum(error * error)))
        gradient = backward(error)
        slope = float(np.linalg.norm(gradient))
        first_slope = first_slope or slope
        if slope <= _GRADIENT_SHRINK * first_slope:
            return kernels, losses, True
        if len(kernels) > steps:
            return kernels, losses, False
        ahead, next_pace = kernel, 1.0
        if momentum:
            next_pace = (1.0 + np.sqrt(1.0 + 4.0 * pace * pace)) / 2.0
            ahead = kernel + (pace - 1.0) / next_pace * (kernel - previous)
            gradient = backward(error_of(ahead))
        moved = ahead - rate * gradient
        if np.sum(gradient * (moved - kernel)) > 0:  # the momentum pushed uphill: drop it
            next_pace = 1.0
        previous, kernel, pace = kernel, moved, next_pace
        kernels.append(kernel)


def _steepest_curvature(
    forward: Callable[[np.ndarray], np.ndarray],
    backward: Callable[[np.ndarray], np.ndarray],
    shape: tuple[int, ...],
    seed: int,
) -> float:
    """The loss's largest curvature: how much a unit kernel change tilts the slope.

    The loss's curvature applied to a kernel change ``v`` is ``backward(forward(v))``;
    repeating it turns any start towards the steepest direction (power iteration).
    """
    v = np.random.default_rng(seed).standard_normal(shape) + 1.0
    curvature = 0.0
    for _ in range(_POWER_STEPS):
        v = v / np.linalg.norm(v)
        bent = backward(forward(v))
        curvature = float(np.linalg.norm(bent))
        if curvature == 0.0:
            raise ValueError(
                "The input is zero under every window, so no kernel changes the map: "
                "there is nothing to learn from it."
            )
        v = bent
    return curvature
