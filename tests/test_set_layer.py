"""ConvModel.set_layer: a whole layer (learned or opened) in one change, refused in words."""

from __future__ import annotations

import numpy as np
import pytest

import convviz


def test_a_layer_and_a_new_input_arrive_together():
    model = convviz.ConvModel()
    changes = []
    model.subscribe(changes.append)
    digit = np.arange(64.0).reshape(8, 8) / 64
    kernels = np.arange(2 * 9.0).reshape(2, 1, 3, 3) - 8
    model.set_layer(kernels, biases=[0.5, -1.0], relu=True, input=digit, name="Learned")
    assert len(changes) == 1  # one change: never an input with the old kernels in between
    assert model.layer.names == ("Learned 1", "Learned 2")
    np.testing.assert_array_equal(model.input, digit)
    expected = np.zeros((2, 6, 6))
    for n in range(2):
        for r in range(6):
            for c in range(6):
                total = np.sum(digit[r : r + 3, c : c + 3] * kernels[n, 0]) + [0.5, -1.0][n]
                expected[n, r, c] = max(total, 0.0)
    np.testing.assert_allclose(model.feature_maps, expected)


def test_a_single_kernel_and_a_stack_of_2d_kernels_are_layers_too():
    model = convviz.ConvModel()
    model.set_layer(np.eye(3))
    assert model.layer.weights.shape == (1, 1, 3, 3)
    model.set_layer(np.ones((3, 2, 2)))
    assert model.layer.weights.shape == (3, 1, 2, 2)
    assert model.layer.biases == (0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("weights", "kwargs", "words"),
    [
        (np.ones((9, 1, 3, 3)), {}, "1 to 8 kernels"),
        (np.ones(3), {}, "1 to 8 kernels"),
        (np.ones((2, 1, 3, 3)), {"biases": [1.0]}, "one finite bias per kernel"),
        (np.ones((2, 1, 3, 3)), {"biases": [1.0, np.nan]}, "one finite bias per kernel"),
        (np.ones((1, 3, 3, 3)), {}, "3 channel"),
        (np.ones((1, 1, 9, 9)), {}, "kernel"),
    ],
)
def test_layers_that_cannot_walk_are_refused_and_the_lesson_stays(weights, kwargs, words):
    model = convviz.ConvModel()
    before = model.layer
    with pytest.raises(ValueError, match=words):
        model.set_layer(weights, **kwargs)
    assert model.layer is before
