"""The starting patterns for the input grid and the seed lesson."""

import numpy as np
import pytest
from conv_reference import SEED_INPUT as DESIGN_INPUT
from conv_reference import SEED_KERNEL as DESIGN_KERNEL

from convviz import ConvModel, feature_map
from convviz.core.patterns import (
    PATTERNS,
    SEED_INPUT,
    SEED_KERNEL,
    clear,
    cross,
    random_cells,
    smiley,
    vertical_edge,
)

# Exactly as printed in the design notes.
SIZES = range(3, 33)


def test_seed_is_the_design_notes_lesson():
    np.testing.assert_array_equal(SEED_INPUT, DESIGN_INPUT)
    np.testing.assert_array_equal(SEED_KERNEL, DESIGN_KERNEL)
    np.testing.assert_array_equal(smiley(7, 7), DESIGN_INPUT)


@pytest.mark.parametrize("name", list(PATTERNS))
def test_every_pattern_fills_any_grid_with_zeros_and_ones(name):
    pattern = PATTERNS[name]
    for rows in SIZES:
        for cols in SIZES:
            grid = pattern(rows, cols)
            assert grid.shape == (rows, cols), (name, rows, cols)
            assert grid.dtype == np.float64
            assert np.isin(grid, (0.0, 1.0)).all(), (name, rows, cols)
            ConvModel(grid, SEED_KERNEL)  # every pattern is a valid lesson input


@pytest.mark.parametrize("name", ["Smiley", "X", "Vertical edge"])
def test_drawing_patterns_are_not_blank(name):
    for rows in SIZES:
        for cols in SIZES:
            assert PATTERNS[name](rows, cols).any(), (name, rows, cols)


def test_clear_is_blank():
    assert not clear(5, 9).any()


def test_smiley_is_centred_on_larger_grids_and_cropped_on_smaller():
    big = smiley(11, 12)
    np.testing.assert_array_equal(big[2:9, 2:9], DESIGN_INPUT)
    assert big.sum() == DESIGN_INPUT.sum()
    np.testing.assert_array_equal(smiley(5, 5), DESIGN_INPUT[1:6, 1:6])
    np.testing.assert_array_equal(smiley(3, 7), DESIGN_INPUT[2:5, :])


def test_cross_is_both_diagonals_on_square_grids():
    for n in SIZES:
        eye = np.eye(n)
        np.testing.assert_array_equal(cross(n, n), np.maximum(eye, eye[:, ::-1]))


def test_cross_is_mirror_symmetric_on_every_grid():
    asymmetric = []
    for rows in SIZES:
        for cols in SIZES:
            grid = cross(rows, cols)
            if not (np.array_equal(grid, grid[:, ::-1]) and np.array_equal(grid, grid[::-1, :])):
                asymmetric.append((rows, cols))
    assert asymmetric == []


def test_cross_touches_all_four_corners_and_every_row():
    for rows in SIZES:
        for cols in SIZES:
            grid = cross(rows, cols)
            assert grid[0, 0] == grid[0, -1] == grid[-1, 0] == grid[-1, -1] == 1
            assert (grid.sum(axis=1) >= 1).all()


def test_vertical_edge_is_left_half_zero_right_half_one():
    for rows in SIZES:
        for cols in SIZES:
            grid = vertical_edge(rows, cols)
            row = np.r_[np.zeros(cols // 2), np.ones(cols - cols // 2)]
            np.testing.assert_array_equal(grid, np.tile(row, (rows, 1)))


def test_sobel_x_fires_only_on_the_vertical_edge():
    sobel_x = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
    response = feature_map(vertical_edge(8, 10), sobel_x)
    # Windows start at columns 0..7; only those covering columns 4 and 5 straddle the edge.
    firing = np.flatnonzero(response.any(axis=0))
    np.testing.assert_array_equal(firing, [3, 4])
    assert (response[:, firing] == 4.0).all()


def test_random_cells_follow_the_generator():
    a = random_cells(20, 30, np.random.default_rng(5))
    b = random_cells(20, 30, np.random.default_rng(5))
    np.testing.assert_array_equal(a, b)
    assert 0.2 < a.mean() < 0.5  # about a third of the cells are set
