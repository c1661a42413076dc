"""What the class sees (photo meaning, clip or rescale, channel shown) is lesson state.

It lives in ``model.display``, Qt-free: combo boxes show it and write only what the user
picks, lesson files save it, exports draw it.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QComboBox
from window_helpers import child, pick

from convviz import ConvModel, MainWindow, load_lesson, save_lesson
from convviz.core.display import DisplayChoices, DisplayState
from convviz.core.photo import Photo
from convviz.lesson.files import LessonError, lesson_from_dict, lesson_to_dict

RGB = (np.arange(8 * 8 * 3) * 7 % 256).astype(np.uint8).reshape(8, 8, 3)


def test_observers_hear_only_the_fields_that_changed():
    state, heard = DisplayState(), []
    state.subscribe(heard.append)
    state.update(photo_meaning="cnn layer", map_values="rescale")  # map_values unchanged
    state.update(photo_meaning="cnn layer")  # nothing changed: nobody is called
    state.point((2, 3))
    state.point((2, 3))
    state.point(None)
    assert heard == [frozenset({"photo_meaning"}), frozenset({"pointed"}), frozenset({"pointed"})]
    assert not state.choices.per_channel
    assert state.pointed is None


def test_an_unknown_choice_is_refused_and_changes_nothing():
    state = DisplayState()
    with pytest.raises(ValueError, match="input_channel: expected one of 'colour', 'red'"):
        state.update(input_channel="purple")
    with pytest.raises(TypeError):
        state.update(zoom="big")
    assert state.choices == DisplayChoices()


def test_lesson_files_keep_the_display_and_refuse_a_bad_one(tmp_path):
    model = ConvModel()
    model.display.update(map_values="clip", kernel_channel="green")
    save_lesson(tmp_path / "l.json", model)
    assert load_lesson(tmp_path / "l.json").model.display.choices == model.display.choices
    doc = lesson_to_dict(ConvModel())
    del doc["display"]  # files from before the field open with the defaults
    assert lesson_from_dict(doc).model.display.choices == DisplayChoices()
    doc["display"] = {"photo_values": "stretch"}
    with pytest.raises(LessonError, match=r"display\.photo_values: expected one of 'clip'"):
        lesson_from_dict(doc)
    doc["display"] = {"theme": "dark"}
    with pytest.raises(LessonError, match="display: unknown field 'theme'"):
        lesson_from_dict(doc)


def test_a_copy_and_an_opened_lesson_bring_their_display():
    model = ConvModel()
    model.display.update(photo_meaning="cnn layer")
    assert model.copy().display.choices.photo_meaning == "cnn layer"
    other = ConvModel()
    other.replace_with(model)
    assert other.display.choices == model.display.choices


def test_combo_boxes_show_what_code_sets_and_write_what_the_user_picks(qtbot, window):
    window.model.set_photo(Photo(RGB, "rgb.png"), colour=True, longest_side=8)
    display = window.model.display
    display.update(photo_meaning="cnn layer", input_channel="blue", map_values="clip")
    assert child(window, QComboBox, "photoMeaningCombo").currentText() == "CNN layer"
    assert child(window, QComboBox, "channelCombo").currentText() == "Blue"
    assert child(window, QComboBox, "mapDisplayCombo").currentText() == "Clip 0–255"
    assert "added into one map" in window.photo_panel.caption.text()
    # The input grid shows the blue channel's numbers, as the model now says.
    np.testing.assert_array_equal(window.input_panel.grid.cells.values, window.model.input[2])
    pick(window, "kernelChannelCombo", "Red")
    pick(window, "photoDisplayCombo", "Rescale to full range")
    assert display.choices.kernel_channel == "red"
    assert display.choices.photo_values == "rescale"
    assert display.choices.photo_meaning == "cnn layer"  # untouched by the other picks


def test_a_grey_input_resets_the_channel_choices(qtbot, window):
    window.model.set_photo(Photo(RGB, "rgb.png"), colour=True, longest_side=8)
    pick(window, "channelCombo", "Red")
    pick(window, "kernelChannelCombo", "Green")
    window.model.set_input(np.zeros((5, 5)))
    assert window.model.display.choices.input_channel == "colour"
    assert child(window, QComboBox, "channelCombo").currentText() == "Colour"
    assert child(window, QComboBox, "kernelChannelCombo").currentText() == "All"


def test_hovering_an_input_cell_lights_its_map_cells_through_the_display_state(qtbot, window):
    heard = []
    window.model.display.subscribe(heard.append)
    window.input_panel.grid.cellHovered.emit(1, 1)
    assert window.model.display.pointed == (1, 1)
    assert not window.map_panel.contributions.boundingRect().isEmpty()
    window.input_panel.grid.cellHovered.emit(-1, -1)  # a padding or outside cell: nothing
    assert window.model.display.pointed is None
    assert heard == [frozenset({"pointed"})] * 2


def test_a_window_opened_on_a_saved_lesson_shows_its_display(qtbot, tmp_path):
    model = ConvModel()
    model.display.update(map_values="clip")
    save_lesson(tmp_path / "l.json", model)
    shown = MainWindow(load_lesson(tmp_path / "l.json").model)
    qtbot.addWidget(shown)
    assert shown.map_panel.clipped
    assert child(shown, QComboBox, "mapDisplayCombo").currentText() == "Clip 0–255"
