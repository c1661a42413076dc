"""The quiz: predict the map's size and each cell before the walk reveals it.

The model-level tests drive :class:`convviz.core.quiz.Quiz` without Qt; the window tests
type into ``quizAnswer`` and press keys as a learner (or a clicker) does.  Expected
values come from the brute-force reference, not from convviz's own maps.
"""

from __future__ import annotations

import numpy as np
import pytest
from conv_reference import SEED_INPUT, SEED_KERNEL, SEED_MAP, reference
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton
from strategies import grid, small_ints, walk_settings
from window_helpers import child, shown_map

from convviz import ConvModel
from convviz.core.quiz import Quiz, parse_size
from convviz.qt.grids.grid_view import GridView


def quiz_on(model: ConvModel) -> Quiz:
    quiz = Quiz(model)
    quiz.set_on(True)
    return quiz


# -- the quiz without a window ----------------------------------------------------------------
def test_step_asks_the_size_then_each_cell_and_reveals_only_once_answered():
    model = ConvModel()
    quiz = quiz_on(model)
    assert model.step() is False  # held: the size question
    assert quiz.question.kind == "size"
    assert model.cursor == 0
    assert quiz.answer("5x5").right
    assert model.cursor == 0  # the size reveals no cell
    model.step()
    assert quiz.question.kind == "cell"
    assert quiz.question.step == 0
    assert model.cursor == 0
    assert np.isnan(model.revealed).all()
    verdict = quiz.answer("0")
    assert verdict.right
    assert model.cursor == 1
    model.step()
    verdict = quiz.answer("3")
    assert not verdict.right
    assert model.cursor == 2
    assert "it is 1" in verdict.message
    assert quiz.score == "2 / 3"


def test_a_wrong_answer_highlights_the_products_that_make_the_sum():
    model = ConvModel()
    quiz = quiz_on(model)
    model.seek(1)  # past the size question: step 2, the worked example
    model.step()
    verdict = quiz.answer("0")
    window = SEED_INPUT[0:3, 1:4]
    np.testing.assert_array_equal(verdict.highlight, (window * SEED_KERNEL) != 0)
    assert "1×1" in verdict.message


@pytest.mark.parametrize(
    ("weights", "typed", "right"),
    [
        (np.full((3, 3), 1 / 9), "1/9", True),  # one 1 under a box blur
        (np.full((3, 3), 1 / 9), "0,11", True),  # a decimal comma, to two places
        (np.full((3, 3), 1 / 9), "0.2", False),
        (np.full((3, 3), 0.5), "1/2", True),
        (np.full((3, 3), 0.5), "−0.5", False),  # a typographic minus is read, and wrong
    ],
)
def test_fractions_decimal_commas_and_a_tolerance_of_two_places(weights, typed, right):
    model = ConvModel(SEED_INPUT, weights)
    quiz = quiz_on(model)
    model.seek(1)
    model.step()  # the second cell: (row 0, column 1)
    expected = reference(SEED_INPUT, weights)[0, 1]
    assert quiz.question.expected == pytest.approx((expected,))
    assert quiz.answer(typed).right is right


@pytest.mark.parametrize("typed", ["abc", "", "1,000", "1/0"])
def test_an_answer_that_is_not_a_number_is_refused_and_the_question_stays(typed):
    model = ConvModel()
    quiz = quiz_on(model)
    model.seek(1)
    model.step()
    with pytest.raises(ValueError, match=r"number|empty|ambiguous|divides"):
        quiz.answer(typed)
    assert quiz.question is not None
    assert quiz.score == "0 / 0"
    assert model.cursor == 1


@given(
    stride=st.integers(1, 3),
    padding=st.integers(0, 2),
    size=st.integers(4, 9),
    kernel=st.integers(1, 4),
)
@settings(max_examples=25, deadline=None)
def test_the_size_question_expects_the_output_size_formula(stride, padding, size, kernel):
    model = ConvModel(np.ones((size, size)), np.ones((kernel, kernel)), stride=stride)
    model.set_padding(padding)
    quiz = quiz_on(model)
    model.step()
    want = reference(
        np.ones((size, size)), np.ones((kernel, kernel)), stride=stride, padding=padding
    ).shape
    assert quiz.question.expected == want
    assert quiz.answer(f"{want[0]} x {want[1]}").right


