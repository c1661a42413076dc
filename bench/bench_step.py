"""The cost of ONE animation step in the real window, painted, on small and large grids.

For each grid size (7×7, 64×64, 256×256 random 0/1 input, 3×3 kernel) the script builds
``ConvModel(input, kernel)`` and the real ``MainWindow(model)`` (offscreen, 1280×720,
shown).  After a warm-up, the windows take turns, one step each (round-robin, so a busy
machine slows every size alike), for a few hundred timed steps per size.  Reported:
median and p95 per step in milliseconds, and the median's ratio to the 7×7 step.
Target (from the issue): the 256×256 step costs about the same as the 7×7 step, ≤ 1.5×.

What one timed step is
    ``model.step()`` followed by ``QApplication.processEvents()`` repeated
    ``SETTLE_PASSES`` times, i.e. the model change, every view's reaction to it AND the
    repaint of everything that changed, until the event loop is idle again: what the
    Play timer pays per tick.  When the walk ends the model is reset (not timed).

Why processEvents and not ``window.repaint()`` (checked with a paint-event counter)
    * ``window.repaint()`` right after ``model.step()`` repaints every ordinary widget of
      the window (the whole 1280×720, far more than a step dirties) but NOT the two
      QGraphicsView viewports: a QGraphicsItem's ``update()`` only marks the scene dirty,
      and the scene hands its dirty region to the views in a queued call
      (``_q_processDirtyItems`` / ``changed``).  Those viewports paint on the next
      event-loop pass, outside the timed region, so repaint() measures a stale frame.
    * ``grid.viewport().repaint()`` does paint, but the whole viewport (450×440 px),
      not the few cells Qt repaints in the running app, and only for one grid.
    * ``processEvents()`` runs the queued scene update, then paints exactly the dirty
      regions of both grid viewports (a few cells at 256×256) plus the arithmetic
      panel and the step label, synchronously, inside the call.  A changed label text
      posts layout requests that repaint the arithmetic panel again one or two passes
      later, so one pass does not finish the frame; the script measures how many
      passes a step needs to go idle (column "passes") and times SETTLE_PASSES passes,
      more than that (an idle pass costs microseconds).
    Before timing, a check run with an application-wide event filter confirms that every
    step paints both grid viewports in the first pass (column "vp paints/step") and
    that the frame settles within SETTLE_PASSES.  The filter is removed for the timing.

The garbage collector is off during the timed loop (as ``timeit`` does).
Run: ``.venv/bin/python bench/bench_step.py`` (about 10 s).
"""

from __future__ import annotations

import gc
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import numpy as np
import pyqtgraph as pg
import PySide6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from convviz.core.model import ConvModel
from convviz.qt.window.main_window import MainWindow

SIZES = (7, 64, 256)
KERNEL = np.array([[0, 0, 1], [1, 0, 0], [0, 1, 1]], dtype=np.float64)  # the seed lesson's
WARMUP_STEPS = 50
TIMED_STEPS = 400
CHECK_STEPS = 30
SETTLE_PASSES = 6
TARGET_RATIO = 1.5
_SETTLE_EVENTS = {
    QEvent.Type.Paint,
    QEvent.Type.UpdateRequest,
    QEvent.Type.LayoutRequest,
    QEvent.Type.MetaCall,
}


@dataclass
class Result:
    size: int
    median_ms: float
    p95_ms: float
    steps: int
    input_paints: float  # grid-viewport paint events per step, first pass
    map_paints: float
    passes: int  # most processEvents passes a step needed to go idle


class FrameWatcher(QObject):
    """Counts paint events on the two grid viewports and any frame-related event."""

    def __init__(self) -> None:
        super().__init__()
        self.viewport_paints = {"inputGrid": 0, "featureMap": 0}
        self.busy = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _SETTLE_EVENTS:
            self.busy = True
        if kind == QEvent.Type.Paint:
            parent = obj.parent()
            name = parent.objectName() if parent is not None else ""
            if name in self.viewport_paints:
                self.viewport_paints[name] += 1
        return False


