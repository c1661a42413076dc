"""What the quiz draws on the grids: the asked window, the "?" cell, the cells to recheck.

While a question is open, the grid the walk reads shows the window where it now stands
(without its rings, which would give the answer away) and the grid it fills shows "?"
on the asked cell: the input and the feature map for a map cell, the feature map and
the pooled map for a pooled cell.  After a wrong answer, the cells the answer is made
of are highlighted on the grid read: the input cells whose products count, or the map
cells a pooled cell keeps (max pooling's winner, or an average's whole window).  The
panels' own window marks are only hidden, never changed, so turning the quiz off
leaves them exactly as the walk has them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QGraphicsItem

from convviz.core.pool_walk import PoolStep
from convviz.core.quiz import Question
from convviz.core.walk import Step
from convviz.qt.controls.quiz_bar import QuizBar
from convviz.qt.grids.cell_marks import CellMarks
from convviz.qt.grids.grid_view import GridView
from convviz.qt.grids.question_mark import QuestionMark
from convviz.qt.grids.window_overlay import WindowOverlay
from convviz.qt.panels.feature_map_panel import FeatureMapPanel
from convviz.qt.panels.input_panel import InputPanel
from convviz.qt.panels.pooling_panel import PoolingPanel


class StageMarks:
    """One stage's quiz marks: its window on the grid it reads, "?" on the grid it fills."""

    def __init__(self, read: GridView, filled: GridView, hidden: Sequence[QGraphicsItem]):
        """``hidden``: the panels' own marks of the walk, hidden while a question is open."""
        self.asked_window = WindowOverlay()
        self.asked_window.clear()
        self.question_mark = QuestionMark()
        self.recheck = CellMarks("hover", z=9)
        read.view.addItem(self.asked_window)
        read.view.addItem(self.recheck)
        filled.view.addItem(self.question_mark)
        self._hidden = tuple(hidden)

    def ask(self, window: Step | PoolStep | None, weights: np.ndarray | None = None) -> None:
        """Show the asked ``window`` (``None``: no question of this stage is open)."""
        if window is None:
            self.asked_window.clear()
            self.question_mark.clear()
        else:
            self.asked_window.show_cells(window.rows, window.cols, None, weights)
            self.question_mark.show_at(window.out_row, window.out_col)
        # Opacity, not visibility: the panels show their marks again at every redraw.
        for walk_mark in self._hidden:
            walk_mark.setOpacity(1.0 if window is None else 0.0)

    def highlight(self, window: Step | PoolStep | None, cells: np.ndarray | None = None) -> None:
        """Highlight ``window``'s ``cells`` (a ``(kh, kw)`` mask), or nothing."""
        if window is not None and cells is not None:
            self.recheck.show_cells(window.rows[cells], window.cols[cells])
        elif self.recheck.count:
            self.recheck.clear()


class QuizMarks(QObject):
    """Follows ``quiz_bar``'s quiz and marks the grids of the map and of pooling."""

    def __init__(
        self,
        quiz_bar: QuizBar,
        input_panel: InputPanel,
        map_panel: FeatureMapPanel,
        pooling_panel: PoolingPanel,
    ) -> None:
        super().__init__(quiz_bar)
        self._quiz = quiz_bar.quiz
        source, target = input_panel.grid, map_panel.grid
        self.cell = StageMarks(source, target, (source.overlay, target.overlay))
        pooled = pooling_panel.grid
        self.pool = StageMarks(
            target,
            pooled,
            (pooling_panel.pool_window, pooled.overlay, pooling_panel.flat.overlay),
        )
        quiz_bar.changed.connect(self.refresh)

    def refresh(self) -> None:
        question, verdict = self._quiz.question, self._quiz.verdict
        wrong = verdict if verdict is not None and verdict.highlight is not None else None
        for kind, marks in (("cell", self.cell), ("pool", self.pool)):
            asked = question if question is not None and question.kind == kind else None
            window = None if asked is None else self._window(asked)
            marks.ask(window, window.weights[0] if isinstance(window, Step) else None)
            if wrong is not None and wrong.question.kind == kind:
                marks.highlight(self._window(wrong.question), wrong.highlight)
            else:
                marks.highlight(None)

    def _window(self, question: Question) -> Step | PoolStep | None:
        """The window of the step ``question`` asks about (``None`` if its walk is gone)."""
        model = self._quiz.model
        if question.kind == "cell":
            return model.walk.step(question.step)
        walk = model.pooling.walk
        return None if walk is None else walk.step(question.step)
