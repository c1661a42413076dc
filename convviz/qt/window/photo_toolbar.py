"""Where photos are opened: a file dialog (Ctrl+Shift+O) and the sample photos shipped."""

from __future__ import annotations

from functools import partial

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton, QWidget

from convviz.core.assets import bundled_photos
from convviz.qt.widgets import named
from convviz.qt.window.photo_loader import PhotoLoader


class PhotoToolBar(QToolBar):
    """One button: click for a file dialog, its arrow for the samples (no files needed)."""

    def __init__(self, loader: PhotoLoader, parent: QWidget | None = None) -> None:
        super().__init__("Photo", parent)
        self.setObjectName("photoToolBar")
        self.setMovable(False)
        self.open = named(QAction("Open photo…", self), "openPhotoAction")
        self.open.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.open.setToolTip("Open a PNG or JPEG (Ctrl+Shift+O), or drop one on the window")
        self.open.triggered.connect(lambda: loader.open_dialog(self.window()))
        self.samples = named(QMenu("Sample photos", self), "samplePhotoMenu")
        for name, path in bundled_photos().items():
            self.samples.addAction(name, partial(loader.load, path))
        button = named(QToolButton(), "openPhotoButton")
        button.setDefaultAction(self.open)
        button.setMenu(self.samples)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.addWidget(button)
