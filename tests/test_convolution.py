"""`convviz.feature_map` against a brute-force PyTorch-conv2d reference and SciPy."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from conv_reference import (
    NP_MODES,
    as_pair,
    assert_sums_close,
    fill_fits,
    reference,
    resolve_pads,
)
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import ndimage, signal
from strategies import grid, one_or_pair, small_ints, walk_settings

import convviz
from convviz import Geometry, feature_map
from convviz.core.convolution import thread_scratch

# The same fills as SciPy's ndimage names them (an implementation independent of np.pad).
NDIMAGE_MODES = {
    "zeros": "constant",
    "reflect": "mirror",
    "replicate": "nearest",
    "circular": "grid-wrap",
}

SLOW = settings(max_examples=150, deadline=None)


# -- the reference ---------------------------------------------------------------------------


def expected_shape(n, pads, k, s, d):
    before, after = pads
    return (n + before + after - d * (k - 1) - 1) // s + 1


# -- strategies -----------------------------------------------------------------------------
@st.composite
def conv_cases(draw, elements=small_ints):
    """A valid feature_map call: arrays plus keyword arguments."""
    kernel_ndim = draw(st.sampled_from([2, 3, 4]))
    channels = 1 if kernel_ndim == 2 else draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    kwargs, in_hw = walk_settings(draw, kh, kw, room=6)
    input_3d = channels > 1 or draw(st.booleans())
    in_shape = (channels, *in_hw) if input_3d else tuple(in_hw)
    if kernel_ndim == 2:
        k_shape = (kh, kw)
    elif kernel_ndim == 3:
        k_shape = (channels, kh, kw)
    else:
        k_shape = (draw(st.integers(1, 3)), channels, kh, kw)
    x = grid(draw, in_shape, elements)
    k = grid(draw, k_shape, elements)
    return x, k, kwargs


# -- agreement with the reference ---------------------------------------------------------------
@SLOW
@given(conv_cases())
def test_matches_brute_force_reference_exactly_on_whole_numbers(case):
    x, k, kwargs = case
    got = feature_map(x, k, **kwargs)
    want = reference(x, k, **kwargs)
    assert got.dtype == np.float64
    assert got.shape == want.shape
    np.testing.assert_array_equal(got, want)


@SLOW
@given(conv_cases(elements=st.floats(-100, 100, allow_subnormal=False)))
def test_matches_brute_force_reference_on_real_numbers(case):
    x, k, kwargs = case
    sizes = reference(np.abs(x), np.abs(k), **kwargs)
    assert_sums_close(feature_map(x, k, **kwargs), reference(x, k, **kwargs), sizes)


@SLOW
@given(conv_cases())
def test_output_shape_follows_the_formula(case):
    x, k, kwargs = case
    kh, kw = k.shape[-2:]
    (sy, sx), (dy, dx) = as_pair(kwargs["stride"]), as_pair(kwargs["dilation"])
    pads = resolve_pads(kwargs["padding"], x.shape[-2:], (kh, kw), (sy, sx), (dy, dx))
    rows = expected_shape(x.shape[-2], pads[0], kh, sy, dy)
    cols = expected_shape(x.shape[-1], pads[1], kw, sx, dx)
    out = feature_map(x, k, **kwargs)
    lead = (k.shape[0],) if k.ndim == 4 else ()
    assert out.shape == (*lead, rows, cols)
    geometry = Geometry.build(
        x.shape[-2:],
        (kh, kw),
        **{name: kwargs[name] for name in ("stride", "padding", "dilation", "padding_mode")},
    )
    assert geometry.out_shape == (rows, cols)
    assert geometry.total_steps == rows * cols


@SLOW
@given(conv_cases())
def test_arguments_are_not_mutated_and_output_is_independent(case):
    x, k, kwargs = case
    x_before, k_before = x.copy(), k.copy()
    out = feature_map(x, k, **kwargs)
    np.testing.assert_array_equal(x, x_before)
    np.testing.assert_array_equal(k, k_before)
    out += 1000.0
    np.testing.assert_array_equal(x, x_before)
    np.testing.assert_array_equal(k, k_before)


@SLOW
@given(
    h=st.integers(1, 9),
    w=st.integers(1, 9),
    kh=st.integers(1, 6),
    kw=st.integers(1, 6),
    dilation=one_or_pair,
    mode=st.sampled_from(list(NP_MODES)),
)
def test_same_padding_with_stride_one_keeps_the_input_size(h, w, kh, kw, dilation, mode):
    pads = resolve_pads("same", (h, w), (kh, kw), 1, dilation)
    assume(fill_fits(mode, (h, w), pads))  # else refused, as PyTorch refuses it
    x = np.arange(h * w, dtype=float).reshape(h, w)
    out = feature_map(x, np.ones((kh, kw)), padding="same", dilation=dilation, padding_mode=mode)
    assert out.shape == (h, w)


def test_same_padding_puts_the_extra_cell_of_an_even_kernel_bottom_right():
    x = np.arange(1.0, 13.0).reshape(3, 4)
    top_left_tap = np.array([[1.0, 0.0], [0.0, 0.0]])
    # Pad 0 above/left and 1 below/right: the top-left tap reads the cell itself.
    np.testing.assert_array_equal(feature_map(x, top_left_tap, padding="same"), x)
    bottom_right_tap = np.array([[0.0, 0.0], [0.0, 1.0]])
    shifted = np.zeros_like(x)
    shifted[:-1, :-1] = x[1:, 1:]
    np.testing.assert_array_equal(feature_map(x, bottom_right_tap, padding="same"), shifted)
    geometry = Geometry.build((3, 4), (2, 4), padding="same")
    assert geometry.pads == ((0, 1), (1, 2))


@SLOW
@given(
    n=st.integers(1, 40),
    k=st.integers(1, 7),
    stride=st.integers(1, 5),
    dilation=st.integers(1, 3),
)
def test_strided_same_pads_as_tensorflow(n, k, stride, dilation):
    """⌈n/s⌉ outputs; the total padding TensorFlow documents, the smaller half first."""
    geometry = Geometry.build(
        (n, 1), (k, 1), stride=(stride, 1), dilation=(dilation, 1), padding="same"
    )
    (top, bottom), _ = geometry.pads
    assert geometry.out_shape[0] == -(-n // stride)
    total = max((-(-n // stride) - 1) * stride + dilation * (k - 1) + 1 - n, 0)
    assert (top, bottom) == (total // 2, total - total // 2)


def test_strided_same_puts_the_odd_cell_at_the_bottom_as_keras_does():
    # 8 rows, a 3×3 kernel, stride 2: Keras pads 0 above and 1 below (not 1 and 1).
    geometry = Geometry.build((8, 8), (3, 3), stride=2, padding="same")
    assert geometry.pads == ((0, 1), (0, 1))
    assert geometry.out_shape == (4, 4)
    x = np.arange(64.0).reshape(8, 8)
    centre = np.zeros((3, 3))
    centre[1, 1] = 1  # reads the cell under the window's middle: rows 1, 3, 5, 7
    np.testing.assert_array_equal(feature_map(x, centre, stride=2, padding="same"), x[1::2, 1::2])


@pytest.mark.parametrize(
    ("mode", "padding", "words"),
    [
        ("reflect", 5, r"Reflect padding of 5 needs more than 5 input rows, but the input has 5"),
        ("reflect", ((0, 0), (5, 0)), r"Reflect padding of 5 .* columns"),
        ("reflect", 7, r"Use at most 4"),
        ("circular", 6, r"Circular padding of 6 would wrap around the 5 input rows"),
        ("circular", ((0, 0), (0, 6)), r"5 input columns more than once"),
    ],
)
def test_fills_beyond_pytorchs_limits_are_refused(mode, padding, words):
    with pytest.raises(ValueError, match=words):
        feature_map(X, K, padding=padding, padding_mode=mode)


@pytest.mark.parametrize(("mode", "padding"), [("reflect", 4), ("circular", 5)])
def test_fills_at_pytorchs_limits_are_accepted(mode, padding):
    got = feature_map(X, K, padding=padding, padding_mode=mode)
    np.testing.assert_array_equal(got, reference(X, K, padding=padding, padding_mode=mode))


def test_full_padding_is_dilated_reach_on_each_side():
    geometry = Geometry.build((5, 6), (3, 2), padding="full", dilation=(2, 3))
    assert geometry.pads == ((4, 4), (3, 3))
    assert geometry.out_shape == (5 + 8 - 4, 6 + 6 - 3)


def test_padding_spellings_agree():
    x = np.arange(30.0).reshape(5, 6)
    k = np.array([[1.0, -2.0], [3.0, 0.5]])
    nested = feature_map(x, k, padding=((1, 1), (2, 2)))
    np.testing.assert_array_equal(feature_map(x, k, padding=(1, 2)), nested)
    np.testing.assert_array_equal(feature_map(x, k, padding=[[1, 1], [2, 2]]), nested)
    np.testing.assert_array_equal(feature_map(x, k, padding=0), feature_map(x, k, padding="valid"))
    np.testing.assert_array_equal(feature_map(x, k, stride=(2, 2)), feature_map(x, k, stride=2))


def test_channels_are_summed_and_kernels_are_stacked():
    rng = np.random.default_rng(7)
    x = rng.integers(-3, 4, size=(3, 6, 5)).astype(float)
    layer = rng.integers(-3, 4, size=(4, 3, 3, 2)).astype(float)
    out = feature_map(x, layer, stride=(1, 2), padding=1)
    assert out.shape == (4, 6, 3)  # rows (6 + 2 − 3) + 1, columns ⌊(5 + 2 − 2) / 2⌋ + 1
    for n in range(4):
        per_channel = sum(
            feature_map(x[c], layer[n, c], stride=(1, 2), padding=1) for c in range(3)
        )
        np.testing.assert_array_equal(out[n], per_channel)
        np.testing.assert_array_equal(feature_map(x, layer[n], stride=(1, 2), padding=1), out[n])


def test_a_two_d_input_is_one_channel():
    x = np.arange(16.0).reshape(4, 4)
    k = np.array([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(feature_map(x, k), feature_map(x[np.newaxis], k[np.newaxis]))
    assert feature_map(x, k[np.newaxis, np.newaxis]).shape == (1, 3, 3)


@pytest.mark.parametrize(
    "x",
    [
        [[1, 2, 3], [4, 5, 6], [7, 8, 9]],
        np.arange(9, dtype=np.int32).reshape(3, 3),
        np.arange(9, dtype=np.float32).reshape(3, 3),
        np.arange(9, dtype=np.uint8).reshape(3, 3),
    ],
)
def test_output_is_float64_whatever_the_input_type(x):
    out = feature_map(x, [[1, -1]])
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, reference(x, [[1, -1]]))


def test_top_level_export_is_the_same_function():
    assert convviz.feature_map is feature_map


# -- SciPy cross-checks ------------------------------------------------------------------------
@st.composite
def image_and_kernel(draw, odd=False):
    sizes = st.sampled_from([1, 3, 5]) if odd else st.integers(1, 5)
    kh, kw = draw(sizes), draw(sizes)
    h, w = draw(st.integers(kh, kh + 7)), draw(st.integers(kw, kw + 7))
    x = grid(draw, (h, w), st.floats(-10, 10, allow_subnormal=False))
    k = grid(draw, (kh, kw), st.floats(-10, 10, allow_subnormal=False))
    return x, k


@SLOW
@given(image_and_kernel())
def test_valid_and_full_match_scipy_correlate2d(case):
    x, k = case
    for padding, mode in (("valid", "valid"), ("full", "full")):
        sizes = signal.correlate2d(np.abs(x), np.abs(k), mode=mode)
        want = signal.correlate2d(x, k, mode=mode)
        assert_sums_close(feature_map(x, k, padding=padding), want, sizes)


@SLOW
@given(image_and_kernel(odd=True))
def test_same_matches_scipy_correlate2d_for_odd_kernels(case):
    x, k = case
    np.testing.assert_allclose(
        feature_map(x, k, padding="same"), signal.correlate2d(x, k, mode="same"), atol=1e-9
    )


@SLOW
@given(image_and_kernel(), st.sampled_from(list(NDIMAGE_MODES)))
def test_same_matches_scipy_ndimage_for_every_padding_mode(case, mode):
    x, k = case
    # ndimage centres an even kernel one cell further right than PyTorch: shift it back.
    origin = [(n - 1) // 2 - n // 2 for n in k.shape]
    want = ndimage.correlate(x, k, mode=NDIMAGE_MODES[mode], cval=0.0, origin=origin)
    np.testing.assert_allclose(
        feature_map(x, k, padding="same", padding_mode=mode), want, atol=1e-9
    )


@SLOW
@given(image_and_kernel())
def test_flip_is_true_convolution_like_scipy_convolve2d(case):
    x, k = case
    np.testing.assert_allclose(
        feature_map(x, k, flip=True), signal.convolve2d(x, k, mode="valid"), atol=1e-9
    )
    np.testing.assert_allclose(
        feature_map(x, k, flip=True, padding="full"),
        signal.convolve2d(x, k, mode="full"),
        atol=1e-9,
    )
    np.testing.assert_array_equal(feature_map(x, k, flip=True), feature_map(x, k[::-1, ::-1]))


@SLOW
@given(image_and_kernel(odd=True))
def test_flip_same_matches_scipy_convolve2d_for_odd_kernels(case):
    x, k = case
    np.testing.assert_allclose(
        feature_map(x, k, flip=True, padding="same"),
        signal.convolve2d(x, k, mode="same"),
        atol=1e-9,
    )


def test_flip_changes_the_answer_for_an_asymmetric_kernel():
    x = np.array([[1.0, 2.0, 3.0]])
    k = np.array([[1.0, 0.0]])
    np.testing.assert_array_equal(feature_map(x, k), [[1.0, 2.0]])
    np.testing.assert_array_equal(feature_map(x, k, flip=True), [[2.0, 3.0]])


def test_padding_modes_fill_the_border_as_pytorch_names_them():
    x = np.array([[1.0, 2.0, 3.0]])
    picker = np.array([[1.0, 0.0, 0.0]])  # reads the leftmost covered cell
    # Pad 2 columns on each side and read every position's left edge.
    np.testing.assert_array_equal(
        feature_map(x, picker, padding=((0, 0), (2, 2)), padding_mode="zeros"), [[0, 0, 1, 2, 3]]
    )
    np.testing.assert_array_equal(
        feature_map(x, picker, padding=((0, 0), (2, 2)), padding_mode="reflect"), [[3, 2, 1, 2, 3]]
    )
    np.testing.assert_array_equal(
        feature_map(x, picker, padding=((0, 0), (2, 2)), padding_mode="replicate"),
        [[1, 1, 1, 2, 3]],
    )
    np.testing.assert_array_equal(
        feature_map(x, picker, padding=((0, 0), (2, 2)), padding_mode="circular"),
        [[2, 3, 1, 2, 3]],
    )


# -- refusals --------------------------------------------------------------------------------
X = np.arange(25.0).reshape(5, 5)
K = np.ones((3, 3))


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"stride": 0}, r"stride must be at least 1"),
        ({"stride": -2}, r"stride must be at least 1"),
        ({"stride": (1, 0)}, r"stride must be at least 1"),
        ({"stride": 1.5}, r"stride must be a whole number"),
        ({"stride": True}, r"stride must be a whole number"),
        ({"stride": (1, 2, 3)}, r"stride must be one number or a pair"),
        ({"dilation": 0}, r"dilation must be at least 1"),
        ({"dilation": (2, -1)}, r"dilation must be at least 1"),
        ({"padding": -1}, r"padding cannot be negative"),
        ({"padding": (0, -1)}, r"padding cannot be negative"),
        ({"padding": ((0, 0), (-1, 2))}, r"padding cannot be negative"),
        ({"padding": "middle"}, r"Unknown padding 'middle'"),
        ({"padding": 0.5}, r"padding must be a whole number"),
        ({"padding_mode": "mirror"}, r"Unknown padding_mode 'mirror'"),
        ({"dilation": 3}, r"kernel window spans 7 rows but the padded input has only 5"),
    ],
)
def test_bad_arguments_are_refused_in_words(kwargs, words):
    with pytest.raises(ValueError, match=words):
        feature_map(X, K, **kwargs)


@pytest.mark.parametrize(
    ("x", "k", "words"),
    [
        (np.ones((2, 5)), np.ones((3, 3)), r"spans 3 rows but the padded input has only 2"),
        (np.ones((5, 2)), np.ones((3, 3)), r"spans 3 columns but the padded input has only 2"),
        (np.ones((3, 4, 4)), np.ones((2, 3, 3)), r"kernel has 2 channel\(s\) but the input has 3"),
        (np.ones((4, 4)), np.ones((3, 3, 3)), r"kernel has 3 channel\(s\) but the input has 1"),
        (np.ones((2, 4, 4)), np.ones((5, 1, 3, 3)), r"channel"),
        (np.ones((2, 4, 4)), np.ones((3, 3)), r"channel"),
        (np.ones(4), np.ones((1, 1)), r"input must be \(H, W\) or \(C, H, W\)"),
        (np.ones((1, 1, 4, 4)), np.ones((1, 1)), r"input must be \(H, W\) or \(C, H, W\)"),
        (np.ones((4, 4)), np.ones(3), r"kernel must be \(kh, kw\)"),
        (np.ones((4, 4)), np.ones((1, 1, 1, 1, 1)), r"kernel must be \(kh, kw\)"),
        (np.ones((0, 4)), np.ones((1, 1)), r"at least one cell"),
        (np.ones((4, 4)), np.ones((1, 0)), r"at least one cell"),
    ],
)
def test_impossible_shapes_are_refused_in_words(x, k, words):
    with pytest.raises(ValueError, match=words):
        feature_map(x, k)


def test_padding_makes_room_for_a_kernel_larger_than_the_input():
    assert feature_map(np.ones((2, 2)), np.ones((3, 3)), padding=1).shape == (2, 2)
    with pytest.raises(ValueError, match=r"padded input has only 4"):
        feature_map(np.ones((2, 2)), np.ones((5, 5)), padding=1)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("where", ["input", "kernel"])
def test_non_finite_values_are_refused_in_words(bad, where):
    x, k = X.copy(), K.copy()
    (x if where == "input" else k)[1, 2] = bad
    with pytest.raises(ValueError, match=rf"The {where} holds a value that is not a finite number"):
        feature_map(x, k)


def test_non_finite_values_in_a_later_channel_are_refused():
    x = np.zeros((3, 4, 4))
    x[2, 3, 3] = np.nan
    with pytest.raises(ValueError, match=r"input .*not a finite number"):
        feature_map(x, np.ones((3, 2, 2)))


@pytest.mark.parametrize(
    ("stride", "dilation"), [(1, 1), (2, 1), ((2, 1), (1, 2)), ((1, 3), (2, 1))]
)
def test_a_photo_sized_input_matches_scipy(stride, dilation):
    # Large enough that the fast path works in several bands of rows.
    rng = np.random.default_rng(3)
    x = rng.random((2, 900, 700))
    k = rng.normal(size=(2, 2, 3, 3))
    got = feature_map(x, k, stride=stride, dilation=dilation, padding="same")
    (sy, sx), (dy, dx) = as_pair(stride), as_pair(dilation)
    pads = resolve_pads("same", x.shape[1:], (3, 3), (sy, sx), (dy, dx))
    padded = np.pad(x, ((0, 0), *pads))
    for n in range(2):
        dilated = np.zeros((2, 2 * dy + 1, 2 * dx + 1))
        dilated[:, ::dy, ::dx] = k[n]
        want = sum(signal.correlate(padded[c], dilated[c], mode="valid") for c in range(2))
        np.testing.assert_allclose(got[n], want[::sy, ::sx], atol=1e-9)


def test_each_thread_reuses_its_own_scratch_buffer():
    bigger = thread_scratch((1000, 1000), np.float64)  # made, or grown, on demand
    assert (bigger.shape, bigger.dtype) == ((1000, 1000), np.float64)
    smaller = thread_scratch((2, 3, 5), np.float32)  # another shape and type, same memory
    assert (smaller.shape, smaller.dtype) == ((2, 3, 5), np.float32)
    assert np.shares_memory(bigger, smaller)
    with ThreadPoolExecutor(1) as other:
        theirs = other.submit(thread_scratch, (1000, 1000), np.float64).result()
    assert not np.shares_memory(bigger, theirs)
