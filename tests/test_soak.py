"""A long lesson on the real window: 10 000 steps and 1 000 random edits through the GUI.

A class leaves convviz running for an hour, playing and stepping while people type
weights, paint cells and turn every knob.  Afterwards the maps must still be right, the
views must still show the model, and the process must not have grown or drifted
(None's reference count: the PySide6 6.12 bug in DESIGN-NOTES §3), and Qt must not
have logged a warning.

Qt's messages are counted by this test's own handler, not captured by pytest-qt: its
capture keeps a record of every message, ignored ones too, and each record holds
references to None.  The offscreen platform prints one ignored message whenever a
window's size limits change (adding a kernel does), so under pytest-qt's capture None's
count grows with the edits although the program keeps nothing (measured: the same
clicks in a plain script drift by 0).
"""

from __future__ import annotations

import collections
import gc
import os
import random
import sys

import numpy as np
import pytest
from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSlider,
    QSpinBox,
    QTableView,
)
from window_helpers import SPIN_NAMES, child, message

from convviz import feature_map
from convviz.core.numbers import format_number, parse_number
from convviz.qt.grids.grid_view import GridView

pytestmark = [pytest.mark.soak, pytest.mark.no_qt_log]

STEPS, EDITS = 10_000, 1_000
WARM_STEPS, WARM_EDITS = 500, 50
MAX_RSS_GROWTH = 10 * 1024 * 1024
MAX_NONE_DRIFT = 100
PAINT_EVERY = 10
TYPED = ["1", "-1", "0", "2", "0.5", "1/9", "−2", "0,5", "-0.25", "3", "abc", "", "1,000", "nan"]
LEFT = Qt.MouseButton.LeftButton


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


OFFSCREEN_ONLY = "This plugin does not support propagateSizeHints"  # as in pyproject.toml


@pytest.fixture
def qt_warnings():
    """Qt's warnings during the test, each distinct one counted once (nothing kept per call)."""
    seen: collections.Counter = collections.Counter()

    def handler(kind: QtMsgType, _context: object, text: str) -> None:
        if kind != QtMsgType.QtDebugMsg and kind != QtMsgType.QtInfoMsg:
            seen[text] += 1

    previous = qInstallMessageHandler(handler)
    yield seen
    qInstallMessageHandler(previous)


def settle():
    QApplication.processEvents()


def reference_maps(model) -> np.ndarray:
    """Every kernel's map from the model's input, layer and settings alone."""
    settings, layer = model.settings, model.layer
    maps = []
    for weights, bias in zip(layer.weights, layer.biases, strict=True):
        kernel = weights[0] if model.channels == 1 else weights
        out = feature_map(
            model.input,
            kernel,
            stride=settings.stride,
            padding=settings.padding,
            dilation=settings.dilation,
            flip=settings.flip,
            padding_mode=settings.padding_mode,
        )
        out = out + bias
        maps.append(np.maximum(out, 0.0) if layer.relu else out)
    return np.stack(maps)


def assert_views_show_the_model(window):
    model = window.model
    np.testing.assert_array_equal(
        child(window, GridView, "featureMap").cells.values, model.revealed
    )
    assert child(window, QLabel, "stepLabel").text() == f"Step {model.cursor} / {model.total_steps}"


class Classroom:
    """Random edits as a class makes them: typing, clicking, choosing from the menus."""

    def __init__(self, qtbot, window, rng: random.Random):
        self.qtbot, self.window, self.rng = qtbot, window, rng
        self.model = window.model
        self.table = child(window, QTableView, "kernelEditor")
        self.grid = child(window, GridView, "inputGrid")
        self.bias = child(window, QLineEdit, "biasEdit")
        self.kernels = child(window, QListView, "kernelList")
        self.spins = {name: child(window, QSpinBox, name) for name in SPIN_NAMES}
        self.combos = {
            name: child(window, QComboBox, name)
            for name in ("paddingCombo", "paddingModeCombo", "presetCombo", "patternCombo")
        }
        self.edits = [
            (self.type_weight, 6),
            (self.paint_cell, 6),
            (self.spin, 8),
            (self.combo, 4),
            (self.toggle, 2),
            (self.layer_button, 2),
            (self.select_kernel, 1),
            (self.type_bias, 1),
        ]
        self.refusals = 0

    def random_edit(self):
        edit = self.rng.choices([e for e, _ in self.edits], [w for _, w in self.edits])[0]
        edit()

    def type_weight(self):
        rows, cols = self.model.kernel.shape[-2:]
        row, col = self.rng.randrange(rows), self.rng.randrange(cols)
        text = self.rng.choice(TYPED)
        before = self.model.kernel.copy()
        table_model = self.table.model()
        accepted = table_model.setData(table_model.index(row, col), text)
        try:
            value = parse_number(text)
        except ValueError:
            value = None
        if accepted:
            assert self.model.kernel[row, col] == value
            assert table_model.index(row, col).data() == format_number(value)
        else:
            self.refusals += 1
            np.testing.assert_array_equal(self.model.kernel, before)
            assert "kept its value" in message(self.window) or "overflow" in message(self.window)

    def paint_cell(self):
        rows, cols = self.model.input.shape
        row, col = self.rng.randrange(rows), self.rng.randrange(cols)
        before = self.model.input.copy()
        expected = before.copy()
        expected[row, col] = 0.0 if before[row, col] else 1.0
        self.qtbot.mouseClick(self.grid.viewport(), LEFT, pos=self.grid.cell_center(row, col))
        np.testing.assert_array_equal(self.model.input, expected)

    def spin(self):
        spin = self.spins[self.rng.choice(list(self.spins))]
        before = self.model.geometry
        spin.setValue(self.rng.randint(spin.minimum(), spin.maximum()))
        if self.model.geometry == before and message(self.window):
            self.refusals += 1

    def combo(self):
        combo = self.combos[self.rng.choice(list(self.combos))]
        combo.setCurrentIndex(self.rng.randrange(combo.count()))

    def toggle(self):
        name = self.rng.choice(["flipCheck", "reluCheck"])
        box = child(self.window, QCheckBox, name)
        before = box.isChecked()
        self.qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))
        assert box.isChecked() != before
        assert (self.model.flip if name == "flipCheck" else self.model.layer.relu) != before

    def layer_button(self):
        name = self.rng.choice(["addKernelButton", "removeKernelButton"])
        count = len(self.model.layer.names)
        button = child(self.window, QPushButton, name)
        enabled = button.isEnabled()
        self.qtbot.mouseClick(button, LEFT)
        change = (1 if name == "addKernelButton" else -1) if enabled else 0
        assert len(self.model.layer.names) == count + change
        assert 1 <= len(self.model.layer.names) <= 8

    def select_kernel(self):
        row = self.rng.randrange(self.kernels.model().rowCount())
        self.kernels.setCurrentIndex(self.kernels.model().index(row, 0))
        assert self.model.selected == row

    def type_bias(self):
        text = self.rng.choice(TYPED)
        self.bias.setText(text)
        self.qtbot.keyClick(self.bias, Qt.Key.Key_Return)
        bias = self.model.layer.biases[self.model.selected]
        assert parse_number(self.bias.text()) == bias


