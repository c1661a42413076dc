"""Lesson files: exact round trips (grids, colour grids, embedded photos), a clear message
for every bad file or photo, crash-safe saving, the lessons shipped with convviz (from a
checkout and from the built wheel), and opening a lesson in the window and from the
command line."""

from __future__ import annotations

import base64
import io
import json
import os
import re
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from convviz import ConvModel
from convviz.core.assets import bundled_lessons, bundled_photos
from convviz.core.patterns import SEED_INPUT, SEED_KERNEL
from convviz.core.photo import Photo, PhotoCut, load_photo
from convviz.core.presets import PRESETS
from convviz.lesson.files import (
    Lesson,
    LessonError,
    lesson_to_dict,
    load_lesson,
    save_lesson,
)

REPO = Path(__file__).resolve().parent.parent
ODD_NUMBERS = [0.1, -0.0, 1e-300, 1 / 3, 2.0**60, -7.0, 123456.789, 5e-324]


def rich_model() -> ConvModel:
    """Every setting away from its default, a rectangular input and kernel, two kernels."""
    input = np.array(ODD_NUMBERS * 3).reshape(4, 6)
    model = ConvModel(
        input,
        [[1, 0.5, -2], [1 / 9, 0, 3]],
        stride=(1, 2),
        padding=((1, 0), (2, 1)),
        padding_mode="reflect",
        dilation=(2, 1),
        flip=True,
    )
    model.rename_kernel(0, "Kante ↗")
    model.add_kernel([[0, 1, 0], [1, 0, -1]], "縦線")
    model.set_bias(-0.25, 1)
    model.set_relu(True)
    model.seek(3)
    return model


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and a.tobytes() == b.tobytes()


def test_save_and_load_keep_every_field_exactly(tmp_path):
    model = rich_model()
    title, notes = "Faltung ∗ 畳み込み 🙂", 'Line one\n"quoted"\tand a tab'
    path = tmp_path / "lesson.json"
    save_lesson(path, model, title, notes)
    lesson = load_lesson(path)

    assert isinstance(lesson, Lesson)
    assert (lesson.title, lesson.notes) == (title, notes)
    loaded = lesson.model
    assert same_bits(loaded.input, model.input)  # -0.0, 1/3 and 5e-324 bit for bit
    assert same_bits(loaded.layer.weights, model.layer.weights)
    assert loaded.layer.names == ("Kante ↗", "縦線")
    assert loaded.layer.biases == (0.0, -0.25)
    assert loaded.layer.relu is True
    assert loaded.selected == 1
    assert loaded.stride == (1, 2)
    assert loaded.settings.padding == ((1, 0), (2, 1))
    assert loaded.settings.padding_mode == "reflect"
    assert loaded.dilation == (2, 1)
    assert loaded.flip is True
    assert loaded.cursor == 3
    assert same_bits(loaded.feature_maps, model.feature_maps)
    assert lesson_to_dict(loaded, title, notes) == lesson_to_dict(model, title, notes)


