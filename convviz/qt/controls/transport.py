"""Step, step back, play/pause, reset, end, speed and stride: driving the walk.

Playing is a QTimer calling :meth:`ConvModel.step`; it stops itself at the end of the
walk, and Play at the end starts again from the beginning (what a class expects).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget

from convviz.core.stages import position_text
from convviz.qt.model_adapter import ModelAdapter
from convviz.qt.steady_label import SteadyBox
from convviz.qt.widgets import button, named, set_quietly, spin_box

MIN_SPEED, MAX_SPEED = 0.5, 30.0  # steps per second
_TICKS_PER_STEP = 2  # the slider moves in half steps per second: value = 2 × speed
MAX_STRIDE = 4
STRIDE_TIP = "Stride: cells the window moves per step"
TRANSPOSED_STRIDE_TIP = "Stride of the transposed convolution: cells between stamps"
APART_WALK = "set each in Settings ▸ Walk"
APART_TRANSPOSED = "Settings ▸ Transposed sets both alike"


class TransportBar(QWidget):
    """The row of controls under the panels."""

    def __init__(self, adapter: ModelAdapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._adapter = adapter
        model = adapter.model
        self.reset = button("resetButton", "Reset", "Back to the start (Home)")
        self.back = button("stepBackButton", "◀ Back", "Step back (← or Page Up)")
        self.play = button("playButton", "▶ Play", "Play / pause (Space)")
        self.play.setCheckable(True)
        self.step = button("stepButton", "Step ▶", "Next step (→ or Page Down)")
        self.end = button("endButton", "End", "Jump to the end (End)")
        for widget, action in (
            (self.reset, model.reset),
            (self.back, model.step_back),
            (self.step, model.step),
            (self.end, model.end),
        ):
            widget.clicked.connect(lambda _=False, action=action: action())
        self.speed = named(QSlider(Qt.Orientation.Horizontal), "speedSlider")
        self.speed.setRange(int(MIN_SPEED * _TICKS_PER_STEP), int(MAX_SPEED * _TICKS_PER_STEP))
        self.speed.setValue(2 * _TICKS_PER_STEP)
        self.speed.setAccessibleName("Animation speed in steps per second")
        self.speed.setMinimumWidth(160)
        self.speed_label = named(QLabel(), "speedLabel")
        self.stride = spin_box("strideSpin", STRIDE_TIP, 1, MAX_STRIDE)
        self.position = named(QLabel(), "stepLabel")
        self.position.setMinimumWidth(150)
        self._timer = QTimer(self)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.reset, self.back, self.play, self.step, self.end):
            layout.addWidget(widget)
        layout.addWidget(SteadyBox(self.position))  # it changes every step
        # Speed and stride sit in their own toolbar, which can wrap to a second row when
        # big text (projector zoom) makes one row wider than the screen.
        self.pace = named(QWidget(), "paceControls")
        pace = QHBoxLayout(self.pace)
        # A gap before "Speed": on one row, "Step 7 / 25" ran into it in full screen.
        pace.setContentsMargins(16, 0, 0, 0)
        pace.addWidget(QLabel("Speed"))
        pace.addWidget(self.speed)
        pace.addWidget(self.speed_label)
        pace.addSpacing(16)
        pace.addWidget(QLabel("Stride"))
        pace.addWidget(self.stride)

        self.play.toggled.connect(self._play_toggled)
        self.speed.valueChanged.connect(self._speed_changed)
        self.stride.valueChanged.connect(self._stride_changed)
        self._timer.timeout.connect(self._tick)
        adapter.walkChanged.connect(self._sync)
        adapter.walkChanged.connect(self._show_stride)  # a step never changes the stride
        adapter.cursorMoved.connect(self._sync)
        self._speed_changed()
        self._sync()
        self._show_stride()

    @property
    def steps_per_second(self) -> float:
        return self.speed.value() / _TICKS_PER_STEP

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    def toggle_play(self) -> None:
        """Space bar and clicker: play if paused, pause if playing."""
        self.play.toggle()

    def _play_toggled(self, playing: bool) -> None:
        if playing:
            if self._adapter.model.finished:
                self._adapter.model.reset()
            self._timer.start()
        else:
            self._timer.stop()
        self.play.setText("❚❚ Pause" if playing else "▶ Play")

    def _tick(self) -> None:
        if not self._adapter.model.step() or self._adapter.model.finished:
            self.play.setChecked(False)

    def _speed_changed(self) -> None:
        self._timer.setInterval(round(1000 / self.steps_per_second))
        self.speed_label.setText(f"{self.steps_per_second:g} steps/s")

    def _stride_changed(self, value: int) -> None:
        """The user's stride, on both axes of the walk the class is stepping through.

        In the transposed mode Step stamps input cells, spaced by the transposed
        convolution's stride: the box drives that one (the convolution's is not on screen).
        """
        model = self._adapter.model
        stage = model.transposed
        if stage.enabled:
            accepted = self._adapter.attempt(lambda: stage.configure(stride=(value, value)))
        else:
            accepted = self._adapter.attempt(model.set_stride, value)
        if not accepted:
            self._show_stride()

    def _show_stride(self) -> None:
        """The stride of the walk on screen, as the model holds it.

        Different row and column strides cannot be one number: the box then reads "6×1"
        (rows × columns) and is disabled, so a touch never flattens the lesson's pair.
        """
        model = self._adapter.model
        transposed = model.transposed.enabled
        sy, sx = model.transposed.settings.stride if transposed else model.stride
        tip = TRANSPOSED_STRIDE_TIP if transposed else STRIDE_TIP
        square = sy == sx
        if not square:
            # Settings ▸ Walk has a box per axis; the transposed stage's pair comes from a
            # lesson file (its one box in Settings ▸ Transposed sets both alike).
            where = APART_TRANSPOSED if transposed else APART_WALK
            tip = f"{tip}: {sy} down and {sx} across; {where}"
        set_quietly(self.stride, sy)
        if self.stride.toolTip() != tip:  # an edit is redrawn live: touch nothing unchanged
            self.stride.setSuffix("" if square else f"×{sx}")
            self.stride.setEnabled(square)
            self.stride.setToolTip(tip)
            self.stride.setAccessibleName(tip)

    def _sync(self) -> None:
        model = self._adapter.model
        self.position.setText(
            position_text(model.cursor, model.total_steps, model.pooling, model.transposed)
        )
        self.back.setEnabled(model.cursor > 0)
        self.reset.setEnabled(model.cursor > 0)
        self.step.setEnabled(not model.finished)
        self.end.setEnabled(not model.finished)
