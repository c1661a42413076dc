"""Bring your own network: kernels from NumPy files and PyTorch checkpoints, into the layer."""

from __future__ import annotations

import importlib.util
import os
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import convviz
from convviz.core import kernel_files
from convviz.core.kernel_files import load_kernels

HAS_TORCH = importlib.util.find_spec("torch") is not None

kernel_arrays = st.integers(2, 4).flatmap(
    lambda ndim: arrays(
        np.float32,
        st.tuples(*[st.integers(1, 4)] * ndim),
        elements=st.floats(-10, 10, width=32),
    )
)


@settings(max_examples=25, deadline=None)
@given(kernel_arrays)
def test_npy_kernels_come_back_as_a_layer(tmp_path_factory, array):
    path = tmp_path_factory.mktemp("k") / "kernels.npy"
    np.save(path, array)
    loaded = load_kernels(path)
    expected = {2: array[np.newaxis, np.newaxis], 3: array[:, np.newaxis], 4: array}[array.ndim]
    assert loaded.dtype == np.float64
    np.testing.assert_array_equal(loaded, expected.astype(np.float64))


def test_npz_picks_the_kernels_entry_or_the_only_or_first_4d_one(tmp_path):
    layer = np.arange(2 * 1 * 3 * 3, dtype=float).reshape(2, 1, 3, 3)
    np.savez(tmp_path / "named.npz", bias=np.zeros(2), kernels=layer[0, 0])
    np.savez(tmp_path / "only.npz", layer)
    np.savez(tmp_path / "first.npz", bias=np.zeros(2), conv=layer, dense=np.ones((10, 4)))
    np.testing.assert_array_equal(load_kernels(tmp_path / "named.npz"), layer[:1, :1])
    np.testing.assert_array_equal(load_kernels(tmp_path / "only.npz"), layer)
    np.testing.assert_array_equal(load_kernels(tmp_path / "first.npz"), layer)
    np.savez(tmp_path / "vague.npz", a=np.zeros(3), b=np.zeros((2, 2)))
    with pytest.raises(ValueError, match="name the kernels 'kernels'"):
        load_kernels(tmp_path / "vague.npz")


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: np.save(p / "k.npy", np.zeros((2, 2, 2, 2, 2))), "expected kernels of shape"),
        (lambda p: np.save(p / "k.npy", np.zeros(3)), "expected kernels of shape"),
        (lambda p: np.save(p / "k.npy", np.array([[np.nan, 1.0]])), "not finite"),
        (lambda p: np.save(p / "k.npy", np.array(["a", "b"])), "must be numbers"),
        (lambda p: np.save(p / "k.npy", np.array([{}], dtype=object)), "not a NumPy array"),
        (lambda p: (p / "k.npy").write_bytes(b"not numpy"), "not a NumPy array"),
        (lambda p: (p / "k.npz").write_bytes(b"not a zip"), "not a NumPy .npz"),
        (lambda p: (p / "k.txt").write_text("1 2"), "reads kernels from .npy or .npz"),
        (lambda p: (p / "k.npy").mkdir(), "not a regular file"),
    ],
)
def test_bad_files_are_refused_in_words(tmp_path, make, words):
    make(tmp_path)
    (path,) = tmp_path.iterdir()
    with pytest.raises(ValueError, match=words):
        load_kernels(path)


def test_missing_and_special_files_are_refused(tmp_path):
    with pytest.raises(ValueError, match="cannot be read"):
        load_kernels(tmp_path / "missing.npy")
    if hasattr(os, "mkfifo"):  # a pipe would block a reader forever
        os.mkfifo(tmp_path / "pipe.npy")
        with pytest.raises(ValueError, match="not a regular file"):
            load_kernels(tmp_path / "pipe.npy")


def test_big_files_are_refused_before_reading(tmp_path, monkeypatch):
    np.save(tmp_path / "k.npy", np.zeros((8, 1, 3, 3)))
    monkeypatch.setattr(kernel_files, "MAX_BYTES", 100)
    with pytest.raises(ValueError, match="read up to"):
        load_kernels(tmp_path / "k.npy")


def test_a_checkpoint_without_torch_says_how_to_install_it(tmp_path, monkeypatch):
    (tmp_path / "net.pt").write_bytes(b"whatever")
    monkeypatch.setitem(sys.modules, "torch", None)  # as if PyTorch were not installed
    with pytest.raises(ValueError, match=r"pip install 'convviz\[torch\]'"):
        load_kernels(tmp_path / "net.pt")


@pytest.mark.skipif(not HAS_TORCH, reason="PyTorch is optional; the message test covers it")
def test_the_first_conv_layer_of_a_torch_checkpoint(tmp_path):
    import torch

    net = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3), torch.nn.ReLU(), torch.nn.Conv2d(4, 2, 3))
    torch.save({"epoch": 3, "state_dict": net.state_dict()}, tmp_path / "net.pt")
    expected = net[0].weight.detach().double().numpy()
    np.testing.assert_array_equal(load_kernels(tmp_path / "net.pt"), expected)


def test_opened_kernels_walk_in_the_window_and_save_in_a_lesson(qtbot, window, tmp_path):
    learned = convviz.train_digits(epochs=1).network
    np.savez(tmp_path / "net.npz", kernels=learned.conv_weight, bias=learned.conv_bias)
    assert window.learning.open_kernels(str(tmp_path / "net.npz"))
    model = window.model
    np.testing.assert_array_equal(model.layer.weights, learned.conv_weight)
    np.testing.assert_allclose(
        model.feature_maps, convviz.feature_map(model.input, learned.conv_weight), atol=1e-12
    )
    # A lesson file holds learned kernels like any others, every bit of them.
    convviz.save_lesson(tmp_path / "learned.json", model)
    again = convviz.load_lesson(tmp_path / "learned.json").model
    np.testing.assert_array_equal(again.layer.weights, learned.conv_weight)
    assert again.layer.names == model.layer.names


def test_kernels_that_do_not_fit_the_input_are_refused_in_the_window(qtbot, window, tmp_path):
    np.save(tmp_path / "colour.npy", np.ones((2, 3, 3, 3)))
    np.save(tmp_path / "many.npy", np.ones((20, 3, 3)))
    before = window.model.layer
    assert not window.learning.open_kernels(str(tmp_path / "colour.npy"))
    assert window.model.layer is before
    assert "open a colour photo first" in window.message.text()
    assert window.learning.open_kernels(str(tmp_path / "many.npy"))
    assert window.model.layer.weights.shape == (8, 1, 3, 3)
    assert "first 8" in window.message.text()