def walk(model, steps: int) -> None:
    """``steps`` steps, starting again at the end of the walk; the views repaint as they go.

    A repaint of the whole window costs about 17 ms offscreen, so the events are processed
    every few steps (as a busy projector drops frames): every step still goes through every
    view's slot, and the repaints cover every kind of change.
    """
    for n in range(steps):
        if not model.step():
            model.reset()
            model.step()
        if n % PAINT_EVERY == PAINT_EVERY - 1:
            settle()
    settle()


def play_at_full_speed(qtbot, window, steps: int) -> None:
    """Let the play timer drive ``steps`` steps at the top speed, then pause.

    Waits in a plain event loop that the walk itself ends, not with ``qtbot.waitUntil``:
    pytest-qt's polling wait leaves references to None behind (about 170 per wait here),
    which would hide or fake the drift this test measures.
    """
    model = window.model
    slider = child(window, QSlider, "speedSlider")
    slider.setValue(slider.maximum())
    model.reset()
    target = min(steps, model.total_steps)
    play = child(window, QPushButton, "playButton")
    loop = QEventLoop()

    def reached(*_: int) -> None:
        if model.cursor >= target:
            loop.quit()

    window.adapter.cursorMoved.connect(reached)
    QTimer.singleShot(10_000, loop.quit)  # a stuck player fails the assertion below
    qtbot.mouseClick(play, LEFT)
    loop.exec()
    window.adapter.cursorMoved.disconnect(reached)
    assert model.cursor >= target, "the play timer stopped before the walk got there"
    if play.isChecked():
        qtbot.mouseClick(play, LEFT)
    assert not window.transport.playing


def session(qtbot, window, rng, steps: int, edits: int) -> Classroom:
    classroom = Classroom(qtbot, window, rng)
    per_edit = steps // edits
    for n in range(edits):
        classroom.random_edit()
        walk(window.model, per_edit)
        if n % 10 == 0:
            assert_views_show_the_model(window)
    return classroom


def test_an_hour_of_class_keeps_the_maps_right_and_the_process_steady(qtbot, window, qt_warnings):
    rng = random.Random(20261125)
    model = window.model
    session(qtbot, window, rng, WARM_STEPS, WARM_EDITS)
    play_at_full_speed(qtbot, window, 20)
    # Build every widget a lesson can need once (the 8 map thumbnails, the kernel
    # editor's cell editors): objects made for the first time are not a drift.
    for _ in range(7):
        model.add_kernel()
    for _ in range(7):
        model.remove_kernel(len(model.layer.names) - 1)
    # The first half of the hour settles every cache and first-time object; a leak
    # shows as growth during the second half, which does the same kind of work.
    first = session(qtbot, window, rng, STEPS // 2, EDITS // 2)
    gc.collect()
    settle()
    rss_before, nones_before = rss_bytes(), sys.getrefcount(None)

    classroom = session(qtbot, window, rng, STEPS // 2 - 30, EDITS // 2)
    classroom.refusals += first.refusals
    play_at_full_speed(qtbot, window, 30)

    gc.collect()
    settle()
    rss_growth, none_drift = rss_bytes() - rss_before, sys.getrefcount(None) - nones_before
    assert classroom.refusals > 0, "the random edits never tried anything the lesson refuses"
    np.testing.assert_allclose(model.feature_maps, reference_maps(model), rtol=1e-12, atol=1e-12)
    assert_views_show_the_model(window)
    table = child(window, QTableView, "kernelEditor").model()
    rows, cols = model.kernel.shape[-2:]
    shown = [[table.index(r, c).data() for c in range(cols)] for r in range(rows)]
    assert shown == [[format_number(w) for w in row] for row in model.kernel]
    assert rss_growth < MAX_RSS_GROWTH, f"the process grew by {rss_growth / 2**20:.1f} MiB"
    assert abs(none_drift) < MAX_NONE_DRIFT, f"None's refcount drifted by {none_drift}"
    assert not {text for text in qt_warnings if not text.startswith(OFFSCREEN_ONLY)}
