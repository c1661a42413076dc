"""The seed lesson, the walk of the window, the lesson model and the panel text."""

import re

import numpy as np
import pytest
from conv_reference import (
    NP_MODES,
    SEED_INPUT,
    SEED_KERNEL,
    SEED_MAP,
    SEED_MAP_STRIDE_2,
    as_pair,
    assert_sums_close,
    resolve_pads,
)
from conv_reference import reference as brute_force
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import grid, small_ints, walk_settings

import convviz
from convviz import ConvModel, WalkSettings, feature_map
from convviz.core.explain import (
    arithmetic_text,
    cells_line,
    describe,
    matches_line,
    products_line,
    size_formula,
)
from convviz.core.model import Change

# The lesson exactly as the design notes print it.


def padded_input(x, pads, padding_mode):
    return np.pad(x, pads, mode=NP_MODES[padding_mode])


class Recorder:
    def __init__(self, model):
        self.changes = []
        model.subscribe(self)

    def __call__(self, change):
        self.changes.append(change)


def state_of(model):
    """Every piece of state a learner can see, as plain copies."""
    return {
        "input": model.input.copy(),
        "kernel": model.kernel.copy(),
        "stride": model.stride,
        "dilation": model.dilation,
        "settings": model.settings,
        "cursor": model.cursor,
        "total_steps": model.total_steps,
        "feature_map": model.feature_map.copy(),
        "revealed": model.revealed.copy(),
        "applied_kernel": model.applied_kernel.copy(),
    }


def assert_same_state(model, before):
    after = state_of(model)
    for name, value in before.items():
        if isinstance(value, np.ndarray):
            np.testing.assert_array_equal(after[name], value, err_msg=name)
        else:
            assert after[name] == value, name


# -- the seed lesson --------------------------------------------------------------------------
def test_the_default_lesson_is_the_seed():
    model = ConvModel()
    np.testing.assert_array_equal(model.input, SEED_INPUT)
    np.testing.assert_array_equal(model.kernel, SEED_KERNEL)
    assert model.stride == (1, 1)
    assert model.cursor == 0
    assert model.total_steps == 25
    assert model.current_step is None
    assert model.flip is False
    assert model.settings == WalkSettings()


def test_seed_map_is_the_5x5_of_the_design_notes():
    model = ConvModel()
    np.testing.assert_array_equal(brute_force(SEED_INPUT, SEED_KERNEL), SEED_MAP)
    np.testing.assert_array_equal(model.feature_map, SEED_MAP)
    np.testing.assert_array_equal(feature_map(SEED_INPUT, SEED_KERNEL), SEED_MAP)


def test_seed_with_stride_2_is_3x3():
    np.testing.assert_array_equal(brute_force(SEED_INPUT, SEED_KERNEL, stride=2), SEED_MAP_STRIDE_2)
    model = ConvModel(stride=2)
    assert model.stride == (2, 2)
    assert model.total_steps == 9
    np.testing.assert_array_equal(model.feature_map, SEED_MAP_STRIDE_2)
    model = ConvModel()
    model.set_stride(2)
    np.testing.assert_array_equal(model.feature_map, SEED_MAP_STRIDE_2)


def test_step_two_is_the_worked_example():
    model = ConvModel()
    model.step()
    model.step()
    step = model.current_step
    assert step.index == 1
    assert (step.out_row, step.out_col) == (0, 1)
    assert (int(step.rows[0, 0]), int(step.cols[0, 0])) == (0, 1)
    np.testing.assert_array_equal(step.rows, [[0, 0, 0], [1, 1, 1], [2, 2, 2]])
    np.testing.assert_array_equal(step.cols, [[1, 2, 3], [1, 2, 3], [1, 2, 3]])
    assert step.total == 1.0
    assert model.revealed[0, 1] == 1.0
    # Only the kernel's middle-left 1 meets a 1 of the image.
    np.testing.assert_array_equal(step.matches, [[0, 0, 0], [1, 0, 0], [0, 0, 0]])
    assert matches_line(step) == "1 matching cell"
    assert products_line(step) == "0×0 + 0×0 + 0×1 + 1×1 + 0×0 + 0×0 + 0×0 + 0×1 + 0×1 = 1"
    text = describe(step, model.geometry)
    assert "Step 2 of 25: window at row 0, column 1" in text
    assert products_line(step) in text
    assert "1 matching cell" in text


