"""`kernel_gradient`, `input_gradient` and the gradient-as-a-walk, against references.

The map is linear in the input and in the kernel, so ``L = Σ g · map`` changes by exactly
``L(e)`` when one cell or weight ``e`` moves by one: the brute-force forward pass of
``conv_reference`` run on those unit arrays gives every partial derivative without a
line of the code under test.
"""

import re

import numpy as np
import pytest
from conv_reference import SEED_INPUT, SEED_KERNEL, SEED_MAP, reference
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import grid, small_ints, walk_settings

from convviz import feature_map
from convviz.core.gradient_walk import weight_gradient
from convviz.core.gradients import input_gradient, kernel_gradient

FEW = settings(max_examples=40, deadline=None)


@st.composite
def layers(draw, room=3):
    """Input, kernel, error map and feature_map's keyword arguments, in every layout."""
    kernel_ndim = draw(st.sampled_from([2, 3, 4]))
    channels = 1 if kernel_ndim == 2 else draw(st.integers(1, 2))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kwargs, in_hw = walk_settings(draw, kh, kw, room=room)
    in_shape = (channels, *in_hw) if channels > 1 or draw(st.booleans()) else tuple(in_hw)
    k_shape = {2: (kh, kw), 3: (channels, kh, kw), 4: (draw(st.integers(1, 2)), channels, kh, kw)}
    x = grid(draw, in_shape, small_ints)
    k = grid(draw, k_shape[kernel_ndim], small_ints)
    g = grid(draw, reference(x, k, **kwargs).shape, small_ints)
    return x, k, g, kwargs


def unit(shape, index):
    array = np.zeros(shape)
    array[index] = 1.0
    return array


@FEW
@given(layers())
def test_kernel_gradient_is_the_change_of_the_loss_per_weight(case):
    x, k, g, kwargs = case
    want = np.zeros(k.shape)
    for index in np.ndindex(k.shape):
        want[index] = np.sum(g * reference(x, unit(k.shape, index), **kwargs))
    got = kernel_gradient(x, g, k.shape, **kwargs)
    assert got.shape == k.shape
    np.testing.assert_array_equal(got, want)  # whole numbers: every order of sums is exact


@FEW
@given(layers())
def test_input_gradient_is_the_change_of_the_loss_per_input_cell(case):
    x, k, g, kwargs = case
    want = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        want[index] = np.sum(g * reference(unit(x.shape, index), k, **kwargs))
    got = input_gradient(g, k, x.shape, **kwargs)
    assert got.shape == x.shape
    np.testing.assert_array_equal(got, want)


@settings(max_examples=25, deadline=None)
@given(layers(room=12), st.integers(0, 2**32 - 1))
def test_gradients_are_the_adjoints_of_the_map_on_larger_real_inputs(case, seed):
    """⟨∂L/∂x, v⟩ = ⟨g, map(v)⟩ and ⟨∂L/∂k, u⟩ = ⟨g, map_u(x)⟩ for any v, u: real numbers."""
    x, k, _, kwargs = case
    rng = np.random.default_rng(seed)
    g = rng.normal(size=feature_map(x, k, **kwargs).shape)
    v, u = rng.normal(size=x.shape), rng.normal(size=k.shape)
    np.testing.assert_allclose(
        np.sum(input_gradient(g, k, x.shape, **kwargs) * v),
        np.sum(g * feature_map(v, k, **kwargs)),
        rtol=1e-9,
        atol=1e-9,
    )
    np.testing.assert_allclose(
        np.sum(kernel_gradient(x, g, k.shape, **kwargs) * u),
        np.sum(g * feature_map(x, u, **kwargs)),
        rtol=1e-9,
        atol=1e-9,
    )


def test_seed_errors_reach_the_weights_through_the_cells_each_weight_met():
    """With an error of 1 everywhere, each weight's slope counts the 1s it ever sat on."""
    got = kernel_gradient(SEED_INPUT, np.ones_like(SEED_MAP), (3, 3))
    want = [[SEED_INPUT[i : i + 5, j : j + 5].sum() for j in range(3)] for i in range(3)]
    np.testing.assert_array_equal(got, want)


# -- the gradient as a walk ---------------------------------------------------------------------
@FEW
@given(layers(), st.data())
def test_each_weights_walk_adds_up_to_its_gradient(case, data):
    x, k, g, kwargs = case
    weight = tuple(data.draw(st.integers(0, size - 1)) for size in k.shape)
    walk = weight_gradient(x, g, k.shape, weight, **kwargs)
    assert walk.total == kernel_gradient(x, g, k.shape, **kwargs)[weight]
    inside = (walk.rows >= 0) & (walk.rows < x.shape[-2]) & (walk.cols >= 0)
    inside &= walk.cols < x.shape[-1]
    plane = x.reshape(-1, *x.shape[-2:])[weight[-3] if k.ndim > 2 else 0]
    if kwargs["padding_mode"] == "zeros":
        assert np.all(walk.values[~inside] == 0)
    np.testing.assert_array_equal(walk.values[inside], plane[walk.rows[inside], walk.cols[inside]])


def test_the_seed_walk_reads_like_the_lesson():
    error = SEED_MAP - 1
    walk = weight_gradient(SEED_INPUT, error, (3, 3), (0, 2))
    formula = walk.formula()
    assert formula.startswith("∂L/∂w[0,2] = 0×e₀₀ + 0×e₀₁ + 0×e₀₂")
    assert "1×e₁₃" in formula  # the smiley's right eye sits under w[0,2] at output (1, 3)
    assert formula.count("×e") == 25
    lines = walk.arithmetic().splitlines()
    assert lines[1].startswith("= 0×(−1) + 0×0 + 0×(−1)")
    assert lines[1].endswith(" = 4")
    # rows and columns are the input cells the weight met: output (1, 3) reads (1, 5).
    assert (walk.rows[1, 3], walk.cols[1, 3]) == (1, 5)


def test_a_flipped_kernels_walk_names_the_weight_the_learner_typed():
    error = np.arange(25.0).reshape(5, 5)
    turned = weight_gradient(SEED_INPUT, error, (3, 3), (0, 2), flip=True)
    plain = weight_gradient(SEED_INPUT, error, (3, 3), (2, 0))
    assert turned.name == "∂L/∂w[0,2]"
    np.testing.assert_array_equal(turned.values, plain.values)


# -- refusals -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: kernel_gradient(SEED_INPUT, np.ones((4, 4)), (3, 3)), "feature map's shape"),
        (lambda: kernel_gradient(SEED_INPUT, SEED_MAP, (3, 0)), "at least 1"),
        (lambda: kernel_gradient(SEED_INPUT, SEED_MAP, 3), "tuple of sizes"),
        (lambda: kernel_gradient(SEED_INPUT, SEED_MAP, (2, 3, 3)), "channel"),
        (lambda: kernel_gradient(np.ones(7), SEED_MAP, (3, 3)), "(H, W) or (C, H, W)"),
        (lambda: input_gradient(SEED_MAP, SEED_KERNEL, (7, 7), padding_mode="wrap"), "zeros"),
        (lambda: input_gradient(SEED_MAP, SEED_KERNEL, (7,)), "2 or 3 sizes"),
        (lambda: input_gradient(SEED_MAP * np.nan, SEED_KERNEL, (7, 7)), "not a finite"),
        (lambda: weight_gradient(SEED_INPUT, SEED_MAP, (3, 3), (0, 3)), "not in a kernel"),
    ],
)
def test_bad_arguments_are_refused_in_words(call, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        call()
