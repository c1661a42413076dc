"""What the quiz draws on the grids: the asked window, the "?" cell, the products to recheck.

While a cell question is open, the input shows the window where it now stands (without
its matching-cell rings, which would give the answer away) and the map's asked cell
shows "?".  After a wrong answer, the input cells whose products count are highlighted.
The panels' own window marks are only hidden, never changed, so turning the quiz off
leaves them exactly as the walk has them.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from convviz.core.walk import Step
from convviz.qt.controls.quiz_bar import QuizBar
from convviz.qt.grids.cell_marks import CellMarks
from convviz.qt.grids.question_mark import QuestionMark
from convviz.qt.grids.window_overlay import WindowOverlay
from convviz.qt.panels.feature_map_panel import FeatureMapPanel
from convviz.qt.panels.input_panel import InputPanel


class QuizMarks(QObject):
    """Follows ``quiz_bar``'s quiz and marks ``input_panel`` and ``map_panel``."""

    def __init__(
        self, quiz_bar: QuizBar, input_panel: InputPanel, map_panel: FeatureMapPanel
    ) -> None:
        super().__init__(quiz_bar)
        self._quiz = quiz_bar.quiz
        self._input, self._map = input_panel.grid, map_panel.grid
        self.asked_window = WindowOverlay()
        self.asked_window.clear()
        self.question_mark = QuestionMark()
        self.recheck = CellMarks("hover", z=9)
        self._input.view.addItem(self.asked_window)
        self._input.view.addItem(self.recheck)
        self._map.view.addItem(self.question_mark)
        quiz_bar.changed.connect(self.refresh)

    def refresh(self) -> None:
        question, verdict = self._quiz.question, self._quiz.verdict
        asking = question is not None and question.kind == "cell"
        if asking and question is not None:
            step = self._quiz_step(question.step)
            self.asked_window.show_cells(step.rows, step.cols, None, step.weights[0])
            self.question_mark.show_at(step.out_row, step.out_col)
        else:
            self.asked_window.clear()
            self.question_mark.clear()
        # Opacity, not visibility: the panels show their marks again at every redraw.
        for walk_mark in (self._input.overlay, self._map.overlay):
            walk_mark.setOpacity(0.0 if asking else 1.0)
        if verdict is not None and verdict.highlight is not None:
            step = self._quiz_step(verdict.question.step)
            self.recheck.show_cells(step.rows[verdict.highlight], step.cols[verdict.highlight])
        elif self.recheck.count:
            self.recheck.clear()

    def _quiz_step(self, index: int) -> Step:
        return self._quiz.model.walk.step(index)
