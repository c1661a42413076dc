"""The smallest CNN that reads digits: one layer of detectors, then a vote per digit.

``image → N kernels (valid, + bias) → ReLU → 2×2 max-pool → dense → softmax``.  The
detectors are the same kind of kernel the rest of convviz walks over an input, so a
trained network's kernels can be put straight into the layer.  Forward and backward
passes are written out with im2col (:func:`~convviz.core.gradients.patches`) and
matrix products: a batch of digits costs a handful of BLAS calls, no loop over pixels.
Parameter layouts are PyTorch's (``Conv2d`` and ``Linear``), so a network can be
compared with, or copied to, the same network in PyTorch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convviz.core.convolution import Geometry
from convviz.core.gradients import patches

DIGITS = 10
POOL = 2


@dataclass(frozen=True)
class DigitNet:
    """The network's numbers, in PyTorch's layouts.

    ``conv_weight`` ``(N, 1, k, k)``, ``conv_bias`` ``(N,)``, ``dense_weight``
    ``(10, N·h·w)`` over the pooled maps flattened map by map, ``dense_bias`` ``(10,)``.
    """

    conv_weight: np.ndarray
    conv_bias: np.ndarray
    dense_weight: np.ndarray
    dense_bias: np.ndarray

    @classmethod
    def random(
        cls, kernels: int, kernel_size: int, image_shape: tuple[int, int], seed: int
    ) -> DigitNet:
        """PyTorch's default start: uniform in ``±1/√fan_in``, fixed by ``seed``."""
        rng = np.random.default_rng([seed, 1])  # [seed, 0] splits the data
        pooled = pooled_shape(image_shape, kernel_size)
        features = kernels * pooled[0] * pooled[1]

        def uniform(fan_in: int, *shape: int) -> np.ndarray:
            bound = 1.0 / np.sqrt(fan_in)
            return rng.uniform(-bound, bound, shape)

        fan_in = kernel_size * kernel_size
        return cls(
            conv_weight=uniform(fan_in, kernels, 1, kernel_size, kernel_size),
            conv_bias=uniform(fan_in, kernels),
            dense_weight=uniform(features, DIGITS, features),
            dense_bias=uniform(features, DIGITS),
        )

    @property
    def parameters(self) -> tuple[np.ndarray, ...]:
        """All arrays, in the order :func:`gradients` returns their slopes."""
        return self.conv_weight, self.conv_bias, self.dense_weight, self.dense_bias

    def probabilities(self, images: np.ndarray) -> np.ndarray:
        """``(n, 10)``: how sure the network is of each digit, for ``(n, h, w)`` images."""
        logits, _ = forward(self, windows(images, self.conv_weight.shape[-1]))
        return _softmax(logits)

    def predict(self, images: np.ndarray) -> np.ndarray:
        """``(n,)``: the digit each image most looks like to the network."""
        logits, _ = forward(self, windows(images, self.conv_weight.shape[-1]))
        return np.argmax(logits, axis=1)


def windows(images: np.ndarray, kernel_size: int) -> np.ndarray:
    """``(n, H', W', k·k)``: every valid window of every image, one row of numbers each.

    Training cuts the windows of the whole data set once and picks its batches from
    them: cheaper than cutting each batch again every epoch.
    """
    geometry = Geometry.build(images.shape[1:], (kernel_size, kernel_size))
    oh, ow = geometry.out_shape
    cut = patches(images[:, np.newaxis], geometry)  # (n, 1, H', W', k, k)
    return cut.reshape(len(images), oh, ow, kernel_size * kernel_size)


def pooled_shape(image_shape: tuple[int, int], kernel_size: int) -> tuple[int, int]:
    """Size of each pooled map: the valid map's, halved and rounded down."""
    return (
        (image_shape[0] - kernel_size + 1) // POOL,
        (image_shape[1] - kernel_size + 1) // POOL,
    )


@dataclass(frozen=True)
class _Cache:
    """What the backward pass needs from the forward one."""

    columns: np.ndarray  # (B·H'·W', k·k): every window, one row each
    active: np.ndarray  # (B, H', W', N): where the ReLU let the sum through
    winners: np.ndarray  # (B, h, w, N): which of the 4 cells won each pool (0…3)
    pooled: np.ndarray  # (B, N·h·w): the dense layer's input


def forward(net: DigitNet, cut: np.ndarray) -> tuple[np.ndarray, _Cache]:
    """Logits ``(B, 10)`` for a batch of :func:`windows`, and what the backward pass needs.

    Maps are kept channels-last, ``(B, H', W', N)``, so that each layer is one product.
    """
    batch, oh, ow, taps = cut.shape
    n_kernels = len(net.conv_bias)
    ph, pw = oh // POOL, ow // POOL
    columns = cut.reshape(batch * oh * ow, taps)
    sums = columns @ net.conv_weight.reshape(n_kernels, taps).T + net.conv_bias
    maps = np.maximum(sums, 0.0).reshape(batch, oh, ow, n_kernels)
    # The four cells of each pool, in PyTorch's reading order: (4, B, h, w, N).
    quads = np.stack(
        [
            maps[:, r : ph * POOL : POOL, c : pw * POOL : POOL]
            for r in range(POOL)
            for c in range(POOL)
        ]
    )
    winners = np.argmax(quads, axis=0)  # the first of equal cells, as PyTorch picks
    best = np.max(quads, axis=0)
    pooled = best.transpose(0, 3, 1, 2).reshape(batch, n_kernels * ph * pw)  # map by map
    logits = pooled @ net.dense_weight.T + net.dense_bias
    active = (sums > 0).reshape(batch, oh, ow, n_kernels)
    return logits, _Cache(columns, active, winners, pooled)


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def gradients(
    net: DigitNet, cut: np.ndarray, labels: np.ndarray
) -> tuple[float, tuple[np.ndarray, ...]]:
    """Mean cross-entropy on a batch of :func:`windows`, and every parameter's slope.

    The slopes come in the order of :attr:`DigitNet.parameters`.
    """
    batch = len(labels)
    n_kernels = len(net.conv_bias)
    logits, cache = forward(net, cut)
    shifted = logits - logits.max(axis=1, keepdims=True)  # exp() cannot overflow
    log_total = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(batch)
    loss = float(np.mean(log_total[:, 0] - shifted[rows, labels]))

    d_logits = np.exp(shifted - log_total)  # the probabilities
    d_logits[rows, labels] -= 1.0
    d_logits /= batch
    d_dense_weight = d_logits.T @ cache.pooled
    d_dense_bias = d_logits.sum(axis=0)
    ph, pw = cache.winners.shape[1:3]
    d_best = (d_logits @ net.dense_weight).reshape(batch, n_kernels, ph, pw).transpose(0, 2, 3, 1)
    d_maps = np.zeros(cache.active.shape)
    for quad, (r, c) in enumerate(np.ndindex(POOL, POOL)):  # only the winner passes it back
        d_maps[:, r : ph * POOL : POOL, c : pw * POOL : POOL] = d_best * (cache.winners == quad)
    d_sums = (d_maps * cache.active).reshape(-1, n_kernels)
    d_conv_weight = (d_sums.T @ cache.columns).reshape(net.conv_weight.shape)
    d_conv_bias = d_sums.sum(axis=0)
    return loss, (d_conv_weight, d_conv_bias, d_dense_weight, d_dense_bias)