@pytest.mark.parametrize(
    ("text", "size"), [("5x5", (5, 5)), ("5 × 4", (5, 4)), ("3 by 2", (3, 2)), ("7", (7, 7))]
)
def test_sizes_are_read_as_a_teacher_writes_them(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["five", "5x5x5", "0x3", "2.5x2"])
def test_a_size_that_is_not_rows_by_columns_is_refused(text):
    with pytest.raises(ValueError, match=r"size|at least one"):
        parse_size(text)


def test_step_on_an_open_question_reveals_it_unscored():
    model = ConvModel()
    quiz = quiz_on(model)
    model.step()
    model.step()  # the size, revealed (the class said it aloud)
    assert quiz.verdict.right is None
    assert "5×5" in quiz.verdict.message
    model.step()
    model.step()  # the first cell, revealed
    assert model.cursor == 1
    assert quiz.score == "0 / 0"


def test_moving_or_editing_the_lesson_closes_an_open_question():
    model = ConvModel()
    quiz = quiz_on(model)
    model.seek(3)
    model.step()
    model.step_back()
    assert quiz.question is None
    assert model.cursor == 2
    model.step()
    model.set_stride(2)
    assert quiz.question is None
    model.reset()
    model.step()
    assert quiz.question.kind == "size"  # a new walk: its size is asked again
    assert quiz.question.expected == (3, 3)


def test_quiz_off_steps_as_before_and_quiz_on_starts_a_fresh_score():
    model = ConvModel()
    quiz = quiz_on(model)
    model.step()
    quiz.answer("4")
    quiz.set_on(False)
    assert model.step()
    assert model.cursor == 1
    quiz.set_on(True)
    assert quiz.score == "0 / 0"


def test_every_answer_of_a_whole_walk_is_the_reference_map():
    model = ConvModel()
    quiz = quiz_on(model)
    model.step()
    quiz.reveal()
    for value in SEED_MAP.reshape(-1):
        model.step()
        assert quiz.answer(f"{value:g}").right
    assert model.finished
    assert quiz.score == "25 / 25"


@st.composite
def lessons(draw):
    """Any walk the window can show: channels, padding, dilation, stride, flip, bias, ReLU."""
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    settings_, (h, w) = walk_settings(draw, kh, kw, room=3)
    channels = draw(st.sampled_from([1, 3]))
    shape = (h, w) if channels == 1 else (channels, h, w)
    image = grid(draw, shape, small_ints)
    kernel = grid(draw, (kh, kw) if channels == 1 else (channels, kh, kw), small_ints)
    return image, kernel, settings_, draw(small_ints), draw(st.booleans())


@given(lessons())
@settings(max_examples=20, deadline=None)
def test_every_kind_of_walk_asks_for_the_reference_values(lesson):
    image, kernel, walk, bias, relu = lesson
    model = ConvModel(image, kernel, **walk)
    model.set_bias(bias)
    model.set_relu(relu)
    want = reference(image, kernel, **walk) + bias
    want = np.maximum(want, 0) if relu else want
    quiz = quiz_on(model)
    model.step()
    assert quiz.question.expected == want.shape
    quiz.reveal()
    for value in want.reshape(-1)[:6]:
        model.step()
        assert quiz.question.expected == pytest.approx((value,), abs=1e-9)
        assert quiz.answer(repr(float(value))).right


# -- the quiz in the window ---------------------------------------------------------------------
def answer_box(window) -> QLineEdit:
    return child(window, QLineEdit, "quizAnswer")


def score(window) -> str:
    return child(window, QLabel, "quizScore").text()


