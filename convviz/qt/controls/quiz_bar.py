"""The quiz's row under the grids: the question, the answer box, the verdict and the score.

The questions, the checking and the score are :class:`convviz.core.quiz.Quiz`'s; this
row shows them and takes the typed answer.  Enter in the answer box answers; the
window's Step (→, Page Down, a clicker, the Step button) does what the quiz module
says, except that a typed, unsent answer is sent first: a learner who types "2" and
presses the clicker means "2".
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

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
        # One line each, never wider than the window gives them (the whole text is the
        # tooltip): wrapped, they made a 1024×768 window taller than the screen.
        self.prompt = _one_line(named(QLabel(), "quizPrompt"))
        self.answer = named(QLineEdit(), "quizAnswer")
        self.answer.setPlaceholderText("your answer, then Enter")
        self.answer.setAccessibleName("Your answer to the quiz question")
        self.answer.setMaximumWidth(260)
        self.score = named(QLabel(), "quizScore")
        self.score.setToolTip("Right answers / questions answered")
        self.feedback = _one_line(named(QLabel(), "quizFeedback"))

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.prompt, 1)
        row.addWidget(self.answer)
        row.addWidget(named(QLabel("Score"), "quizScoreTitle"))
        row.addWidget(self.score)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.feedback)

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
            _say(self.feedback, str(error))
            self.feedback.show()
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
            _say(self.prompt, question.prompt)
            self.answer.setEnabled(True)
        else:
            _say(self.prompt, "Press Step (→) for the next question.")
            self.answer.setEnabled(False)
            self.answer.clear()
        _say(self.feedback, "" if verdict is None else verdict.message)
        self.feedback.setVisible(verdict is not None)
        self.score.setText(quiz.score)
        self.changed.emit()

    def detach(self) -> None:
        self.quiz.detach()


def _one_line(label: QLabel) -> QLabel:
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


def _say(label: QLabel, text: str) -> None:
    """Show ``text``; the tooltip has all of it if the line is cut short."""
    label.setText(text)
    label.setToolTip(text)
