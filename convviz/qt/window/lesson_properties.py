"""A small form for the lesson's title and notes (both are saved in the lesson file)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from convviz.qt.widgets import named
from convviz.qt.window.lesson_session import LessonSession


class LessonProperties(QDialog):
    """Title (the window's title bar) and notes (shown under the grids while teaching).

    Opened without blocking (``open()``), so the class's window keeps painting behind it.
    """

    def __init__(self, session: LessonSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonPropertiesDialog")
        self.setWindowTitle("Lesson title and notes")
        self._session = session
        self.title = named(QLineEdit(session.title), "lessonTitleEdit")
        self.title.setPlaceholderText("e.g. Stride 2: a smaller map")
        self.notes = named(QPlainTextEdit(session.notes), "lessonNotesEdit")
        self.notes.setPlaceholderText("What to ask the class, which step to stop at, …")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Title", self.title)
        form.addRow("Notes", self.notes)
        form.addRow(buttons)
        self.accepted.connect(self._store)

    def _store(self) -> None:
        self._session.set_properties(self.title.text(), self.notes.toPlainText())
