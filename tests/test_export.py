"""``convviz export`` run as a user runs it, on a machine with no display at all."""

from __future__ import annotations

import contextlib
import gc
import io
import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import convviz
from convviz import ConvModel, ExportError
from convviz.core.patterns import SEED_INPUT, SEED_KERNEL
from convviz.export.exporter import export as export_to
from convviz.lesson.files import save_lesson

SIZE = "640x360"
SEED_MAP = convviz.feature_map(SEED_INPUT, SEED_KERNEL)


SOURCE = str(Path(convviz.__file__).resolve().parents[1])  # this checkout, from any folder


def headless_env() -> dict[str, str]:
    hidden = {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    return {**{k: v for k, v in os.environ.items() if k not in hidden}, "PYTHONPATH": SOURCE}


def export(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "convviz", "export", *args],
        cwd=cwd,
        env=headless_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def exported(*args: str, cwd: Path) -> None:
    result = export(*args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # not a terminal: no progress bar, and no Qt chatter


def test_gif_is_the_whole_walk_holding_the_first_and_last_frame(tmp_path):
    exported("walk.gif", "--size", SIZE, "--fps", "5", cwd=tmp_path)
    with Image.open(tmp_path / "walk.gif") as gif:
        assert gif.size == (640, 360)
        assert gif.n_frames == 25 + 1  # the start, then one frame per step
        durations = []
        for index in range(gif.n_frames):
            gif.seek(index)
            durations.append(gif.info["duration"])
        assert gif.info["loop"] == 0
    assert durations[0] == durations[-1] == 4 * 200
    assert set(durations[1:-1]) == {200}
    assert [p.name for p in tmp_path.iterdir()] == ["walk.gif"]


def test_a_lesson_file_with_stride_two_gives_ten_frames(tmp_path):
    save_lesson(tmp_path / "stride.json", ConvModel(stride=2), "Stride 2")
    exported("stride.json", "walk.gif", "--size", SIZE, cwd=tmp_path)
    with Image.open(tmp_path / "walk.gif") as gif:
        assert gif.n_frames == 9 + 1


def test_png_is_the_lesson_at_its_saved_step(tmp_path):
    model = ConvModel()
    model.seek(2)
    save_lesson(tmp_path / "step2.json", model)
    exported("step2.json", "step.png", "--size", "800x450", cwd=tmp_path)
    exported("step2.json", "start.png", "--size", "800x450", "--scale", "0.8", cwd=tmp_path)
    with Image.open(tmp_path / "step.png") as png:
        assert png.size == (800, 450)
        assert png.format == "PNG"


def test_a_folder_gets_one_numbered_png_per_step(tmp_path):
    exported("stride-2", "frames", "--size", SIZE, cwd=tmp_path)
    names = sorted(p.name for p in (tmp_path / "frames").iterdir())
    assert names == [f"frame-{n:04d}.png" for n in range(10)]
    with Image.open(tmp_path / "frames" / "frame-0009.png") as last:
        assert last.size == (640, 360)


def test_an_existing_folder_keeps_other_files_but_not_old_frames(tmp_path):
    folder = tmp_path / "frames"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    (folder / "frame-0030.png").write_bytes(b"from a longer export")
    exported("stride-2", str(folder), "--size", SIZE, cwd=tmp_path)
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"frame-{n:04d}.png" for n in range(10)] + ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["frames"]


def test_csv_holds_the_feature_map_exactly(tmp_path):
    exported("map.csv", cwd=tmp_path)
    np.testing.assert_array_equal(np.loadtxt(tmp_path / "map.csv", delimiter=","), SEED_MAP)
    # Thirds and ninths too, to the last bit: the numbers are written by repr.
    weights = np.array([[1 / 3, 0.1, -1 / 9], [0, 2 / 7, 1e-17], [1, 1, 1 / 3]])
    save_lesson(tmp_path / "odd.json", ConvModel(SEED_INPUT * 0.7, weights, stride=(1, 2)))
    exported("odd.json", "odd.csv", cwd=tmp_path)
    expected = convviz.feature_map(SEED_INPUT * 0.7, weights, stride=(1, 2))
    assert np.loadtxt(tmp_path / "odd.csv", delimiter=",").tobytes() == expected.tobytes()


def test_npy_holds_the_feature_map(tmp_path):
    exported("padding-same", "map.npy", cwd=tmp_path)
    expected = convviz.feature_map(SEED_INPUT, SEED_KERNEL, padding="same")
    np.testing.assert_array_equal(np.load(tmp_path / "map.npy"), expected)


@pytest.mark.parametrize("target", ["walk.gif", "map.csv", "frames"])
def test_an_unwritable_place_is_refused_and_leaves_nothing(tmp_path, target):
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    result = export(f"notes.txt/{target}", "--size", SIZE, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"convviz export: cannot write notes.txt/{target}: Not a directory\n"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_failed_export_keeps_the_earlier_file(tmp_path):
    (tmp_path / "walk.gif").write_bytes(b"an earlier export")
    result = export("walk.gif", "--scale", "9", cwd=tmp_path)
    assert result.returncode == 2
    assert "scale 9: use 0.5 to 3" in result.stderr
    assert (tmp_path / "walk.gif").read_bytes() == b"an earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["walk.gif"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["walk.jpg"], "cannot export to a .jpg file: end the name with .gif, .png"),
        (["walk.gif", "--fps", "0"], "fps 0: use 0.01 to 50 frames per second"),
        (["walk.gif", "--fps", "0.001"], "fps 0.001: use 0.01 to 50 frames per second"),
        (["walk.gif", "--fps", "nan"], "fps nan: use 0.01 to 50"),
        (["map.csv", "--scale", "9"], "scale 9: use 0.5 to 3"),
        (["map.npy", "--fps", "0"], "fps 0: use 0.01"),
        ([""], "OUTPUT is empty: name a file"),
        (["walk.gif", "--size", "20x20"], "size 20×20: each side must be 64 to 7680"),
        (["walk.gif", "--size", "big"], "expected WIDTHxHEIGHT in pixels like 1280x720"),
        (["nope.json", "walk.gif"], "cannot open lesson nope.json: no such file"),
    ],
)
def test_bad_options_say_what_to_change(tmp_path, args, message):
    result = export(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_help_shows_examples_for_a_newcomer(tmp_path):
    result = export("--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "convviz export walk.gif" in result.stdout
    assert ".csv" in result.stdout
    top = subprocess.run(
        [sys.executable, "-m", "convviz", "--help"], capture_output=True, text=True, check=True
    )
    assert "convviz export [LESSON] OUTPUT" in top.stdout
    assert "convviz my-lesson.json" in top.stdout


def test_a_terminal_sees_a_progress_bar(tmp_path):
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "convviz", "export", "stride-2", "walk.gif", "--size", SIZE],
        cwd=tmp_path,
        env=headless_env(),
        stdout=subprocess.DEVNULL,
        stderr=terminal,
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closes when the export ends
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    assert process.wait(timeout=120) == 0
    assert b"\r[" in shown
    assert b"] 1/10" in shown
    assert b"[" + b"#" * 30 + b"] 10/10" in shown


def test_ctrl_c_stops_the_export_and_leaves_nothing(tmp_path):
    (tmp_path / "walk.gif").write_bytes(b"an earlier export")
    process = subprocess.Popen(
        [sys.executable, "-m", "convviz", "export", "padding-same", "walk.gif"],
        cwd=tmp_path,
        env=headless_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".walk.gif~*.part")) and time.monotonic() < deadline:
        time.sleep(0.01)  # the temporary file appears when the export begins
    process.send_signal(signal.SIGINT)
    _, error = process.communicate(timeout=120)
    assert process.returncode == 130
    assert error == "convviz export: interrupted; walk.gif was not written\n"
    assert [p.name for p in tmp_path.iterdir()] == ["walk.gif"]
    assert (tmp_path / "walk.gif").read_bytes() == b"an earlier export"