def _quiet_offscreen_warnings() -> None:
    """Drop the offscreen plugin's harmless "propagateSizeHints" warning; keep the rest."""

    def handler(mode: QtMsgType, context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(f"Qt {mode.name}: {message}", file=sys.stderr)

    qInstallMessageHandler(handler)


def settle(app: QApplication, passes: int = SETTLE_PASSES) -> None:
    for _ in range(passes):
        app.processEvents()


def make_input(n: int) -> np.ndarray:
    return (np.random.default_rng(n).random((n, n)) < 0.5).astype(np.float64)


def _advance(app: QApplication, model: ConvModel) -> None:
    """Reset (untimed) when the walk has ended, so the next step is a real step."""
    if model.finished:
        model.reset()
        settle(app)


def check_frames(app: QApplication, model: ConvModel) -> tuple[float, float, int]:
    """Per step: viewport paints in the first pass, and passes until the loop is idle."""
    watcher = FrameWatcher()
    app.installEventFilter(watcher)
    paints = {"inputGrid": 0, "featureMap": 0}
    most_passes = 0
    try:
        for _ in range(CHECK_STEPS):
            _advance(app, model)
            watcher.viewport_paints = dict.fromkeys(paints, 0)
            model.step()
            app.processEvents()
            for name, count in watcher.viewport_paints.items():
                paints[name] += count
            passes = 1
            while True:
                watcher.busy = False
                app.processEvents()
                if not watcher.busy or passes > 20:
                    break
                passes += 1
            most_passes = max(most_passes, passes)
    finally:
        app.removeEventFilter(watcher)
    return paints["inputGrid"] / CHECK_STEPS, paints["featureMap"] / CHECK_STEPS, most_passes


def measure(app: QApplication, sizes: tuple[int, ...] = SIZES) -> list[Result]:
    """Time all sizes round-robin (one step each in turn), so machine noise hits all alike."""
    models = [ConvModel(make_input(n), KERNEL) for n in sizes]
    windows = [MainWindow(model) for model in models]
    for window in windows:
        window.resize(1280, 720)
        window.show()
    settle(app, 20)
    checks = [check_frames(app, model) for model in models]
    times: list[list[float]] = [[] for _ in sizes]
    gc.collect()
    gc.disable()
    try:
        for round_ in range(WARMUP_STEPS + TIMED_STEPS):
            for i in _rotated(range(len(sizes)), round_):
                model = models[i]
                _advance(app, model)
                start = time.perf_counter()
                model.step()
                settle(app)
                if round_ >= WARMUP_STEPS:
                    times[i].append(time.perf_counter() - start)
    finally:
        gc.enable()
    for window in windows:
        window.close()
        window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    settle(app)
    results = []
    for n, samples, (input_paints, map_paints, passes) in zip(sizes, times, checks, strict=True):
        ms = sorted(t * 1000 for t in samples)
        results.append(
            Result(
                size=n,
                median_ms=statistics.median(ms),
                p95_ms=ms[round(0.95 * (len(ms) - 1))],
                steps=len(ms),
                input_paints=input_paints,
                map_paints=map_paints,
                passes=passes,
            )
        )
    return results


def _rotated(items: range, k: int) -> list[int]:
    """``items`` starting at position ``k`` (so no size is always measured first)."""
    k %= len(items)
    return [*items[k:], *items[:k]]


def print_table(results: list[Result]) -> None:
    base = results[0].median_ms
    print(
        f"{'size':>9} {'steps':>6} {'median ms':>10} {'p95 ms':>8} {'ratio':>6}"
        f"  {'vp paints/step (in, map)':>24} {'passes':>6}"
    )
    for r in results:
        print(
            f"{f'{r.size}×{r.size}':>9} {r.steps:>6} {r.median_ms:>10.3f} {r.p95_ms:>8.3f}"
            f" {r.median_ms / base:>5.2f}×  {f'{r.input_paints:.2f}, {r.map_paints:.2f}':>24}"
            f" {r.passes:>6}"
        )


def main() -> None:
    _quiet_offscreen_warnings()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    print(
        f"One animation step = model.step() + {SETTLE_PASSES}× processEvents() "
        f"(offscreen, MainWindow 1280×720, 3×3 kernel, {TIMED_STEPS} timed steps)"
    )
    print(
        f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, "
        f"pyqtgraph {pg.__version__}, NumPy {np.__version__}"
    )
    results = measure(app)
    print_table(results)
    bad = [r for r in results if min(r.input_paints, r.map_paints) < 1 or r.passes >= SETTLE_PASSES]
    for r in bad:
        print(f"WARNING: {r.size}×{r.size}: a step did not paint both grids or did not settle.")
    ratio = results[-1].median_ms / results[0].median_ms
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(
        f"{SIZES[-1]}×{SIZES[-1]} step / {SIZES[0]}×{SIZES[0]} step = {ratio:.2f}× "
        f"(target ≤ {TARGET_RATIO}×): {verdict}"
    )


if __name__ == "__main__":
    main()
