"""Watch a layer of detectors learn to read handwritten digits, then walk them over one.

The panel trains :func:`convviz.train_digits` one epoch at a time off the GUI thread
(:class:`Trainer`) and redraws after each: every detector as a small grid on one shared
colour scale, the training loss and the held-out accuracy, the epoch on a progress bar.
"Use these detectors" puts the learned layer (weights, biases, ReLU: what the network
computes) into the lesson over a chosen digit, and the usual walk takes over; painting
on the 8×8 input then shows what each learned detector responds to.
"""

from __future__ import annotations

from functools import partial

import numpy as np
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from convviz.core.digits import digits
from convviz.core.model import MAX_KERNELS
from convviz.core.training import TrainingResult
from convviz.qt.grids.curve_plot import CurvePlot
from convviz.qt.grids.small_grid import SmallGrid
from convviz.qt.model_adapter import ModelAdapter
from convviz.qt.panels.learn_worker import RunSettings, Trainer
from convviz.qt.theme import active
from convviz.qt.widgets import button, named, spin_box

_COLUMNS = 4  # detectors per row of small grids


class LearnPanel(QWidget):
    """Train, stop, resume; the detectors, the curves; use the detectors on a digit."""

    def __init__(self, adapter: ModelAdapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("learnPanel")
        self._adapter = adapter
        self.trainer = Trainer(self)
        self._images, self._labels = digits()

        self.kernels_spin = spin_box("learnKernelsSpin", "Detectors to learn", 1, MAX_KERNELS)
        self.kernels_spin.setValue(RunSettings.kernels)
        self.seed_spin = spin_box("learnSeedSpin", "Seed: the same seed learns the same", 0, 9999)
        self.epochs_spin = spin_box("learnEpochsSpin", "Passes over the training digits", 1, 200)
        self.epochs_spin.setValue(RunSettings.epochs)
        self.train_button = button("trainButton", "Train", "Learn detectors from random ones")
        self.stop_button = button("stopButton", "Stop", "Stop after this epoch")
        self.resume_button = button("resumeButton", "Resume", "Carry on the stopped run")
        self.progress = named(QProgressBar(), "learnProgress")
        self.progress.setFormat("Epoch %v of %m")
        self.status = named(
            QLabel("Press Train: 4 detectors learn from 1 797 digits."), "learnStatus"
        )
        self.status.setWordWrap(True)
        # Two lines always: a label that changes height every epoch relayouts the dock.
        self.status.setMinimumHeight(2 * self.status.fontMetrics().lineSpacing() + 4)
        self.kernel_grids = [SmallGrid(f"learnedKernel{i}", 56) for i in range(MAX_KERNELS)]
        self.loss_plot = CurvePlot("lossPlot", "epoch")
        theme = active()  # two lines told apart by hue and lightness: orange, dark blue
        self.loss_curve = self.loss_plot.curve("training loss", theme.colour("window"))
        self.accuracy_curve = self.loss_plot.curve(
            "held-out accuracy", QColor(theme.sequential[-1])
        )
        self.digit_spin = spin_box("digitSpin", "Which digit to walk", 0, len(self._labels) - 1)
        self.digit_grid = SmallGrid("digitPreview", 96)
        self.digit_grid.setFixedWidth(96)  # beside the picker, which would squeeze it
        self.digit_grid.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.digit_label = named(QLabel(), "digitLabel")
        self.use_button = button(
            "useDetectorsButton", "Use these detectors", "Walk the learned detectors over the digit"
        )
        self._lay_out()

        self.train_button.clicked.connect(self.train)
        self.stop_button.clicked.connect(self.trainer.stop)
        self.resume_button.clicked.connect(self.trainer.resume)
        self.use_button.clicked.connect(self.use_detectors)
        self.digit_spin.valueChanged.connect(self._show_digit)
        self.trainer.epochDone.connect(self._show_epoch)
        self.trainer.failed.connect(self.status.setText)
        self.trainer.runningChanged.connect(self._update_buttons)
        self._show_digit(0)
        self._show_grids(RunSettings.kernels)
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        """The panel is open: start the training process while the learner reads it."""
        super().showEvent(event)
        self.trainer.warm_up()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("Detectors", self.kernels_spin)
        form.addRow("Seed", self.seed_spin)
        form.addRow("Epochs", self.epochs_spin)
        buttons = QHBoxLayout()
        for widget in (self.train_button, self.stop_button, self.resume_button):
            buttons.addWidget(widget)
        grids = QGridLayout()
        for i, grid in enumerate(self.kernel_grids):
            grids.addWidget(grid, i // _COLUMNS, i % _COLUMNS)
        digit = QHBoxLayout()
        digit.addWidget(self.digit_grid)
        picker = QFormLayout()
        picker.addRow("Digit", self.digit_spin)
        picker.addRow(self.digit_label)
        digit.addLayout(picker, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(grids)
        layout.addWidget(self.loss_plot, 1)
        layout.addLayout(digit)
        layout.addWidget(self.use_button)

    # -- training ------------------------------------------------------------------------
    def train(self) -> None:
        """A fresh run with the chosen detectors, seed and epochs."""
        settings = RunSettings(
            kernels=self.kernels_spin.value(),
            epochs=self.epochs_spin.value(),
            seed=self.seed_spin.value(),
        )
        self.progress.setRange(0, settings.epochs)
        self.loss_plot.set_ranges((0, settings.epochs), (0, 2.0))  # 10 guesses: loss ≈ 2.3
        self.progress.setValue(0)
        self.loss_curve.setData([], [])
        self.accuracy_curve.setData([], [])
        self.status.setText("Training…")
        if settings.kernels != sum(grid.isVisibleTo(self) for grid in self.kernel_grids):
            self._show_grids(settings.kernels)
        self.trainer.start(settings)

    def _show_epoch(self, result: TrainingResult) -> None:
        """Redraw after an epoch: the kernels, the two curves, the progress bar."""
        epochs = np.arange(1, len(result.history) + 1)
        if len(result.history) == 1:  # the first epoch's loss sets the scale
            top = max(1.0, result.history[0].loss)
            self.loss_plot.set_ranges((0, self.trainer.settings.epochs), (0, top))
        self.loss_curve.setData(epochs, [e.loss for e in result.history])
        self.accuracy_curve.setData(epochs, [e.accuracy for e in result.history])
        self.progress.setValue(len(result.history))
        self._show_kernels(result)
        last = result.history[-1]
        state = (
            "" if self.trainer.running else (" (stopped)" if self.trainer.can_resume else " (done)")
        )
        self.status.setText(
            f"Epoch {len(result.history)} of {self.trainer.settings.epochs}{state}: "
            f"loss {last.loss:.3f}, {last.accuracy:.0%} of held-out digits read right."
        )
        self._update_buttons()

    def _show_kernels(self, result: TrainingResult | None) -> None:
        """Each detector on one shared colour scale, so a strong weight looks strong."""
        if result is None:
            return
        weights = result.kernels[:, 0]
        reach = float(np.abs(weights).max()) or 1.0
        for grid, kernel in zip(self.kernel_grids, weights, strict=False):
            grid.show_values(kernel, (-reach, reach))

    def _show_grids(self, count: int) -> None:
        """As many small grids as detectors, shown before the first epoch arrives.

        Showing them then, not with the first result, keeps the dock's layout still
        while training runs (a relayout redraws every grid of the window).
        """
        size = RunSettings.kernel_size
        for i, grid in enumerate(self.kernel_grids):
            grid.setVisible(i < count)
            grid.show_values(np.zeros((size, size)), (-1.0, 1.0))

    def _update_buttons(self) -> None:
        running = self.trainer.running
        self.train_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.resume_button.setEnabled(self.trainer.can_resume)
        self.use_button.setEnabled(not running and self.trainer.result is not None)
        for spin in (self.kernels_spin, self.seed_spin, self.epochs_spin):
            spin.setEnabled(not running)

    # -- using the detectors -------------------------------------------------------------
    def _show_digit(self, index: int) -> None:
        self.digit_grid.show_values(self._images[index])
        self.digit_label.setText(f"a handwritten {self._labels[index]}")

    def use_detectors(self) -> None:
        """The learned layer over the chosen digit: weights, biases and the ReLU."""
        result = self.trainer.result
        if result is None:
            return
        model = self._adapter.model
        use = partial(
            model.set_layer,
            result.kernels,
            biases=result.network.conv_bias,
            relu=True,
            input=self._images[self.digit_spin.value()],
            name="Learned",
        )
        if self._adapter.attempt(use):
            model.reset()
