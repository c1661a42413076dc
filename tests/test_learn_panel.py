"""The Learn panel: train on the digits while the window stays live, then walk the detectors."""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QLabel, QProgressBar, QPushButton, QSpinBox, QWidget

import convviz
from convviz.qt.grids.curve_plot import CurvePlot
from convviz.qt.grids.small_grid import SmallGrid
from tests.window_helpers import child

LEFT = Qt.MouseButton.LeftButton
TIMEOUT = 120_000  # ms: a loaded two-core machine trains a few epochs in seconds


def _open_panel(window) -> QWidget:
    child(window, QAction, "learnPanelAction").trigger()
    panel = child(window, QWidget, "learnPanel")
    assert child(window, QDockWidget, "learnDock").isVisible()
    return panel


def _train(qtbot, window, epochs: int, seed: int = 0, kernels: int = 4) -> None:
    child(window, QSpinBox, "learnEpochsSpin").setValue(epochs)
    child(window, QSpinBox, "learnSeedSpin").setValue(seed)
    child(window, QSpinBox, "learnKernelsSpin").setValue(kernels)
    qtbot.mouseClick(child(window, QPushButton, "trainButton"), LEFT)


def _idle(window) -> bool:
    return child(window, QPushButton, "trainButton").isEnabled()


def test_training_a_few_epochs_draws_the_detectors_and_curves(qtbot, window):
    _open_panel(window)
    _train(qtbot, window, epochs=3, seed=5, kernels=3)
    qtbot.waitUntil(lambda: _idle(window), timeout=TIMEOUT)

    expected = convviz.train_digits(kernels=3, epochs=3, seed=5)
    progress = child(window, QProgressBar, "learnProgress")
    assert (progress.value(), progress.maximum()) == (3, 3)
    plot = child(window, CurvePlot, "lossPlot")
    loss, accuracy = (item.getData()[1] for item in plot.view.addedItems)
    np.testing.assert_allclose(loss, [e.loss for e in expected.history])
    np.testing.assert_allclose(accuracy, [e.accuracy for e in expected.history])
    shown = [child(window, SmallGrid, f"learnedKernel{i}") for i in range(4)]
    assert [g.isVisible() for g in shown] == [True, True, True, False]
    for grid, kernel in zip(shown, expected.kernels[:, 0], strict=False):
        np.testing.assert_allclose(grid.values, kernel)
    status = child(window, QLabel, "learnStatus").text()
    assert "Epoch 3 of 3" in status
    assert f"{expected.test_accuracy:.0%}" in status


def test_stop_then_resume_gives_the_unbroken_run(qtbot, window):
    panel = _open_panel(window)
    with qtbot.waitSignal(panel.trainer.epochDone, timeout=TIMEOUT):
        _train(qtbot, window, epochs=4, seed=1)
    qtbot.mouseClick(child(window, QPushButton, "stopButton"), LEFT)
    qtbot.waitUntil(lambda: _idle(window), timeout=TIMEOUT)
    stopped_at = len(panel.trainer.result.history)
    assert stopped_at < 4
    resume = child(window, QPushButton, "resumeButton")
    assert resume.isEnabled()
    assert "stopped" in child(window, QLabel, "learnStatus").text()

    qtbot.mouseClick(resume, LEFT)
    qtbot.waitUntil(lambda: _idle(window) and not resume.isEnabled(), timeout=TIMEOUT)
    unbroken = convviz.train_digits(epochs=4, seed=1)
    np.testing.assert_allclose(panel.trainer.result.kernels, unbroken.kernels)
    assert child(window, QProgressBar, "learnProgress").value() == 4


def test_the_window_stays_live_while_training(qtbot, window):
    """A 5 ms timer keeps firing during training; each epoch's redraw is short.

    The longest gap between timer ticks is printed (``pytest -s``): it depends on the
    machine's load.  The redraw after an epoch is the panel's own share of it.
    """
    panel = _open_panel(window)
    clock, gaps, redraws = QElapsedTimer(), [], []
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        gaps.append(clock.elapsed() - last[0])
        last[0] = clock.elapsed()

    probe = QTimer()
    probe.setInterval(5)
    probe.timeout.connect(tick)
    redraw = panel._show_epoch  # time the panel's own slot: what training costs the window
    panel.trainer.epochDone.disconnect(redraw)

    def timed(result: object) -> None:
        start = time.perf_counter()
        redraw(result)
        redraws.append(1000 * (time.perf_counter() - start))

    panel.trainer.epochDone.connect(timed)
    probe.start()
    _train(qtbot, window, epochs=6)
    qtbot.waitUntil(lambda: _idle(window), timeout=TIMEOUT)
    probe.stop()
    print(f"longest main-thread stall {max(gaps)} ms; redraws {np.round(redraws)} ms")
    assert len(redraws) == 6
    assert max(redraws) < 50
    assert len(gaps) > 20  # the event loop kept turning while the epochs ran


def test_use_these_detectors_walks_them_over_the_chosen_digit(qtbot, window):
    _open_panel(window)
    use = child(window, QPushButton, "useDetectorsButton")
    assert not use.isEnabled()  # nothing learned yet
    _train(qtbot, window, epochs=2, seed=3)
    qtbot.waitUntil(lambda: _idle(window), timeout=TIMEOUT)
    child(window, QSpinBox, "digitSpin").setValue(17)
    qtbot.mouseClick(use, LEFT)

    learned = convviz.train_digits(epochs=2, seed=3).network
    images, _ = convviz.digits()
    model = window.model
    np.testing.assert_array_equal(model.input, images[17])
    np.testing.assert_allclose(model.layer.weights, learned.conv_weight)
    assert model.layer.relu
    assert model.cursor == 0
    # What the network's layer computes, by brute force: window sums, + bias, ReLU.
    expected = np.zeros((4, 6, 6))
    for n in range(4):
        for r in range(6):
            for c in range(6):
                window_sum = np.sum(images[17, r : r + 3, c : c + 3] * learned.conv_weight[n, 0])
                expected[n, r, c] = max(0.0, window_sum + learned.conv_bias[n])
    np.testing.assert_allclose(model.feature_maps, expected, atol=1e-12)
    qtbot.mouseClick(child(window, QPushButton, "stepButton"), LEFT)
    assert model.cursor == 1
    assert "=" in child(window, QLabel, "arithmeticPanel").text()

    # Painting on the digit: the maps answer at once (what a detector responds to).
    model.set_input_cell(0, 0, 1.0)
    corner = images[17, :3, :3].copy()
    corner[0, 0] = 1.0
    sums = np.sum(corner * learned.conv_weight[:, 0], axis=(1, 2)) + learned.conv_bias
    np.testing.assert_allclose(model.feature_maps[:, 0, 0], np.maximum(0.0, sums))