@pytest.mark.parametrize("padding", ["valid", "same", "full"])
def test_named_padding_stays_named(tmp_path, padding):
    """'same' must stay 'same' (not the cells it works out to) so resizing keeps it right."""
    save_lesson(tmp_path / "p.json", ConvModel(padding=padding))
    assert load_lesson(tmp_path / "p.json").model.settings.padding == padding


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.floats(-1e300, 1e300), min_size=3, max_size=3),  # sums must not overflow
        min_size=3,
        max_size=5,
    )
)
def test_any_finite_numbers_survive_the_file(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("h") / "lesson.json"
    model = ConvModel(np.ones((6, 6)), rows)
    save_lesson(path, model)
    assert same_bits(load_lesson(path).model.kernel, model.kernel)


def test_saved_file_is_plain_json_an_instructor_can_edit(tmp_path):
    path = tmp_path / "seed.json"
    save_lesson(path, ConvModel(), "Smiley")
    text = path.read_text(encoding="utf-8")
    assert json.loads(text)["format"] == "convviz-lesson"
    assert "    [0, 1, 0, 0, 0, 1, 0],\n" in text  # one grid row per line, whole numbers
    assert oct(path.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def test_a_hand_written_lesson_needs_only_the_grids():
    lesson = load_lesson(
        '{"format": "convviz-lesson", "version": 1, "input": [[1, 2, 3], [4, 5, 6]],'
        ' "kernels": [{"name": "Sum", "weights": [[1, 1]]}]}'
    )
    assert lesson.title == ""
    assert lesson.model.feature_map.tolist() == [[3, 5], [9, 11]]
    assert lesson.model.stride == (1, 1)
    assert lesson.model.cursor == 0


def valid() -> dict:
    return {
        "format": "convviz-lesson",
        "version": 1,
        "input": SEED_INPUT.astype(int).tolist(),
        "kernels": [{"name": "Feature detector", "weights": SEED_KERNEL.astype(int).tolist()}],
    }


def changed(**fields) -> str:
    doc = valid()
    for key, value in fields.items():
        if value is ...:
            del doc[key]
        else:
            doc[key] = value
    return json.dumps(doc)


def kernel(**fields) -> list[dict]:
    return [{**valid()["kernels"][0], **fields}]


SEED_TEXT = changed()
BAD_LESSONS = {
    "cut off": (SEED_TEXT[: len(SEED_TEXT) // 2], "ends too early, as if cut off"),
    "cut off in a string": ('{"format": "convviz-les', "ends too early"),
    "broken JSON": ('{"format": "convviz-lesson",, }', "not valid JSON: Expecting"),
    "a list": ("[1, 2, 3]", "a lesson is a JSON object"),
    "another format": (changed(format="photoshop"), 'got "photoshop"'),
    "no format": (changed(format=...), "format: a convviz lesson has"),
    "newer version": (changed(version=3), "made by a newer convviz"),
    "version as text": (changed(version="1"), "version: expected a whole number"),
    "no version": (changed(version=...), "version: missing"),
    "no input": (changed(input=...), "input: missing"),
    "no kernels": (changed(kernels=...), "kernels: missing"),
    "misspelt field": (changed(strid=[2, 2]), "unknown field 'strid'"),
    "ragged input": (changed(input=[[0, 1, 0], [1, 1], [0, 1, 0]]), "input: row 2 has 2 numbers"),
    "ragged kernel": (
        changed(kernels=kernel(weights=[[0, 0, 1], [1, 0], [0, 1, 1]])),
        "kernels[0].weights: row 2 has 2 numbers, expected 3",
    ),
    "empty input": (changed(input=[]), "input: expected rows of numbers"),
    "empty row": (changed(input=[[]]), "input: row 1 is [], expected a list of numbers"),
    "flat input": (changed(input=[1, 2, 3]), "input: row 1 is 1"),
    "text cell": (changed(input=[[0, "a"], [1, 1]]), 'input: row 1, column 2 is "a", not a number'),
    "true cell": (changed(input=[[0, True], [1, 1]]), "row 1, column 2 is true, not a number"),
    "null cell": (changed(input=[[0, None], [1, 1]]), "row 1, column 2 is null, not a number"),
    "NaN weight": (changed(kernels=kernel(weights=[[float("nan")]])), "row 1, column 1 is NaN"),
    "Infinity": (changed(input=[[float("inf"), 1]]), "row 1, column 1 is infinite"),
    "1e999": (SEED_TEXT.replace("[[0, 0, 1]", "[[1e999, 0, 1]"), "column 1 is infinite"),
    "huge integer": (SEED_TEXT.replace("[[0, 0, 1]", "[[" + "9" * 400 + ", 0, 1]"), "too large"),
    "zero stride": (changed(stride=[0, 1]), "stride: expected [rows, columns]"),
    "stride not a pair": (changed(stride=2), "stride: expected [rows, columns]"),
    "fractional stride": (changed(stride=[1.5, 1]), "stride: expected [rows, columns]"),
    # JSON's true is Python's 1 (bool is an int): a stride of true must not walk by 1.
    "true as the stride": (changed(stride=True), "stride: expected [rows, columns], two whole"),
    "true in the stride": (changed(stride=[True, 1]), "of at least 1, got [true, 1]"),
    "true as the step": (
        changed(step=True),
        "step: expected a whole number of at least 0, got true",
    ),
    "short dilation": (changed(dilation=[1]), "dilation: expected [rows, columns]"),
    "unknown padding": (changed(padding="middle"), 'padding: expected "valid", "same"'),
    "negative padding": (changed(padding=[[1, -1], [0, 0]]), "padding: expected"),
    "unknown fill": (changed(padding_mode="mirror"), "padding_mode: expected one of 'zeros'"),
    "flip as text": (changed(flip="yes"), "flip: expected true or false"),
    "relu as number": (changed(relu=1), "relu: expected true or false"),
    "negative step": (changed(step=-1), "step: expected a whole number of at least 0"),
    "step past the end": (changed(step=26), "step: 26 is past the end of the walk, which has 25"),
    "no such kernel": (changed(selected_kernel=1), "selected_kernel: expected a kernel number"),
    "no kernel at all": (changed(kernels=[]), "kernels: expected a list of one or more"),
    "nine kernels": (changed(kernels=kernel() * 9), "a layer holds at most 8"),
    "kernel not an object": (changed(kernels=[[[1]]]), "kernels[0]: expected"),
    "kernel without weights": (changed(kernels=[{"name": "x"}]), "kernels[0].weights: missing"),
    "nameless kernel": (changed(kernels=kernel(name=" ")), "kernels[0].name: empty"),
    "kernel field typo": (changed(kernels=kernel(bais=1)), "kernels[0]: unknown field 'bais'"),
    "text bias": (changed(kernels=kernel(bias="x")), 'kernels[0].bias is "x", not a number'),
    "kernels of two sizes": (
        changed(kernels=[*kernel(), {"name": "b", "weights": [[1, 1], [1, 1]]}]),
        "kernels[1].weights: 2×2, but kernels[0] is 3×3",
    ),
    "kernel larger than the input": (
        changed(input=[[1, 1], [1, 1]]),
        "do not fit together: The kernel window spans 3 rows",
    ),
    "title as number": (changed(title=5), "title: expected text in quotes, got 5"),
    "a 5000-digit number": (
        SEED_TEXT.replace("[[0, 0, 1]", "[[" + "9" * 5000 + ", 0, 1]"),
        "a number has more than 4300 digits",
    ),
    "a field twice": (
        SEED_TEXT.replace('"version": 1,', '"version": 1, "stride": [1, 1], "stride": [2, 2],'),
        "the field 'stride' is given twice; keep one of them",
    ),
    "a kernel field twice": (
        changed(kernels=kernel()).replace('"name": ', '"bias": 1, "bias": 2, "name": '),
        "the field 'bias' is given twice",
    ),
    "a kernel larger than the walk shows": (
        changed(
            input=np.zeros((20, 20)).tolist(), kernels=kernel(weights=np.ones((16, 16)).tolist())
        ),
        "The kernel is 16×16, larger than the 15×15 convviz walks step by step",
    ),
    "an input larger than the walk shows": (
        changed(input=np.zeros((3, 513)).tolist()),
        "The input is 3×513, larger than the 512×512 convviz walks step by step",
    ),
}


@pytest.mark.parametrize(("text", "message"), BAD_LESSONS.values(), ids=BAD_LESSONS)
def test_a_bad_lesson_is_refused_with_a_message_naming_the_problem(tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LessonError, match=re.escape(message)):
        load_lesson(path)


def test_a_newer_lesson_says_to_update_convviz():
    with pytest.raises(ValueError, match=r"version 7: made by a newer convviz.*update convviz"):
        load_lesson(changed(version=7))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"hello, this is not a lesson", "not valid JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not a text file"),
        ("\ufeff" + SEED_TEXT, None),  # Notepad's byte-order mark is fine
        (SEED_TEXT.encode("utf-16-le"), "not UTF-8 text: it looks like UTF-16"),
        (SEED_TEXT.encode("utf-16-be"), "not UTF-8 text: it looks like UTF-16"),
        (SEED_TEXT.encode("utf-16"), "not UTF-8 text: it looks like UTF-16"),
    ],
)
def test_file_contents_that_are_not_json(tmp_path, content, message):
    path = tmp_path / "lesson.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    if message is None:
        assert load_lesson(path).model.total_steps == 25
    else:
        with pytest.raises(LessonError, match=re.escape(message)):
            load_lesson(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(LessonError, match="No such file"):
        load_lesson(tmp_path / "nope.json")
    with pytest.raises(LessonError, match="a folder, not a file"):
        load_lesson(tmp_path)


# -- colour grids and photos ---------------------------------------------------------------
def colour_model() -> ConvModel:
    """A drawn colour grid: three channels of odd numbers and two per-channel kernels."""
    input = np.array(ODD_NUMBERS * 9).reshape(3, 4, 6)
    model = ConvModel(input, np.arange(12.0).reshape(3, 2, 2) / 7, padding="same")
    model.add_kernel(-np.ones((3, 2, 2)), "Dunkel")
    model.set_bias(0.5, 0)
    model.seek(5)
    return model


def test_a_colour_grid_without_a_photo_keeps_every_channel(tmp_path):
    model = colour_model()
    save_lesson(tmp_path / "colour.json", model, "RGB")
    doc = json.loads((tmp_path / "colour.json").read_text(encoding="utf-8"))
    assert np.array(doc["input"]).shape == (3, 4, 6)
    assert np.array(doc["kernels"][1]["weights"]).shape == (3, 2, 2)

    loaded = load_lesson(tmp_path / "colour.json").model
    assert same_bits(loaded.input, model.input)
    assert same_bits(loaded.layer.weights, model.layer.weights)
    assert (loaded.channels, loaded.cursor, loaded.selected) == (3, 5, 1)
    assert loaded.photo is None
    assert lesson_to_dict(loaded) == lesson_to_dict(model)


def test_rows_alone_weigh_every_channel_of_a_colour_grid_alike():
    colour = [[[1, 2], [3, 4]], [[10, 20], [30, 40]], [[100, 200], [300, 400]]]
    lesson = load_lesson(changed(input=colour, kernels=kernel(weights=[[1, 0], [0, 1]])))
    assert lesson.model.layer.weights.shape == (1, 3, 2, 2)
    assert lesson.model.feature_map.tolist() == [[555]]  # (1 + 4) + (10 + 40) + (100 + 400)


PIXELS = np.random.default_rng(7).integers(0, 256, (20, 30, 3), dtype=np.uint8)
GREY_PIXELS = np.repeat(PIXELS[..., :1], 3, axis=2)
PHOTO_VIEWS = {
    "colour, shrunk": {"colour": True, "longest_side": 12, "region": None},
    "grey, full size": {"colour": False, "longest_side": None, "region": None},
    "grey patch": {"colour": False, "longest_side": 16, "region": (3, 5, 9, 14)},
    "colour patch": {"colour": True, "longest_side": 8, "region": (11, 0, 9, 30)},
}


@pytest.mark.parametrize("pixels", [PIXELS, GREY_PIXELS], ids=["colour photo", "grey photo"])
@pytest.mark.parametrize("view", PHOTO_VIEWS.values(), ids=PHOTO_VIEWS)
def test_a_photo_is_embedded_and_comes_back_exactly(tmp_path, pixels, view):
    photo = Photo(pixels, "Straße.png", "downscaled from 60×40")
    model = ConvModel(stride=(1, 2))
    model.set_photo(photo, **view)
    model.add_kernel(None, "Kopie")
    model.set_relu(True)
    model.seek(7)
    path = tmp_path / "photo.json"
    save_lesson(path, model, "Foto")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert "input" not in doc  # the numbers are cut from the photo, not repeated

    loaded = load_lesson(path).model
    assert same_bits(loaded.photo.pixels, pixels)
    assert loaded.photo.name == "Straße.png"
    assert loaded.photo_cut == model.photo_cut  # a region stays a tuple
    assert same_bits(loaded.input, model.input)
    assert same_bits(loaded.layer.weights, model.layer.weights)
    assert (loaded.cursor, loaded.selected, loaded.layer.relu) == (7, 1, True)
    save_lesson(tmp_path / "again.json", loaded, "Foto")
    assert (tmp_path / "again.json").read_bytes() == path.read_bytes()


def test_a_grid_painted_after_the_cut_is_saved_as_painted_without_the_photo():
    model = ConvModel()
    model.set_photo(Photo(PIXELS, "p.png"), region=(0, 0, 6, 6))
    model.set_input_cell(2, 3, -0.5)
    doc = lesson_to_dict(model)
    assert "photo" not in doc
    assert same_bits(load_lesson(json.dumps(doc)).model.input, model.input)


def png_text(pixels: np.ndarray = PIXELS, format: str = "PNG") -> str:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format=format)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def photo_lesson(lesson: dict | None = None, **photo) -> str:
    """A valid photo lesson with ``lesson``'s and ``photo``'s fields changed (``...`` deletes)."""
    fields = {"name": "p.png", "png": png_text(), **photo}
    fields = {key: value for key, value in fields.items() if value is not ...}
    return changed(**{"input": ..., "photo": fields, **(lesson or {})})


def test_a_hand_written_photo_lesson_needs_only_the_png():
    model = load_lesson(photo_lesson(name=...)).model
    assert model.photo.name == "photo"
    assert model.photo_cut == PhotoCut(colour=False, longest_side=16, region=None)
    assert model.input.shape == (11, 16)  # 20×30 shrunk to 16 along the longer side


def test_a_photo_path_is_read_beside_the_lesson_and_embedded_when_saved(tmp_path):
    (tmp_path / "photos").mkdir()
    Image.fromarray(PIXELS).save(tmp_path / "photos" / "cat.png")
    path = tmp_path / "lesson.json"
    path.write_text(
        photo_lesson(png=..., name=..., path="photos/cat.png", region=[1, 2, 5, 5]),
        encoding="utf-8",
    )
    model = load_lesson(path).model
    assert model.photo.name == "cat.png"
    assert same_bits(model.photo.pixels, PIXELS)
    assert model.input.shape == (5, 5)
    assert set(lesson_to_dict(model)["photo"]) == {
        "name",
        "png",
        "colour",
        "longest_side",
        "region",
    }
    assert same_bits(load_lesson(json.dumps(lesson_to_dict(model))).model.input, model.input)


def truncated_png() -> str:
    data = base64.b64decode(png_text())
    return base64.b64encode(data[: len(data) // 2]).decode("ascii")


def png_claiming(width: int, height: int) -> str:
    """A PNG whose header claims ``width``×``height``: only the header is ever read."""
    data = bytearray(base64.b64decode(png_text()))
    data[16:24] = width.to_bytes(4, "big") + height.to_bytes(4, "big")
    data[29:33] = zlib.crc32(bytes(data[12:29])).to_bytes(4, "big")  # IHDR's checksum
    return base64.b64encode(bytes(data)).decode("ascii")


BAD_PHOTOS_AND_COLOURS = {
    "not base64": (photo_lesson(png="iVBOR%%w0KGgo="), "photo.png: not valid base64"),
    "base64 cut off": (photo_lesson(png=png_text()[:-3]), "photo.png: not valid base64"),
    "PNG cut off": (photo_lesson(png=truncated_png()), "photo.png: the PNG is damaged or cut off"),
    "a JPEG": (photo_lesson(png=png_text(format="JPEG")), "photo.png: not a PNG image"),
    "not an image": (
        photo_lesson(png=base64.b64encode(b"hello, world").decode()),
        "photo.png: not a PNG image",
    ),
    "empty": (photo_lesson(png=""), "photo.png: not a PNG image"),
    "over 50 megapixels": (
        photo_lesson(png=png_claiming(10_000, 6_000)),
        "photo.png: the photo is 10000×6000 pixels, over the 50 megapixels",
    ),
    "png as numbers": (photo_lesson(png=[1, 2]), "photo.png: expected a PNG image as base64"),
    "region outside": (
        photo_lesson(region=[15, 0, 6, 6]),
        "photo.region: [15, 0, 6, 6] reaches outside the photo, which is 30 pixels wide and 20",
    ),
    "region of three": (photo_lesson(region=[0, 0, 6]), "photo.region: expected null or [top,"),
    "empty region": (photo_lesson(region=[0, 0, 0, 6]), "photo.region: expected null or"),
    "negative region": (photo_lesson(region=[-1, 0, 6, 6]), "photo.region: expected null or"),
    "zero longest side": (
        photo_lesson(longest_side=0),
        "photo.longest_side: expected a whole number of at least 1",
    ),
    "colour as text": (photo_lesson(colour="yes"), "photo.colour: expected true or false"),
    "name as number": (photo_lesson(name=1), "photo.name: expected text"),
    "no png, no path": (photo_lesson(png=...), 'photo: give "png"'),
    "png and path": (photo_lesson(path="p.png"), "exactly one of the two"),
    "photo field typo": (photo_lesson(colur=True), "photo: unknown field 'colur'"),
    "photo not an object": (changed(input=..., photo="p.png"), "photo: expected {"),
    "photo and input": (
        changed(photo={"png": png_text()}),
        'input: leave it out when the lesson has a "photo"',
    ),
    "two channels": (
        changed(input=[[[1]], [[2]]]),
        "input: 2 channels, but a colour grid has 3",
    ),
    "channels of two sizes": (
        changed(input=[[[1, 1]], [[2, 2]], [[3]]]),
        "input[2]: 1×1, but input[0] is 1×2",
    ),
    "colour kernel on a grey photo": (
        photo_lesson({"kernels": kernel(weights=[[[1]], [[1]], [[1]]])}),
        "kernels[0].weights: 3 channels, but the input has 1",
    ),
    "kernel larger than the cut": (
        photo_lesson(region=[0, 0, 2, 2]),
        "do not fit together: The kernel window spans 3 rows",
    ),
}


@pytest.mark.parametrize(
    ("text", "message"), BAD_PHOTOS_AND_COLOURS.values(), ids=BAD_PHOTOS_AND_COLOURS
)
def test_a_bad_photo_is_refused_with_a_message_naming_the_field(text, message):
    with pytest.raises(LessonError, match=re.escape(message)):
        load_lesson(text)


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing.png", "photo.path: there is no photo at "), ("notes.png", "photo.path: notes.png")],
)
def test_a_photo_path_that_is_missing_or_not_an_image_is_named(tmp_path, name, message):
    (tmp_path / "notes.png").write_text("not an image", encoding="utf-8")
    path = tmp_path / "lesson.json"
    path.write_text(photo_lesson(png=..., path=name), encoding="utf-8")
    with pytest.raises(LessonError, match=re.escape(message)) as refused:
        load_lesson(path)
    assert name in str(refused.value)


def test_a_lesson_with_a_broken_photo_leaves_the_window_as_it_was(qtbot, window, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(photo_lesson(png=truncated_png()), encoding="utf-8")
    window.model.set_input_cell(0, 0, 5.0)
    window.model.seek(3)
    before = lesson_to_dict(window.model)
    with qtbot.waitSignal(window.adapter.refused) as refused:
        assert not window.session.open(path)
    assert "photo.png: the PNG is damaged or cut off" in refused.args[0]
    assert lesson_to_dict(window.model) == before


# -- crash-safe saving ---------------------------------------------------------------
@pytest.mark.parametrize("failing", ["fsync", "replace"])
@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_crash_while_saving_keeps_the_old_file_and_leaves_no_debris(
    tmp_path, monkeypatch, failing, error
):
    path = tmp_path / "lesson.json"
    save_lesson(path, ConvModel(), "The old lesson")
    before = path.read_bytes()

    def crash(*args, **kwargs):
        raise error

    monkeypatch.setattr(os, failing, crash)
    with pytest.raises(type(error)):
        save_lesson(path, ConvModel(stride=2), "The new lesson")
    monkeypatch.undo()

    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["lesson.json"]
    assert load_lesson(path).title == "The old lesson"


def test_saving_over_a_file_keeps_its_permissions(tmp_path):
    path = tmp_path / "private.json"
    save_lesson(path, ConvModel())
    path.chmod(0o600)
    save_lesson(path, ConvModel(stride=2))
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_lesson(path).model.stride == (2, 2)


def test_saving_into_a_missing_folder_fails_cleanly(tmp_path):
    with pytest.raises(FileNotFoundError):
        save_lesson(tmp_path / "no" / "lesson.json", ConvModel())
    assert list(tmp_path.iterdir()) == []


def _umask() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


# -- shipped lessons -------------------------------------------------------------------
def test_shipped_lessons_open_with_their_titles_and_notes():
    lessons = {name: load_lesson(path) for name, path in bundled_lessons().items()}
    assert set(lessons) == {
        "seed",
        "stride-2",
        "padding-same",
        "three-detectors",
        "edge-detection-photo",
        "max-pooling",
        "transposed-stride-2",
    }
    for name, lesson in lessons.items():
        assert lesson.title
        assert len(lesson.notes) > 40
        assert bundled_lessons()[name].stat().st_size < 100_000
    seed = lessons["seed"].model
    np.testing.assert_array_equal(seed.input, SEED_INPUT)
    np.testing.assert_array_equal(seed.kernel, SEED_KERNEL)
    assert (seed.total_steps, seed.cursor) == (25, 0)
    assert lessons["stride-2"].model.feature_map.shape == (3, 3)
    assert lessons["padding-same"].model.feature_map.shape == (7, 7)


def test_the_shipped_layer_lesson_has_three_named_detectors_on_the_smiley():
    model = load_lesson(bundled_lessons()["three-detectors"]).model
    np.testing.assert_array_equal(model.input, SEED_INPUT)
    np.testing.assert_array_equal(model.kernel, SEED_KERNEL)  # the walk starts on the seed's
    assert model.layer.names == ("Feature detector", "Diagonal ↘", "Horizontal line")
    assert model.feature_maps.shape == (3, 5, 5)
    assert model.feature_maps[2, 4, 2] == 3  # the mouth: the one perfect match, as the notes say


def test_the_shipped_photo_lesson_walks_a_patch_of_an_embedded_photo():
    model = load_lesson(bundled_lessons()["edge-detection-photo"]).model
    shipped = load_photo(bundled_photos()["camera.png"]).pixels
    assert model.photo.pixels.shape == (128, 128, 3)  # camera.png's 512×512, shrunk
    assert abs(model.photo.pixels.astype(int).mean() - shipped.astype(int).mean()) < 1
    assert model.photo_cut == PhotoCut(colour=False, longest_side=16, region=(16, 36, 12, 12))
    assert model.input.shape == (12, 12)
    np.testing.assert_array_equal(model.kernel, PRESETS["Edge detect"])
    assert (model.feature_map.shape, model.total_steps) == ((10, 10), 100)
    assert abs(model.feature_map[0, 0]) < 10 < 100 < abs(model.feature_map[0, 9])  # step 10


def test_the_built_wheel_carries_the_lessons(tmp_path):
    """An installed convviz finds its lessons inside the package, not in a checkout."""
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=120,
    )
    (wheel,) = tmp_path.glob("convviz-*.whl")
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import convviz, convviz.core.assets as a, convviz.lesson.files as f\n"
        "print(convviz.__file__)\n"
        "print(a.assets_dir())\n"
        "print(sorted((n, f.load_lesson(p).model.total_steps)"
        " for n, p in a.bundled_lessons().items()))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    package, assets, lessons = result.stdout.splitlines()
    assert Path(package).parent == site / "convviz"
    assert Path(assets) == site / "convviz" / "assets"
    assert lessons == (
        "[('edge-detection-photo', 100), ('max-pooling', 25), ('padding-same', 49), ('seed', 25),"
        " ('stride-2', 9), ('three-detectors', 25), ('transposed-stride-2', 4)]"
    )


# -- opening a lesson ----------------------------------------------------------------------
def test_the_window_opened_on_a_lesson_shows_it(qtbot, tmp_path):
    from PySide6.QtWidgets import QLabel, QTableView

    from convviz.cli.app import open_window
    from convviz.qt.grids.grid_view import GridView

    model = rich_model()
    save_lesson(tmp_path / "rich.json", model, "Edges")
    window = open_window(load_lesson(tmp_path / "rich.json"))
    qtbot.addWidget(window)

    assert window.windowTitle().startswith("Edges")
    shown_input = window.findChild(GridView, "inputGrid").cells.values
    np.testing.assert_array_equal(shown_input, model.padded_input)  # reflect-padded border
    table = window.findChild(QTableView, "kernelEditor")
    shown = [[table.model().index(r, c).data() for c in range(3)] for r in range(2)]
    assert shown == [["0", "1", "0"], ["1", "0", "−1"]]  # the selected kernel, "縦線"
    revealed = window.findChild(GridView, "featureMap").cells.values
    np.testing.assert_array_equal(revealed, model.revealed)
    assert window.findChild(QLabel, "stepLabel").text().startswith(f"Step 3 / {model.total_steps}")


def run_convviz(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env.pop("QT_QPA_PLATFORM", None)
    env["PYTHONPATH"] = str(REPO)  # this checkout, not whichever convviz is installed
    return subprocess.run(
        [sys.executable, "-m", "convviz", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "missing.json",
            None,
            f"no such file (shipped lessons: {', '.join(bundled_lessons())})",
        ),
        ("ragged.json", changed(input=[[0, 1], [1]]), "input: row 2 has 1 numbers, expected 2"),
        ("new.json", changed(version=3), "made by a newer convviz"),
    ],
)
def test_command_refuses_a_bad_lesson_in_one_line(tmp_path, name, content, message):
    if content is not None:
        (tmp_path / name).write_text(content, encoding="utf-8")
    result = run_convviz(name, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"convviz: cannot open lesson {name}: ")
    assert message in result.stderr


def test_command_reads_a_good_lesson_before_looking_for_a_display(tmp_path):
    """A good lesson gets as far as the window: here, with no display, the usual advice."""
    result = run_convviz("stride-2", cwd=tmp_path)
    assert result.returncode == 2
    assert "no display" in result.stderr
