"""The quiz's row under the grids: the question, the answer box, the verdict and the score.

The questions, the checking and the score are :class:`convviz.core.quiz.Quiz`'s; this
row shows them and takes the typed answer.  Enter in the answer box answers; the
window's Step (→, Page Down, a clicker, the Step button) does what the quiz module
says, except that a typed, unsent answer is sent first: a learner who types "2" and
presses the clicker means "2".
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from convviz.core.quiz import Quiz
from convviz.qt.model_adapter import ModelAdapter
from convviz.qt.widgets import named


class QuizBar(QWidget):
    """Shown while the quiz is on (:meth:`set_on`)."""

    changed = Signal()  # a question opened or closed, or the score changed

    def __init__(self, adapter: ModelAdapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quizBar")
        self._adapter = adapter
        self.quiz = Quiz(adapter.model)
        # One line, never wider than the window gives it (the whole text is the tooltip):
        # two wrapped lines made a 1024×768 window taller than the screen.  It asks the
        # open question, else says the last answer's verdict.
        self.prompt = named(QLabel(), "quizPrompt")
        self.prompt.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.answer = named(QLineEdit(), "quizAnswer")
        self.answer.setPlaceholderText("answer, Enter")
        self.answer.setAccessibleName("Your answer to the quiz question")
        self.answer.setMaximumWidth(180)
        self.score = named(QLabel(), "quizScore")
        self.score.setToolTip("Right answers / questions answered")

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.prompt, 1)
        row.addWidget(self.answer)
        row.addWidget(named(QLabel("Score"), "quizScoreTitle"))
        row.addWidget(self.score)

        self.answer.returnPressed.connect(self.send)
        self.quiz.subscribe(self._quiz_changed)
        self._quiz_changed()
        self.hide()

    def set_on(self, on: bool) -> None:
        """Quiz on: Step asks first.  Off: Step reveals, as without the quiz."""
        self.quiz.set_on(on)
        if on:
            self._adapter.model.step_hold = self._hold
        self.setVisible(on)

    def send(self) -> None:
        """Answer the open question with the typed text (Enter)."""
        text = self.answer.text()
        if self.quiz.question is None or not text.strip():
            return
        try:
            self.quiz.answer(text)
        except ValueError as error:
            self._say(str(error))
            return
        self.answer.clear()

    def _hold(self) -> bool:
        """The model's Step: a typed answer is sent first (see the module docstring)."""
        if self.quiz.question is not None and self.answer.text().strip():
            self.send()
            return True
        return self.quiz.hold()

    def _quiz_changed(self) -> None:
        quiz = self.quiz
        question, verdict = quiz.question, quiz.verdict
        if question is not None:
            self._say(question.prompt)
            self.answer.setEnabled(True)
        else:
            next_one = "Step (→) for the next question."
            self._say(next_one if verdict is None else f"{verdict.message}  {next_one}")
            self.answer.setEnabled(False)
            self.answer.clear()
        self.score.setText(quiz.score)
        self.changed.emit()

    def _say(self, text: str) -> None:
        """One line of words; the tooltip has all of them if the line is cut short."""
        self.prompt.setText(text)
        self.prompt.setToolTip(text)

    def detach(self) -> None:
        self.quiz.detach()
