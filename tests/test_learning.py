"""Where detectors come from: fitting one to a map, the shipped digits, training a layer."""

import itertools
import re

import numpy as np
import pytest
from conv_reference import SEED_INPUT, SEED_KERNEL, SEED_MAP, reference
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz import ConvModel
from convviz.core.digit_net import DigitNet, gradients, windows
from convviz.core.digits import digits
from convviz.core.fit import fit_detector
from convviz.core.gradients import kernel_gradient
from convviz.core.training import train_digits

# -- fit_detector ---------------------------------------------------------------------------


def test_the_seed_map_gives_back_the_seed_detector():
    model = ConvModel()
    result = fit_detector(model.input, model.feature_map, (3, 3), seed=0)
    np.testing.assert_allclose(result.kernel, SEED_KERNEL, atol=1e-3)
    np.testing.assert_allclose(reference(SEED_INPUT, result.kernel), SEED_MAP, atol=1e-6)
    assert result.converged
    # Every step goes downhill, from a random start to (almost) no error at all.
    assert np.all(np.diff(result.losses) <= 0)
    assert result.losses[0] > 1
    assert result.losses[-1] < 1e-12
    assert len(result.kernels) == len(result.losses)
    assert np.all(np.abs(result.kernels[0]) <= 1)
    np.testing.assert_array_equal(result.kernels[-1], result.kernel)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([(3, 3), (1, 3, 3), (2, 1, 3, 3)]))
def test_any_start_finds_the_detector_again(seed, shape):
    kernel = np.broadcast_to(SEED_KERNEL, shape)
    result = fit_detector(SEED_INPUT, reference(SEED_INPUT, kernel), shape, seed=seed)
    np.testing.assert_allclose(result.kernel, kernel, atol=1e-6)


def test_each_plain_step_moves_the_weights_against_the_error_walk():
    result = fit_detector(SEED_INPUT, SEED_MAP, (3, 3), seed=2, steps=5)
    for before, after in itertools.pairwise(result.kernels):
        error = reference(SEED_INPUT, before) - SEED_MAP
        slope = kernel_gradient(SEED_INPUT, error, (3, 3))
        np.testing.assert_allclose(after, before - result.learning_rate * slope, atol=1e-12)


def test_momentum_learns_a_strided_colour_detector_that_plain_descent_crawls_to():
    rng = np.random.default_rng(3)
    photo, kernel = rng.random((3, 12, 12)), rng.normal(size=(3, 3, 3))
    layer = {"stride": 2, "padding": 1}
    target = reference(photo, kernel, **layer)
    plain = fit_detector(photo, target, kernel.shape, **layer, steps=500)
    assert not plain.converged
    result = fit_detector(photo, target, kernel.shape, **layer, momentum=True)
    assert result.converged
    np.testing.assert_allclose(result.kernel, kernel, atol=1e-6)