def test_seed_panel_formulas():
    geometry = ConvModel().geometry
    assert size_formula(geometry) == "Output size: ⌊(7 − 3) / 1⌋ + 1 = 5"
    assert "49 input cells → 25 feature-map cells" in cells_line(geometry)
    assert size_formula(ConvModel(stride=2).geometry) == "Output size: ⌊(7 − 3) / 2⌋ + 1 = 3"
    start = describe(None, geometry)
    assert "Output size: ⌊(7 − 3) / 1⌋ + 1 = 5" in start
    assert "49 input cells → 25 feature-map cells" in start


def test_negative_factors_are_bracketed():
    model = ConvModel([[1.0, -2.0]], [[-1.0, 3.0]])
    model.step()
    assert products_line(model.current_step) == "1×(−1) + (−2)×3 = −7"
    model = ConvModel([[0.5]], [[1 / 9]])
    model.step()
    assert products_line(model.current_step) == "0.5×1/9 = 1/18"


def test_matches_line_counts_plural():
    model = ConvModel(SEED_INPUT, SEED_KERNEL)
    model.seek(17)  # cell (3, 1) of the map is 4: four matching cells
    assert model.current_step.total == 4.0
    assert matches_line(model.current_step) == "4 matching cells"
    model.seek(1)
    assert matches_line(model.current_step) == "0 matching cells"


@pytest.mark.parametrize(
    ("kernel", "image", "counted"),
    [
        (SEED_KERNEL, SEED_INPUT, True),  # the lesson: the sum counts the matches
        (SEED_KERNEL * -1, SEED_INPUT, False),  # a −1 under a 1 is no match
        (SEED_KERNEL, SEED_INPUT * 200, False),  # a photo's grey levels
        (SEED_KERNEL / 9, SEED_INPUT, False),
    ],
    ids=["ones", "minus-ones", "grey-levels", "ninths"],
)
def test_matching_cells_are_counted_only_for_a_0_1_image_and_detector(kernel, image, counted):
    model = ConvModel(image, kernel)
    model.seek(17)
    assert model.current_step.counts_matches is counted
    assert ("matching cell" in arithmetic_text(model)) is counted


def test_rectangular_geometry_gets_one_formula_per_axis():
    model = ConvModel(np.zeros((6, 9)), np.ones((3, 2)), stride=(1, 2), padding=((1, 0), (0, 0)))
    text = size_formula(model.geometry)
    assert text == (
        "Output rows: ⌊(6 + 1 + 0 − (3 − 1) − 1) / 1⌋ + 1 = 5\n"
        "Output columns: ⌊(9 − 2) / 2⌋ + 1 = 4"
    )
    assert model.feature_map.shape == (5, 4)
    assert "54 input cells → 20 feature-map cells" in cells_line(model.geometry)


# -- walking forward and back -----------------------------------------------------------------
def test_walk_forward_and_back_reveals_row_major():
    model = ConvModel()
    flat_map = SEED_MAP.reshape(-1)

    def check():
        revealed = model.revealed
        assert revealed.shape == (5, 5)
        flat = revealed.reshape(-1)
        n = model.cursor
        assert np.count_nonzero(~np.isnan(flat)) == n
        np.testing.assert_array_equal(flat[:n], flat_map[:n])
        assert np.isnan(flat[n:]).all()

    check()
    for n in range(1, 26):
        assert model.step() is True
        assert model.cursor == n
        assert model.current_step.index == n - 1
        assert model.current_step.total == flat_map[n - 1]
        check()
    assert model.finished
    assert model.step() is False
    assert model.cursor == 25
    for n in range(24, -1, -1):
        assert model.step_back() is True
        assert model.cursor == n
        check()
    assert model.step_back() is False
    assert model.cursor == 0
    assert model.current_step is None


