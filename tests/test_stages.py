"""The stages after the convolution and back, as lesson state: pooling and the transposed mode.

The pooled and transposed numbers are checked against brute-force loops written here,
not against the modules that compute them.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz import ConvModel


def brute_pool(x: np.ndarray, size: int, stride: int, kind: str) -> np.ndarray:
    out_h, out_w = (x.shape[0] - size) // stride + 1, (x.shape[1] - size) // stride + 1
    out = np.empty((out_h, out_w))
    for r in range(out_h):
        for c in range(out_w):
            window = [x[r * stride + i, c * stride + j] for i in range(size) for j in range(size)]
            out[r, c] = max(window) if kind == "max" else sum(window) / len(window)
    return out


def brute_transposed(x: np.ndarray, k: np.ndarray, stride: int, padding: int) -> np.ndarray:
    h, w = x.shape
    kh, kw = k.shape
    full = np.zeros(((h - 1) * stride + kh, (w - 1) * stride + kw))
    for r in range(h):
        for c in range(w):
            for i in range(kh):
                for j in range(kw):
                    full[r * stride + i, c * stride + j] += x[r, c] * k[i, j]
    return full[padding : full.shape[0] - padding, padding : full.shape[1] - padding]


def test_seed_map_max_pooled_two_by_two() -> None:
    model = ConvModel()
    model.pooling.set_enabled(True)
    assert model.pooling.pooled.tolist() == [[1.0, 1.0], [4.0, 2.0]]
    assert len(model.pooling) == 4


def test_step_walks_the_map_then_pooling_and_back() -> None:
    model = ConvModel()
    model.pooling.set_enabled(True)
    steps = 0
    while model.step():
        steps += 1
    assert steps == 25 + 4
    assert model.finished
    assert model.pooling.current_step.outputs.tolist() == [2.0]
    assert model.step_back()
    assert model.pooling.cursor == 3
    assert model.cursor == 25
    for _ in range(3):
        model.step_back()
    assert model.pooling.cursor == 0
    assert model.cursor == 25
    model.step_back()
    assert model.cursor == 24


def test_moving_the_map_cursor_restarts_pooling() -> None:
    model = ConvModel()
    model.pooling.set_enabled(True)
    model.end()
    assert model.pooling.cursor == 4
    model.seek(10)
    assert model.pooling.cursor == 0
    model.end()
    model.reset()
    assert (model.cursor, model.pooling.cursor) == (0, 0)


def test_pooling_off_leaves_the_walk_as_it_was() -> None:
    model = ConvModel()
    model.end()
    assert model.finished
    assert not model.step()
    assert model.pooling.pooled is None
    assert len(model.pooling) == 0


def test_pooled_map_follows_relu_and_bias() -> None:
    model = ConvModel()
    model.pooling.configure(kind="avg", size=(3, 3), stride=(1, 1))
    model.pooling.set_enabled(True)
    model.set_bias(-2)
    model.set_relu(True)
    expected = brute_pool(np.maximum(model.pre_activation[0], 0), 3, 1, "avg")
    np.testing.assert_allclose(model.pooling.pooled, expected)


def test_a_window_larger_than_the_map_is_refused_then_named_not_blocking() -> None:
    model = ConvModel()
    model.pooling.set_enabled(True)
    with pytest.raises(ValueError, match="pooling window spans 6 rows"):
        model.pooling.configure(size=(6, 6))
    assert model.pooling.settings.size == (2, 2)
    model.set_stride(4)  # the map becomes 2×2: a 2×2 window still fits
    model.set_stride(1)
    model.resize_input(3, 3)  # the map becomes 1×1: pooling cannot run, the edit stands
    assert model.input.shape == (3, 3)
    assert not model.pooling.active
    assert "pooling window" in model.pooling.problem
    model.resize_input(7, 7)
    assert model.pooling.active
    assert model.pooling.problem is None


def test_bad_pooling_settings_name_the_setting() -> None:
    model = ConvModel()
    with pytest.raises(ValueError, match="Unknown pooling kind"):
        model.pooling.configure(kind="median")
    with pytest.raises(ValueError, match="pooling stride"):
        model.pooling.configure(stride=(0, 1))


@settings(max_examples=25, deadline=None)
@given(
    st.integers(1, 3),
    st.integers(1, 3),
    st.sampled_from(["max", "avg"]),
    st.integers(0, 2**31 - 1),
)
def test_pooled_map_equals_a_brute_force_loop(size: int, stride: int, kind: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    model = ConvModel(rng.integers(-3, 4, (8, 7)), rng.integers(-2, 3, (3, 3)))
    model.pooling.configure(size=(size, size), stride=(stride, stride), kind=kind)
    model.pooling.set_enabled(True)
    np.testing.assert_allclose(
        model.pooling.pooled, brute_pool(model.feature_map, size, stride, kind)
    )
    model.end()
    assert model.pooling.cursor == model.pooling.pooled.size


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 3), st.integers(0, 1), st.integers(0, 2**31 - 1))
def test_transposed_mode_stamps_to_the_brute_force_map(
    stride: int, padding: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    model = ConvModel(rng.integers(-2, 3, (3, 3)), rng.integers(-2, 3, (2, 2)))
    model.transposed.configure(stride=(stride, stride), padding=(padding, padding))
    model.transposed.set_enabled(True)
    assert not model.transposed.output.any()  # nothing stamped yet
    while model.step():
        pass
    assert model.transposed.cursor == 9
    assert model.cursor == 0
    np.testing.assert_allclose(
        model.transposed.output, brute_transposed(model.input, model.kernel, stride, padding)
    )


def test_transposed_mode_steps_back_and_follows_the_kernel() -> None:
    model = ConvModel([[1, 2], [3, 4]], [[1, 1], [1, 1]])
    model.transposed.set_enabled(True)
    model.step()
    assert model.transposed.output.tolist()[0][:2] == [1.0, 1.0]
    model.set_kernel([[2, 0], [0, 0]])
    assert model.transposed.cursor == 1
    assert model.transposed.output[0, 0] == 2.0
    model.step_back()
    assert not model.transposed.output.any()
    model.transposed.set_enabled(False)
    assert model.step()
    assert model.cursor == 1


def test_copy_carries_the_stages() -> None:
    model = ConvModel()
    model.pooling.configure(kind="avg")
    model.pooling.set_enabled(True)
    model.end()
    twin = model.copy()
    assert twin.pooling.enabled
    assert twin.pooling.settings.kind == "avg"
    assert twin.pooling.cursor == 4
    assert twin.finished


def test_padding_that_adds_windows_is_not_called_a_loss() -> None:
    from convviz.core.pool_walk import loss_line

    model = ConvModel()
    model.set_stride(3)  # a 2×2 map
    model.pooling.configure(size=(2, 2), stride=(1, 1), padding=(1, 1))
    model.pooling.set_enabled(True)
    line = loss_line(model.pooling.walk.geometry)
    assert line == "Cells: 4 → 9 (2×2 → 3×3): the padding adds windows"


def test_pooling_runs_on_a_colour_photo_map() -> None:
    from convviz import load_photo
    from convviz.core.assets import bundled_lessons

    photo = load_photo(bundled_lessons()["seed"].parent.parent / "photos" / "coffee.png")
    model = ConvModel()
    model.set_photo(photo, colour=True, longest_side=16)
    model.pooling.set_enabled(True)
    model.end()
    np.testing.assert_allclose(model.pooling.pooled, brute_pool(model.feature_map, 2, 2, "max"))
    assert model.finished