def test_the_same_seed_descends_the_same_way():
    first = fit_detector(SEED_INPUT, SEED_MAP, (3, 3), seed=7, steps=20)
    second = fit_detector(SEED_INPUT, SEED_MAP, (3, 3), seed=7, steps=20)
    np.testing.assert_array_equal(first.kernels, second.kernels)
    assert len(first.losses) == 21
    assert not first.converged


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: fit_detector(SEED_INPUT, np.ones((4, 4)), (3, 3)), "target map"),
        (lambda: fit_detector(np.zeros((7, 7)), SEED_MAP, (3, 3)), "nothing to learn"),
        (lambda: fit_detector(SEED_INPUT, SEED_MAP, (3, 3), steps=-1), "steps"),
        (lambda: fit_detector(SEED_INPUT, SEED_MAP, (3, 3), learning_rate=0), "learning rate"),
    ],
)
def test_fit_refuses_bad_arguments_in_words(call, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        call()


# -- the digits -----------------------------------------------------------------------------


def test_the_shipped_digits_are_the_uci_set():
    images, labels = digits()
    assert images.shape == (1797, 8, 8)
    assert images.dtype == np.float64
    assert labels.shape == (1797,)
    assert set(np.unique(labels)) == set(range(10))
    assert images.min() == 0
    assert images.max() == 1
    np.testing.assert_array_equal(images * 16, np.round(images * 16))  # counts 0…16, scaled
    assert np.bincount(labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    images[0] = 5  # a caller drawing on its copy leaves the next caller's alone
    assert digits()[0][0].max() <= 1


# -- the network's slopes -----------------------------------------------------------------------


def test_backpropagation_matches_numerical_differentiation():
    """Each slope against (L(p + h) − L(p − h)) / 2h, for every parameter of the network."""
    images, labels = digits()
    cut, batch = windows(images[:12], 3), labels[:12]
    net = DigitNet.random(3, 3, (8, 8), seed=5)
    _, slopes = gradients(net, cut, batch)
    h = 1e-6
    for which, (array, slope) in enumerate(zip(net.parameters, slopes, strict=True)):
        numeric = np.zeros_like(array)
        for index in np.ndindex(array.shape):
            changed = []
            for sign in (1, -1):
                moved = [p.copy() for p in net.parameters]
                moved[which][index] += sign * h
                changed.append(gradients(DigitNet(*moved), cut, batch)[0])
            numeric[index] = (changed[0] - changed[1]) / (2 * h)
        np.testing.assert_allclose(slope, numeric, atol=1e-7, err_msg=f"parameter {which}")


# -- train_digits ----------------------------------------------------------------------------


def test_default_training_reads_nine_digits_in_ten():
    result = train_digits()
    assert result.test_accuracy >= 0.90
    assert result.kernels.shape == (4, 1, 3, 3)
    assert result.kernel_history.shape == (len(result.history) + 1, 4, 1, 3, 3)
    assert result.history[-1].loss < result.history[0].loss


def test_a_run_reports_each_epoch_and_repeats_exactly():
    calls = []
    first = train_digits(kernels=2, epochs=2, seed=4, progress=lambda *a: calls.append(a))
    assert [(epoch, total) for epoch, total, _ in calls] == [(1, 2), (2, 2)]
    assert [loss for *_, loss in calls] == [epoch.loss for epoch in first.history]
    second = train_digits(kernels=2, epochs=2, seed=4)
    np.testing.assert_array_equal(first.kernel_history, second.kernel_history)
    assert first.history == second.history
    np.testing.assert_array_equal(first.kernel_history[-1], first.kernels)
    other = train_digits(kernels=2, epochs=2, seed=5)
    assert not np.array_equal(first.kernels, other.kernels)


def test_a_stopped_run_resumes_to_the_same_result_as_an_unbroken_one():
    stopped = train_digits(kernels=2, epochs=4, progress=lambda epoch, *_: epoch < 2)
    assert stopped.stopped
    assert len(stopped.history) == 2
    assert stopped.kernel_history.shape[0] == 3
    resumed = train_digits(kernels=2, epochs=4, initial=stopped)
    unbroken = train_digits(kernels=2, epochs=4)
    assert not resumed.stopped
    assert resumed.history == unbroken.history
    np.testing.assert_array_equal(resumed.kernel_history, unbroken.kernel_history)


def test_training_one_epoch_per_call_is_the_same_run():
    """How a live view trains: one epoch per call, redrawing between calls."""
    result = train_digits(kernels=2, epochs=0)
    for _ in range(3):
        result = train_digits(kernels=2, epochs=len(result.history) + 1, initial=result)
    unbroken = train_digits(kernels=2, epochs=3)
    assert result.history == unbroken.history
    np.testing.assert_array_equal(result.kernel_history, unbroken.kernel_history)


def test_the_trained_network_reads_digits_it_is_shown():
    result = train_digits(kernels=2, epochs=3)
    images, labels = digits()
    chances = result.network.probabilities(images[:50])
    np.testing.assert_allclose(chances.sum(axis=1), 1)
    np.testing.assert_array_equal(result.network.predict(images[:50]), chances.argmax(axis=1))
    assert np.mean(result.network.predict(images) == labels) > 0.5


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"kernels": 0}, "kernels must be from 1"),
        ({"kernel_size": 8}, "kernel_size must be from 1 to 7"),
        ({"epochs": 1.5}, "epochs must be a whole number"),
        ({"learning_rate": -0.1}, "learning rate"),
        ({"test_share": 1}, "held out"),
    ],
)
def test_training_refuses_bad_settings_in_words(kwargs, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        train_digits(**kwargs)


def test_a_run_resumes_only_with_its_own_settings():
    stopped = train_digits(kernels=2, epochs=0)
    with pytest.raises(ValueError, match="settings it started with"):
        train_digits(kernels=3, epochs=1, initial=stopped)
