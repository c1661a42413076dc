"""The quiz goes on into pooling: each pooled cell is asked before Step reveals it.

The model-level tests drive :class:`convviz.core.quiz.Quiz` without Qt over any pooling
the window can set; the window tests walk the shipped ``max-pooling`` lesson as a class
does.  Expected values come from brute-force references (the convolution's and
PyTorch's pooling rules), never from convviz's own maps.
"""

from __future__ import annotations

import numpy as np
import pytest
from conv_reference import reference
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton
from strategies import grid, small_ints
from test_pooling import pool_reference
from window_helpers import child

import convviz
from convviz import ConvModel
from convviz.core.quiz import Quiz
from convviz.lesson.files import find_lesson
from convviz.qt.grids.grid_view import GridView

# -- the quiz without a window -----------------------------------------------------------------


def lesson_model() -> ConvModel:
    """The shipped lesson, its map complete: the next Step is pooling's first."""
    model = find_lesson("max-pooling").model
    model.seek(model.total_steps)
    return model


def lesson_pooled(kind: str = "max") -> np.ndarray:
    """The lesson's pooled map from the references: convolution, ReLU, then pooling."""
    model = find_lesson("max-pooling").model
    feature_map = np.maximum(reference(model.input, model.kernel), 0)
    return pool_reference(feature_map, (2, 2), (2, 2), kind, (0, 0))


def quiz_on(model: ConvModel) -> Quiz:
    quiz = Quiz(model)
    quiz.set_on(True)
    return quiz