def start_quiz(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.mouseClick(child(window, QPushButton, "quizToggle"), Qt.MouseButton.LeftButton)
    assert child(window, QPushButton, "quizToggle").isChecked()


def press(qtbot, window, key):
    target = window.focusWidget() or window
    qtbot.keyClick(target, key)


def answer(qtbot, window, text):
    box = answer_box(window)
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def test_a_learner_predicts_the_size_and_cells_with_keys(qtbot, window):
    start_quiz(qtbot, window)
    press(qtbot, window, Qt.Key.Key_Right)
    assert "Map size = ?" in child(window, QLabel, "quizPrompt").text()
    answer(qtbot, window, "5x5")
    assert score(window) == "1 / 1"
    press(qtbot, window, Qt.Key.Key_Right)
    marks = window.classroom.marks
    assert marks.cell.question_mark.cell == (0, 0)  # the asked cell shows "?"
    assert window.model.cursor == 0
    assert np.isnan(shown_map(window)).all()
    answer(qtbot, window, "0")
    assert window.model.cursor == 1
    assert shown_map(window)[0, 0] == 0
    assert marks.cell.question_mark.cell is None
    press(qtbot, window, Qt.Key.Key_Right)
    answer(qtbot, window, "3")  # wrong: the worked example is 1
    assert window.model.cursor == 2
    assert score(window) == "2 / 3"
    assert "it is 1" in child(window, QLabel, "quizPrompt").text()
    assert marks.cell.recheck.count == 1  # the middle-left 1 × 1, on the input
    assert "0×0 + 0×0 + 0×1 + 1×1" in child(window, QLabel, "arithmeticPanel").text()


def test_the_asked_window_moves_before_the_answer(qtbot, window):
    start_quiz(qtbot, window)
    window.model.seek(6)
    press(qtbot, window, Qt.Key.Key_Right)
    asked = window.classroom.marks.cell.asked_window.bounds
    assert (asked.top(), asked.left()) == (1, 1)  # step 7: row 1, column 1
    assert child(window, GridView, "inputGrid").overlay.opacity() == 0  # the old one hides


def test_a_clicker_reveals_an_open_question_and_sends_a_typed_answer(qtbot, window):
    start_quiz(qtbot, window)
    window.model.seek(1)
    press(qtbot, window, Qt.Key.Key_PageDown)  # asks
    press(qtbot, window, Qt.Key.Key_PageDown)  # the class answered aloud: reveal
    assert window.model.cursor == 2
    assert score(window) == "0 / 0"
    press(qtbot, window, Qt.Key.Key_PageDown)
    box = answer_box(window)
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClicks(box, "0")  # the map's third cell, (row 0, column 2), is 0
    qtbot.keyClick(box, Qt.Key.Key_PageDown)  # typed, then the clicker: that is the answer
    assert window.model.cursor == 3
    assert score(window) == "1 / 1"


def test_a_typed_fraction_answers_and_nonsense_says_why(qtbot, window):
    window.model.set_kernel(np.full((3, 3), 1 / 9))
    start_quiz(qtbot, window)
    window.model.seek(1)
    press(qtbot, window, Qt.Key.Key_Right)
    answer(qtbot, window, "abc")
    assert "not a number" in child(window, QLabel, "quizPrompt").text()
    assert window.model.cursor == 1
    answer_box(window).clear()
    answer(qtbot, window, "1/9")
    assert score(window) == "1 / 1"
    assert window.model.cursor == 2


def test_play_stops_at_each_question(qtbot, window):
    start_quiz(qtbot, window)
    window.model.seek(1)
    play = child(window, QPushButton, "playButton")
    qtbot.mouseClick(play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.classroom.quiz_bar.quiz.question is not None)
    assert not play.isChecked()
    assert window.model.cursor == 1


def test_turning_the_quiz_off_closes_the_question_and_steps_again(qtbot, window):
    start_quiz(qtbot, window)
    window.model.seek(4)
    press(qtbot, window, Qt.Key.Key_PageDown)
    qtbot.mouseClick(child(window, QPushButton, "quizToggle"), Qt.MouseButton.LeftButton)
    assert not child(window, QLabel, "quizPrompt").isVisible()
    assert window.classroom.marks.cell.question_mark.cell is None
    assert child(window, GridView, "inputGrid").overlay.opacity() == 1
    press(qtbot, window, Qt.Key.Key_PageDown)
    assert window.model.cursor == 5


def test_space_is_typed_in_the_answer_box_not_played(qtbot, window):
    start_quiz(qtbot, window)
    press(qtbot, window, Qt.Key.Key_PageDown)
    answer(qtbot, window, "5 by 5")
    assert score(window) == "1 / 1"
    assert not window.transport.playing


def test_the_quiz_and_a_caption_fit_a_1024_by_768_projector(qtbot, window):
    window.model.captions.set(2, "Only the middle-left 1 matches: this cell is 1.")
    window.fit_screen(QSize(1024, 768))
    window.resize(1024, 768)
    start_quiz(qtbot, window)
    window.model.seek(2)
    press(qtbot, window, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: window.width() == 1024)
    assert window.minimumSizeHint().height() <= 768
    assert window.height() == 768
