"""Learn this detector: find the lesson's kernel again from its map, by gradient descent.

:func:`convviz.fit_detector` starts from random weights and descends until the map
matches the lesson's; the panel replays the descent with a slider: the target map beside
the map of the kernel at that step, the kernel itself, the loss curve, and, for one
chosen weight, its gradient told as a walk (the error map slides over the input, the
same kind of sum as the forward walk's, from :func:`~convviz.core.gradient_walk.weight_gradient`).
"""

from __future__ import annotations

from dataclasses import asdict
from functools import partial
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from convviz.core.convolution import feature_map
from convviz.core.fit import FitResult, fit_detector
from convviz.core.gradient_walk import weight_gradient
from convviz.qt.grids.curve_plot import CurvePlot
from convviz.qt.grids.small_grid import SmallGrid
from convviz.qt.model_adapter import ModelAdapter
from convviz.qt.panels.learn_worker import Relay, beside
from convviz.qt.theme import active
from convviz.qt.widgets import button, named, spin_box


class FitPanel(QWidget):
    """Start the descent, scrub through it, read one weight's gradient, keep the kernel."""

    def __init__(self, adapter: ModelAdapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fitPanel")
        self._adapter = adapter
        self.fit: FitResult | None = None
        #: The input, the target map and the layer's settings the descent was run on.
        self._problem: tuple[np.ndarray, np.ndarray, dict[str, Any]] | None = None
        self._relay = Relay(self)
        self._relay.done.connect(self._show_fit)
        self._relay.failed.connect(self._failed)

        self.seed_spin = spin_box("fitSeedSpin", "Seed of the random start", 0, 9999)
        self.learn_button = button(
            "learnDetectorButton", "Learn this detector", "Find the kernel again from its map"
        )
        self.status = named(QLabel("The lesson's map is the target."), "fitStatus")
        self.status.setWordWrap(True)
        self.target_grid = SmallGrid("fitTargetMap", 80)
        self.map_grid = SmallGrid("fitCurrentMap", 80)
        self.kernel_grid = SmallGrid("fitKernel", 80)
        self.error_grid = SmallGrid("fitErrorMap", 80)
        self.slider = named(QSlider(Qt.Orientation.Horizontal), "descentSlider")
        self.slider.setEnabled(False)
        self.step_label = named(QLabel(), "descentLabel")
        self.loss_plot = CurvePlot("fitLossPlot", "descent step")
        self.loss_curve = self.loss_plot.curve("log₁₀ loss", active().colour("window"))
        self.marker = pg.InfiniteLine(angle=90, pen=pg.mkPen(active().colour("match")))
        self.loss_plot.view.addItem(self.marker)
        self.row_spin = spin_box("gradientRowSpin", "Row of the weight", 0, 0)
        self.col_spin = spin_box("gradientColSpin", "Column of the weight", 0, 0)
        self.gradient_text = named(QLabel(), "gradientText")
        self.gradient_text.setWordWrap(True)
        self.gradient_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use_button = button(
            "useFittedKernelButton", "Use this kernel", "Put the kernel of this step in the layer"
        )
        self.use_button.setEnabled(False)
        self._lay_out()

        self.learn_button.clicked.connect(self.learn)
        self.slider.valueChanged.connect(self.show_step)
        self.row_spin.valueChanged.connect(lambda _: self.show_step(self.slider.value()))
        self.col_spin.valueChanged.connect(lambda _: self.show_step(self.slider.value()))
        self.use_button.clicked.connect(self.use_kernel)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Seed"))
        top.addWidget(self.seed_spin)
        top.addWidget(self.learn_button, 1)
        grids = QGridLayout()
        for column, (title, grid) in enumerate(
            (
                ("Target map", self.target_grid),
                ("Map now", self.map_grid),
                ("Kernel now", self.kernel_grid),
                ("Error e", self.error_grid),
            )
        ):
            grids.addWidget(QLabel(title), 0, column)
            grids.addWidget(grid, 1, column)
        weight = QFormLayout()
        weight.addRow("Weight row", self.row_spin)
        weight.addRow("Weight column", self.col_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addLayout(grids)
        layout.addWidget(self.slider)
        layout.addWidget(self.step_label)
        layout.addWidget(self.loss_plot, 1)
        layout.addLayout(weight)
        layout.addWidget(self.gradient_text)
        layout.addWidget(self.use_button)

    def learn(self) -> None:
        """Descend from random weights to the lesson's map, in the training process."""
        model = self._adapter.model
        layer = asdict(model.settings)
        bias = model.layer.biases[model.selected]
        target = model.pre_activation[model.selected] - bias  # the map the kernel alone makes
        self._problem = (model.input, target, layer)
        self.target_grid.show_values(target)
        self.learn_button.setEnabled(False)
        self.status.setText("Descending…")
        beside(
            self._relay,
            partial(fit_detector, **layer),
            model.input,
            target,
            model.kernel.shape,
            seed=self.seed_spin.value(),
        )

    def _failed(self, message: str) -> None:
        self.learn_button.setEnabled(True)
        self.status.setText(message)

    def _show_fit(self, fit: FitResult) -> None:
        self.fit = fit
        self.learn_button.setEnabled(True)
        steps = len(fit.losses) - 1
        how = "found it" if fit.converged else "stopped before the slope vanished"
        self.status.setText(
            f"{steps} steps of size {fit.learning_rate:.3g}, {how}: drag the slider to replay."
        )
        kh, kw = fit.kernel.shape[-2:]
        self.row_spin.setMaximum(kh - 1)
        self.col_spin.setMaximum(kw - 1)
        self.loss_curve.setData(np.arange(len(fit.losses)), np.log10(fit.losses + 1e-30))
        low = float(np.log10(fit.losses[-1] + 1e-30))
        high = float(np.log10(fit.losses[0] + 1e-30))
        self.loss_plot.set_ranges((0, max(steps, 1)), (max(low, -12.0), high))
        self.slider.setRange(0, steps)
        self.slider.setEnabled(True)
        self.use_button.setEnabled(True)
        if self.slider.value() == steps:
            self.show_step(steps)
        self.slider.setValue(steps)

    def show_step(self, step: int) -> None:
        """The kernel after ``step`` descent steps, its map, its error, one weight's slope."""
        fit, problem = self.fit, self._problem
        if fit is None or problem is None:
            return
        kernel = fit.kernels[step]
        x, target, layer = problem
        now = feature_map(x, kernel, **layer)
        error = now - target
        reach = float(max(np.abs(target).max(), np.abs(now).max())) or 1.0
        self.target_grid.show_values(target, (-reach, reach))  # one scale: compare by eye
        self.map_grid.show_values(now, (-reach, reach))
        self.kernel_grid.show_values(kernel if kernel.ndim == 2 else kernel[0])
        self.error_grid.show_values(error)
        self.marker.setValue(step)
        self.step_label.setText(
            f"Step {step} of {len(fit.losses) - 1}: loss {fit.losses[step]:.4g}"
        )
        at = (self.row_spin.value(), self.col_spin.value())
        weight = at if kernel.ndim == 2 else (0, *at)
        walk = weight_gradient(x, error, kernel.shape, weight, **layer)
        self.gradient_text.setText(
            f"{walk.arithmetic()}\nThe step moves it by −{fit.learning_rate:.3g} × this."
        )

    def use_kernel(self) -> None:
        """The kernel of the step on show replaces the lesson's detector."""
        if self.fit is not None:
            self._adapter.attempt(
                self._adapter.model.set_kernel, self.fit.kernels[self.slider.value()]
            )