@st.composite
def pooled_lessons(draw):
    """A one-channel lesson with bias, ReLU and any pooling that fits its map."""
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    size = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    padding = tuple(draw(st.integers(0, k // 2)) for k in size)
    mh, mw = (
        draw(st.integers(max(1, k - 2 * p), k - 2 * p + 3))
        for k, p in zip(size, padding, strict=True)
    )
    image = grid(draw, (mh + kh - 1, mw + kw - 1), small_ints)
    kernel = grid(draw, (kh, kw), small_ints)
    pooling = {
        "size": size,
        "stride": stride,
        "padding": padding,
        "kind": draw(st.sampled_from(["max", "avg"])),
    }
    return image, kernel, draw(small_ints), draw(st.booleans()), pooling


@given(pooled_lessons())
@settings(max_examples=25, deadline=None)
def test_every_pooling_step_asks_for_the_reference_pooled_value(lesson):
    image, kernel, bias, relu, pooling = lesson
    model = ConvModel(image, kernel)
    model.set_bias(bias)
    model.set_relu(relu)
    model.pooling.configure(**pooling)
    model.pooling.set_enabled(True)
    feature_map = reference(image, kernel) + bias
    want = pool_reference(
        np.maximum(feature_map, 0) if relu else feature_map,
        pooling["size"],
        pooling["stride"],
        pooling["kind"],
        pooling["padding"],
    )
    model.seek(model.total_steps)
    quiz = quiz_on(model)
    for index, value in enumerate(want.reshape(-1)):
        assert model.step() is False  # held: the pooled cell is asked first
        assert quiz.question.kind == "pool"
        assert model.pooling.cursor == index
        assert quiz.question.expected == pytest.approx((value,), abs=1e-9)
        assert quiz.answer(repr(float(value))).right
        assert model.pooling.cursor == index + 1
    assert model.finished
    assert model.step() is False
    assert quiz.question is None  # nothing left to ask
    assert quiz.score == f"{want.size} / {want.size}"


def test_the_score_counts_map_and_pooling_answers_alike():
    model = lesson_model()
    model.reset()
    quiz = quiz_on(model)
    model.step()
    quiz.answer("5x5")
    for value in np.maximum(reference(model.input, model.kernel), 0).reshape(-1):
        model.step()
        quiz.answer(f"{value:g}")
    assert quiz.score == "26 / 26"
    model.step()
    assert quiz.question.kind == "pool"
    assert quiz.answer("0").right is False  # the first window keeps a 1
    assert quiz.score == "26 / 27"
    assert model.pooling.cursor == 1


@pytest.mark.parametrize(
    ("kind", "index", "typed", "right"),
    [
        ("max", 2, "8/2", True),  # the third window keeps the 4
        ("max", 2, "4,0", True),
        ("max", 2, "4,5", False),
        ("avg", 0, "1/2", True),  # (0 + 1 + 0 + 1) / 4
        ("avg", 0, "0,5", True),
        ("avg", 2, "3/2", True),  # (1 + 0 + 1 + 4) / 4
        ("avg", 2, "1,4", False),
    ],
)
def test_pooled_answers_read_fractions_and_decimal_commas(kind, index, typed, right):
    model = lesson_model()
    model.pooling.configure(kind=kind)
    model.pooling.seek(index)
    quiz = quiz_on(model)
    model.step()
    assert quiz.question.expected == pytest.approx((lesson_pooled(kind).reshape(-1)[index],))
    assert quiz.answer(typed).right is right


def test_a_wrong_max_answer_highlights_the_winning_cell():
    model = lesson_model()
    model.pooling.seek(2)  # the window over map rows 2–3, columns 0–1: 1 0 / 1 4
    quiz = quiz_on(model)
    model.step()
    verdict = quiz.answer("1")
    np.testing.assert_array_equal(verdict.highlight, [[False, False], [False, True]])
    assert "it is 4: max(1, 0, 1, 4) = 4" in verdict.message


def test_a_wrong_average_answer_highlights_the_window_but_not_its_border():
    model = lesson_model()
    model.pooling.configure(kind="avg", padding=(1, 1))
    quiz = quiz_on(model)
    model.step()  # the first window hangs over the top-left border: one map cell
    verdict = quiz.answer("7")
    np.testing.assert_array_equal(verdict.highlight, [[False, False], [False, True]])
    assert "(0 + 0 + 0 + 0) / 4 = 0" in verdict.message


def test_step_back_or_the_timeline_close_a_pooled_question_unscored():
    model = lesson_model()
    model.pooling.seek(2)
    quiz = quiz_on(model)
    model.step()
    model.step_back()
    assert quiz.question is None
    assert model.pooling.cursor == 1
    model.step()
    model.go_to(model.total_steps - 3)  # the timeline, back into the map
    assert quiz.question is None
    model.step()
    assert quiz.question.kind == "cell"
    model.end()
    model.step()
    assert quiz.question is None  # nothing left to ask
    assert quiz.score == "0 / 0"


def test_step_on_an_open_pooled_question_reveals_it_unscored():
    model = lesson_model()
    quiz = quiz_on(model)
    model.step()
    model.step()  # the class answered aloud
    assert model.pooling.cursor == 1
    assert quiz.verdict.right is None
    assert quiz.verdict.message == "The answer: 1."
    assert quiz.score == "0 / 0"


def test_the_transposed_stamps_step_on_unasked():
    model = ConvModel()
    model.transposed.set_enabled(True)
    quiz = quiz_on(model)
    assert model.step()
    assert model.transposed.cursor == 1
    assert quiz.question is None


def test_next_stage_names_what_step_walks_next():
    model = lesson_model()
    assert model.next_stage == "pooling"
    model.end()
    assert model.next_stage is None
    model.reset()
    assert model.next_stage == "map"
    model.transposed.set_enabled(True)
    assert model.next_stage == "transposed"


# -- the quiz in the window ---------------------------------------------------------------------
@pytest.fixture
def pool_window(qtbot):
    """The real window on the shipped max-pooling lesson, at projector size."""
    window = convviz.MainWindow(find_lesson("max-pooling").model)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.mouseClick(child(window, QPushButton, "quizToggle"), Qt.MouseButton.LeftButton)
    return window


def prompt(window) -> str:
    return child(window, QLabel, "quizPrompt").text()


def score(window) -> str:
    return child(window, QLabel, "quizScore").text()


def press(qtbot, window, key):
    qtbot.keyClick(window.focusWidget() or window, key)


def answer(qtbot, window, text):
    box = child(window, QLineEdit, "quizAnswer")
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def pooled_shown(window) -> np.ndarray:
    return child(window, GridView, "pooledMap").cells.values


def test_after_the_map_each_pooled_cell_is_asked_and_marked(qtbot, pool_window):
    window = pool_window
    press(qtbot, window, Qt.Key.Key_Home)
    press(qtbot, window, Qt.Key.Key_PageDown)
    answer(qtbot, window, "5x5")
    for value in np.maximum(reference(window.model.input, window.model.kernel), 0).reshape(-1):
        press(qtbot, window, Qt.Key.Key_PageDown)
        answer(qtbot, window, f"{value:g}")
    assert score(window) == "26 / 26"
    marks = window.classroom.marks

    press(qtbot, window, Qt.Key.Key_Right)
    assert prompt(window) == "Max-pooled cell (row 0, column 0) = ?"
    assert marks.pool.question_mark.cell == (0, 0)  # the pooled cell shows "?"
    assert np.isnan(pooled_shown(window)).all()
    asked = marks.pool.asked_window.bounds  # the window stands on the map, unringed
    assert (asked.top(), asked.left(), asked.height(), asked.width()) == (0, 0, 2, 2)
    assert window.pooling_panel.pool_window.opacity() == 0
    answer(qtbot, window, "1")
    assert score(window) == "27 / 27"
    assert pooled_shown(window)[0, 0] == lesson_pooled()[0, 0]
    assert marks.pool.question_mark.cell is None
    assert window.pooling_panel.pool_window.opacity() == 1
    assert child(window, QLabel, "stepLabel").text() == "Pooling 1 / 4"

    press(qtbot, window, Qt.Key.Key_Right)
    answer(qtbot, window, "3")  # wrong: the window over columns 2–3 keeps a 1
    assert score(window) == "27 / 28"
    assert "Not quite: it is 1: max(0, 0, 1, 1) = 1" in prompt(window)
    assert marks.pool.recheck.boundingRect() == QRectF(2, 1, 1, 1)  # the winner, on the map
    assert marks.cell.recheck.count == 0

    press(qtbot, window, Qt.Key.Key_Right)
    answer(qtbot, window, "8/2")
    press(qtbot, window, Qt.Key.Key_Right)
    answer(qtbot, window, "2,0")
    assert score(window) == "29 / 30"
    np.testing.assert_array_equal(pooled_shown(window), lesson_pooled())
    assert window.model.finished
    assert not child(window, QPushButton, "stepButton").isEnabled()


@pytest.mark.parametrize("how", ["PageDown", "Right", "stepButton"])
def test_keys_a_clicker_and_the_step_button_ask_during_pooling(qtbot, pool_window, how):
    window = pool_window
    if how == "stepButton":
        qtbot.mouseClick(child(window, QPushButton, how), Qt.MouseButton.LeftButton)
    else:
        press(qtbot, window, getattr(Qt.Key, f"Key_{how}"))
    assert window.classroom.quiz_bar.quiz.question.kind == "pool"
    assert window.model.pooling.cursor == 0
    assert window.classroom.marks.pool.question_mark.cell == (0, 0)


def test_a_clicker_sends_a_typed_pooled_answer(qtbot, pool_window):
    window = pool_window
    window.model.pooling.configure(kind="avg")
    press(qtbot, window, Qt.Key.Key_PageDown)
    box = child(window, QLineEdit, "quizAnswer")
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClicks(box, "0,5")
    qtbot.keyClick(box, Qt.Key.Key_PageDown)  # typed, then the clicker: that is the answer
    assert score(window) == "1 / 1"
    assert window.model.pooling.cursor == 1


def test_a_wrong_average_highlights_the_whole_window_on_the_map(qtbot, pool_window):
    window = pool_window
    window.model.pooling.configure(kind="avg")
    window.model.pooling.seek(2)
    press(qtbot, window, Qt.Key.Key_PageDown)
    answer(qtbot, window, "4")  # the largest, not the average 1.5
    assert "(1 + 0 + 1 + 4) / 4 = 1.5" in prompt(window)
    recheck = window.classroom.marks.pool.recheck
    assert recheck.count == 4
    assert recheck.boundingRect() == QRectF(0, 2, 2, 2)


def test_play_stops_at_each_pooled_question(qtbot, pool_window):
    window = pool_window
    quiz = window.classroom.quiz_bar.quiz
    play = child(window, QPushButton, "playButton")
    qtbot.mouseClick(play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: quiz.question is not None)
    assert not play.isChecked()
    assert (quiz.question.kind, window.model.pooling.cursor) == ("pool", 0)
    answer(qtbot, window, "1")
    qtbot.mouseClick(play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: quiz.question is not None)
    assert not play.isChecked()
    assert window.model.pooling.cursor == 1
    assert score(window) == "1 / 1"


def test_step_back_closes_a_pooled_question_and_clears_its_marks(qtbot, pool_window):
    window = pool_window
    window.model.pooling.seek(1)
    press(qtbot, window, Qt.Key.Key_PageDown)
    press(qtbot, window, Qt.Key.Key_PageUp)
    assert window.classroom.quiz_bar.quiz.question is None
    assert window.model.pooling.cursor == 0
    assert window.classroom.marks.pool.question_mark.cell is None
    assert window.pooling_panel.grid.overlay.opacity() == 1
    assert score(window) == "0 / 0"
    press(qtbot, window, Qt.Key.Key_PageDown)
    assert window.classroom.marks.pool.question_mark.cell == (0, 0)  # asks again
