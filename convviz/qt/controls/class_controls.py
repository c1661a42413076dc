"""The settings column's "Class" group: the quiz switch, class pace and the caption editor.

Class pace makes Play stop at every captioned step, so the instructor can say the
caption's words before the walk goes on (Play again continues).  The caption editor
writes the caption of the step on screen as it is typed: nothing to confirm, nothing
lost when a clicker moves on in the middle of a word.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from convviz.qt.controls.quiz_bar import QuizBar
from convviz.qt.controls.transport import TransportBar
from convviz.qt.model_adapter import ModelAdapter
from convviz.qt.steady_label import SteadyBox
from convviz.qt.widgets import button, named


class ClassControls(QWidget):
    """``quizToggle``, ``classPaceCheck`` and ``captionEdit`` (the step on screen)."""

    def __init__(
        self,
        adapter: ModelAdapter,
        transport: TransportBar,
        quiz_bar: QuizBar,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._adapter, self._transport = adapter, transport
        self.quiz = button("quizToggle", "Quiz", "Quiz: learners predict each cell before it shows")
        self.quiz.setCheckable(True)
        self.pace = named(QCheckBox("Class pace"), "classPaceCheck")
        self.pace.setToolTip("Class pace: Play pauses at every step that has a caption")
        self.caption_title = named(QLabel(), "captionEditTitle")
        self.caption = named(QLineEdit(), "captionEdit")
        self.caption.setPlaceholderText("words shown large at this step")
        self.caption.setAccessibleName("Caption for the step on screen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.quiz, self.pace, SteadyBox(self.caption_title), self.caption):
            layout.addWidget(widget)

        self.quiz.toggled.connect(quiz_bar.set_on)
        self.caption.textEdited.connect(self._caption_edited)
        adapter.cursorMoved.connect(self._cursor_moved)
        adapter.walkChanged.connect(self._show_caption)
        adapter.model.captions.subscribe(self._show_caption)
        self._show_caption()

    def _caption_edited(self, text: str) -> None:
        model = self._adapter.model
        self._adapter.attempt(model.captions.set, model.cursor, text)

    def _cursor_moved(self) -> None:
        self._show_caption()
        model = self._adapter.model
        if self.pace.isChecked() and self._transport.playing and model.captions.at(model.cursor):
            self._transport.play.setChecked(False)

    def _show_caption(self) -> None:
        """The editor shows the caption of the step on screen (unless it is being typed)."""
        model = self._adapter.model
        self.caption_title.setText(f"Caption, step {model.cursor}")
        text = model.captions.at(model.cursor)
        if text != self.caption.text().strip():
            self.caption.setText(text)

    def detach(self) -> None:
        captions = self._adapter.model.captions
        if self._show_caption in captions.observers:
            captions.unsubscribe(self._show_caption)
