"""The quiz: learners predict a map cell (and the map's size) before the walk shows it.

Predicting first is what turns watching into learning, so with the quiz on the walk's
Step *asks* instead of revealing: the window moves to the next cell and the cell shows
"?" until the question is answered.  Then, right or wrong, the cell and its arithmetic are
revealed, and a wrong answer names the products that make up the sum.  Pooling after
the map is quizzed the same way, one pooled cell per Step (a wrong answer names the
cells it is made of: max pooling's winner, or the averaged window); the transposed
mode's stamps are not, since a stamp changes a whole block of cells, not one to predict.

What Step does, so a keyboard and a presentation clicker keep working:

- no question open: ask about the next cell (before the first cell, first ask the map's
  size, the output-size formula);
- a question open: reveal the answer without scoring it (the class answered aloud);
- an answer typed and Enter: check it, score it, reveal.

Step back, Home, the timeline or any edit of the lesson close an open question unscored.
The score counts answered questions only: "1 / 2" is one right of two answered.

Qt-free: the window's quiz bar shows what this module decides.  The model's
:attr:`~convviz.core.model.ConvModel.step_hold` is :meth:`Quiz.hold` while the quiz is on.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

import numpy as np

from convviz.core.convolution import Geometry
from convviz.core.explain import as_factor, size_formula
from convviz.core.model import Change, ConvModel
from convviz.core.numbers import format_number, parse_number
from convviz.core.observable import Observable
from convviz.core.pool_walk import PoolStep, arithmetic_line

#: A typed answer is right within 0.01, or 0.1 % of a large value: what the map shows
#: (four significant digits) and what a learner can work out by hand (1/3 as 0.33).
ABS_TOLERANCE, REL_TOLERANCE = 0.01, 0.001


@dataclass(frozen=True)
class Question:
    """One question: the next map or pooled cell's value, or (``step`` -1) the map's size."""

    kind: Literal["cell", "pool", "size"]
    step: int  # the index in its stage's walk (the map's or pooling's) of the cell asked
    expected: tuple[float, ...]  # (value,) or (rows, columns)
    prompt: str
    position: int  # ``model.position`` while it is open (answering takes one step)


@dataclass(frozen=True)
class Verdict:
    """What an answer earned: shown to the class, then the question is closed."""

    question: Question
    right: bool | None  # None: revealed without an answer (not scored)
    message: str
    #: For a wrong cell answer, the window's cells whose products count; for a wrong
    #: pooled cell, those it is made of: ``(kh, kw)`` over its stage's window.
    highlight: np.ndarray | None = None


class Quiz(Observable[[]]):
    """Questions about ``model``'s walk and the score; turn it on with :meth:`set_on`."""

    def __init__(self, model: ConvModel) -> None:
        super().__init__()
        self._model = model
        self._on = False
        self._question: Question | None = None
        self._size_asked: Geometry | None = None  # the walk whose size was asked last
        self.right = 0
        self.answered = 0
        #: The last answer's verdict, until the next question (the quiz bar shows it).
        self.verdict: Verdict | None = None
        model.subscribe(self._model_changed)

    def _notify(self) -> None:
        """Observers hear that a question opened or closed or the score changed."""
        self._emit()

    # -- state -------------------------------------------------------------------------
    @property
    def model(self) -> ConvModel:
        return self._model

    @property
    def on(self) -> bool:
        return self._on

    @property
    def question(self) -> Question | None:
        """The open question, or ``None``."""
        return self._question

    @property
    def score(self) -> str:
        """``"1 / 2"``: right answers of those answered."""
        return f"{self.right} / {self.answered}"

    def set_on(self, on: bool) -> None:
        """Start (with a fresh score) or stop the quiz; the model's Step follows."""
        self._on = bool(on)
        self._question = self.verdict = None
        self._size_asked = None
        self.right = self.answered = 0
        self._model.step_hold = self.hold if self._on else None
        self._notify()

    def detach(self) -> None:
        """Stop listening to the model (its window is closing; the model may outlive it)."""
        self.set_on(False)
        if self._model_changed in self._model.observers:
            self._model.unsubscribe(self._model_changed)

    # -- Step ----------------------------------------------------------------------------
    def hold(self) -> bool:
        """The model's Step asks here first; ``True`` holds the walk (a question is open).

        See the module docstring for what Step does in each case.
        """
        if not self._on:
            return False
        model = self._model
        if self._question is not None:
            self.reveal()  # moves the walk on itself when the answer is a map or pooled cell
            return True
        stage = model.next_stage
        if stage == "map" and model.cursor == 0 and self._size_asked != model.geometry:
            self._size_asked = model.geometry
            self._ask(_size_question(model))
        elif stage == "map":
            self._ask(_cell_question(model, model.cursor))
        elif stage == "pooling":
            self._ask(_pool_question(model, model.pooling.cursor))
        else:
            return False  # a transposed stamp: nothing to predict (module docstring)
        return True

    def _ask(self, question: Question) -> None:
        self._question, self.verdict = question, None
        self._notify()

    def answer(self, text: str) -> Verdict:
        """Check a typed answer, score it and reveal; ``ValueError`` if it is not a number.

        Fractions and decimal commas are read as in the kernel editor (``1/3``, ``0,5``);
        a size is ``5x5``, ``5×5``, ``5 by 5`` or ``5`` for a square.
        """
        question = self._question
        if question is None:
            raise ValueError("There is no question open: press Step for the next one.")
        given: tuple[float, ...]
        if question.kind == "size":
            given = parse_size(text)
            right = given == question.expected
        else:
            given = (parse_number(text),)
            right = math.isclose(
                given[0], question.expected[0], rel_tol=REL_TOLERANCE, abs_tol=ABS_TOLERANCE
            )
        self.answered += 1
        self.right += right
        return self._close(question, right)

    def reveal(self) -> Verdict | None:
        """Show the open question's answer without scoring it (``None`` if none is open)."""
        question = self._question
        return None if question is None else self._close(question, None)

    def _close(self, question: Question, right: bool | None) -> Verdict:
        self._question = None
        if question.kind != "size":
            self._model.go_to(question.position + 1)  # past the hold: the answer is in
        self.verdict = verdict = _verdict(self._model, question, right)
        self._notify()
        return verdict

    def _model_changed(self, change: Change) -> None:
        """Any other move or edit closes the open question unscored (and clears a verdict)."""
        question = self._question
        if question is None:
            if self.verdict is not None:
                self.verdict = None
                self._notify()
            return
        if change.kind == "walk" or self._model.position != question.position:
            self._question = None
            self._notify()


