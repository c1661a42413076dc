"""Photos without Qt: the shipped samples, decoding, refusals, downscaling, model inputs."""

from __future__ import annotations

import gc
import warnings
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import convviz.photo
from convviz.assets import bundled_photos
from convviz.photo import PhotoError, grey, load_photo, photo_input

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
    monkeypatch.setattr(convviz.photo, "MAX_PIXELS", 100 * 60)
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
