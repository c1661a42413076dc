"""Faults a class produces: any text typed, any number in a spin box, any file opened.

Every refusal must say why and change nothing; every acceptance must leave a lesson whose
maps are right.  Exceptions escaping into Qt fail the test (pytest-qt).
"""

from __future__ import annotations

import base64
import contextlib
import errno
import json
import math
import os
import re
import stat
import struct
import subprocess
import sys
import textwrap
import time
import warnings
import zlib
from pathlib import Path

import numpy as np
import pytest
from conv_reference import NP_MODES, assert_sums_close
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QSpinBox, QTableView
from window_helpers import SPIN_NAMES, child, message

import convviz
from convviz import ConvModel
from convviz.core.assets import bundled_lessons
from convviz.core.explain import arithmetic_text, as_factor, products_line
from convviz.core.numbers import format_number, parse_number
from convviz.core.photo import Photo, PhotoError, load_photo
from convviz.core.walk import Step
from convviz.export.exporter import ExportError, export
from convviz.lesson.files import VERSION, Lesson, LessonError, load_lesson, save_lesson

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


# -- files on disk that are not what they seem -------------------------------------------
# A hang cannot be caught inside the test process, so these run convviz in a child process
# with a timeout: before the fixes each of them waited forever.
SOURCE = str(Path(convviz.__file__).resolve().parents[1])