def test_seek_clamps_and_reset_end():
    model = ConvModel()
    model.seek(-3)
    assert model.cursor == 0
    model.seek(1000)
    assert model.cursor == 25
    assert model.finished
    np.testing.assert_array_equal(model.revealed, SEED_MAP)
    model.seek(7)
    assert model.cursor == 7
    model.reset()
    assert model.cursor == 0
    assert np.isnan(model.revealed).all()
    model.end()
    assert model.cursor == 25


def test_window_positions_go_row_after_row():
    model = ConvModel(stride=2)
    positions = [model.walk.position(i) for i in range(len(model.walk))]
    assert positions == [(r, c) for r in range(3) for c in range(3)]
    assert [model.walk.index_of(r, c) for r, c in positions] == list(range(9))
    with pytest.raises(IndexError):
        model.walk.step(9)
    with pytest.raises(IndexError):
        model.walk.step(-1)


# -- every step agrees with the fast map --------------------------------------------------------
@st.composite
def lessons(draw, elements=small_ints):
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    settings_, shape = walk_settings(draw, kh, kw, room=5)
    x = grid(draw, shape, elements)
    k = grid(draw, (kh, kw), elements)
    return x, k, settings_


@settings(max_examples=150, deadline=None)
@given(lessons())
def test_every_step_total_is_the_feature_map_cell(lesson):
    x, k, settings_ = lesson
    model = ConvModel(x, k, **settings_)
    want = brute_force(x, k, **settings_)
    np.testing.assert_array_equal(model.feature_map, want)
    np.testing.assert_array_equal(model.feature_map, feature_map(x, k, **settings_))
    assert model.total_steps == want.size == len(model.walk)

    (sy, sx), (dy, dx) = as_pair(settings_["stride"]), as_pair(settings_["dilation"])
    pads = resolve_pads(settings_["padding"], x.shape[-2:], k.shape, (sy, sx), (dy, dx))
    (top, _), (left, _) = pads
    xp = padded_input(x, pads, settings_["padding_mode"])
    applied = k[::-1, ::-1] if settings_["flip"] else k
    np.testing.assert_array_equal(model.applied_kernel, applied)
    kh, kw = k.shape
    for index in range(model.total_steps):
        step = model.walk.step(index)
        r, c = divmod(index, want.shape[1])
        assert (step.index, step.out_row, step.out_col) == (index, r, c)
        assert step.total == want[r, c]
        # rows/cols are the input coordinates the window covers (outside the input on padding).
        covered_rows = r * sy - top + np.arange(kh) * dy
        covered_cols = c * sx - left + np.arange(kw) * dx
        np.testing.assert_array_equal(step.rows, np.repeat(covered_rows[:, None], kw, axis=1))
        np.testing.assert_array_equal(step.cols, np.repeat(covered_cols[None, :], kh, axis=0))
        np.testing.assert_array_equal(step.values[0], xp[step.rows + top, step.cols + left])
        inside = (
            (step.rows >= 0)
            & (step.rows < x.shape[0])
            & (step.cols >= 0)
            & (step.cols < x.shape[1])
        )
        np.testing.assert_array_equal(
            step.values[0][inside], x[step.rows[inside], step.cols[inside]]
        )
        if settings_["padding_mode"] == "zeros":
            assert not step.values[0][~inside].any()
        np.testing.assert_array_equal(step.weights[0], applied)
        np.testing.assert_array_equal(step.matches, (step.values[0] * applied) != 0)


@settings(max_examples=100, deadline=None)
@given(lessons(elements=st.floats(-50, 50, allow_subnormal=False)))
def test_step_totals_match_the_map_for_real_numbers(lesson):
    x, k, settings_ = lesson
    model = ConvModel(x, k, **settings_)
    totals = [model.walk.step(i).total for i in range(model.total_steps)]
    sizes = brute_force(np.abs(x), np.abs(k), **settings_)
    assert_sums_close(np.reshape(totals, model.feature_map.shape), model.feature_map, sizes)


