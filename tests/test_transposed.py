"""`transposed_map`, its walk and its convolution view against a brute-force scatter."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import grid, small_ints

from convviz import feature_map
from convviz.core.transposed import as_convolution, transposed_map
from convviz.core.transposed_walk import TransposedWalk, size_formula, stamp_line, sum_line

CASES = settings(max_examples=60, deadline=None)


def transposed_reference(x, k, stride, padding, output_padding, dilation):
    """torch's conv_transpose2d as documented: every input cell times every weight, added
    at r·s + t·d − p, one product at a time (weights laid out (C_in, C_out, kh, kw))."""
    x, k = np.asarray(x, dtype=float), np.asarray(k, dtype=float)
    maps = x[np.newaxis] if x.ndim == 2 else x
    weights = {2: k[np.newaxis, np.newaxis], 3: k[:, np.newaxis], 4: k}[k.ndim]
    channels, n_out, kh, kw = weights.shape
    (sy, sx), (py, px), (ey, ex), (dy, dx) = stride, padding, output_padding, dilation
    _, h, w = maps.shape
    oh = (h - 1) * sy - 2 * py + dy * (kh - 1) + ey + 1
    ow = (w - 1) * sx - 2 * px + dx * (kw - 1) + ex + 1
    out = np.zeros((n_out, oh, ow))
    for c in range(channels):
        for n in range(n_out):
            for r in range(h):
                for q in range(w):
                    for i in range(kh):
                        for j in range(kw):
                            o, p = r * sy + i * dy - py, q * sx + j * dx - px
                            if 0 <= o < oh and 0 <= p < ow:
                                out[n, o, p] += maps[c, r, q] * weights[c, n, i, j]
    return out if k.ndim == 4 else out[0]


def spelled(pair, draw):
    """An int when both axes agree (sometimes), else the pair: both spellings get tested."""
    return pair[0] if pair[0] == pair[1] and draw(st.booleans()) else pair


@st.composite
def transposed_cases(draw, elements=small_ints):
    kernel_ndim = draw(st.sampled_from([2, 3, 4]))
    channels = 1 if kernel_ndim == 2 else draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    h, w = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    dilation = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    extra = tuple(
        draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation, strict=True)
    )
    padding = tuple(  # at most what leaves one output row: (n − 1)·s + d·(k − 1) + extra ≥ 2p
        draw(st.integers(0, min(3, ((n - 1) * s + d * (k - 1) + e) // 2)))
        for n, s, d, k, e in zip((h, w), stride, dilation, (kh, kw), extra, strict=True)
    )
    in_shape = (channels, h, w) if channels > 1 or draw(st.booleans()) else (h, w)
    k_shape = {2: (kh, kw), 3: (channels, kh, kw), 4: (channels, draw(st.integers(1, 3)), kh, kw)}
    x, k = grid(draw, in_shape, elements), grid(draw, k_shape[kernel_ndim], elements)
    pairs = {"stride": stride, "padding": padding, "output_padding": extra, "dilation": dilation}
    kwargs = {name: spelled(pair, draw) for name, pair in pairs.items()}
    return x, k, kwargs, pairs


@CASES
@given(transposed_cases())
def test_equals_the_reference_exactly_on_whole_numbers(case):
    x, k, kwargs, pairs = case
    got = transposed_map(x, k, **kwargs)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, transposed_reference(x, k, **pairs))


@CASES
@given(transposed_cases(elements=st.floats(-1e3, 1e3)))
def test_equals_the_reference_on_fractions(case):
    x, k, kwargs, pairs = case
    want = transposed_reference(x, k, **pairs)
    np.testing.assert_allclose(transposed_map(x, k, **kwargs), want, rtol=1e-12, atol=1e-6)


@CASES
@given(transposed_cases())
def test_the_zero_stuffed_convolution_gives_the_same_map(case):
    x, k, kwargs, pairs = case
    try:
        view = as_convolution(x, k, **kwargs)
    except ValueError as error:  # the one case with nothing left to convolve
        assert "crops away every input cell" in str(error)  # noqa: PT017
        assert not transposed_map(x, k, **kwargs).any()
        return
    np.testing.assert_array_equal(feature_map(**view.arguments), transposed_map(x, k, **kwargs))
    sy, sx = pairs["stride"]
    (top, _), (left, _) = view.cropped
    stuffed = view.stuffed if view.stuffed.ndim == 3 else view.stuffed[np.newaxis]
    gaps = np.ones(stuffed.shape[-2:], dtype=bool)  # True where a stuffed zero sits
    gaps[(-top) % sy :: sy, (-left) % sx :: sx] = False
    assert not stuffed[:, gaps].any()


def test_a_2x2_kernel_with_stride_2_tiles_the_output_without_overlap():
    # The shipped lesson's case: each input cell paints its own 2×2 block, value × kernel.
    x = np.array([[1.0, 2.0], [3.0, 0.0]])
    k = np.array([[1.0, -1.0], [0.0, 2.0]])
    np.testing.assert_array_equal(
        transposed_map(x, k, stride=2),
        [[1, -1, 2, -2], [0, 2, 0, 4], [3, -3, 0, 0], [0, 6, 0, 0]],
    )
    view = as_convolution(x, k, stride=2)
    np.testing.assert_array_equal(view.stuffed, [[1, 0, 2], [0, 0, 0], [3, 0, 0]])
    np.testing.assert_array_equal(view.kernel, [[2, 0], [-1, 1]])
    assert view.pads == ((1, 1), (1, 1))
    walk = TransposedWalk(x, k, stride=2)
    assert size_formula(walk.geometry) == "Output size: (2 − 1)·2 − 2·0 + 1·(2 − 1) + 0 + 1 = 4"
    assert stamp_line(walk.step(1)) == (
        "Input cell (row 0, column 1) = 2 adds 2 × kernel to output rows 0–1, columns 2–3"
    )


def test_padding_beyond_the_kernel_reach_crops_the_stuffed_input():
    # d·(k − 1) = 0 < p = 2: no border, the first and last two stuffed columns go instead.
    x = np.array([[1.0, 2.0, 3.0, 4.0]])
    view = as_convolution(x, [[2.0]], stride=2, padding=(0, 2), output_padding=(0, 1))
    assert view.cropped == ((0, 0), (2, 1))
    assert view.pads == ((0, 0), (0, 0))
    np.testing.assert_array_equal(view.stuffed, [[2, 0, 3, 0]])
    np.testing.assert_array_equal(feature_map(**view.arguments), [[4, 0, 6, 0]])
    np.testing.assert_array_equal(
        transposed_map(x, [[2.0]], stride=2, padding=(0, 2), output_padding=(0, 1)), [[4, 0, 6, 0]]
    )
    # Every stuffed cell cropped: the output exists (torch gives one 0) but has no picture.
    assert transposed_map([[5.0]], [[1.0]], stride=3, padding=1, output_padding=2).tolist() == [
        [0.0]
    ]
    with pytest.raises(ValueError, match="crops away every input cell"):
        as_convolution([[5.0]], [[1.0]], stride=3, padding=1, output_padding=2)


# -- the walk ----------------------------------------------------------------------------------
@CASES
@given(transposed_cases())
def test_the_stamps_add_up_to_the_map(case):
    x, k, kwargs, pairs = case
    walk = TransposedWalk(x, k, **kwargs)
    want = transposed_reference(x, k, **pairs)
    maps = want[np.newaxis] if want.ndim == 2 else want
    assert not walk.partial(-1).any()
    built = np.zeros_like(maps)
    for index in range(len(walk)):
        step = walk.step(index)
        inside = step.inside
        built[:, step.rows[inside], step.cols[inside]] += step.contributions[:, inside]
        np.testing.assert_array_equal(walk.partial(index), built if want.ndim == 3 else built[0])
    np.testing.assert_array_equal(built, maps)
    for row in range(maps.shape[1]):
        for col in range(maps.shape[2]):
            total = sum(
                np.dot(walk.input[:, r, c], walk.kernel[:, 0, i, j])
                for r, c, i, j in walk.sources(row, col)
            )
            assert total == maps[0, row, col]


def test_overlaps_and_the_border_are_worded():
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    k = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.0], [2.0, 0.0, 1.0]])
    walk = TransposedWalk(x, k, padding=1)
    assert transposed_map(x, k, padding=1)[0, 0] == 1 * 1 + 2 * 0 + 3 * 0 + 4 * 1
    assert sum_line(walk, 0, 0) == "Output cell (row 0, column 0) = 1×1 + 2×0 + 3×0 + 4×1 = 5"
    assert stamp_line(walk.step(0)) == (
        "Input cell (row 0, column 0) = 1 adds 1 × kernel to output rows 0–1, columns 0–1; "
        "5 of its 9 cells fall in the cropped border"
    )
    gaps = TransposedWalk(x, [[1.0]], stride=3, output_padding=2)
    assert sum_line(gaps, 1, 1) == "Output cell (row 1, column 1) = 0: no stamp reaches it."
    deep = TransposedWalk(np.stack([x, -x]), np.ones((2, 1, 1)))
    assert stamp_line(deep.step(3)) == (
        "Input cell (row 1, column 1) = (4, −4) adds each channel's value × its kernel "
        "to output row 1, column 1"
    )
    assert sum_line(deep, 0, 0) == "Output cell (row 0, column 0) = 1×1 + (−1)×1 = 0"
    cropped = TransposedWalk([[1.0, 2.0, 3.0]], [[1.0]], stride=2, padding=(0, 2))
    assert stamp_line(cropped.step(0)).endswith("all of it falls in the cropped border (padding).")
    assert size_formula(cropped.geometry).splitlines() == [
        "Output rows: (1 − 1)·2 − 2·0 + 1·(1 − 1) + 0 + 1 = 1",
        "Output columns: (3 − 1)·2 − 2·2 + 1·(1 − 1) + 0 + 1 = 1",
    ]


def test_step_outside_the_walk_is_refused():
    walk = TransposedWalk(np.ones((2, 2)), np.ones((2, 2)))
    with pytest.raises(IndexError, match="outside the walk of 4 steps"):
        walk.step(4)
    with pytest.raises(IndexError, match="outside the walk of 4 steps"):
        walk.partial(4)


# -- refusals ----------------------------------------------------------------------------------
X, K = np.ones((5, 5)), np.ones((3, 3))


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((X, K), {"stride": 0}, "stride must be at least 1"),
        ((X, K), {"dilation": 0}, "dilation must be at least 1"),
        ((X, K), {"padding": -1}, "padding cannot be negative"),
        ((X, K), {"output_padding": -1}, "output_padding cannot be negative"),
        ((X, K), {"output_padding": 1}, r"must be smaller than the stride \(1\) or the dilation"),
        (
            (X, K),
            {"stride": (2, 1), "output_padding": (0, 1)},
            r"output_padding 1 \(columns\) must be smaller",
        ),
        ((X, K), {"padding": 4}, r"no rows: \(5 − 1\)·1 − 2·4 \+ 1·\(3 − 1\) \+ 0 \+ 1 = −1"),
        ((np.ones((2, 5, 5)), K), {}, "kernel is for 1 input channel"),
        ((np.ones((2, 5, 5)), np.ones((3, 2, 3, 3))), {}, "kernel is for 3 input channel"),
        ((X, np.ones(3)), {}, r"\(C, N, kh, kw\) as PyTorch stores"),
        ((X, np.ones((1, 0, 3, 3))), {}, "kernel must have at least one cell"),
        ((X, [[np.inf]]), {}, "not a finite number"),
        ((np.ones(5), K), {}, r"must be \(H, W\) or \(C, H, W\)"),
        ((X, K), {"stride": 10_000}, "at most 64,000,000 cells"),
    ],
)
def test_bad_arguments_are_refused_in_words(args, kwargs, message):
    for call in (transposed_map, as_convolution, TransposedWalk):
        with pytest.raises(ValueError, match=message):
            call(*args, **kwargs)
