"""Photos without Qt: the samples, decoding, refusals, downscaling, inputs, the whole filter."""

from __future__ import annotations

import gc
import warnings
from pathlib import Path

import numpy as np
import pytest
from conv_reference import NP_MODES, as_pair, fill_fits, resolve_pads
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image
from strategies import grid, one_or_pair, padding_specs, small_ints

import convviz.core.photo
from convviz import ConvModel, feature_map
from convviz.core.assets import bundled_photos
from convviz.core.photo import Photo, PhotoError, grey, load_photo, photo_input

SAMPLES = bundled_photos()
REQUIRED = ("camera.png", "chelsea.png", "coffee.png")


def test_the_samples_are_shipped_with_their_credits():
    assert set(REQUIRED) <= set(SAMPLES)
    credits = (next(iter(SAMPLES.values())).parent / "CREDITS.md").read_text(encoding="utf-8")
    for name in SAMPLES:
        line = next(line for line in credits.splitlines() if line.startswith(f"| {name} |"))
        assert "CC0" in line or "public domain" in line


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_sample_decodes_to_rgb_bytes(name):
    photo = load_photo(SAMPLES[name])
    with Image.open(SAMPLES[name]) as image:
        expected = np.asarray(image.convert("RGB"))
    assert photo.name == name
    assert photo.note == ""
    assert photo.pixels.dtype == np.uint8
    assert photo.pixels.shape == (*expected.shape[:2], 3)
    np.testing.assert_array_equal(photo.pixels, expected)


def test_a_file_that_is_not_an_image_is_refused_by_name(tmp_path):
    path = tmp_path / "notes.png"
    path.write_text("this is a shopping list, not a photo")
    with pytest.raises(PhotoError, match=r"notes\.png is not an image"):
        load_photo(path)


def test_a_missing_file_is_refused_by_name(tmp_path):
    with pytest.raises(PhotoError, match=r"gone\.jpg: no such file"):
        load_photo(tmp_path / "gone.jpg")


def _truncated(tmp_path: Path, sample: str) -> Path:
    data = SAMPLES[sample].read_bytes()
    path = tmp_path / f"cut-{sample}"
    path.write_bytes(data[: len(data) // 2])
    return path


@pytest.mark.parametrize("sample", ["coffee.png", "rocket.jpg"])
def test_a_truncated_photo_is_refused_by_name(tmp_path, sample):
    path = _truncated(tmp_path, sample)
    with pytest.raises(PhotoError, match=rf"cut-{sample.replace('.', '[.]')}.*truncated"):
        load_photo(path)


def test_a_refused_photo_leaves_no_file_open(tmp_path):
    path = _truncated(tmp_path, "coffee.png")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(PhotoError):
            load_photo(path)
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]


def test_an_enormous_photo_is_downscaled_with_a_note(tmp_path, monkeypatch):
    monkeypatch.setattr(convviz.core.photo, "MAX_PIXELS", 100 * 60)
    photo = load_photo(SAMPLES["coffee.png"])  # 600×400 = 40 times the limit
    height, width = photo.pixels.shape[:2]
    assert height * width <= 100 * 60
    assert photo.note == f"downscaled from 600×400 to {width}×{height}"


@pytest.fixture(scope="module")
def coffee() -> np.ndarray:
    return load_photo(SAMPLES["coffee.png"]).pixels


def test_grey_input_is_pillows_luma(coffee):
    out = photo_input(coffee)
    assert out.shape == (400, 600)
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, np.asarray(Image.fromarray(coffee).convert("L")))
    np.testing.assert_array_equal(out, grey(coffee))


def test_colour_input_is_channels_first(coffee):
    out = photo_input(coffee, colour=True)
    assert out.shape == (3, 400, 600)
    np.testing.assert_array_equal(np.moveaxis(out, 0, -1), coffee)


