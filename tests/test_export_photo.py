"""Exports of a photo lesson show what the class sees: the whole photo and the notes."""

from __future__ import annotations

import contextlib

import numpy as np
import pytest
from PIL import Image
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox, QSpinBox, QWidget
from window_helpers import child

import convviz
from convviz import ConvModel, MainWindow
from convviz.export import NO_WORDS, Words
from convviz.lesson.files import find_lesson
from convviz.qt.window.export_dialog import export_with_progress
from convviz.qt.window.main_window import STALE_NOTES

LESSON = "edge-detection-photo"


@pytest.fixture
def photo_window(window):
    """The real window at 1280×720 with the shipped photo lesson open, as a class sees it."""
    window.session.open_shipped(LESSON)
    return window


def region(picture: np.ndarray, window: MainWindow, widget: QWidget) -> np.ndarray:
    """The pixels of ``widget`` in a picture of ``window`` (both 1280×720)."""
    top_left = widget.mapTo(window, widget.rect().topLeft())
    x, y = top_left.x(), top_left.y()
    return picture[y : y + widget.height(), x : x + widget.width()].astype(int)


def live_picture(window: MainWindow) -> np.ndarray:
    image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    data = np.frombuffer(bytes(image.constBits()), np.uint8)
    rows = data.reshape(image.height(), image.bytesPerLine())[:, : 3 * image.width()]
    return rows.reshape(image.height(), image.width(), 3)


def test_a_copy_of_a_photo_lesson_keeps_its_photo_and_cut():
    model = find_lesson(LESSON).model
    twin = model.copy()
    assert twin.photo is model.photo
    assert twin.photo_cut == model.photo_cut
    np.testing.assert_array_equal(twin.filter_photo(), model.filter_photo())


def test_an_exported_photo_lesson_shows_the_whole_photo_and_the_notes_as_the_window_does(
    qtbot, photo_window, tmp_path
):
    convviz.export_lesson(find_lesson(LESSON), tmp_path / "step.png")
    with Image.open(tmp_path / "step.png") as png:
        exported = np.asarray(png.convert("RGB"))
    live = live_picture(photo_window)
    assert exported.shape == live.shape == (720, 1280, 3)
    photo = region(exported, photo_window, photo_window.photo_panel.view)
    notes = region(exported, photo_window, photo_window.notes)
    # The photo view: the filtered photo's black and white edges, as on screen.
    assert photo.std() > 40
    assert np.abs(photo - region(live, photo_window, photo_window.photo_panel.view)).mean() < 2
    # The notes: lines of text where the window writes them.
    assert notes.std() > 20
    assert np.abs(notes - region(live, photo_window, photo_window.notes)).mean() < 2


def test_a_gif_frame_of_a_photo_lesson_has_the_whole_photo(qtbot, photo_window):
    """Every frame is drawn by the same camera, at every step (here the last one)."""
    model = photo_window.model
    with MainWindow.camera(model.copy(), (1280, 720), 1.0, NO_WORDS) as shoot:
        frame = np.asarray(shoot(model.positions))
    photo = region(frame, photo_window, photo_window.photo_panel.view)
    assert photo.std() > 40


def test_a_course_page_carries_the_title_the_notes_and_the_photo_without_its_controls(qtbot):
    lesson = find_lesson(LESSON)
    page = MainWindow.exported(
        lesson.model.copy(), words=Words(lesson.title, lesson.notes), lesson_only=True
    )
    qtbot.addWidget(page)
    assert page.title_label.text() == "Edge detection on a photo"
    assert page.title_label.isVisibleTo(page)
    assert page.notes.text() == lesson.notes
    assert page.notes.isVisibleTo(page)
    assert page.photo_dock.isVisibleTo(page)
    assert not page.photo_panel.settings.isVisibleTo(page)
    assert not page.settings_dock.isVisibleTo(page)


def test_the_whole_window_layout_keeps_the_title_in_the_title_bar(qtbot):
    window = MainWindow.exported(ConvModel(), words=Words("Seed", "Notes"), lesson_only=False)
    qtbot.addWidget(window)
    assert not window.title_label.isVisibleTo(window)
    assert window.notes.isVisibleTo(window)


def test_the_window_exports_its_title_and_notes_as_the_class_reads_them(
    qtbot, photo_window, tmp_path, monkeypatch, answers
):
    """Notes that no longer match the lesson carry their warning into the export too."""
    answers.reply = QMessageBox.StandardButton.Discard  # the edit, when the test closes
    seen: list[Words] = []

    @contextlib.contextmanager
    def camera(model, size, scale, words):
        seen.append(words)
        yield lambda step: Image.new("RGB", size)

    monkeypatch.setattr(photo_window, "camera", camera)
    photo_window.model.set_stride(2)
    assert export_with_progress(photo_window, str(tmp_path / "step.png"))
    notes = find_lesson(LESSON).notes
    assert seen == [Words("Edge detection on a photo", STALE_NOTES + notes)]


def test_an_export_writes_the_numbers_the_window_shows_in_untouched_spin_boxes(
    qtbot, window, tmp_path
):
    """The drawn window is never shown, and Qt writes a spin box's number at its first show."""
    convviz.export_lesson(ConvModel(), tmp_path / "seed.png")
    with Image.open(tmp_path / "seed.png") as png:
        exported = np.asarray(png.convert("RGB"))
    live = live_picture(window)
    for name in ("padTopSpin", "padLeftSpin"):
        box = child(window, QSpinBox, name)
        assert box.text() == "0"
        assert np.abs(region(exported, window, box) - region(live, window, box)).mean() < 2
