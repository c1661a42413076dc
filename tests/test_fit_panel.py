"""Learn this detector: the seed's map gives back the seed's kernel, replayed step by step."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QLabel, QPushButton, QSlider, QSpinBox

import convviz
from convviz.qt.grids.small_grid import SmallGrid
from tests.window_helpers import child

SEED_KERNEL = [[0, 0, 1], [1, 0, 0], [0, 1, 1]]


def _learn(qtbot, window, seed: int = 0):
    panel = window.learning.fit_panel
    child(window, QSpinBox, "fitSeedSpin").setValue(seed)
    with qtbot.waitSignal(panel._relay.done, timeout=120_000):
        child(window, QAction, "learnDetectorAction").trigger()
    assert child(window, QDockWidget, "learnDetectorDock").isVisible()
    return panel


def test_the_seed_map_gives_back_the_seed_detector(qtbot, window):
    _learn(qtbot, window)
    slider = child(window, QSlider, "descentSlider")
    assert slider.value() == slider.maximum() > 0
    np.testing.assert_allclose(child(window, SmallGrid, "fitKernel").values, SEED_KERNEL, atol=1e-6)
    np.testing.assert_allclose(
        child(window, SmallGrid, "fitCurrentMap").values, window.model.feature_map, atol=1e-6
    )
    qtbot.mouseClick(child(window, QPushButton, "useFittedKernelButton"), Qt.MouseButton.LeftButton)
    np.testing.assert_allclose(window.model.kernel, SEED_KERNEL, atol=1e-6)


def test_each_step_shows_the_weight_gradient_as_a_walk(qtbot, window):
    panel = _learn(qtbot, window, seed=4)
    fit = convviz.fit_detector(window.model.input, window.model.feature_map, (3, 3), seed=4)
    child(window, QSlider, "descentSlider").setValue(3)
    child(window, QSpinBox, "gradientColSpin").setValue(2)
    np.testing.assert_allclose(child(window, SmallGrid, "fitKernel").values, fit.kernels[3])
    text = child(window, QLabel, "gradientText").text()
    assert text.startswith("∂L/∂w[0,2] = 0×e₀₀ + 0×e₀₁ + 0×e₀₂ + 0×e₀₃ + 0×e₀₄ + 0×e₁₀")
    # Independent check of the sum's value: a loop over the map cells.
    x = window.model.input
    error = convviz.feature_map(x, fit.kernels[3]) - window.model.feature_map
    slope = sum(x[r, c + 2] * error[r, c] for r in range(5) for c in range(5))
    assert text.split("\n")[1].endswith(f"= {convviz.core.numbers.format_number(slope)}")
    assert panel.fit is not None
    assert "Step 3 of" in child(window, QLabel, "descentLabel").text()
