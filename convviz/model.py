"""The lesson state: input, feature detector, stride and how far the walk has gone.

One :class:`ConvModel` is shared by every view.  It imports no Qt: views observe it
through :meth:`ConvModel.subscribe` (the Qt adapter turns the notifications into
signals).  Every setter validates first and changes nothing when it refuses, so a
bad value typed in class never leaves the walk half-updated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Literal

import numpy as np

from .convolution import Geometry, Pair, as_finite, correlate_padded, pad
from .patterns import SEED_INPUT, SEED_KERNEL
from .walk import Step, Walk


@dataclass(frozen=True)
class Change:
    """What a notification is about.

    ``"cursor"``: only the cursor moved (from ``old_cursor``); the maps are unchanged, so a
    view updates just the cells between the two cursors.  ``"walk"``: the input, kernel or
    geometry changed; everything derived was recomputed and views redraw.
    """

    kind: Literal["cursor", "walk"]
    old_cursor: int


Observer = Callable[[Change], None]


@dataclass(frozen=True)
class WalkSettings:
    """How the window moves, as the user set it (``padding`` may be a name like "same")."""

    stride: int | Pair = 1
    padding: int | tuple | str = 0
    dilation: int | Pair = 1
    padding_mode: str = "zeros"
    flip: bool = False


class ConvModel:
    """The convolution lesson as plain NumPy state plus a cursor over the walk."""

    def __init__(
        self,
        input: object = SEED_INPUT,
        kernel: object = SEED_KERNEL,
        **settings: object,
    ) -> None:
        """``settings`` are the fields of :class:`WalkSettings` (stride, padding, …)."""
        self._observers: list[Observer] = []
        self._input = _as_2d(input, "input")
        self._kernel = _as_2d(kernel, "kernel")
        self._settings = WalkSettings()
        self._cursor = 0
        self._apply(**settings)

    # -- observing -------------------------------------------------------------------
    def subscribe(self, observer: Observer) -> None:
        """Call ``observer(change)`` after every change of state."""
        self._observers.append(observer)

    def unsubscribe(self, observer: Observer) -> None:
        self._observers.remove(observer)

    def _notify(self, kind: Literal["cursor", "walk"], old_cursor: int) -> None:
        change = Change(kind, old_cursor)
        for observer in list(self._observers):
            observer(change)

    # -- state -----------------------------------------------------------------------
    @property
    def input(self) -> np.ndarray:
        """The input grid (read-only view; change it with :meth:`set_input`)."""
        return self._input

    @property
    def kernel(self) -> np.ndarray:
        """The feature detector as the user wrote it (read-only view)."""
        return self._kernel

    @property
    def settings(self) -> WalkSettings:
        return self._settings

    @property
    def stride(self) -> Pair:
        """``(rows, columns)`` the window moves per step."""
        return self._geometry.stride

    @property
    def dilation(self) -> Pair:
        return self._geometry.dilation

    @property
    def flip(self) -> bool:
        """``True``: true convolution (kernel rotated 180°); ``False``: cross-correlation."""
        return self._settings.flip

    @property
    def applied_kernel(self) -> np.ndarray:
        """The kernel as it is laid over the input (rotated in convolution mode)."""
        return self._walk.weights[0]

    @property
    def geometry(self) -> Geometry:
        return self._geometry

    @property
    def cursor(self) -> int:
        """How many feature-map cells are revealed, ``0 … total_steps``."""
        return self._cursor

    @property
    def total_steps(self) -> int:
        return len(self._walk)

    @property
    def walk(self) -> Walk:
        return self._walk

    @property
    def padded_input(self) -> np.ndarray:
        """The input with its padded border, as the window sees it (``(H+pads, W+pads)``)."""
        return self._walk.padded[0]

    @property
    def feature_map(self) -> np.ndarray:
        """The complete feature map (read-only view)."""
        return self._map

    @property
    def revealed(self) -> np.ndarray:
        """The feature map as the learner has seen it so far: NaN where not yet revealed."""
        out = self._map.copy()
        out.reshape(-1)[self._cursor :] = np.nan
        return out

    @property
    def current_step(self) -> Step | None:
        """The step just taken (the most recently revealed cell), or ``None`` at the start."""
        return self._walk.step(self._cursor - 1) if self._cursor else None

    # -- changing the lesson -------------------------------------------------------------
    def set_input(self, array: object) -> None:
        """Replace the input grid; the cursor is kept where it still makes sense."""
        self._apply(input=_as_2d(array, "input"))

    def set_input_cell(self, row: int, col: int, value: float) -> None:
        """Change one input cell (painting on the grid)."""
        updated = self._input.copy()
        updated[row, col] = value
        self._apply(input=_as_2d(updated, "input"))

    def resize_input(self, rows: int, cols: int) -> None:
        """Change the grid size, keeping the cells that still fit (new cells are 0)."""
        self._apply(input=_resized(self._input, rows, cols))

    def set_kernel(self, array: object) -> None:
        """Replace the feature detector (any size from 1×1 up to the input's size)."""
        self._apply(kernel=_as_2d(array, "kernel"))

    def set_kernel_weight(self, row: int, col: int, value: float) -> None:
        """Change one weight of the feature detector."""
        updated = self._kernel.copy()
        updated[row, col] = value
        self._apply(kernel=_as_2d(updated, "kernel"))

    def resize_kernel(self, rows: int, cols: int) -> None:
        """Change the kernel size, keeping the weights that still fit (new weights are 0)."""
        self._apply(kernel=_resized(self._kernel, rows, cols))

    def set_stride(self, stride: int | Pair) -> None:
        """Move the window by ``stride`` cells (one number, or ``(rows, columns)``)."""
        self._apply(stride=stride)

    def set_padding(self, padding: int | tuple | str, padding_mode: str | None = None) -> None:
        """Pad the border, filling it with ``zeros``, ``reflect``, ``replicate`` or ``circular``.

        ``padding`` is a number, ``(rows, columns)``, ``((top, bottom), (left, right))``,
        ``"valid"``, ``"same"`` or ``"full"``.
        """
        mode = self._settings.padding_mode if padding_mode is None else padding_mode
        self._apply(padding=padding, padding_mode=mode)

    def set_dilation(self, dilation: int | Pair) -> None:
        """Spread the window's cells ``dilation`` apart (1 = touching)."""
        self._apply(dilation=dilation)

    def set_flip(self, flip: bool) -> None:
        """Switch between cross-correlation (CNNs) and true convolution (maths books)."""
        self._apply(flip=bool(flip))

    def _apply(
        self,
        *,
        input: np.ndarray | None = None,
        kernel: np.ndarray | None = None,
        **changes: object,
    ) -> None:
        """Validate the new combination, then commit it all at once and notify."""
        new_input = self._input if input is None else input
        new_kernel = self._kernel if kernel is None else kernel
        settings = replace(self._settings, **changes)
        geometry_args = asdict(settings)
        flip = geometry_args.pop("flip")
        geometry = Geometry.build(new_input.shape, new_kernel.shape, **geometry_args)
        padded = pad(new_input[np.newaxis], geometry.pads, geometry.padding_mode)
        weights = (new_kernel[::-1, ::-1] if flip else new_kernel)[np.newaxis]
        feature_map = correlate_padded(padded, weights[np.newaxis], geometry)[0]
        feature_map.flags.writeable = False
        self._input, self._kernel, self._settings = new_input, new_kernel, settings
        self._geometry, self._map = geometry, feature_map
        self._walk = Walk(padded, weights, geometry)
        old = self._cursor
        self._cursor = min(self._cursor, len(self._walk))
        self._notify("walk", old)

    # -- moving along the walk ---------------------------------------------------------
    def seek(self, n: int) -> None:
        """Reveal exactly ``n`` cells (clamped to ``0 … total_steps``)."""
        n = max(0, min(int(n), self.total_steps))
        if n != self._cursor:
            old, self._cursor = self._cursor, n
            self._notify("cursor", old)

    def step(self) -> bool:
        """Reveal the next cell; ``False`` if the walk was already complete."""
        if self._cursor >= self.total_steps:
            return False
        self.seek(self._cursor + 1)
        return True

    def step_back(self) -> bool:
        """Hide the newest cell; ``False`` if nothing was revealed."""
        if self._cursor == 0:
            return False
        self.seek(self._cursor - 1)
        return True

    def reset(self) -> None:
        """Back to the start: the window before its first step, an empty map."""
        self.seek(0)

    def end(self) -> None:
        """Reveal the whole map."""
        self.seek(self.total_steps)

    @property
    def finished(self) -> bool:
        return self._cursor == self.total_steps


def _as_2d(array: object, name: str) -> np.ndarray:
    """A finite, read-only float64 matrix: the model's own copy, safe to hand out."""
    out = np.array(as_finite(array, name), dtype=np.float64)
    if out.ndim != 2 or 0 in out.shape:
        raise ValueError(
            f"The {name} must be a non-empty 2-D grid of numbers, got shape {out.shape}."
        )
    out.flags.writeable = False
    return out


def _resized(array: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """``array`` cropped or zero-extended at the bottom/right to ``rows × cols``."""
    if rows < 1 or cols < 1:
        raise ValueError(f"A grid needs at least one row and one column, got {rows}×{cols}.")
    out = np.zeros((rows, cols))
    h, w = min(rows, array.shape[0]), min(cols, array.shape[1])
    out[:h, :w] = array[:h, :w]
    return _as_2d(out, "grid")
