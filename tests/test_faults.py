"""Faults a class produces: any text typed, any number in a spin box, any file opened.

Every refusal must say why and change nothing; every acceptance must leave a lesson whose
maps are right.  Exceptions escaping into Qt fail the test (pytest-qt).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from conv_reference import NP_MODES, assert_sums_close
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QSpinBox, QTableView
from window_helpers import SPIN_NAMES, child, message

from convviz import ConvModel
from convviz.core.assets import bundled_lessons
from convviz.core.numbers import parse_number
from convviz.core.photo import Photo, PhotoError, load_photo
from convviz.lesson.files import Lesson, LessonError, load_lesson

GUI = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
FAST = settings(max_examples=150, deadline=None)
TRICKY = st.sampled_from(
    ["nan", "1/0", "1,000", "1e999", "-1e12", "1e12", "1e13", " 2 ", "\t", "", "0,5", "−3", "inf"]
)
TYPED = st.one_of(TRICKY, st.text(), st.from_regex(r"\s*-?[0-9]{0,20}([./,][0-9]{0,5})?\s*"))


def snapshot(model: ConvModel):
    layer = model.layer
    return (
        model.input.copy(),
        layer.weights.copy(),
        layer.names,
        layer.biases,
        layer.relu,
        model.selected,
        model.settings,
        model.cursor,
    )


def assert_same(before, after):
    for old, new in zip(before, after, strict=True):
        if isinstance(old, np.ndarray):
            np.testing.assert_array_equal(new, old)
        else:
            assert new == old


def naive_maps(model: ConvModel) -> tuple[np.ndarray, np.ndarray]:
    """Every kernel's map by the textbook loop, from the model's public state only.

    Also the sum of the terms' sizes (|products| and |bias|) of every cell: the order in
    which a sum is added up is the implementation's choice, and with terms like 1e300 and
    −1e300 two correct orders differ by up to about n·ε times that size.
    """
    x = np.asarray(model.input, dtype=float)
    x = x[np.newaxis] if x.ndim == 2 else x
    geometry = model.geometry
    (top, bottom), (left, right) = geometry.pads
    padded = np.pad(
        x, ((0, 0), (top, bottom), (left, right)), mode=NP_MODES[model.settings.padding_mode]
    )
    (sy, sx), (dy, dx) = geometry.stride, geometry.dilation
    maps, sizes = [], []
    for weights, bias in zip(model.layer.weights, model.layer.biases, strict=True):
        k = weights[:, ::-1, ::-1] if model.flip else weights
        kh, kw = k.shape[-2:]
        oh = (padded.shape[1] - (dy * (kh - 1) + 1)) // sy + 1
        ow = (padded.shape[2] - (dx * (kw - 1) + 1)) // sx + 1
        out, size = np.empty((oh, ow)), np.empty((oh, ow))
        for r in range(oh):
            for c in range(ow):
                patch = padded[:, r * sy : r * sy + dy * (kh - 1) + 1 : dy]
                patch = patch[:, :, c * sx : c * sx + dx * (kw - 1) + 1 : dx]
                out[r, c] = float(np.sum(patch * k)) + bias
                size[r, c] = float(np.sum(np.abs(patch * k))) + abs(bias)
        maps.append(np.maximum(out, 0.0) if model.layer.relu else out)
        sizes.append(size)
    return np.stack(maps), np.stack(sizes)


def assert_maps_right(model: ConvModel):
    expected, sizes = naive_maps(model)
    assert_sums_close(model.feature_maps, expected, sizes)


# -- typing into the number fields ---------------------------------------------------------
@GUI
@given(text=TYPED, where=st.tuples(st.integers(0, 2), st.integers(0, 2)))
def test_any_text_typed_into_a_kernel_cell(window, text, where):
    model = window.model
    table = child(window, QTableView, "kernelEditor").model()
    before = model.kernel.copy()
    accepted = table.setData(table.index(*where), text)
    try:
        expected = parse_number(text)
    except ValueError:
        expected = None
    if accepted:
        assert model.kernel[where] == expected
    else:
        np.testing.assert_array_equal(model.kernel, before)
        assert message(window), f"{text!r} was refused without a word"
    assert_maps_right(model)


@GUI
@given(text=TYPED)
def test_any_text_typed_into_the_bias(qtbot, window, text):
    model = window.model
    bias = child(window, QLineEdit, "biasEdit")
    old = model.layer.biases[0]
    bias.setText(text)
    typed = bias.text()
    qtbot.keyClick(bias, Qt.Key.Key_Return)
    try:
        expected = parse_number(typed)
    except ValueError:
        expected = None
    if expected is None:
        assert model.layer.biases[0] == old
        assert "The bias kept its value" in message(window)
    else:
        assert model.layer.biases[0] == expected
    assert_maps_right(model)


# -- spin boxes ------------------------------------------------------------------------------


@GUI
@given(
    moves=st.lists(
        st.tuples(st.sampled_from(SPIN_NAMES), st.integers(-5, 40)), min_size=1, max_size=6
    ),
    cursor=st.integers(0, 30),
)
def test_any_numbers_in_the_spin_boxes(window, moves, cursor):
    model = window.model
    refusals: list[str] = []
    window.adapter.refused.connect(refusals.append)
    try:
        model.seek(cursor)
        for name, value in moves:
            spin = child(window, QSpinBox, name)
            before = snapshot(model)
            refusals.clear()
            spin.setValue(value)
            if refusals:
                assert_same(before, snapshot(model))
                assert message(window) == refusals[-1]
            assert_maps_right(model)
            assert [child(window, QSpinBox, n).value() for n in SPIN_NAMES[1:5]] == [
                *model.stride,
                *model.dilation,
            ]
            assert child(window, QSpinBox, "inputRowsSpin").value() == model.input.shape[0]
            assert child(window, QSpinBox, "kernelColsSpin").value() == model.kernel.shape[1]
    finally:
        window.adapter.refused.disconnect(refusals.append)


# -- photos ----------------------------------------------------------------------------------
PHOTOS = bundled_lessons()["seed"].parent.parent / "photos"
REAL = [(PHOTOS / name).read_bytes()[:60_000] for name in ("coffee.png", "rocket.jpg")]


def photo_outcome(path):
    try:
        return load_photo(path)
    except PhotoError as error:
        return error


@FAST
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        st.sampled_from(REAL).flatmap(
            lambda raw: st.tuples(
                st.just(raw), st.integers(0, len(raw)), st.binary(max_size=8)
            ).map(lambda t: t[0][: t[1]] + t[2])
        ),
    )
)
def test_any_bytes_as_a_photo(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("photo") / "photo.png"
    path.write_bytes(data)
    outcome = photo_outcome(path)
    assert isinstance(outcome, Photo | PhotoError)
    if isinstance(outcome, Photo):
        assert outcome.pixels.shape[2:] == (3,)


# -- lessons ---------------------------------------------------------------------------------
SEED = json.loads(bundled_lessons()["three-detectors"].read_text(encoding="utf-8"))
JSONISH = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([10**400, 1e308, -1, 0, 3, 100, 10**6])
    | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)


def lesson_outcome(source):
    try:
        return load_lesson(source)
    except LessonError as error:
        return error


@st.composite
def mutated_lessons(draw):
    doc = json.loads(json.dumps(SEED))
    for _ in range(draw(st.integers(1, 3))):
        target = doc
        while True:
            keys = list(target) if isinstance(target, dict) else list(range(len(target)))
            key = draw(st.sampled_from(keys)) if keys else None
            if key is None or not isinstance(target[key], dict | list) or draw(st.booleans()):
                break
            target = target[key]
        if key is None:
            continue
        action = draw(st.sampled_from(["delete", "replace", "number"]))
        if action == "delete":
            del target[key]
        elif action == "replace":
            target[key] = draw(JSONISH)
        else:
            target[key] = draw(st.sampled_from([1e400, -1e400, 10**400, 2**63, 10**6, -1, 0.5]))
    text = json.dumps(doc, allow_nan=True)
    if draw(st.booleans()):  # a duplicated field (JSON keeps the last one)
        field = draw(st.sampled_from(sorted(SEED)))
        text = "{" + json.dumps(field) + ": " + json.dumps(draw(JSONISH)) + ", " + text[1:]
    return text


@FAST
@given(text=st.one_of(mutated_lessons(), st.text().map(lambda t: "{" + t)))
def test_any_lesson_text_is_a_lesson_or_a_lesson_error(text):
    assert isinstance(lesson_outcome(text), Lesson | LessonError)


@FAST
@given(data=st.one_of(st.binary(max_size=500), mutated_lessons().map(str.encode)))
def test_any_lesson_file_is_a_lesson_or_a_lesson_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("lesson") / "lesson.json"
    path.write_bytes(data)
    assert isinstance(lesson_outcome(path), Lesson | LessonError)


@pytest.mark.parametrize(
    "text",
    [
        "{",
        json.dumps({**SEED, "stride": [0, 1]}),
        json.dumps({**SEED, "padding": [[100000, 100000], [100000, 100000]]}),
        json.dumps({**SEED, "padding": [[10**30, 0], [0, 0]]}),
        json.dumps({**SEED, "kernels": []}),
    ],
    ids=["truncated", "zero-stride", "huge-padding", "astronomic-padding", "no-kernels"],
)
def test_opening_a_bad_lesson_file_keeps_the_lesson(window, tmp_path, text):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    window.model.seek(4)
    before = snapshot(window.model)
    assert not window.session.open(path)
    assert "bad.json was not opened" in message(window)
    assert_same(before, snapshot(window.model))


# -- the model -------------------------------------------------------------------------------
FINITE = st.floats(-100, 100, allow_nan=False).map(lambda v: round(v, 2))
VALUE = st.one_of(FINITE, st.sampled_from([math.nan, math.inf, 1e300, -1e300, 10**400]))
SIDE = st.integers(1, 6)
PAIRISH = st.one_of(
    st.integers(-1, 5),
    st.tuples(st.integers(-1, 5), st.integers(-1, 5)),
    st.sampled_from([1.5, True, "2", None, (1, 2, 3)]),
)
PADDING = st.one_of(
    st.integers(-1, 3),
    st.tuples(st.integers(-1, 3), st.integers(0, 3)),
    st.tuples(
        st.tuples(st.integers(-1, 3), st.integers(0, 3)),
        st.tuples(st.integers(0, 3), st.integers(0, 3)),
    ),
    st.sampled_from(["valid", "same", "full", "bogus", 10**6, 10**30, ((1, 2), (3,))]),
)


def grids(channels, rows, cols, values=FINITE):
    shape = (rows, cols) if channels == 1 else (channels, rows, cols)
    return st.lists(values, min_size=math.prod(shape), max_size=math.prod(shape)).map(
        lambda flat: np.array(flat, dtype=object).reshape(shape).tolist()
    )


class ModelMachine(RuleBasedStateMachine):
    """Any sequence of calls: each succeeds with right maps, or refuses and changes nothing."""

    def __init__(self):
        super().__init__()
        self.model = ConvModel()

    def attempt(self, method, *args):
        before = snapshot(self.model)
        try:
            getattr(self.model, method)(*args)
        except ValueError:
            assert_same(before, snapshot(self.model))

    @rule(data=st.data(), channels=st.sampled_from([1, 3]), rows=SIDE, cols=SIDE)
    def set_input(self, data, channels, rows, cols):
        self.attempt("set_input", data.draw(grids(channels, rows, cols, VALUE)))

    @rule(row=st.integers(-1, 6), col=st.integers(-1, 6), value=VALUE)
    def set_input_cell(self, row, col, value):
        self.attempt("set_input_cell", row, col, value)

    @rule(data=st.data(), channels=st.sampled_from([1, 3]), rows=SIDE, cols=SIDE)
    def set_kernel(self, data, channels, rows, cols):
        self.attempt("set_kernel", data.draw(grids(channels, rows, cols, VALUE)))

    @rule(
        row=st.integers(-1, 4),
        col=st.integers(-1, 4),
        value=VALUE,
        channel=st.sampled_from([None, 0, 2, 5]),
    )
    def set_kernel_weight(self, row, col, value, channel):
        self.attempt("set_kernel_weight", row, col, value, channel)

    @rule(rows=st.integers(0, 6), cols=st.integers(0, 6), kernel=st.booleans())
    def resize(self, rows, cols, kernel):
        self.attempt("resize_kernel" if kernel else "resize_input", rows, cols)

    @rule(stride=PAIRISH)
    def set_stride(self, stride):
        self.attempt("set_stride", stride)

    @rule(padding=PADDING, mode=st.sampled_from([None, *NP_MODES, "mirror"]))
    def set_padding(self, padding, mode):
        self.attempt("set_padding", padding, mode)

    @rule(dilation=PAIRISH)
    def set_dilation(self, dilation):
        self.attempt("set_dilation", dilation)

    @rule(flip=st.booleans())
    def set_flip(self, flip):
        self.attempt("set_flip", flip)

    @rule(bias=VALUE, index=st.sampled_from([None, 0, 1, 9]))
    def set_bias(self, bias, index):
        self.attempt("set_bias", bias, index)

    @rule(relu=st.booleans())
    def set_relu(self, relu):
        self.attempt("set_relu", relu)

    @rule()
    def add_kernel(self):
        self.attempt("add_kernel")

    @rule(
        index=st.integers(-1, 8),
        other=st.integers(-1, 8),
        how=st.sampled_from(["remove_kernel", "select_kernel", "move_kernel"]),
    )
    def layer(self, index, other, how):
        self.attempt(how, *((index, other) if how == "move_kernel" else (index,)))

    @rule(n=st.integers(-5, 2000))
    def seek(self, n):
        self.attempt("seek", n)

    @invariant()
    def maps_are_right(self):
        assert 0 <= self.model.cursor <= self.model.total_steps
        assert_maps_right(self.model)


ModelMachine.TestCase.settings = settings(max_examples=100, stateful_step_count=25, deadline=None)
test_model_calls_succeed_or_change_nothing = ModelMachine.TestCase
