"""The largest documented lesson in the window: one step and one typed weight.

The model's limits (README "Limits") are a 512×512 input and a 15×15 kernel.  Issue 10
asks that no single action block the window more than 100 ms; a 15×15 kernel's step
once took 140–210 ms (the arithmetic panel fitted its 225 products eight times a step,
restyling twice each time; the kernel editor measured every weight for every cell).

Cases: a 512×512 grey input and a 512×512 colour photo (three channels, 675 products
a step), each with a 15×15 kernel of sevenths (fractions in the arithmetic), in the real
``MainWindow`` offscreen at 1280×720 and at 1920×1080 with the settings hidden (F5's
view).  A timed action is ``model.step()`` (or ``set_kernel_weight``) followed by
``SETTLE_PASSES`` × ``processEvents()``: the views' reaction and the repaint, what the
Play timer or a typed weight pays.  The walk is reset, untimed, when it ends
(the default walk shrinks the photo to 16 pixels: a 2×2 map, four steps).

Run: ``.venv/bin/python bench/bench_largest.py`` (about 30 s).  Target: p95 ≤ 100 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import numpy as np
from bench_step import _quiet_offscreen_warnings, settle
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from convviz.core.model import ConvModel
from convviz.core.photo import Photo
from convviz.qt.window.main_window import MainWindow

SIDE, KERNEL_SIDE = 512, 15  # the model's largest input and kernel
WARMUP, TIMED = 5, 40
TARGET_MS = 100.0
SCREENS = {"1280×720": (1280, 720, False), "1920×1080 F5": (1920, 1080, True)}


def lesson(colour: bool) -> ConvModel:
    rng = np.random.default_rng(15)
    kernel = rng.integers(-3, 4, (KERNEL_SIDE, KERNEL_SIDE)).astype(np.float64) / 7
    model = ConvModel()
    shape = (SIDE, SIDE, 3) if colour else (SIDE, SIDE)
    model.set_photo(Photo(rng.integers(0, 256, shape, dtype=np.uint8), "noise"), colour=colour)
    model.set_kernel(kernel if not colour else np.repeat(kernel[None], 3, axis=0))
    return model


def open_window(app: QApplication, model: ConvModel, screen: tuple[int, int, bool]):
    width, height, presenting = screen
    window = MainWindow(model)
    window.fit_screen(QSize(width, height))
    if presenting:
        window.settings_dock.hide()
        window.menuBar().hide()
    window.resize(width, height)
    window.show()
    settle(app, 20)
    return window


def timed(
    app: QApplication, action: Callable[[int], None], before: Callable[[], None]
) -> list[float]:
    times = []
    for n in range(WARMUP + TIMED):
        before()
        start = time.perf_counter()
        action(n)
        settle(app)
        if n >= WARMUP:
            times.append((time.perf_counter() - start) * 1000)
    return sorted(times)


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    _quiet_offscreen_warnings()
    print(f"The largest lesson: {SIDE}×{SIDE} input, {KERNEL_SIDE}×{KERNEL_SIDE} kernel")
    print(f"{'case':>28} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}  verdict (p95 ≤ 100)")
    for colour in (False, True):
        for screen_name, screen in SCREENS.items():
            model = lesson(colour)
            window = open_window(app, model, screen)

            def rewind(model: ConvModel = model) -> None:
                if model.finished:  # untimed, as in bench_step.py
                    model.reset()
                    settle(app)

            def step(_n: int, model: ConvModel = model) -> None:
                model.step()

            def weight(n: int, model: ConvModel = model) -> None:
                model.set_kernel_weight(7, 7, (-2.0, 3.0)[n % 2])

            for action_name, action in (("step", step), ("weight", weight)):
                ms = timed(app, action, rewind)
                p95 = ms[round(0.95 * (len(ms) - 1))]
                case = f"{'RGB' if colour else 'grey'} {screen_name} {action_name}"
                verdict = "met" if p95 <= TARGET_MS else "NOT met"
                print(
                    f"{case:>28} {statistics.median(ms):>10.1f} {p95:>8.1f} {ms[-1]:>8.1f}  "
                    f"{verdict}"
                )
            window.close()
            window.deleteLater()
            settle(app)


if __name__ == "__main__":
    main()
