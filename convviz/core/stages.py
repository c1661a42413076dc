"""The stages around the convolution: pooling after the feature map, and the transposed mode.

Each stage is lesson state the model composes (``model.pooling``, ``model.transposed``):
its settings, whether it is on, its walk (from :mod:`pool_walk` / :mod:`transposed_walk`)
and a cursor of its own.  The model rebuilds a stage's walk whenever what it reads
changes (``follow``), and drives the cursors from the one transport, in this order:

* **Pooling** follows the selected feature map (after bias and ReLU).  Step first
  reveals the whole feature map; once it is complete and pooling is on, the next
  Steps walk the pooling window.  Step back takes back pooling steps first; any move
  of the feature-map cursor below its end (the timeline, a click on a map cell,
  Reset) puts the pooling walk back to its start, because pooling reads the
  complete map.
* **Transposed mode** replaces the convolution's walk: while it is on, Step stamps
  the next input cell's weighted kernel onto the output (the feature-map cursor
  stays where it was).

A stage whose walk cannot be built (a pooling window larger than today's map) is
kept with its settings and says why in :attr:`Stage.problem`, so editing the
convolution is never refused because of a later stage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Generic, Literal, TypeVar

import numpy as np

from convviz.core.convolution import Pair, whole_pair
from convviz.core.pool_walk import PoolStep, PoolWalk
from convviz.core.pooling import PoolKind, check_kind
from convviz.core.transposed_walk import Stamp, TransposedWalk

Notify = Callable[[Literal["cursor", "walk"]], None]
#: What one Step walks: a feature-map cell, a pooling window or a transposed stamp.
StageName = Literal["map", "pooling", "transposed"]


@dataclass(frozen=True)
class PoolSettings:
    """Pooling as the user set it: window ``size``, ``stride``, ``kind``, ``padding``."""

    size: Pair = (2, 2)
    stride: Pair = (2, 2)
    kind: PoolKind = "max"
    padding: Pair = (0, 0)

    def checked(self) -> PoolSettings:
        """Whole numbers in range and a known kind, or ``ValueError`` naming the setting."""
        return PoolSettings(
            whole_pair(self.size, "pooling size", 1),
            whole_pair(self.stride, "pooling stride", 1),
            check_kind(self.kind),
            whole_pair(self.padding, "pooling padding", 0),
        )


@dataclass(frozen=True)
class TransposedSettings:
    """A transposed convolution's ``stride``, ``padding``, ``output_padding``, ``dilation``."""

    stride: Pair = (2, 2)
    padding: Pair = (0, 0)
    output_padding: Pair = (0, 0)
    dilation: Pair = (1, 1)

    def checked(self) -> TransposedSettings:
        return TransposedSettings(
            whole_pair(self.stride, "stride", 1),
            whole_pair(self.padding, "padding", 0),
            whole_pair(self.output_padding, "output_padding", 0),
            whole_pair(self.dilation, "dilation", 1),
        )


Settings = TypeVar("Settings", PoolSettings, TransposedSettings)
WalkT = TypeVar("WalkT", PoolWalk, TransposedWalk)