@pytest.mark.parametrize(("side", "shape"), [(16, (11, 16)), (64, (43, 64)), (8, (5, 8))])
def test_longest_side_shrinks_the_whole_photo(coffee, side, shape):
    out = photo_input(coffee, longest_side=side)
    assert out.shape == shape
    expected = Image.fromarray(coffee).resize(shape[::-1], Image.Resampling.BOX).convert("L")
    np.testing.assert_array_equal(out, np.asarray(expected))
    assert photo_input(coffee, colour=True, longest_side=side).shape == (3, *shape)


def test_a_region_is_cut_at_full_resolution(coffee):
    top, left = 100, 250
    out = photo_input(coffee, colour=True, region=(top, left, 12, 10))
    assert out.shape == (3, 12, 10)
    np.testing.assert_array_equal(np.moveaxis(out, 0, -1), coffee[top : top + 12, left : left + 10])
    grey_patch = photo_input(coffee, region=(top, left, 12, 10), longest_side=4)  # region wins
    np.testing.assert_array_equal(grey_patch, grey(coffee)[top : top + 12, left : left + 10])


def test_a_small_photo_is_not_enlarged(tmp_path: Path):
    pixels = np.arange(6 * 4 * 3, dtype=np.uint8).reshape(6, 4, 3)
    assert photo_input(pixels, longest_side=16).shape == (6, 4)


# -- the whole filtered photo (the live filter's float32 path) against feature_map ----------
@st.composite
def photo_lessons(draw):
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    stride, dilation = draw(one_or_pair), draw(one_or_pair)
    (dy, dx), colour = as_pair(dilation), draw(st.booleans())
    height = draw(st.integers(dy * (kh - 1) + 1, 20))
    width = draw(st.integers(dx * (kw - 1) + 1, 20))
    padding, mode = draw(padding_specs), draw(st.sampled_from(list(NP_MODES)))
    pads = resolve_pads(padding, (height, width), (kh, kw), stride, dilation)
    assume(fill_fits(mode, (height, width), pads))  # else refused, as PyTorch refuses it
    return {
        "pixels": draw(arrays(np.uint8, (height, width, 3))),
        "colour": colour,
        "kernel": grid(draw, (3, kh, kw) if colour else (kh, kw), small_ints),
        "stride": stride,
        "dilation": dilation,
        "padding": padding,
        "padding_mode": mode,
        "flip": draw(st.booleans()),
        "bias": draw(small_ints),
        "relu": draw(st.booleans()),
        "per_channel": draw(st.booleans()),
    }


@settings(max_examples=120, deadline=None)
@given(photo_lessons())
def test_the_whole_filtered_photo_is_feature_map_on_the_photo(lesson):
    model = ConvModel()
    height, width = lesson["pixels"].shape[:2]
    model.set_kernel(np.reshape(lesson["kernel"], (-1, *np.shape(lesson["kernel"])[-2:]))[0])
    model.set_photo(  # after the kernel: the seed's 3×3 may not fit a tiny photo
        Photo(lesson["pixels"], "random"),
        colour=lesson["colour"],
        longest_side=max(height, width),  # the walk's input is the whole photo
    )
    model.set_kernel(lesson["kernel"])
    model.set_dilation(lesson["dilation"])
    model.set_stride(lesson["stride"])
    model.set_padding(lesson["padding"], lesson["padding_mode"])
    model.set_flip(lesson["flip"])
    model.set_bias(lesson["bias"])
    model.set_relu(lesson["relu"])

    source = photo_input(lesson["pixels"], colour=lesson["colour"])
    planes = source.reshape(-1, height, width)
    weights = np.reshape(lesson["kernel"], (len(planes), *np.shape(lesson["kernel"])[-2:]))
    args = {
        name: lesson[name] for name in ("stride", "dilation", "padding", "padding_mode", "flip")
    }
    if lesson["per_channel"]:  # each channel through its own slice of the kernel
        want = np.stack([feature_map(p, w, **args) for p, w in zip(planes, weights, strict=True)])
    else:  # the CNN layer's sum over channels
        want = feature_map(planes, weights, **args)
    want = want + lesson["bias"]
    want = np.maximum(want, 0) if lesson["relu"] else want

    got = model.filter_photo(per_channel=lesson["per_channel"])
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, want)  # integer pixels and weights: exact in float32
