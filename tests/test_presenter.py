"""The presenter view: the lesson on the projector, captions, notes, the next step and a clock
on the laptop, keys and a clicker driving both; off with one screen.

The logic runs on the offscreen platform (one screen; a second is pretended where the
test says so).  The real two-screen case runs in a subprocess under Xvfb with two
screens, skipped only where no such X server can be started.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from conv_reference import SEED_MAP
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea
from window_helpers import child, message

import convviz.qt.window.presenter
from convviz.core.assets import bundled_lessons
from convviz.core.explain import next_step_text
from convviz.lesson.files import find_lesson, load_lesson
from convviz.qt.grids.grid_view import GridView

TESTS = Path(__file__).parent


@pytest.fixture
def seed_window(window):
    window.session.adopt(load_lesson(bundled_lessons()["seed"]), None)
    return window


@pytest.fixture
def two_screens(monkeypatch):
    """Pretend the one offscreen screen has a neighbour (the projector)."""
    monkeypatch.setattr(convviz.qt.window.presenter, "other_screen", lambda screen: screen)


def present(qtbot, window):
    window.classroom.presenter_action.trigger()
    presenter = window.classroom.presenter.window
    assert presenter is not None
    qtbot.addWidget(presenter)
    qtbot.waitExposed(presenter)
    return presenter


def test_with_one_screen_f6_says_so_and_changes_nothing(qtbot, seed_window):
    seed_window.classroom.presenter_action.trigger()
    assert seed_window.classroom.presenter.window is None
    assert "second screen" in message(seed_window)
    assert not seed_window.isFullScreen()


def test_f6_is_a_window_key_listed_in_the_key_list(seed_window):
    from convviz.qt.window.help_overlay import KEYS

    assert seed_window.classroom.presenter_action.shortcut().toString() == "F6"
    assert "F6" in dict(KEYS)


def test_the_next_step_preview_gives_the_answer_before_the_class_sees_it(seed_window):
    model = seed_window.model
    model.seek(1)
    text = next_step_text(model)
    assert "Step 2 of 25" in text
    assert text.splitlines()[1].endswith(f"= {SEED_MAP[0, 1]:g}")
    assert "middle-left" in text  # the caption of the step to come
    model.end()
    assert "complete" in next_step_text(model)


def test_the_next_step_preview_follows_pooling_and_the_transposed_walk():
    """Once the map was complete, the preview asked the map's walk for a step past its
    end while pooling was still to come: an IndexError in the presenter's refresh."""
    model = find_lesson("max-pooling").model
    model.seek(model.total_steps)
    assert model.next_stage == "pooling"
    assert "→ pooled cell (row 0, column 0)" in next_step_text(model)
    model.step()
    assert "→ pooled cell (row 0, column 1)" in next_step_text(model)
    while model.step():
        pass
    assert "complete" in next_step_text(model)
    transposed = find_lesson("transposed-stride-2").model
    assert transposed.next_stage == "transposed"
    assert next_step_text(transposed).startswith("Input cell (row 0, column 0)")


def test_the_presenter_shows_caption_notes_next_step_and_a_running_clock(
    qtbot, seed_window, two_screens
):
    seed_window.model.seek(2)
    presenter = present(qtbot, seed_window)
    assert "middle-left" in child(presenter, QLabel, "presenterCaption").text()
    assert child(presenter, QLabel, "presenterNotes").text() == seed_window.session.notes
    assert "Step 3 of 25" in child(presenter, QLabel, "presenterNext").text()
    assert child(presenter, QLabel, "presenterStep").text() == "Step 2 / 25"
    preview = child(presenter, GridView, "presenterPreview").cells.values
    np.testing.assert_array_equal(np.nan_to_num(preview, nan=-1).reshape(-1)[:4], [0, 1, 0, -1])
    clock = child(presenter, QLabel, "presenterClock")
    assert clock.text().endswith("00:00")
    assert time.strftime("%H:") in clock.text()
    assert seed_window.presenting
    assert not child(seed_window, QScrollArea, "notesScroll").isVisible()  # notes: laptop only


def test_keys_and_the_clicker_on_the_laptop_drive_the_lesson(qtbot, seed_window, two_screens):
    presenter = present(qtbot, seed_window)
    presenter.activateWindow()
    qtbot.waitUntil(presenter.isActiveWindow)
    for key in (Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_PageDown):
        qtbot.keyClick(presenter, key)
    assert seed_window.model.cursor == 3
    qtbot.keyClick(presenter, Qt.Key.Key_PageUp)
    assert seed_window.model.cursor == 2
    assert child(presenter, QLabel, "presenterStep").text() == "Step 2 / 25"
    assert "middle-left" in child(seed_window, QLabel, "captionLabel").text()