@settings(max_examples=100, deadline=None)
@given(lessons())
def test_size_formula_evaluates_to_the_map_size(lesson):
    x, k, settings_ = lesson
    model = ConvModel(x, k, **settings_)
    text = size_formula(model.geometry)
    found = re.findall(r"⌊\((.*?)\) / (\d+)⌋ \+ 1 = (\d+)", text)
    assert len(found) in (1, 2)
    results = []
    for inner, stride, shown in found:
        expression = inner.replace("−", "-").replace("·", "*")
        assert re.fullmatch(r"[\d +\-*()]+", expression)
        value = eval(expression, {})  # whole numbers and + - * ( ) only
        assert value // int(stride) + 1 == int(shown)
        results.append(int(shown))
    if len(results) == 1:
        results *= 2
    assert tuple(results) == model.feature_map.shape


# -- changing the lesson mid-walk -------------------------------------------------------------
def test_changing_stride_mid_walk_clamps_cursor_and_recomputes():
    model = ConvModel()
    recorder = Recorder(model)
    model.seek(20)
    model.set_stride(2)
    assert model.cursor == 9
    assert model.total_steps == 9
    np.testing.assert_array_equal(model.feature_map, SEED_MAP_STRIDE_2)
    np.testing.assert_array_equal(model.revealed, SEED_MAP_STRIDE_2)
    assert recorder.changes == [Change("cursor", 0), Change("walk", 20)]
    model.seek(4)
    model.set_stride(1)
    assert model.cursor == 4  # the cursor stays where it still makes sense
    np.testing.assert_array_equal(model.feature_map, SEED_MAP)


def test_changing_kernel_mid_walk_clamps_cursor_and_recomputes():
    model = ConvModel()
    model.seek(20)
    kernel = np.arange(25.0).reshape(5, 5) - 12
    model.set_kernel(kernel)
    assert model.total_steps == 9
    assert model.cursor == 9
    np.testing.assert_array_equal(model.kernel, kernel)
    np.testing.assert_array_equal(model.feature_map, brute_force(SEED_INPUT, kernel))
    model.set_kernel([[2.0]])
    assert model.total_steps == 49
    assert model.cursor == 9
    np.testing.assert_array_equal(model.feature_map, 2 * SEED_INPUT)


def test_changing_input_mid_walk_clamps_cursor_and_recomputes():
    model = ConvModel()
    model.seek(12)
    recorder = Recorder(model)
    eye = np.eye(7)
    model.set_input(eye)
    assert model.cursor == 12
    np.testing.assert_array_equal(model.feature_map, brute_force(eye, SEED_KERNEL))
    model.set_input(np.ones((4, 5)))
    assert model.total_steps == 6
    assert model.cursor == 6
    np.testing.assert_array_equal(model.feature_map, brute_force(np.ones((4, 5)), SEED_KERNEL))
    assert recorder.changes == [Change("walk", 12), Change("walk", 12)]


def test_painting_a_cell_or_a_weight_recomputes_the_map():
    model = ConvModel()
    model.seek(3)
    model.set_input_cell(0, 2, 1.0)  # under the kernel's top-right 1 at step 1
    assert model.input[0, 2] == 1.0
    assert model.feature_map[0, 0] == SEED_MAP[0, 0] + 1
    assert model.cursor == 3
    model.set_kernel_weight(1, 1, 5.0)  # the centre now sees (1, 1) of the input
    assert model.kernel[1, 1] == 5.0
    assert model.feature_map[0, 0] == SEED_MAP[0, 0] + 1 + 5
    np.testing.assert_array_equal(model.feature_map, brute_force(model.input, model.kernel))


