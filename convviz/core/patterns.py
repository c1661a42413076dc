"""The seed lesson and the starting patterns offered for the input grid.

Patterns are functions of the grid size so that "an X" or "a vertical edge" means the
same thing on a 5×5 grid and on a 32×32 one; the smiley is the one fixed 7×7 picture
the lesson is built on.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

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
    dtype=np.float64,
)
SEED_KERNEL = np.array([[0, 0, 1], [1, 0, 0], [0, 1, 1]], dtype=np.float64)


def smiley(rows: int, cols: int) -> np.ndarray:
    """The seed smiley, centred (and cropped if the grid is smaller than 7×7)."""
    out = np.zeros((rows, cols))
    (sh, sw), h, w = SEED_INPUT.shape, min(rows, 7), min(cols, 7)
    top, left = (rows - sh) // 2, (cols - sw) // 2  # negative when cropping
    out[max(top, 0) : max(top, 0) + h, max(left, 0) : max(left, 0) + w] = SEED_INPUT[
        max(-top, 0) : max(-top, 0) + h, max(-left, 0) : max(-left, 0) + w
    ]
    return out


def cross(rows: int, cols: int) -> np.ndarray:
    """Both diagonals, drawn one cell thick whatever the grid's shape."""
    out = np.zeros((rows, cols))
    r = np.arange(rows)
    c = np.floor(r * (cols - 1) / max(rows - 1, 1) + 0.5).astype(int)
    lower = r > (rows - 1) / 2  # mirror the top half so the X is symmetric both ways
    c[lower] = cols - 1 - c[rows - 1 - r[lower]]
    out[r, c] = 1
    out[r, cols - 1 - c] = 1
    return out


def vertical_edge(rows: int, cols: int) -> np.ndarray:
    """Left half 0, right half 1: the edge a Sobel-x detector responds to."""
    out = np.zeros((rows, cols))
    out[:, cols // 2 :] = 1
    return out


def random_cells(rows: int, cols: int, rng: np.random.Generator | None = None) -> np.ndarray:
    """Random 0/1 cells, about a third of them set."""
    rng = np.random.default_rng() if rng is None else rng
    return (rng.random((rows, cols)) < 1 / 3).astype(np.float64)


def clear(rows: int, cols: int) -> np.ndarray:
    """All zeros, to draw on."""
    return np.zeros((rows, cols))


#: Menu label → pattern; the order is the order shown to the user.
PATTERNS: dict[str, Callable[[int, int], np.ndarray]] = {
    "Smiley": smiley,
    "X": cross,
    "Vertical edge": vertical_edge,
    "Random": random_cells,
    "Clear": clear,
}
