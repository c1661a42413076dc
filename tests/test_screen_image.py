"""Filtered values → screen bytes: the banded one-pass conversion against plain NumPy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from convviz.core.convolution import in_bands
from convviz.core.screen_image import extremes_and_image, to_uint8


def reference_image(values: np.ndarray, levels: tuple[float, float]) -> np.ndarray:
    """What the screen should show: ``levels`` stretched over 0–255, clipped, rounded.

    Worked in float64 (the code under test works in the values' float32).
    """
    lo, hi = levels
    planes = values.reshape(-1, *values.shape[-2:]).astype(np.float64)
    if (lo, hi) != (0.0, 255.0):
        planes = (planes - lo) * (255 / (hi - lo) if hi > lo else 1.0)
    image = np.rint(np.clip(planes, 0, 255)).astype(np.uint8)
    return np.moveaxis(image, 0, -1) if len(planes) == 3 else image[0]


def assert_same_picture(got: np.ndarray, want: np.ndarray) -> None:
    """Equal, but for one grey level where float32 and float64 round differently."""
    assert got.shape == want.shape
    assert np.abs(got.astype(int) - want.astype(int)).max(initial=0) <= 1


values_arrays = st.one_of(
    arrays(np.float32, st.tuples(st.sampled_from([1, 3]), st.integers(1, 9), st.integers(1, 9))),
    arrays(np.float32, st.tuples(st.integers(1, 9), st.integers(1, 9))),
).filter(lambda v: np.isfinite(v).all() and np.abs(v).max(initial=0) < 1e30)


@given(values_arrays, st.booleans())
@example(np.array([[2.821331e-39, 0.0]], dtype=np.float32), False)  # 255/range overflows
def test_extremes_and_the_image_match_plain_numpy(values, fixed):
    levels = (0.0, 255.0) if fixed else None
    extremes, image = extremes_and_image(values, levels)
    assert extremes == (float(values.min()), float(values.max()))
    if fixed:
        np.testing.assert_array_equal(image, reference_image(values, levels))
    else:
        assert image is None
        assert_same_picture(to_uint8(values, extremes), reference_image(values, extremes))


@pytest.mark.parametrize("planes", [1, 3])
def test_a_full_hd_photo_in_many_bands_on_every_thread(planes):
    rng = np.random.default_rng(7)
    values = (rng.normal(100, 120, size=(planes, 1080, 1920))).astype(np.float32)
    values[-1, 1079, 1919], values[0, 517, 3] = 1234.5, -987.25  # extremes in far bands
    extremes, image = extremes_and_image(values, (0.0, 255.0))
    assert extremes == (-987.25, 1234.5)
    np.testing.assert_array_equal(image, reference_image(values, (0.0, 255.0)))
    assert_same_picture(to_uint8(values, extremes), reference_image(values, extremes))


@given(st.integers(1, 5000), st.integers(1, 1 << 22))
def test_bands_cover_every_row_once(height, row_bytes):
    shares = in_bands(lambda bands: bands, height, row_bytes)
    rows = sorted(row for share in shares for band in share for row in range(band.start, band.stop))
    assert rows == list(range(height))
