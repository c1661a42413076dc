"""``--layout lesson``: pictures for a course page hold the lesson, not the program's controls."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QToolBar
from test_export import headless_env

import convviz
from convviz.lesson.files import find_lesson, save_lesson

WORKTREE = Path(convviz.__file__).parents[1]


def export(*args: str, cwd: Path) -> None:
    env = {**headless_env(), "PYTHONPATH": str(WORKTREE)}  # this checkout's convviz
    result = subprocess.run(
        [sys.executable, "-m", "convviz", "export", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def pixels(image: QImage) -> np.ndarray:
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    data = np.frombuffer(bytes(rgb.constBits()), np.uint8)
    return data.reshape(rgb.height(), rgb.bytesPerLine())[:, : 3 * rgb.width()].reshape(
        rgb.height(), rgb.width(), 3
    )


def test_a_lesson_layout_export_has_no_menu_bar_settings_or_buttons(qtbot, window, tmp_path):
    # Untitled: a course page's title would stand where the menu bar stands.
    save_lesson(tmp_path / "untitled.json", find_lesson("stride-2").model)
    export("untitled.json", "whole.png", cwd=tmp_path)
    export("untitled.json", "lesson.png", "--layout", "lesson", cwd=tmp_path)
    menu = window.menuBar()
    strip = pixels(window.grab(menu.geometry()).toImage()).astype(int)  # the window's own
    rows, cols = strip.shape[:2]

    def top_strip(name: str) -> np.ndarray:
        with Image.open(tmp_path / name) as png:
            assert png.size == (1280, 720)  # the requested size, either way
            return np.asarray(png.convert("RGB"))[:rows, :cols].astype(int)

    assert np.abs(top_strip("whole.png") - strip).mean() < 4  # the menu bar, as on screen
    assert np.abs(top_strip("lesson.png") - strip).mean() > 20  # no menu bar
    with Image.open(tmp_path / "lesson.png") as png:
        bottom = np.asarray(png.convert("RGB"))[-40:]
    bar = window.findChild(QToolBar, "transportToolBar")
    buttons = pixels(window.grab(bar.geometry()).toImage()).astype(int)
    assert np.abs(bottom[-buttons.shape[0] :, : buttons.shape[1]] - buttons).mean() > 20


def test_the_window_can_export_the_lesson_only(qtbot, window, tmp_path):
    from PySide6.QtGui import QAction
    from window_helpers import child

    from convviz.qt.window.export_dialog import export_with_progress

    child(window, QAction, "exportLessonOnlyAction").trigger()
    assert export_with_progress(window, str(tmp_path / "lesson.png"))
    menu_height = window.menuBar().height()
    with Image.open(tmp_path / "lesson.png") as png:
        top = np.asarray(png.convert("RGB"))[:menu_height]
    strip = pixels(window.grab(window.menuBar().geometry()).toImage()).astype(int)
    assert np.abs(top[:, : strip.shape[1]].astype(int) - strip).mean() > 20


def test_a_lesson_layout_export_is_headed_by_the_lessons_title(tmp_path):
    save_lesson(tmp_path / "untitled.json", find_lesson("stride-2").model)
    export("untitled.json", "untitled.png", "--layout", "lesson", cwd=tmp_path)
    export("stride-2", "titled.png", "--layout", "lesson", cwd=tmp_path)
    with Image.open(tmp_path / "titled.png") as page:
        heading = np.asarray(page.convert("RGB"))[:30].astype(int)
    with Image.open(tmp_path / "untitled.png") as plain:
        panel_titles = np.asarray(plain.convert("RGB"))[:30].astype(int)
    # The same lesson, so only the words differ: "Stride 2: a smaller map" above the panels.
    assert np.abs(heading - panel_titles).mean() > 10
