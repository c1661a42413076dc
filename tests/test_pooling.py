"""`pool` and its walk against a brute-force reference written from PyTorch's rules."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import grid, small_ints

import convviz
from convviz.core.pool_walk import PoolWalk, arithmetic_line, describe, dropped_line
from convviz.core.pooling import pool

CASES = settings(max_examples=60, deadline=None)


def pool_reference(x, size, stride, kind, padding):
    """One pooled cell at a time: the maximum of the real cells, or the mean counting
    the zero border (count_include_pad=True), as torch.nn.functional documents them."""
    x = np.asarray(x, dtype=float)
    maps = x[np.newaxis] if x.ndim == 2 else x
    (kh, kw), (sy, sx), (py, px) = size, stride, padding
    _, h, w = maps.shape
    oh, ow = (h + 2 * py - kh) // sy + 1, (w + 2 * px - kw) // sx + 1
    out = np.zeros((len(maps), oh, ow))
    for c, plane in enumerate(maps):
        for r in range(oh):
            for q in range(ow):
                cells = [
                    plane[r * sy + i - py, q * sx + j - px]
                    if 0 <= r * sy + i - py < h and 0 <= q * sx + j - px < w
                    else None
                    for i in range(kh)
                    for j in range(kw)
                ]
                real = [v for v in cells if v is not None]
                out[c, r, q] = max(real) if kind == "max" else sum(real) / (kh * kw)
    return out[0] if x.ndim == 2 else out


@st.composite
def pool_cases(draw, elements=small_ints):
    """A valid pool call, its arguments spelled as int or pair, and their pair forms."""
    size = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    stride = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    padding = tuple(draw(st.integers(0, k // 2)) for k in size)
    hw = [
        draw(st.integers(max(1, k - 2 * p), k - 2 * p + 6))
        for k, p in zip(size, padding, strict=True)
    ]
    channels = draw(st.integers(1, 3))
    shape = (channels, *hw) if channels > 1 or draw(st.booleans()) else tuple(hw)
    kwargs = {"kind": draw(st.sampled_from(["max", "avg"]))}
    kwargs["padding"] = padding[0] if padding[0] == padding[1] else padding
    if stride != size or draw(st.booleans()):
        kwargs["stride"] = stride[0] if stride[0] == stride[1] else stride
    spelled = size[0] if size[0] == size[1] else size
    return grid(draw, shape, elements), spelled, kwargs, (size, stride, padding)


@CASES
@given(pool_cases())
def test_pool_equals_the_reference_exactly_on_whole_numbers(case):
    x, size, kwargs, (size_, stride, padding) = case
    got = pool(x, size, **kwargs)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, pool_reference(x, size_, stride, kwargs["kind"], padding))


@CASES
@given(pool_cases(elements=st.floats(-1e3, 1e3)))
def test_pool_equals_the_reference_on_fractions(case):
    x, size, kwargs, (size_, stride, padding) = case
    want = pool_reference(x, size_, stride, kwargs["kind"], padding)
    np.testing.assert_allclose(pool(x, size, **kwargs), want, rtol=1e-12, atol=1e-9)


def test_windows_larger_than_the_output_take_the_block_path():
    x = np.arange(30.0).reshape(5, 6)
    for kind in ("max", "avg"):
        np.testing.assert_array_equal(
            pool(x, (5, 4), stride=(1, 2), kind=kind, padding=(2, 1)),
            pool_reference(x, (5, 4), (1, 2), kind, (2, 1)),
        )


# -- the walk ----------------------------------------------------------------------------------
@CASES
@given(pool_cases())
def test_every_step_keeps_the_cell_the_reference_keeps(case):
    x, size, kwargs, (size_, stride, padding) = case
    walk = PoolWalk(x, size, **kwargs)
    want = pool_reference(x, size_, stride, kwargs["kind"], padding)
    maps = want[np.newaxis] if want.ndim == 2 else want
    assert len(walk) == maps.shape[1] * maps.shape[2]
    planes = np.asarray(x)[np.newaxis] if np.ndim(x) == 2 else np.asarray(x)
    for index in range(len(walk)):
        step = walk.step(index)
        np.testing.assert_array_equal(step.outputs, maps[:, step.out_row, step.out_col])
        if kwargs["kind"] == "max":
            for c, plane in enumerate(planes):
                # The first largest real cell in reading order, as torch's indices say.
                cells = [
                    (r, q)
                    for r, q in zip(step.rows.ravel(), step.cols.ravel(), strict=True)
                    if 0 <= r < plane.shape[0] and 0 <= q < plane.shape[1]
                ]
                best = max(plane[r, q] for r, q in cells)
                assert step.winner(c) == next(cell for cell in cells if plane[cell] == best)
        else:
            assert step.winner() is None
    np.testing.assert_array_equal(walk.output(), want)


@CASES
@given(pool_cases())
def test_dropped_cells_are_those_no_window_covers(case):
    x, size, kwargs, _ = case
    walk = PoolWalk(x, size, **kwargs)
    seen = np.zeros(np.shape(x)[-2:], dtype=bool)
    for index in range(len(walk)):
        step = walk.step(index)
        seen[step.rows[step.inside], step.cols[step.inside]] = True
    np.testing.assert_array_equal(walk.covered, seen)
    assert (dropped_line(walk) is None) == bool(seen.all())


def test_step_outside_the_walk_is_refused():
    with pytest.raises(IndexError, match="outside the walk of 4 steps"):
        PoolWalk(np.zeros((4, 4)), 2).step(4)


# -- the seed lesson ---------------------------------------------------------------------------
SEED_MAP = convviz.ConvModel().feature_map  # [[0 1 0 0 0] [0 1 1 1 0] [1 0 0 2 1] [1 4 2 1 0] ...]


def test_seed_map_max_pooled_2x2_stride_2():
    # Worked by hand: windows {0,1,0,1} {0,0,1,1} / {1,0,1,4} {0,2,2,1}; row 4, column 4 left.
    np.testing.assert_array_equal(pool(SEED_MAP, 2, stride=2), [[1, 1], [4, 2]])
    np.testing.assert_array_equal(pool(SEED_MAP, 2, kind="avg"), [[0.5, 0.5], [1.5, 1.25]])


def test_seed_walk_reads_as_the_lesson_tells_it():
    walk = PoolWalk(SEED_MAP, 2, stride=2)
    first = describe(walk, 0)
    assert "Step 1 of 4: window at row 0, column 0 → pooled cell (row 0, column 0)" in first
    assert "max(0, 1, 0, 1) = 1" in first
    assert "Output size: ⌊(5 + 2·0 − 2) / 2⌋ + 1 = 2" in first
    assert "Information loss: 25 → 4 cells (5×5 → 2×2)" in first
    assert "Never covered: row 4 and column 4 (9 cells dropped)" in first
    assert "max(1, 0, 1, 4) = 4" in describe(walk, 2)
    assert walk.step(2).winner() == (3, 1)
    assert "average pooling window" in describe(PoolWalk(SEED_MAP, 2, kind="avg"), None)
    assert arithmetic_line(PoolWalk(SEED_MAP, 2, kind="avg").step(0)) == "(0 + 1 + 0 + 1) / 4 = 0.5"


def test_border_and_negatives_are_worded():
    x = np.array([[-2.0, 1.0], [3.0, -4.0]])
    assert arithmetic_line(PoolWalk(x, 2, padding=1).step(0)) == (
        "max(−2) = −2 (the border is ignored)"
    )
    assert arithmetic_line(PoolWalk(x, 2, kind="avg").step(0)) == "(−2 + 1 + 3 − 4) / 4 = −0.5"
    lines = arithmetic_line(PoolWalk(np.stack([x, -x]), 2).step(0)).splitlines()
    assert lines == ["Map 1: max(−2, 1, 3, −4) = 3", "Map 2: max(2, −1, −3, 4) = 4"]
    assert describe(PoolWalk(np.zeros((3, 5)), 2, padding=(1, 0)), None).count("Output") == 2


# -- refusals ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((np.zeros((4, 4)), 0), {}, "pooling size must be at least 1"),
        ((np.zeros((4, 4)), 2), {"stride": 0}, "stride must be at least 1"),
        ((np.zeros((4, 4)), 2), {"padding": -1}, "padding cannot be negative"),
        ((np.zeros((4, 4)), 3), {"padding": 2}, r"more than half the pooling window \(3 rows\)"),
        ((np.zeros((4, 4)), (2, 1)), {"padding": (1, 1)}, r"window \(1 column\): use at most 0"),
        ((np.zeros((4, 4)), 5), {}, "spans 5 rows but the padded map has only 4"),
        ((np.zeros((4, 4)), 2), {"kind": "mean"}, "Unknown pooling kind 'mean'"),
        ((np.zeros((4, 4)), 2.5), {}, "must be a whole number"),
        (([[1.0, np.nan]], 1), {}, "not a finite number"),
        ((np.zeros((1, 1, 4, 4)), 2), {}, r"must be \(H, W\) or \(C, H, W\)"),
        ((np.zeros((0, 4)), 1), {}, "at least one cell"),
    ],
)
def test_bad_arguments_are_refused_in_words(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        pool(*args, **kwargs)
    with pytest.raises(ValueError, match=message):
        PoolWalk(*args, **kwargs)
