"""Training beside the window, one epoch per job, so the window keeps drawing.

Each epoch runs as one job in a separate process (``train_digits`` resumed from the last
result: the same numbers as an unbroken run).  A thread would share Python's global
interpreter lock with the window: measured on a busy two-core machine, the window then
stalls for 60–200 ms at a time, while a process leaves it free.  Between jobs the GUI
thread gets the result, redraws, and decides whether to ask for the next epoch:
stopping is just not asking, and nothing is ever interrupted half-way.

The process is started on first use and serves every trainer of the program.  It is
*spawned*, so a script that opens the window must guard its code with
``if __name__ == "__main__":`` (``convviz`` and ``python -m convviz`` do).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import Any

from PySide6.QtCore import QObject, Signal

from convviz.core.digits import digits
from convviz.core.training import TrainingResult, train_digits

_NICE = 10  # the training process's Unix nice value: the window (0) goes first


@dataclass(frozen=True)
class RunSettings:
    """What the learner chose: a run with the same settings gives the same numbers."""

    kernels: int = 4
    kernel_size: int = 3
    epochs: int = 12
    seed: int = 0


def next_epoch(settings: RunSettings, initial: TrainingResult | None) -> TrainingResult:
    """One more epoch of the run ``initial`` (``None``: the first, from random weights)."""
    done = 0 if initial is None else len(initial.history)
    s = settings
    return train_digits(s.kernels, s.kernel_size, done + 1, s.seed, initial=initial)


def _warm() -> None:
    """Load the digits in the training process before the first epoch is asked for."""
    digits()


def _be_nice() -> None:
    """On a busy laptop the window's animation goes before the training (Unix)."""
    with contextlib.suppress(AttributeError, OSError):
        os.nice(_NICE)


def beside(relay: Relay, job: Callable[..., object], *args: object, **kwargs: object) -> None:
    """Run ``job`` in the training process; ``relay`` announces the outcome (GUI thread)."""
    future = _executor().submit(job, *args, **kwargs)
    future.add_done_callback(relay.deliver)


@cache
def _executor() -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_be_nice
    )


class Relay(QObject):
    """Carries a job's outcome from the executor's thread to the GUI thread (queued).

    ``done(result)`` or ``failed(message)``: a ``ValueError``'s own words, or what
    stopped the process.
    """

    done = Signal(object)
    failed = Signal(str)

    def deliver(self, future: Future[Any]) -> None:
        try:
            result = future.result()
        except ValueError as error:
            self.failed.emit(str(error))
        except Exception as error:  # the process died or could not start
            self.failed.emit(f"Training stopped: {error!r}")
        else:
            self.done.emit(result)


class Trainer(QObject):
    """Runs, stops and resumes training; ``epochDone`` after every epoch (GUI thread).

    ``runningChanged(bool)`` says whether an epoch is under way or asked for.
    """

    epochDone = Signal(object)  # TrainingResult
    failed = Signal(str)
    runningChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = RunSettings()
        self.result: TrainingResult | None = None
        self._running = False
        self._stop_asked = False
        self._relay = Relay(self)
        self._relay.done.connect(self._on_epoch)
        self._relay.failed.connect(self._on_failed)

    @property
    def running(self) -> bool:
        return self._running

    @property
    def can_resume(self) -> bool:
        """A stopped run with epochs left to train."""
        return (
            not self._running
            and self.result is not None
            and len(self.result.history) < self.settings.epochs
        )

    @staticmethod
    def warm_up() -> None:
        """Start the training process now (the panel opened), not at the first click."""
        _executor().submit(_warm)

    def start(self, settings: RunSettings) -> None:
        """A fresh run from random weights (``settings.seed`` fixes them)."""
        if self._running:
            return
        self.settings, self.result = settings, None
        self._go()

    def resume(self) -> None:
        """Carry on a stopped run up to its number of epochs."""
        if self.can_resume:
            self._go()

    def stop(self) -> None:
        """Stop after the epoch under way (its result still arrives and is shown)."""
        self._stop_asked = True

    def _go(self) -> None:
        self._stop_asked = False
        self._set_running(True)
        self._next()

    def _next(self) -> None:
        beside(self._relay, next_epoch, self.settings, self.result)

    def _on_epoch(self, result: TrainingResult) -> None:
        self.result = result
        finished = len(result.history) >= self.settings.epochs
        if finished or self._stop_asked:
            self._set_running(False)
        self.epochDone.emit(result)
        if self._running:
            self._next()

    def _on_failed(self, message: str) -> None:
        self._set_running(False)
        self.failed.emit(message)

    def _set_running(self, running: bool) -> None:
        if running != self._running:
            self._running = running
            self.runningChanged.emit(running)