def _size_question(model: ConvModel) -> Question:
    rows, cols = model.geometry.out_shape
    return Question(
        "size",
        -1,
        (float(rows), float(cols)),
        "Map size = ? (rows × columns)",
        model.position,
    )


def _cell_question(model: ConvModel, index: int) -> Question:
    step = model.walk.step(index)
    return Question(
        "cell",
        index,
        (step.output,),
        f"Map cell (row {step.out_row}, column {step.out_col}) = ?",
        model.position,
    )


def _pool_question(model: ConvModel, index: int) -> Question:
    step = _pool_step(model, index)
    return Question(
        "pool",
        index,
        (float(step.outputs[0]),),  # the selected map's, as the pooled map shows it
        f"{_POOLED[step.kind]} cell (row {step.out_row}, column {step.out_col}) = ?",
        model.position,
    )


_POOLED = {"max": "Max-pooled", "avg": "Average-pooled"}  # the kind: what to work out


def _pool_step(model: ConvModel, index: int) -> PoolStep:
    walk = model.pooling.walk
    assert walk is not None  # asked only while pooling walks; switching it off closes it
    return walk.step(index)


def _verdict(model: ConvModel, question: Question, right: bool | None) -> Verdict:
    """The words for the class, and for a wrong cell the products to look at again."""
    if question.kind == "size":
        rows, cols = (int(n) for n in question.expected)
        answer = f"{rows}×{cols}. {size_formula(model.geometry)}"
        return Verdict(question, right, _opening(right) + answer)
    value = format_number(question.expected[0])
    if right is not False:
        return Verdict(question, right, f"{_opening(right)}{value}.")
    if question.kind == "pool":
        pool_step = _pool_step(model, question.step)
        message = f"Not quite: it is {value}: {arithmetic_line(pool_step)}, highlighted."
        return Verdict(question, False, message, pool_step.kept())
    step = model.walk.step(question.step)
    counting = step.matches
    terms = [
        f"{as_factor(v)}×{as_factor(w)}"
        for v, w in zip(
            step.values[:, counting].reshape(-1), step.weights[:, counting].reshape(-1), strict=True
        )
        if v * w != 0
    ]
    which = f"{' + '.join(terms)}, highlighted" if terms else "every product is 0"
    return Verdict(question, False, f"Not quite: it is {value} ({which}).", counting)


def _opening(right: bool | None) -> str:
    return {True: "Right: ", False: "Not quite: it is ", None: "The answer: "}[right]


_SIZE_SEPARATORS = re.compile(r"\s*(?:x|×|\*|by|,|\s)\s*", re.IGNORECASE)


def parse_size(text: str) -> tuple[float, float]:
    """``"5x5"``, ``"5 × 5"``, ``"5 by 5"`` or ``"5"`` as ``(rows, columns)``."""
    parts = [p for p in _SIZE_SEPARATORS.split(text.strip()) if p]
    if len(parts) == 1:
        parts *= 2
    try:
        rows, cols = (int(p) for p in parts)
    except ValueError:
        raise ValueError(
            f"{text.strip()!r} is not a size: type rows × columns, such as 5x5 (or 5)."
        ) from None
    if rows < 1 or cols < 1:
        raise ValueError("A feature map has at least one row and one column.")
    return (float(rows), float(cols))