def test_export_from_python_reports_progress_and_leaves_the_lesson_alone(qtbot, tmp_path):
    from convviz import MainWindow, export_lesson

    model = ConvModel(stride=2)
    model.seek(4)
    window = MainWindow(model)  # a class watching this model must not see it move
    qtbot.addWidget(window)
    moves = []
    model.subscribe(moves.append)
    calls = []
    export_lesson(
        model, tmp_path / "walk.gif", size=(640, 360), progress=lambda *a: calls.append(a)
    )
    assert calls == [(n, 10) for n in range(1, 11)]
    assert model.cursor == 4
    assert moves == []


def test_numbers_and_lesson_files_need_no_qt(tmp_path):
    """A notebook or a server script can save lessons and export the map without Qt."""
    code = (
        "import sys, convviz\n"
        "from convviz import export_lesson, load_lesson, save_lesson\n"
        f"save_lesson({str(tmp_path / 'l.json')!r}, convviz.ConvModel(stride=2))\n"
        f"export_lesson(load_lesson({str(tmp_path / 'l.json')!r}), {str(tmp_path / 'm.csv')!r})\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
    assert np.loadtxt(tmp_path / "m.csv", delimiter=",").shape == (3, 3)


def test_an_existing_file_with_no_ending_is_refused_before_anything_is_drawn(tmp_path):
    (tmp_path / "frames").write_text("a file, not a folder")
    drawn = []

    @contextlib.contextmanager
    def camera(model, size, scale, words):
        drawn.append(size)
        yield lambda step: Image.new("RGB", size)

    with pytest.raises(ExportError, match="frames exists and is not a folder"):
        export_to(ConvModel(), tmp_path / "frames", camera=camera)
    assert drawn == []
    assert (tmp_path / "frames").read_text() == "a file, not a folder"


#: A terminal's Ctrl+C: a background job of a script (CI runs the 3.13 suite so) starts
#: with SIGINT ignored, and a press before the program began would be lost.
AS_A_TERMINAL = (
    "import runpy, signal, sys\nsignal.signal(signal.SIGINT, signal.default_int_handler)\n"
)
INTERRUPTED = {
    "convviz export: interrupted; walk.gif was not written\n",
    "convviz export: interrupted; nothing was written\n",
}


def interrupted(code: str, delay: float, cwd: Path) -> tuple[int, str]:
    """Ctrl+C ``delay`` seconds after ``code`` printed ``ready``: its exit code and stderr."""
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=headless_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "ready\n"
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, error = process.communicate(timeout=120)
    return process.returncode, error


@pytest.mark.parametrize(
    ("code", "delays"),
    [
        pytest.param(
            # python -m convviz: NumPy, Pillow, the lesson, Qt and the window load after
            # "ready".  Ctrl+C while ``import convviz`` loaded NumPy printed a traceback:
            # it came before any code of the program could catch it.
            "sys.argv = ['convviz', 'export', 'walk.gif']\n"
            "print('ready', flush=True)\n"
            "runpy.run_module('convviz', run_name='__main__', alter_sys=True)\n",
            (0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 1.0),
            id="python -m convviz",
        ),
        pytest.param(
            # The command itself, from its first line on: the lesson read, Qt starting.
            "from convviz.cli.app import main\n"
            "print('ready', flush=True)\n"
            "sys.exit(main(['export', 'walk.gif']))\n",
            (0.0, 0.05),
            id="main()",
        ),
    ],
)
def test_ctrl_c_at_any_moment_of_the_start_says_so_in_one_line(tmp_path, code, delays):
    for delay in delays:
        status, error = interrupted(AS_A_TERMINAL + code, delay, tmp_path)
        assert status == 130, (delay, error)
        assert error in INTERRUPTED, delay
        assert list(tmp_path.iterdir()) == []


def test_ctrl_c_while_the_window_command_starts_says_so_in_one_line(tmp_path):
    """``convviz LESSON``: NumPy and the lesson load before any window (here: no display)."""
    code = AS_A_TERMINAL + (
        "sys.argv = ['convviz', 'seed']\n"
        "print('ready', flush=True)\n"
        "runpy.run_module('convviz', run_name='__main__', alter_sys=True)\n"
    )
    assert interrupted(code, 0.05, tmp_path) == (130, "convviz: interrupted\n")


def test_a_long_gif_holds_no_more_frames_in_memory_than_a_short_one(tmp_path):
    """Pillow's own multi-frame save kept a copy of every frame until the end."""
    alive = []

    def picture(step: int) -> Image.Image:
        image = Image.new("RGB", (64, 64), (250, 250, 250))
        image.paste((20, 20, 20), (step % 28 * 2, step // 28 * 2, step % 28 * 2 + 4, 64))
        return image

    @contextlib.contextmanager
    def camera(model, size, scale, words):
        yield picture

    def count(done, total):
        if done % 100 == 0:
            gc.collect()
            alive.append(sum(isinstance(o, Image.Image) for o in gc.get_objects()))

    model = ConvModel(np.zeros((30, 30)), np.ones((3, 3)))  # 784 steps
    export_to(model, tmp_path / "walk.gif", size=(64, 64), camera=camera, progress=count)
    assert max(alive) - min(alive) <= 2
    with Image.open(tmp_path / "walk.gif") as gif:
        assert gif.n_frames == 785
        for step in (0, 1, 200, 784):
            gif.seek(step)
            assert np.array_equal(np.asarray(gif.convert("RGB")), np.asarray(picture(step)))


def test_a_streamed_gif_is_as_small_as_pillows_own():
    """Frames of a real walk: each step changes a few cells, written as a small delta."""
    from convviz.export.gif_stream import GifStream

    rng = np.random.default_rng(3)
    base = rng.integers(0, 255, (120, 160, 3), dtype=np.uint8)
    pictures = []
    for step in range(30):
        frame = base.copy()
        frame[step * 4 : step * 4 + 4, :40] = (0, 0, 0)
        pictures.append(Image.fromarray(frame))
    palette = pictures[-1].quantize(128, dither=Image.Dither.NONE)
    frames = [p.quantize(palette=palette, dither=Image.Dither.NONE) for p in pictures]
    theirs, ours = io.BytesIO(), io.BytesIO()
    frames[0].save(theirs, format="GIF", save_all=True, append_images=frames[1:], loop=0)
    gif = GifStream(ours, palette)
    for frame in frames:
        gif.add(frame, 100)
    gif.close()
    assert len(ours.getvalue()) <= 1.05 * len(theirs.getvalue())
    with Image.open(ours) as written:
        for step in (0, 1, 29):
            written.seek(step)
            assert np.array_equal(
                np.asarray(written.convert("RGB")), np.asarray(frames[step].convert("RGB"))
            )
