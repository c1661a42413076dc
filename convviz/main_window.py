"""The window: input ∗ feature detector = feature map, the arithmetic, the transport.

Keys are window-wide shortcuts so a presentation clicker (Page Down / Page Up) and the
keyboard drive the lesson whatever has the focus.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QVBoxLayout, QWidget

from .arithmetic_panel import ArithmeticPanel
from .feature_map_panel import FeatureMapPanel
from .input_panel import InputPanel
from .kernel_editor import KernelPanel
from .model import ConvModel
from .model_adapter import ModelAdapter
from .theme import style_sheet
from .transport import TransportBar

_DESIGN_HEIGHT = 720  # the style sheet's sizes are for a window this tall


class MainWindow(QMainWindow):
    """``window.model`` is the shared :class:`ConvModel`; drive it from code or tests."""

    def __init__(self, lesson: ConvModel | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("convviz — the convolution operation, step by step")
        self.model = ConvModel() if lesson is None else lesson
        self.adapter = ModelAdapter(self.model, self)
        self.input_panel = InputPanel(self.adapter)
        self.kernel_panel = KernelPanel(self.adapter)
        self.map_panel = FeatureMapPanel(self.adapter)
        self.arithmetic = ArithmeticPanel(self.adapter)
        self.transport = TransportBar(self.adapter)
        self.message = QLabel(objectName="messageBar")
        self.message.setWordWrap(True)
        self.message.hide()

        panels = QHBoxLayout()
        panels.addWidget(self.input_panel, 5)
        panels.addWidget(_operator("∗"))
        panels.addWidget(self.kernel_panel, 3)
        panels.addWidget(_operator("="))
        panels.addWidget(self.map_panel, 5)
        central = QWidget(objectName="centralPanels")
        layout = QVBoxLayout(central)
        layout.addLayout(panels, 1)
        layout.addWidget(self.arithmetic)
        layout.addWidget(self.transport)
        layout.addWidget(self.message)
        self.setCentralWidget(central)
        self._scale = 0.0

        self.adapter.refused.connect(self.show_message)
        self.adapter.accepted.connect(self.message.hide)
        self._add_keys()
        self.resize(1280, 720)

    def show_message(self, text: str) -> None:
        """Say why an edit was refused, in the window, without blocking the class."""
        self.message.setText(text)
        self.message.show()

    def _add_keys(self) -> None:
        keys: list[tuple[str, list[Qt.Key], Callable[[], object]]] = [
            ("Play / pause", [Qt.Key.Key_Space], self.transport.toggle_play),
            ("Step", [Qt.Key.Key_Right, Qt.Key.Key_PageDown], self.model.step),
            ("Step back", [Qt.Key.Key_Left, Qt.Key.Key_PageUp], self.model.step_back),
            ("Reset", [Qt.Key.Key_Home], self.model.reset),
            ("Jump to the end", [Qt.Key.Key_End], self.model.end),
        ]
        for text, shortcuts, slot in keys:
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(key) for key in shortcuts])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, slot=slot: slot())
            self.addAction(action)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Grow the type with the window: a full-screen projector gets bigger numbers."""
        scale = max(1.0, round(event.size().height() / _DESIGN_HEIGHT, 1))
        if scale != self._scale:
            self._scale = scale
            self.centralWidget().setStyleSheet(style_sheet(scale))
        super().resizeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.transport.play.setChecked(False)
        self.adapter.detach()
        super().closeEvent(event)


def _operator(symbol: str) -> QLabel:
    label = QLabel(symbol, objectName="operatorLabel")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
