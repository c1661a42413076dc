"""The window: input ∗ feature detector = feature map, the arithmetic, the transport.

Keys are window-wide shortcuts so a presentation clicker (Page Down / Page Up) and the
keyboard drive the lesson whatever has the focus.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QScrollArea,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from .explain import arithmetic_text, formula_text
from .explanation_label import ExplanationLabel
from .feature_map_panel import FeatureMapPanel
from .grid_controls import GridControls
from .input_panel import InputPanel
from .kernel_editor import KernelPanel
from .layer_controls import LayerControls
from .model import ConvModel
from .model_adapter import ModelAdapter
from .theme import style_sheet
from .timeline import Timeline
from .transport import TransportBar
from .walk_settings import WalkSettings

_DESIGN_HEIGHT = 720  # the style sheet's sizes are for a window this tall
MIN_ZOOM, MAX_ZOOM = 0.5, 3.0


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
        self.arithmetic = ExplanationLabel(self.adapter, "arithmeticPanel", arithmetic_text)
        self.timeline = Timeline(self.adapter)
        self.transport = TransportBar(self.adapter)
        self.grid_controls = GridControls(self.adapter, self.input_panel.channel)
        self.layer_controls = LayerControls(self.adapter, self.map_panel.display)
        self.settings = WalkSettings(self.adapter)
        self.formulas = ExplanationLabel(self.adapter, "formulaPanel", formula_text)
        self.message = QLabel(objectName="messageBar")
        self.message.setWordWrap(True)
        self.message.hide()

        panels = QHBoxLayout()
        panels.addWidget(self.input_panel, 4)
        panels.addWidget(_operator("∗"))
        panels.addWidget(self.kernel_panel, 2)
        panels.addWidget(_operator("="))
        panels.addWidget(self.map_panel, 4)
        central = QWidget(objectName="centralPanels")
        layout = QVBoxLayout(central)
        layout.addLayout(panels, 1)
        layout.addWidget(self.arithmetic)
        layout.addWidget(self.timeline)
        layout.addWidget(self.message)
        self.setCentralWidget(central)
        bar = QToolBar("Transport", self, objectName="transportToolBar")
        bar.setMovable(False)
        bar.addWidget(self.transport)
        self.addToolBar(Qt.ToolBarArea.BottomToolBarArea, bar)
        self._add_settings_dock()
        self._scale = 0.0
        self._zoom = 1.0

        self.adapter.refused.connect(self.show_message)
        self.adapter.accepted.connect(self.message.hide)
        self._add_keys()
        self.resize(1280, 720)

    def show_message(self, text: str) -> None:
        """Say why an edit was refused, in the window, without blocking the class."""
        self.message.setText(text)
        self.message.show()

    def _add_settings_dock(self) -> None:
        """Sizes, patterns, padding, dilation, stride, flip at the side; F2 hides them."""
        column = QWidget(objectName="settingsColumn")
        layout = QVBoxLayout(column)
        for title, widget in (
            ("Input and kernel", self.grid_controls),
            ("Layer", self.layer_controls),
            ("Walk", self.settings),
            ("The sum", self.formulas),
        ):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(widget)
            layout.addWidget(box)
        layout.addStretch(1)
        scroll = QScrollArea()  # never let the column force the window taller
        scroll.setWidget(column)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        dock = QDockWidget("Settings", self, objectName="settingsDock")
        dock.setWidget(scroll)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        toggle = dock.toggleViewAction()
        toggle.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.addAction(toggle)
        self.settings_dock, self._settings_scroll = dock, scroll

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

    @property
    def zoom(self) -> float:
        """Text size relative to the automatic size for this window height (1 = 100 %)."""
        return self._zoom

    def set_zoom(self, zoom: float) -> None:
        """Scale every label, control and panel text (50 % to 300 %)."""
        self._zoom = min(MAX_ZOOM, max(MIN_ZOOM, float(zoom)))
        self._restyle(self.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Grow the type with the window: a full-screen projector gets bigger numbers."""
        self._restyle(event.size().height())
        super().resizeEvent(event)

    def _restyle(self, height: int) -> None:
        scale = round(max(1.0, height / _DESIGN_HEIGHT) * self._zoom, 2)
        if scale != self._scale:
            self._scale = scale
            self.setStyleSheet(style_sheet(scale))
            self._fit_settings_width()

    def _fit_settings_width(self) -> None:
        """Make the side column as wide as its (restyled) contents: no clipped controls."""
        scroll = self._settings_scroll
        column = scroll.widget()
        column.ensurePolished()
        for child in column.findChildren(QWidget):
            child.ensurePolished()
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setFixedWidth(column.minimumSizeHint().width() + bar)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.transport.play.setChecked(False)
        self.adapter.detach()
        super().closeEvent(event)


def _operator(symbol: str) -> QLabel:
    label = QLabel(symbol, objectName="operatorLabel")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