def test_the_presenter_buttons_are_the_lesson_buttons(qtbot, seed_window, two_screens):
    presenter = present(qtbot, seed_window)
    qtbot.mouseClick(
        child(presenter, QPushButton, "presenterStepButton"), Qt.MouseButton.LeftButton
    )
    qtbot.mouseClick(
        child(presenter, QPushButton, "presenterStepButton"), Qt.MouseButton.LeftButton
    )
    qtbot.mouseClick(child(presenter, QPushButton, "presenterBack"), Qt.MouseButton.LeftButton)
    assert seed_window.model.cursor == 1
    qtbot.mouseClick(child(presenter, QPushButton, "presenterPlay"), Qt.MouseButton.LeftButton)
    assert seed_window.transport.playing
    qtbot.mouseClick(child(presenter, QPushButton, "presenterPlay"), Qt.MouseButton.LeftButton)
    assert not seed_window.transport.playing


def test_the_quiz_asks_through_the_presenter_too(qtbot, seed_window, two_screens):
    qtbot.mouseClick(child(seed_window, QPushButton, "quizToggle"), Qt.MouseButton.LeftButton)
    seed_window.model.seek(1)
    presenter = present(qtbot, seed_window)
    qtbot.mouseClick(
        child(presenter, QPushButton, "presenterStepButton"), Qt.MouseButton.LeftButton
    )
    assert seed_window.classroom.marks.cell.question_mark.cell == (0, 1)
    assert seed_window.model.cursor == 1


@pytest.mark.parametrize("how", ["f6", "close"])
def test_f6_again_or_closing_the_presenter_ends_the_presentation(
    qtbot, seed_window, two_screens, how
):
    presenter = present(qtbot, seed_window)
    if how == "f6":
        seed_window.classroom.presenter_action.trigger()
    else:
        presenter.close()
    assert seed_window.classroom.presenter.window is None
    assert not seed_window.presenting
    assert not seed_window.isFullScreen()
    assert child(seed_window, QLabel, "notesLabel").isVisibleTo(seed_window)


def test_closing_the_lesson_closes_the_presenter(qtbot, seed_window, two_screens):
    present(qtbot, seed_window)
    seed_window.close()
    assert seed_window.classroom.presenter.window is None


# -- two real screens ---------------------------------------------------------------------------
def start_x_server() -> tuple[subprocess.Popen[bytes], str] | None:
    """Xvfb with a 1280×800 laptop screen and a 1920×1080 projector, or ``None``."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        return None
    for number in range(91, 99):
        if Path(f"/tmp/.X11-unix/X{number}").exists():
            continue
        server = subprocess.Popen(
            [
                xvfb,
                f":{number}",
                "-screen",
                "0",
                "1280x800x24",
                "-screen",
                "1",
                "1920x1080x24",
                "-nolisten",
                "tcp",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and server.poll() is None:
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                return server, f":{number}"
            time.sleep(0.05)
        server.kill()
        server.wait()
    return None


def test_two_real_screens_lesson_on_the_projector_presenter_on_the_laptop(tmp_path):
    started = start_x_server()
    if started is None:
        pytest.skip("no X server with two screens can be started here (Xvfb missing)")
    server, display = started
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "CONVVIZ_HOME": str(tmp_path),
        "PYTHONPATH": str(TESTS.parent),
    }
    try:
        run = subprocess.run(
            [sys.executable, str(TESTS / "two_screens_child.py")],
            env=env,
            capture_output=True,
            text=True,
            timeout=90,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert run.returncode == 0, run.stderr[-2000:]
    state = json.loads(run.stdout.strip().splitlines()[-1])
    assert state["screens"] == [[0, 0, 1280, 800], [0, 0, 1920, 1080]]
    assert state["lesson_screen"] == 1
    assert state["presenter_screen"] == 0
    assert state["lesson_full_screen"]
    assert state["lesson_size"] == [1920, 1080]
    assert state["cursor"] == 2  # the clicker's Page Down on the laptop stepped the lesson
    assert state["presenter_step"] == "Step 2 / 25"
    assert "middle-left" in state["presenter_caption"]
    assert state["presenter_caption"] == state["lesson_caption"]
    assert "Step 3 of 25" in state["presenter_next"]
    assert not state["after_f6_presenter"]
    assert not state["after_f6_full_screen"]
