"""Lesson files and exports carry the pooling and transposed stages; old files open unchanged."""

from __future__ import annotations

import json

import numpy as np
import pytest

from convviz import ConvModel, LessonError, export_lesson, load_lesson, save_lesson
from convviz.core.assets import bundled_lessons
from convviz.lesson.files import lesson_from_dict, lesson_to_dict


def test_shipped_max_pooling_lesson_pools_the_seed_map() -> None:
    model = load_lesson(bundled_lessons()["max-pooling"]).model
    assert model.cursor == 25
    assert model.pooling.enabled
    assert model.pooling.cursor == 0
    model.step()
    assert model.pooling.cursor == 1
    model.end()
    assert model.pooling.pooled.tolist() == [[1.0, 1.0], [4.0, 2.0]]


def test_shipped_transposed_lesson_stamps_two_by_two_blocks() -> None:
    model = load_lesson(bundled_lessons()["transposed-stride-2"]).model
    assert model.transposed.enabled
    model.end()
    x, k = np.array([[1, 2, 0], [0, 1, 3], [2, 0, 1]]), np.array([[1, 2], [0, 1]])
    assert model.transposed.output.tolist() == np.kron(x, k).tolist()


def test_stages_survive_a_save_and_open(tmp_path) -> None:
    model = ConvModel()
    model.pooling.configure(kind="avg", size=(3, 3), stride=(1, 2), padding=(1, 1))
    model.pooling.set_enabled(True)
    model.end()
    model.pooling.seek(2)
    path = tmp_path / "pool.json"
    save_lesson(path, model, "Average pooling")
    again = load_lesson(path).model
    assert again.pooling.settings == model.pooling.settings
    assert again.pooling.cursor == 2
    np.testing.assert_array_equal(again.pooling.pooled, model.pooling.pooled)


def test_a_lesson_without_stages_is_saved_without_them() -> None:
    doc = lesson_to_dict(ConvModel())
    assert "pooling" not in doc
    assert "transposed" not in doc
    seed = json.loads(bundled_lessons()["seed"].read_text(encoding="utf-8"))
    model = lesson_from_dict(seed).model
    assert not model.pooling.enabled
    assert not model.transposed.enabled


def _with(field: str, value: object) -> dict:
    doc = lesson_to_dict(ConvModel())
    doc[field] = value
    return doc


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pooling", {"kind": "median"}, "pooling.kind: expected one of 'max', 'avg'"),
        ("pooling", {"size": [0, 2]}, "pooling.size: expected [rows, columns]"),
        ("pooling", {"size": [6, 6]}, "pooling: The pooling window spans 6 rows"),
        ("pooling", {"padding": [2, 2]}, "pooling: Padding 2 is more than half"),
        ("pooling", {"step": 1}, "pooling.step: pooling walks the complete map"),
        ("pooling", {"sise": [2, 2]}, "pooling: unknown field 'sise'"),
        ("pooling", [2, 2], "pooling: expected an object"),
        ("transposed", {"stride": "2"}, "transposed.stride: expected [rows, columns]"),
        ("transposed", {"output_padding": [2, 2]}, "transposed: output_padding 2"),
        ("transposed", {"step": 99}, "transposed.step: 99 is past the end"),
    ],
)
def test_bad_stage_fields_are_named(field: str, value: object, message: str) -> None:
    with pytest.raises(LessonError, match=message.replace("[", r"\[").replace("]", r"\]")):
        lesson_from_dict(_with(field, value))


def test_map_exports_hold_the_pooled_map_when_pooling_is_on(tmp_path) -> None:
    lesson = load_lesson(bundled_lessons()["max-pooling"])
    export_lesson(lesson, tmp_path / "map.csv")
    export_lesson(lesson, tmp_path / "map.npy")
    assert (tmp_path / "map.csv").read_text() == "1.0,1.0\n4.0,2.0\n"
    assert np.load(tmp_path / "map.npy").tolist() == [[1.0, 1.0], [4.0, 2.0]]


def test_frames_export_walks_the_map_then_pooling(tmp_path) -> None:
    lesson = load_lesson(bundled_lessons()["max-pooling"])
    lesson.model.reset()
    export_lesson(lesson, tmp_path / "frames", size=(640, 360))
    assert len(list((tmp_path / "frames").glob("frame-*.png"))) == 25 + 4 + 1


def test_position_counts_the_whole_lesson() -> None:
    model = ConvModel()
    model.pooling.set_enabled(True)
    assert model.positions == 29
    model.go_to(27)
    assert (model.cursor, model.pooling.cursor, model.position) == (25, 2, 27)
    model.go_to(3)
    assert (model.cursor, model.pooling.cursor) == (3, 0)
    model.transposed.set_enabled(True)
    assert model.positions == 49  # every input cell stamps
    model.go_to(5)
    assert model.transposed.cursor == 5
