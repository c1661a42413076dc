"""Where detectors come from, in the window: the Learn menu and its docks.

The Learn panel (Ctrl+Shift+L) and "Learn this detector" (Ctrl+Shift+D) are docks
tabbed with the settings column, so the three lesson panels keep their room and F2
still hides everything at the side.  Learn ▸ Open kernels… (Ctrl+Shift+K) puts a layer
trained elsewhere (``.npy``, ``.npz``, a PyTorch checkpoint) into the lesson.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Protocol, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QFrame,
    QMainWindow,
    QScrollArea,
    QWidget,
)

from convviz.core.kernel_files import NUMPY_SUFFIXES, TORCH_SUFFIXES, load_kernels
from convviz.core.model import MAX_KERNELS
from convviz.qt.model_adapter import ModelAdapter
from convviz.qt.panels.fit_panel import FitPanel
from convviz.qt.panels.learn_panel import LearnPanel
from convviz.qt.widgets import named

Panel = TypeVar("Panel", bound=QWidget)

KERNEL_FILTER = "Kernels ({})".format(" ".join(f"*{s}" for s in NUMPY_SUFFIXES + TORCH_SUFFIXES))


class LearningWindow(Protocol):
    """What the learning docks need of the main window."""

    adapter: ModelAdapter
    settings_dock: QDockWidget

    def show_message(self, text: str) -> None: ...


class Learning:
    """The docks and actions; ``window.learning`` keeps them reachable (tests, menus)."""

    def __init__(self, window: QMainWindow, host: LearningWindow) -> None:
        self._window, self._host = window, host
        self._docks: dict[str, QDockWidget] = {}  # by their panels' names
        menu = window.menuBar().addMenu("&Learn")
        menu.setObjectName("learnMenu")
        help_menu = next((a for a in window.menuBar().actions() if a.text() == "&Help"), None)
        if help_menu is not None:  # Learn sits before Help, as menus usually end with it
            window.menuBar().insertMenu(help_menu, menu)
        self.open_panel_action = self._action(
            menu, "learnPanelAction", "Learn detectors from digits", "Ctrl+Shift+L", self.show_panel
        )
        self.learn_detector_action = self._action(
            menu,
            "learnDetectorAction",
            "Learn this detector",
            "Ctrl+Shift+D",
            self.show_fit_panel,
        )
        self.open_kernels_action = self._action(
            menu, "openKernelsAction", "Open kernels…", "Ctrl+Shift+K", self._ask_kernels
        )

    # The panels are built with their docks when first used: hidden, their 150 widgets
    # were restyled with the rest of the window at every try of a text size (a third of
    # its cost).
    @cached_property
    def panel(self) -> LearnPanel:
        return self._docked(LearnPanel(self._host.adapter), "learnDock", "Learn")

    @cached_property
    def fit_panel(self) -> FitPanel:
        return self._docked(
            FitPanel(self._host.adapter), "learnDetectorDock", "Learn this detector"
        )

    @property
    def dock(self) -> QDockWidget:
        return self._docks[self.panel.objectName()]

    @property
    def fit_dock(self) -> QDockWidget:
        return self._docks[self.fit_panel.objectName()]

    def _docked(self, panel: Panel, name: str, title: str) -> Panel:
        dock = named(QDockWidget(title, self._window), name)
        scroll = QScrollArea()  # a short window scrolls the panel rather than squeezing it
        scroll.setWidget(panel)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        dock.setWidget(scroll)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self._window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self._window.tabifyDockWidget(self._host.settings_dock, dock)
        dock.hide()
        self._docks[panel.objectName()] = dock
        return panel

    def _action(
        self, menu: QWidget, name: str, text: str, keys: str, slot: Callable[[], object]
    ) -> QAction:
        action = named(QAction(text, menu), name)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        self._window.addAction(action)  # the keys work with the menu bar hidden
        return action

    def show_panel(self) -> None:
        """Open the Learn tab beside the settings and bring it to the front."""
        self._host.settings_dock.show()
        self.dock.show()
        self.dock.raise_()

    def show_fit_panel(self) -> None:
        """Open "Learn this detector" beside the settings and start the descent."""
        self._host.settings_dock.show()
        self.fit_dock.show()
        self.fit_dock.raise_()
        self.fit_panel.learn()

    def _ask_kernels(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self._window, "Open kernels", "", KERNEL_FILTER)
        if path:
            self.open_kernels(path)

    def open_kernels(self, path: str) -> bool:
        """Put the kernels in ``path`` into the layer (the first 8 of a bigger layer)."""
        try:
            kernels = load_kernels(path)
        except ValueError as error:
            self._host.show_message(str(error))
            return False
        model = self._host.adapter.model
        depth = kernels.shape[1]
        if depth not in (1, model.channels):
            wanted = "a colour photo" if depth == 3 else f"an input of {depth} channels"
            self._host.show_message(
                f"These kernels span {depth} channels but the input has "
                f"{model.channels}: open {wanted} first."
            )
            return False
        if not self._host.adapter.attempt(model.set_layer, kernels[:MAX_KERNELS]):
            return False
        model.reset()
        if len(kernels) > MAX_KERNELS:
            self._host.show_message(
                f"The file has {len(kernels)} kernels; the layer shows the first {MAX_KERNELS}."
            )
        return True