def test_padding_dilation_and_flip_setters():
    model = ConvModel()
    model.set_padding("same")
    assert model.feature_map.shape == (7, 7)
    np.testing.assert_array_equal(
        model.feature_map, brute_force(SEED_INPUT, SEED_KERNEL, padding=1)
    )
    model.set_padding(1, "circular")
    assert model.settings.padding_mode == "circular"
    np.testing.assert_array_equal(
        model.feature_map, brute_force(SEED_INPUT, SEED_KERNEL, padding=1, padding_mode="circular")
    )
    model.set_padding(0)
    assert model.settings.padding_mode == "circular"  # the fill is kept when not given
    model.set_dilation(2)
    assert model.dilation == (2, 2)
    np.testing.assert_array_equal(
        model.feature_map, brute_force(SEED_INPUT, SEED_KERNEL, dilation=2)
    )
    model.set_dilation(1)
    model.set_flip(True)
    assert model.flip is True
    np.testing.assert_array_equal(model.kernel, SEED_KERNEL)
    np.testing.assert_array_equal(model.applied_kernel, SEED_KERNEL[::-1, ::-1])
    np.testing.assert_array_equal(
        model.feature_map, brute_force(SEED_INPUT, SEED_KERNEL, flip=True)
    )


REFUSALS = {
    "kernel bigger than input": (lambda m: m.set_kernel(np.ones((8, 8))), r"kernel window spans 8"),
    "kernel wider than input": (lambda m: m.set_kernel(np.ones((3, 9))), r"spans 9 columns"),
    "kernel deeper than input": (
        lambda m: m.set_kernel(np.ones((2, 3, 3))),
        r"kernel (has 2 channel|must be a non-empty)",
    ),
    "kernel 1-D": (lambda m: m.set_kernel(np.ones(3)), r"kernel must be a non-empty"),
    "kernel empty": (lambda m: m.set_kernel(np.ones((0, 3))), r"kernel must be a non-empty"),
    "kernel NaN": (lambda m: m.set_kernel([[1, np.nan]]), r"kernel .*not a finite number"),
    "weight NaN": (lambda m: m.set_kernel_weight(0, 0, np.nan), r"kernel .*not a finite number"),
    "weight inf": (lambda m: m.set_kernel_weight(2, 2, np.inf), r"kernel .*not a finite number"),
    "stride 0": (lambda m: m.set_stride(0), r"stride must be at least 1"),
    "stride (1, 0)": (lambda m: m.set_stride((1, 0)), r"stride must be at least 1"),
    "stride 1.5": (lambda m: m.set_stride(1.5), r"stride must be a whole number"),
    "input NaN": (lambda m: m.set_input(np.full((7, 7), np.nan)), r"input .*not a finite number"),
    "cell inf": (lambda m: m.set_input_cell(3, 3, -np.inf), r"input .*not a finite number"),
    "input smaller than kernel": (lambda m: m.set_input(np.ones((2, 2))), r"kernel window spans 3"),
    "input 1-D": (lambda m: m.set_input(np.ones(7)), r"input must be a non-empty"),
    "input 4-D": (lambda m: m.set_input(np.ones((1, 1, 7, 7))), r"input must be a non-empty"),
    "input empty": (lambda m: m.set_input(np.ones((0, 7))), r"input must be a non-empty"),
    "padding negative": (lambda m: m.set_padding(-1), r"padding cannot be negative"),
    "padding name": (lambda m: m.set_padding("middle"), r"Unknown padding 'middle'"),
    "padding mode": (lambda m: m.set_padding(1, "mirror"), r"Unknown padding_mode 'mirror'"),
    "dilation 0": (lambda m: m.set_dilation(0), r"dilation must be at least 1"),
    "dilation too wide": (lambda m: m.set_dilation(4), r"kernel window spans 9 rows"),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_refused_setter_changes_nothing_and_tells_no_one(name):
    setter, words = REFUSALS[name]
    model = ConvModel()
    model.seek(7)
    before = state_of(model)
    recorder = Recorder(model)
    with pytest.raises(ValueError, match=words):
        setter(model)
    assert_same_state(model, before)
    assert recorder.changes == []
    # The model still works afterwards.
    model.step()
    assert model.cursor == 8


@pytest.mark.parametrize(
    "settings_",
    [{"stride": 0}, {"padding": -2}, {"dilation": 9}, {"padding_mode": "mirror"}],
)
def test_constructor_refuses_bad_settings(settings_):
    with pytest.raises(ValueError, match=r"stride|padding|dilation|kernel window"):
        ConvModel(**settings_)


# -- notifications --------------------------------------------------------------------------------
def test_observers_hear_cursor_moves_and_recomputes():
    model = ConvModel()
    recorder = Recorder(model)
    model.step()
    model.step()
    model.step_back()
    model.seek(10)
    model.seek(10)  # no move, no news
    model.end()
    model.step()  # already at the end
    model.reset()
    model.step_back()  # already at the start
    model.set_stride(2)
    model.seek(5)
    model.set_kernel(np.ones((5, 5)))
    assert recorder.changes == [
        Change("cursor", 0),
        Change("cursor", 1),
        Change("cursor", 2),
        Change("cursor", 1),
        Change("cursor", 10),
        Change("cursor", 25),
        Change("walk", 0),
        Change("cursor", 0),
        Change("walk", 5),
    ]
    assert model.cursor == 4


def test_observers_see_the_new_state_and_can_unsubscribe():
    model = ConvModel()
    seen = []

    def observer(change):
        seen.append((change.kind, change.old_cursor, model.cursor, model.total_steps))

    model.subscribe(observer)
    model.seek(20)
    model.set_stride(2)
    model.unsubscribe(observer)
    model.seek(1)
    assert seen == [("cursor", 0, 20, 25), ("walk", 20, 9, 9)]


# -- handing out arrays ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["input", "kernel", "feature_map", "applied_kernel"])
def test_returned_arrays_are_read_only(name):
    model = ConvModel()
    model.set_flip(True)
    array = getattr(model, name)
    with pytest.raises(ValueError, match="read-only"):
        array[0, 0] = 42.0
    assert getattr(model, name)[0, 0] != 42.0


def test_model_keeps_its_own_copies():
    image = SEED_INPUT.copy()
    kernel = SEED_KERNEL.copy()
    model = ConvModel(image, kernel)
    image[:] = 9.0
    kernel[:] = 9.0
    np.testing.assert_array_equal(model.input, SEED_INPUT)
    np.testing.assert_array_equal(model.kernel, SEED_KERNEL)
    np.testing.assert_array_equal(model.feature_map, SEED_MAP)
    model.seek(3)
    revealed = model.revealed
    revealed[:] = 9.0
    assert np.count_nonzero(~np.isnan(model.revealed)) == 3


def test_model_accepts_lists_and_integer_arrays():
    model = ConvModel(SEED_INPUT.astype(int).tolist(), SEED_KERNEL.astype(np.int64))
    assert model.input.dtype == np.float64
    assert model.kernel.dtype == np.float64
    np.testing.assert_array_equal(model.feature_map, SEED_MAP)


def test_top_level_exports():
    assert convviz.ConvModel is ConvModel
    assert convviz.Step is type(ConvModel().walk.step(0))


@settings(max_examples=100, deadline=None)
@given(lessons())
def test_outputs_covering_an_input_cell_are_the_steps_whose_window_covers_it(lesson):
    x, k, settings_ = lesson
    walk = ConvModel(x, k, **settings_).walk
    covering = {}
    for index in range(len(walk)):
        step = walk.step(index)
        for row, col in zip(step.rows.reshape(-1), step.cols.reshape(-1), strict=True):
            covering.setdefault((int(row), int(col)), set()).add((step.out_row, step.out_col))
    for row in range(x.shape[0]):
        for col in range(x.shape[1]):
            rows, cols = walk.outputs_covering(row, col)
            got = set(zip(rows.tolist(), cols.tolist(), strict=True))
            assert len(got) == len(rows)
            assert got == covering.get((row, col), set()), (row, col)
