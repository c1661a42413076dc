"""Real handwriting to learn detectors from: the UCI optical-recognition digits.

1 797 digits of 8×8 cells, shipped with convviz (``assets/data``, CC BY 4.0, credited
in ``assets/data/CREDITS.md``): small enough for the wheel and for training on a
classroom laptop while the class watches, real enough that what is learned is not
staged.
"""

from __future__ import annotations

import gzip
from functools import cache

import numpy as np

from convviz.core.assets import assets_dir

_LEVELS = 16  # each cell counts the inked pixels of a 4×4 block: 0 to 16


@cache
def _raw() -> np.ndarray:
    """The file's table, ``(1797, 65)`` uint8, read once per process (about 5 ms)."""
    with (assets_dir() / "data" / "digits.csv.gz").open("rb") as packed, gzip.open(packed) as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.uint8)
    table.flags.writeable = False
    return table


def digits() -> tuple[np.ndarray, np.ndarray]:
    """``(images, labels)``: ``(1797, 8, 8)`` float64 in 0…1 and ``(1797,)`` ints 0–9.

    Fresh arrays on every call, so a caller may draw on them.
    """
    table = _raw()
    images = table[:, :-1].reshape(-1, 8, 8) / _LEVELS
    return images, table[:, -1].astype(np.int64)
