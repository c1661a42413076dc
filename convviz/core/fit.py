"""Learn one detector backwards: from an input and the map it should give, find the kernel.

Plain gradient descent on ``L = ½ Σ (feature_map(input, kernel) − target)²``.  Its
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

from convviz.core.convolution import Pair, as_finite, feature_map
from convviz.core.gradients import Padding, check_layer, check_shape, kernel_gradient

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
) -> FitResult:
    """Descend from random weights (uniform in −1…1, fixed by ``seed``) to ``target_map``.

    The layer's arguments are those of :func:`convviz.feature_map`.  ``learning_rate``
    defaults to ``1/λ`` (see the module); ``steps`` caps the descent.
    """
    x = as_finite(input, "input")
    if x.ndim not in (2, 3) or 0 in x.shape:
        raise ValueError(f"The input must be (H, W) or (C, H, W) with cells; got shape {x.shape}.")
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

    kernel = np.random.default_rng(seed).uniform(-1.0, 1.0, shape)
    kernels, losses = [kernel], []
    first_slope, converged = None, False
    for _ in range(steps + 1):
        error = forward(kernel) - target
        losses.append(0.5 * float(np.sum(error * error)))
        gradient = backward(error)
        slope = float(np.linalg.norm(gradient))
        first_slope = slope if first_slope is None else first_slope
        if slope <= _GRADIENT_SHRINK * first_slope:
            converged = True
            break
        if len(kernels) > steps:
            break
        kernel = kernel - learning_rate * gradient
        kernels.append(kernel)
    return FitResult(
        kernel=kernel,
        losses=np.array(losses),
        kernels=np.array(kernels),
        learning_rate=float(learning_rate),
        converged=converged,
    )


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