def run_python(code: str, *, cwd: Path, home: Path, timeout: float = 60):
    """``python -c code`` with this checkout's convviz, offscreen, its state in ``home``."""
    env = {
        **os.environ,
        "PYTHONPATH": SOURCE,
        "CONVVIZ_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "kind"), [("fifo", "a pipe (FIFO), not a file"), ("/dev/zero", "a device")]
)
def test_a_pipe_or_a_device_is_refused_as_a_lesson_without_reading_it(tmp_path, name, kind):
    if name == "fifo":
        os.mkfifo(tmp_path / "lesson.json")
        name = "lesson.json"
    code = f"""
        from convviz.lesson.files import LessonError, load_lesson
        try:
            load_lesson({name!r})
        except LessonError as error:
            print(error)
    """
    result = run_python(code, cwd=tmp_path, home=tmp_path, timeout=30)
    assert kind in result.stdout, result.stderr
    command = subprocess.run(
        [sys.executable, "-m", "convviz", "export", name, "map.csv"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": SOURCE},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert command.returncode == 2
    assert command.stderr == f"convviz export: cannot open lesson {name}: {kind}{''}\n" or (
        kind in command.stderr and command.stderr.count("\n") == 1
    )


def test_the_window_starts_when_its_state_files_are_pipes(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    os.mkfifo(home / "session.json")
    os.mkfifo(home / "settings.ini")
    code = """
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from convviz.cli.app import open_window
        window = open_window(None)
        print(window.findChild(type(window.message), "messageBar").text())
    """
    result = run_python(code, cwd=tmp_path, home=home, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "settings were not read (a pipe (FIFO), not a file)" in result.stdout
    assert "session could not be restored (a pipe (FIFO), not a file)" in result.stdout
    kept = sorted(p.name for p in home.iterdir())
    assert "session.unreadable.json" in kept
    assert "settings.unreadable.ini" in kept
    assert stat.S_ISFIFO((home / "session.unreadable.json").stat().st_mode)  # kept, unread


def test_a_pipe_named_like_a_photo_is_refused_and_the_program_can_exit(tmp_path):
    os.mkfifo(tmp_path / "photo.png")
    code = """
        import time
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from convviz import MainWindow
        window = MainWindow()
        window.photo_loader.load("photo.png")
        window.photo_loader.load("photo.png")  # a second one queues behind the first
        while window.photo_loader.busy:
            app.processEvents()
            time.sleep(0.01)
        print(window.findChild(type(window.message), "messageBar").text())
    """
    result = run_python(code, cwd=tmp_path, home=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "photo.png cannot be a photo: a pipe (FIFO), not a file." in result.stdout
    with pytest.raises(PhotoError, match="not a file"):
        load_photo(tmp_path)  # a folder


def test_a_photo_claiming_too_many_pixels_is_refused_with_words_not_a_warning(tmp_path):
    """Pillow only *warns* between ~89 and ~178 megapixels: the warning went to the console."""
    path = tmp_path / "huge.png"
    Image.new("L", (1, 1)).save(path)
    data = bytearray(path.read_bytes())
    data[16:24] = struct.pack(">II", 10_000, 9_000)  # IHDR width, height: 90 megapixels
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    path.write_bytes(bytes(data))
    embedded = base64.b64encode(path.read_bytes()).decode("ascii")
    without_input = {key: value for key, value in SEED.items() if key != "input"}
    lesson = json.dumps({**without_input, "photo": {"png": embedded}})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(PhotoError, match=r"huge.png \(10000×9000\) is too large to open"):
            load_photo(path)
        with pytest.raises(LessonError, match="the photo is 10000×9000 pixels, over the 50"):
            load_lesson(lesson)
    assert not caught


# -- the remembered settings and the autosaved session -----------------------------------
@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh state folder for this test (the session-wide one is shared)."""
    monkeypatch.setenv("CONVVIZ_HOME", str(tmp_path))
    return tmp_path


def started(qtbot):
    from convviz.cli.app import open_window

    window = open_window(None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.mark.parametrize(
    ("content", "note"),
    [
        ("[General]\nzoom=abc\n", "The remembered text size 'abc' is not usable"),
        ("[General]\nzoom=\n", "The remembered text size '' is not usable"),
        ("[General]\nzoom=1e308\n", "The remembered text size '1e308' is not usable"),
        ("[General]\ntheme=Neon\n", "The remembered theme 'Neon' is unknown"),
        ("", ""),
        ("[General]\nzoom=1.5\n" + "x" * 2_000_000, "settings were not read (too large"),
    ],
)
def test_a_spoilt_settings_file_never_stops_the_start(qtbot, home, content, note):
    (home / "settings.ini").write_text(content, encoding="utf-8")
    window = started(qtbot)
    assert window.zoom == 1.0
    assert note in message(window)
    assert bool(message(window)) == bool(note)


def test_a_session_with_a_4300_digit_number_is_kept_aside_and_the_window_starts(qtbot, home):
    text = (home / "session.json").write_text(
        json.dumps({**SEED, "step": 0}).replace('"step": 0', '"step": ' + "9" * 5000)
    )
    assert text
    window = started(qtbot)
    assert "more than 4300 digits" in message(window)
    assert "kept as" in message(window)
    assert (home / "session.unreadable.json").exists()


def test_a_session_from_a_newer_convviz_is_never_overwritten(qtbot, home):
    newer = json.dumps({**SEED, "version": VERSION + 1, "hologram": True})
    (home / "session.json").write_text(newer, encoding="utf-8")
    window = started(qtbot)
    kept = home / f"session.v{VERSION + 1}.json"
    assert f"update convviz to open it); it was kept as {kept}" in message(window)
    window.model.step()
    window.session.save_session()  # what the autosave does two seconds after the step
    assert kept.read_text(encoding="utf-8") == newer
    assert load_lesson(home / "session.json").model.cursor == 1


def test_lone_surrogates_in_words_are_saved_and_read_back(qtbot, home, window):
    model = ConvModel()
    model.rename_kernel(0, "edge \ud800")
    save_lesson(home / "odd.json", model, "title \udfff", "notes \\ \ud83d")
    lesson = load_lesson(home / "odd.json")
    assert (lesson.title, lesson.notes) == ("title \udfff", "notes \\ \ud83d")
    assert lesson.model.layer.names == ("edge \ud800",)
    refusals: list[str] = []
    window.adapter.refused.connect(refusals.append)
    window.session.title = "\ud800"
    window.session.save_session()  # the autosave: it used to fail without a word
    assert refusals == []
    assert load_lesson(home / "session.json").title == "\ud800"


def test_an_autosave_that_fails_says_so(qtbot, home, window, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("something unforeseen")

    monkeypatch.setattr("convviz.qt.window.lesson_session.save_lesson", broken)
    window.session.save_session()
    assert "not being saved automatically: something unforeseen" in message(window)


# -- writing: on the target's own file system, never losing what was there ----------------
class Mount:
    """``folder`` as the mount point of a second file system: a real tmpfs where the
    machine allows it (root), else one simulated by making renames across its edge fail
    with EXDEV and, read-only, every write inside it fail with EROFS, as the kernel does."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch, *, read_only: bool):
        self.folder, self.real, self.read_only = folder, False, read_only
        folder.mkdir()
        self._fill(folder)
        options = "size=8m" + (",ro" if read_only else "")
        if os.geteuid() == 0:
            self.real = (
                subprocess.run(
                    ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                    capture_output=True,
                    check=False,
                ).returncode
                == 0
            )
        if self.real and not read_only:
            self._fill(folder)
        elif self.real:  # a read-only tmpfs starts empty: fill it, then make it read-only
            subprocess.run(["mount", "-o", "remount,rw", str(folder)], check=True)
            self._fill(folder)
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        else:
            self._simulate(monkeypatch, read_only)

    def _fill(self, folder: Path) -> None:
        """Earlier frames and a file of the user's (a read-only stick: only the file)."""
        for n in range(0 if self.read_only else 10):
            (folder / f"frame-{n:04d}.png").write_bytes(b"an earlier frame")
        (folder / "notes.txt").write_text("mine")

    def inside(self, path: object) -> bool:
        resolved = Path(os.fsdecode(path)).resolve()  # type: ignore[arg-type]
        return resolved == self.folder or self.folder in resolved.parents

    def _simulate(self, monkeypatch: pytest.MonkeyPatch, read_only: bool) -> None:
        def across(real):
            def move(src, dst, *args, **kwargs):
                if self.inside(src) != self.inside(dst):
                    raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))
                if read_only and self.inside(dst):
                    raise OSError(errno.EROFS, os.strerror(errno.EROFS))
                return real(src, dst, *args, **kwargs)

            return move

        def writing(real):
            def call(path, *args, **kwargs):
                if read_only and self.inside(Path(os.fsdecode(path)).parent):
                    raise OSError(errno.EROFS, os.strerror(errno.EROFS))
                return real(path, *args, **kwargs)

            return call

        for name in ("replace", "rename"):
            monkeypatch.setattr(os, name, across(getattr(os, name)))
        if read_only:
            for name in ("mkdir", "open", "unlink"):
                monkeypatch.setattr(os, name, writing(getattr(os, name)))

    def unmount(self) -> None:
        if self.real:
            subprocess.run(["umount", str(self.folder)], check=True)


@pytest.fixture
def usb(tmp_path, monkeypatch, request):
    mount = Mount(tmp_path / "usb", monkeypatch, read_only=getattr(request, "param", False))
    yield mount.folder
    monkeypatch.undo()
    mount.unmount()


@contextlib.contextmanager
def still_camera(model, size, scale, words):
    """Pictures without Qt: the step number in the red channel."""
    yield lambda step: Image.new("RGB", size, (step % 256, 0, 0))


def test_frames_into_a_mount_point_replace_the_old_ones_and_keep_the_rest(usb):
    export(ConvModel(stride=2), usb, size=(64, 64), camera=still_camera)
    names = sorted(p.name for p in usb.iterdir())
    assert names == [f"frame-{n:04d}.png" for n in range(10)] + ["notes.txt"]
    with Image.open(usb / "frame-0009.png") as last:
        assert last.getpixel((0, 0)) == (9, 0, 0)


def test_a_failed_export_into_a_mount_point_deletes_nothing(usb):
    def stop(done, total):
        if done == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export(ConvModel(), usb, size=(64, 64), camera=still_camera, progress=stop)
    assert sorted(p.name for p in usb.iterdir())[:-1] == [f"frame-{n:04d}.png" for n in range(10)]
    assert {(usb / f"frame-{n:04d}.png").read_bytes() for n in range(10)} == {b"an earlier frame"}


@pytest.mark.parametrize("usb", [True], indirect=True)
def test_a_read_only_mount_is_called_read_only(usb):
    with pytest.raises(ExportError, match=f"cannot write {usb}: Read-only file system"):
        export(ConvModel(), usb, size=(64, 64), camera=still_camera)
    with pytest.raises(ExportError, match="Read-only file system"):
        export(ConvModel(), usb / "map.csv")
    assert [p.name for p in usb.iterdir()] == ["notes.txt"]


def test_a_name_of_250_characters_can_be_written(tmp_path):
    long = tmp_path / ("m" * 246 + ".csv")
    export(ConvModel(), long)
    save_lesson(tmp_path / ("l" * 245 + ".json"), ConvModel(), "Long")
    export(ConvModel(stride=3), tmp_path / ("f" * 250), size=(64, 64), camera=still_camera)
    assert np.loadtxt(long, delimiter=",").shape == (5, 5)
    assert len(list((tmp_path / ("f" * 250)).iterdir())) == 5
    assert len(list(tmp_path.iterdir())) == 3


def test_the_leftovers_of_a_killed_save_are_cleaned_up_but_not_a_running_ones(tmp_path):
    code = """
        import sys, time
        from pathlib import Path
        from convviz.lesson.atomic import replacing_file
        with replacing_file(Path("lesson.json")) as file:
            file.write(b"half a lesson")
            file.flush()
            print("writing", flush=True)
            time.sleep(120)
    """
    env = {**os.environ, "PYTHONPATH": SOURCE}
    writer = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline() == "writing\n"
        (leftover,) = tmp_path.glob(".lesson.json~*.part")
        save_lesson(tmp_path / "lesson.json", ConvModel(), "Saved beside a running save")
        assert leftover.exists()  # another process is still writing it
    finally:
        writer.kill()  # as kill -9 would: no clean-up runs
        writer.communicate(timeout=30)
    save_lesson(tmp_path / "lesson.json", ConvModel(stride=2), "Saved after it was killed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lesson.json"]
    assert load_lesson(tmp_path / "lesson.json").title == "Saved after it was killed"


# -- honest limits for big inputs ----------------------------------------------------------
def test_a_million_products_are_summarised_not_written_out():
    """A 1000×1000 kernel's step took 40 s to put into words; a class reads none of it."""
    rng = np.random.default_rng(1)
    values, weights = rng.integers(-3, 4, (2, 1, 1000, 1000)).astype(float)
    grid = np.zeros((1000, 1000), dtype=int)
    step = Step(0, 0, 0, grid, grid, values, weights)
    started = time.perf_counter()
    line = products_line(step)
    assert time.perf_counter() - started < 0.1
    total = sum(v * w for v, w in zip(values.flat, weights.flat, strict=True))
    first = [
        f"{as_factor(v)}×{as_factor(w)}"
        for v, w in zip(values.flat[:6], weights.flat[:6], strict=True)
    ]
    last = f"{as_factor(values.flat[-1])}×{as_factor(weights.flat[-1])}"
    assert line == " + ".join([*first, "… 999993 more products …", last]) + (
        f" = {format_number(total)}"
    )
    small = Step(0, 0, 0, grid[:3, :3], grid[:3, :3], values[:, :3, :3], weights[:, :3, :3])
    assert "more products" not in products_line(small)


def test_a_colour_photos_big_kernel_is_summarised_channel_by_channel():
    """675 products (three channels of 15×15) took the window 30 ms a step to lay out;
    three channels of 7×7 (147) are still written out whole."""
    rng = np.random.default_rng(2)

    def colour_step(side: int) -> Step:
        values, weights = rng.integers(0, 256, (2, 3, side, side)).astype(float)
        grid = np.zeros((side, side), dtype=int)
        return Step(0, 0, 0, grid, grid, values, weights)

    lines = products_line(colour_step(15), fractions=False).splitlines()
    assert [line.split(":")[0] for line in lines[:3]] == ["R", "G", "B"]
    assert all("… 218 more products …" in line for line in lines[:3])
    assert "more products" not in products_line(colour_step(7), fractions=False)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ConvModel(np.zeros((500, 500)), np.ones((1000, 1000))), "kernel is 1000×1000"),
        (lambda: ConvModel().set_kernel(np.ones((16, 3))), "kernel is 16×3, larger than the 15×15"),
        (lambda: ConvModel().resize_kernel(3, 16), "kernel is 3×16"),
        (lambda: ConvModel().resize_input(600, 7), "input is 600×7, larger than the 512×512"),
        (
            lambda: ConvModel().set_photo(
                Photo(np.zeros((600, 400, 3), np.uint8), "big.png"), longest_side=None
            ),
            "input is 600×400: ",
        ),
    ],
)
def test_grids_larger_than_a_class_can_watch_are_refused_naming_the_limit(call, message):
    started = time.perf_counter()
    with pytest.raises(ValueError, match=re.escape(message.rstrip(": "))):
        call()
    assert time.perf_counter() - started < 1


def test_singular_cells_are_cells_not_cellss():
    model = ConvModel(np.ones((1, 1)), np.ones((1, 1)))
    assert "1 input cell → 1 feature-map cell (1×1 → 1×1)" in arithmetic_text(model)
