"""Per-step captions: lesson format version 2, its migration, the window and exports.

Version 1 files must open exactly as before; a lesson is written as version 2 only
when it has captions; a version-2 file is refused by a reader of version 1 with the
"update convviz" message; the window shows the caption of the step on screen, large,
and so do exports; the caption editor writes the step on screen; class pace stops Play
at every captioned step.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from conv_reference import reference
from PIL import ImageChops
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QScrollArea, QSlider
from window_helpers import child

import convviz.lesson.files
from convviz import ConvModel, MainWindow
from convviz.core.assets import bundled_lessons
from convviz.lesson.checks import LessonError
from convviz.lesson.files import find_lesson, lesson_to_dict, load_lesson, save_lesson
from convviz.qt.window.render import offscreen_window

V1_LESSON = {
    "format": "convviz-lesson",
    "version": 1,
    "title": "Hand-written",
    "input": [[0, 1, 0], [1, 1, 1], [0, 1, 0]],
    "kernels": [{"name": "Cross", "weights": [[1, 0], [0, 1]]}],
    "step": 2,
}


def with_captions(**captions: str) -> dict:
    return {**V1_LESSON, "version": 2, "captions": captions}


# -- the file format ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["stride-2", "padding-same", "three-detectors"])
def test_every_shipped_version_1_lesson_opens_unchanged_and_stays_version_1(name):
    path = bundled_lessons()[name]
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["version"] == 1
    assert "captions" not in doc
    lesson = load_lesson(path)
    assert lesson.model.captions.items() == {}
    again = lesson_to_dict(lesson.model, lesson.title, lesson.notes)
    assert again["version"] == 1
    assert "captions" not in again
    for field in ("input", "kernels", "stride", "padding", "step"):
        assert again[field] == doc[field]


def test_a_hand_written_version_1_file_opens_as_before():
    lesson = load_lesson(json.dumps(V1_LESSON))
    want = reference(V1_LESSON["input"], V1_LESSON["kernels"][0]["weights"])
    np.testing.assert_array_equal(lesson.model.feature_map, want)
    assert lesson.model.cursor == 2
    assert lesson.model.captions.items() == {}


def test_captions_round_trip_as_version_2(tmp_path):
    lesson = load_lesson(json.dumps(with_captions(**{"2": "  Both diagonals  ", "0": "Start"})))
    assert lesson.model.captions.items() == {0: "Start", 2: "Both diagonals"}
    path = tmp_path / "captioned.json"
    save_lesson(path, lesson.model, lesson.title)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["version"] == 2
    assert doc["captions"] == {"0": "Start", "2": "Both diagonals"}
    assert load_lesson(path).model.captions.items() == {0: "Start", 2: "Both diagonals"}


def test_a_version_1_reader_refuses_a_captioned_lesson_with_update_convviz(monkeypatch):
    model = ConvModel()
    model.captions.set(2, "only the middle-left 1 matches")
    text = json.dumps(lesson_to_dict(model))
    monkeypatch.setattr(convviz.lesson.files, "VERSION", 1)  # convviz before captions
    with pytest.raises(LessonError, match=r"version 2: made by a newer convviz.*update convviz"):
        load_lesson(text)


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({**V1_LESSON, "captions": {"2": "x"}}, 'a lesson with captions is "version": 2'),
        (with_captions(two="x"), "'two'|\"two\" is not a step"),
        (with_captions(**{"-1": "x"}), "is not a step"),
        (with_captions(**{"2": 5}), r'captions\["2"\]: .*must be text'),
        (with_captions(**{"2": "x" * 401}), "keep it under 400"),
        ({**V1_LESSON, "version": 2, "captions": ["x"]}, "captions: expected"),
    ],
)
def test_bad_captions_are_refused_naming_the_field(doc, message):
    with pytest.raises(LessonError, match=message):
        load_lesson(json.dumps(doc))


def test_a_caption_past_the_end_of_the_walk_is_kept_for_a_longer_walk(tmp_path):
    model = ConvModel()
    model.captions.set(20, "late")
    model.set_stride(2)  # nine steps now
    path = tmp_path / "late.json"
    save_lesson(path, model)
    reopened = load_lesson(path).model
    assert reopened.captions.at(20) == "late"
    reopened.set_stride(1)
    reopened.seek(20)
    assert reopened.captions.at(reopened.cursor) == "late"


def test_the_seed_lesson_narrates_its_teaching_points():
    captions = load_lesson(bundled_lessons()["seed"]).model.captions
    assert "middle-left" in captions.at(2)  # the worked example
    assert "stride" in captions.at(2).lower()
    assert "not only 0 and 1" in captions.at(14)
    last = captions.at(25)
    assert "5×5" in last
    assert "lost" in last
    assert "3×3" in last


# -- the window -----------------------------------------------------------------------------------
def caption_label(window) -> QLabel:
    return child(window, QLabel, "captionLabel")


def open_seed(window):
    window.session.adopt(load_lesson(bundled_lessons()["seed"]), None)


def test_the_caption_of_the_step_on_screen_shows_large_under_the_grids(qtbot, window):
    open_seed(window)
    label = caption_label(window)
    window.model.seek(2)
    assert label.isVisible()
    assert "middle-left" in label.text()
    arithmetic = child(window, QLabel, "arithmeticPanel")
    assert label.font().pixelSize() > arithmetic.font().pixelSize()
    grids = child(window, QLabel, "operatorLabel")
    assert (
        label.mapTo(window, label.rect().topLeft()).y()
        > grids.mapTo(window, grids.rect().bottomLeft()).y()
    )
    window.model.seek(3)
    assert not label.isVisible()


def test_the_caption_editor_writes_the_step_on_screen(qtbot, window):
    window.model.seek(4)
    edit = child(window, QLineEdit, "captionEdit")
    qtbot.keyClicks(edit, "the window meets the nose")
    assert window.model.captions.at(4) == "the window meets the nose"
    assert caption_label(window).text() == "the window meets the nose"
    assert window.session.unsaved
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(edit, Qt.Key.Key_PageDown)  # a clicker mid-sentence: the words stay
    assert window.model.cursor == 5
    assert edit.text() == ""
    assert window.model.captions.at(4) == "the window meets the nose"
    window.model.seek(4)
    assert edit.text() == "the window meets the nose"
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)  # an empty caption is no caption
    assert window.model.captions.items() == {}
    assert not caption_label(window).isVisible()


def test_a_caption_typed_in_the_window_is_saved_as_version_2(qtbot, window, tmp_path):
    window.model.seek(2)
    qtbot.keyClicks(child(window, QLineEdit, "captionEdit"), "one match")
    path = tmp_path / "mine.json"
    assert window.session.save(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["version"] == 2
    assert doc["captions"] == {"2": "one match"}


def test_exports_draw_the_captions(qtbot):
    def picture(model):
        with MainWindow.camera(model, (1280, 720), 1.0) as shoot:
            return shoot(2)

    plain = ConvModel()
    captioned = ConvModel()
    captioned.captions.set(2, "Only the middle-left 1 matches")
    difference = ImageChops.difference(picture(plain), picture(captioned)).getbbox()
    assert difference is not None
    assert difference[3] - difference[1] > 20  # a line of large text, not a stray pixel


def test_an_exported_caption_sits_under_the_grids_with_no_scroll_bar(qtbot):
    """Once a course page's title went above the grids, the caption went there too; and
    a scroll bar from an earlier, narrower fit stayed beside a caption that fitted."""
    windows = []

    def make_window(model):
        windows.append(MainWindow(model))
        return windows[-1]

    with offscreen_window(find_lesson("seed").model, (1280, 720), 1.0, make_window) as shoot:
        shoot(2)
        window = windows[0]
        scroll = child(window, QScrollArea, "captionScroll")
        grids = child(window, QLabel, "operatorLabel")
        top = scroll.mapTo(window, scroll.rect().topLeft()).y()
        assert top > grids.mapTo(window, grids.rect().bottomLeft()).y()
        assert scroll.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff


def test_class_pace_pauses_play_at_every_captioned_step(qtbot, window):
    window.model.captions.replace({3: "look here", 5: "and here"})
    child(window, QSlider, "speedSlider").setValue(child(window, QSlider, "speedSlider").maximum())
    child(window, QCheckBox, "classPaceCheck").setChecked(True)
    play = child(window, QPushButton, "playButton")
    for stop in (3, 5):
        qtbot.mouseClick(play, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not play.isChecked())
        assert window.model.cursor == stop
        assert caption_label(window).isVisible()
    child(window, QCheckBox, "classPaceCheck").setChecked(False)
    qtbot.mouseClick(play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not play.isChecked(), timeout=5000)
    assert window.model.finished


def test_closing_the_window_lets_the_captions_go(qtbot):
    model = ConvModel()
    window = MainWindow(model)
    qtbot.addWidget(window)
    window.close()
    assert model.captions.observers == ()
    assert model.step_hold is None
    np.testing.assert_equal(model.cursor, 0)


def test_a_long_caption_never_makes_a_1024_by_768_window_taller(qtbot, window):
    window.model.captions.set(2, "A long caption for a small projector. " * 10)
    window.fit_screen(QSize(1024, 768))
    window.resize(1024, 768)
    window.model.seek(2)
    qtbot.waitUntil(lambda: window.width() == 1024)
    assert window.minimumSizeHint().height() <= 768
    assert window.height() == 768
    assert caption_label(window).isVisible()  # it scrolls instead


def test_a_short_caption_is_shown_whole_on_a_1280_by_720_window(qtbot, window):
    open_seed(window)
    window.model.seek(2)
    label = caption_label(window)
    scroll = label.parentWidget().parentWidget()
    qtbot.waitUntil(lambda: scroll.height() >= label.heightForWidth(label.width()))