class Stage(Generic[Settings, WalkT]):
    """On/off, settings, the walk built from them, and how many of its steps are shown."""

    def __init__(self, settings: Settings, notify: Notify) -> None:
        self._settings: Settings = settings
        self._notify = notify
        self._enabled = False
        self._walk: WalkT | None = None
        self._problem: str | None = None
        self._cursor = 0

    def _build(self, settings: Settings) -> WalkT:
        """The walk for ``settings`` over what the stage follows (``ValueError`` if none)."""
        raise NotImplementedError

    # -- state ---------------------------------------------------------------------------
    @property
    def enabled(self) -> bool:
        return self._enabled

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def walk(self) -> WalkT | None:
        """The walk, or ``None`` when the stage is off or cannot run (see :attr:`problem`)."""
        return self._walk if self._enabled else None

    @property
    def problem(self) -> str | None:
        """Why the stage is on but has no walk (its window no longer fits), else ``None``."""
        return self._problem if self._enabled else None

    @property
    def active(self) -> bool:
        """On and able to run: Step walks it."""
        return self.walk is not None

    @property
    def cursor(self) -> int:
        """How many of the stage's steps are shown, ``0 … len(stage)``."""
        return self._cursor

    def __len__(self) -> int:
        return len(self._walk) if self.active and self._walk is not None else 0

    @property
    def finished(self) -> bool:
        return self._cursor >= len(self)

    # -- changing it -----------------------------------------------------------------------
    def set_enabled(self, enabled: bool) -> None:
        """Switch the stage on (refused, with the reason, if its window does not fit)."""
        if enabled and not self._enabled:
            self._walk = self._build(self._settings)
        self._enabled, self._problem, self._cursor = bool(enabled), None, 0
        self._notify("walk")

    def configure(self, **changes: Any) -> None:
        """Change settings by name; refused (nothing changes) if the stage could not run."""
        settings = replace(self._settings, **changes).checked()
        walk = self._build(settings) if self._enabled else self._walk
        self._settings, self._walk, self._problem = settings, walk, None
        self._cursor = min(self._cursor, len(self))
        self._notify("walk")

    def take(self, other: Stage[Settings, WalkT]) -> None:
        """Copy ``other``'s settings, switch and cursor (the model was already rebuilt)."""
        self._settings, self._enabled = other._settings, other._enabled
        self._rebuild()
        self._cursor = min(other._cursor, len(self))

    def _rebuild(self) -> None:
        """Rebuild the walk after what the stage follows changed; keep the cursor if it fits."""
        try:
            self._walk, self._problem = self._build(self._settings), None
        except ValueError as error:
            self._walk, self._problem = None, str(error)
        self._cursor = min(self._cursor, len(self))

    # -- moving along ----------------------------------------------------------------------
    def seek(self, n: int) -> None:
        """Show exactly ``n`` steps (clamped)."""
        n = max(0, min(int(n), len(self)))
        if n != self._cursor:
            self._cursor = n
            self._notify("cursor")

    def rewind(self) -> None:
        """Back to the start without a notification (the caller sends one)."""
        self._cursor = 0

    def step(self) -> bool:
        if self.finished:
            return False
        self.seek(self._cursor + 1)
        return True

    def step_back(self) -> bool:
        if self._cursor == 0:
            return False
        self.seek(self._cursor - 1)
        return True


class PoolingStage(Stage[PoolSettings, PoolWalk]):
    """Pooling of the selected feature map, walked after the map is complete."""

    def __init__(self, notify: Notify) -> None:
        super().__init__(PoolSettings(), notify)
        self._map = np.zeros((1, 1))

    def follow(self, feature_map: np.ndarray) -> None:
        """The map to pool changed (any edit of the convolution): rebuild quietly."""
        self._map = feature_map
        self._rebuild()

    def _build(self, settings: PoolSettings) -> PoolWalk:
        return PoolWalk(
            self._map,
            settings.size,
            stride=settings.stride,
            kind=settings.kind,
            padding=settings.padding,
        )

    @property
    def pooled(self) -> np.ndarray | None:
        """The complete pooled map, or ``None`` when pooling is off or cannot run."""
        walk = self.walk
        return None if walk is None else walk.output()

    @property
    def current_step(self) -> PoolStep | None:
        """The pooling step just taken, or ``None`` before the first."""
        walk = self.walk
        return walk.step(self._cursor - 1) if walk is not None and self._cursor else None


class TransposedStage(Stage[TransposedSettings, TransposedWalk]):
    """The transposed convolution of the lesson's input by the selected kernel."""

    def __init__(self, notify: Notify) -> None:
        super().__init__(TransposedSettings(), notify)
        self._operands: tuple[np.ndarray, np.ndarray] = (np.zeros((1, 1)), np.ones((1, 1)))

    def follow(self, input: np.ndarray, kernel: np.ndarray) -> None:
        """The input or the kernel changed: rebuild quietly."""
        self._operands = (input, kernel)
        self._rebuild()

    def _build(self, settings: TransposedSettings) -> TransposedWalk:
        input, kernel = self._operands
        return TransposedWalk(
            input,
            kernel,
            stride=settings.stride,
            padding=settings.padding,
            output_padding=settings.output_padding,
            dilation=settings.dilation,
        )

    @property
    def current_step(self) -> Stamp | None:
        walk = self.walk
        return walk.step(self._cursor - 1) if walk is not None and self._cursor else None

    @property
    def output(self) -> np.ndarray | None:
        """The output after the stamps shown so far (``(H', W')``), or ``None`` when off."""
        walk = self.walk
        return None if walk is None else walk.partial(self._cursor - 1)


def position_text(
    cursor: int, total: int, pooling: PoolingStage, transposed: TransposedStage
) -> str:
    """The transport's counter: which stage the next Step belongs to, and how far it is."""
    if transposed.active:
        return f"Stamp {transposed.cursor} / {len(transposed)}"
    if pooling.active and cursor == total and pooling.cursor:
        return f"Pooling {pooling.cursor} / {len(pooling)}"
    return f"Step {cursor} / {total}"
