"""The key list over the whole window (F1 or ?): every key a lesson needs, in big type.

An overlay rather than a dialog: it never takes the class's focus away, and any key or
click puts the lesson back (a key also does what it does without the list).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from convviz.qt.widgets import named

#: What the overlay lists: (keys, what they do).  The window's shortcuts are built to match.
KEYS: list[tuple[str, str]] = [
    ("Space", "Play / pause"),
    ("→  or  Page Down", "Next step (a clicker's forward button)"),
    ("←  or  Page Up", "Step back"),
    ("Home", "Back to the start"),
    ("End", "Jump to the end"),
    ("Ctrl + =  or  Ctrl + +  /  Ctrl + −", "Bigger / smaller text"),
    ("Ctrl + 0", "Text size for this window"),
    ("F11", "Full screen"),
    ("F5  /  Esc", "Presentation (settings hidden) / leave it"),
    ("F6", "Presenter view (a second screen)"),
    ("F2", "Show / hide the settings"),
    ("F3", "Next theme: light, dark, high contrast"),
    ("Ctrl + O  /  Ctrl + S", "Open / save a lesson"),
    ("Ctrl + E", "Export a GIF, a picture or the numbers"),
    ("Ctrl + Shift + L", "Learn detectors from handwritten digits"),
    ("Ctrl + Shift + D", "Learn this detector back from its map"),
    ("Ctrl + Shift + K", "Open kernels (.npy, .npz, PyTorch)"),
    ("F1  or  ?", "This list (any key closes it)"),
]


class HelpOverlay(QWidget):
    """A dimmed sheet over its parent listing :data:`KEYS`."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("helpOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        parent.installEventFilter(self)
        self.hide()

    def _build(self) -> None:
        """The list's labels, made when first shown.

        Hidden, its 38 labels were restyled with the rest of the window at every try of
        a text size.
        """
        grid = QGridLayout()
        grid.setHorizontalSpacing(40)
        title = named(QLabel("Keys"), "helpTitle")
        for row, (keys, meaning) in enumerate(KEYS):
            grid.addWidget(named(QLabel(keys), "helpKey"), row, 0, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(named(QLabel(meaning), "helpText"), row, 1)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addLayout(grid)
        centred.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(centred)
        layout.addStretch(1)

    def toggle(self) -> None:
        """Show the list over the whole parent, or hide it."""
        if self.isVisible():
            self.hide()
            return
        if self.layout() is None:
            self._build()
        self._cover_parent()
        self.raise_()
        self.show()
        self.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._cover_parent()  # follow full screen and resizes
        return super().eventFilter(watched, event)

    def _cover_parent(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())

    def event(self, event: QEvent) -> bool:
        """Any key closes the list and still does its job: F3 changes the theme.

        The class should not need a second press.  Only the list's own keys (F1, ?) and
        Esc just close it: they would open it again, or leave full screen as well.
        """
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            self.hide()
            if event.key() in (Qt.Key.Key_F1, Qt.Key.Key_Question, Qt.Key.Key_Escape):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.hide()
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.hide()
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(10, 20, 30, 225))
        painter.end()
