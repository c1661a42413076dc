"""Reading typed weights and showing numbers the way a teacher writes them."""

import functools
import math
import operator
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from convviz.core.numbers import format_number, parse_number

MINUS = "\u2212"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1", 1.0),
        ("0", 0.0),
        ("-0.5", -0.5),
        ("0.25", 0.25),
        (".5", 0.5),
        ("2.", 2.0),
        ("-3.75", -3.75),
        ("1e-3", 0.001),
        ("1/9", 1 / 9),
        ("-1/9", -1 / 9),
        ("3/4", 0.75),
        (MINUS + "2", -2.0),
        (MINUS + "1/16", -1 / 16),
        (" 3 ", 3.0),
        ("\t-1\n", -1.0),
        ("0,5", 0.5),
    ],
)
def test_parse_number_reads_what_learners_type(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("abc", r"'abc' is not a number"),
        ("1/x", r"is not a number"),
        ("1/2/3", r"is not a number"),
        ("", r"The cell is empty"),
        ("   ", r"The cell is empty"),
        ("1e999", r"'1e999' is too large"),
        ("-1e13", r"too large"),
        ("inf", r"too large"),
        ("-inf", r"too large"),
        ("nan", r"'nan' is not a number"),
        ("0/0", r"divides by zero"),
        ("1/0", r"'1/0' divides by zero"),
    ],
)
def test_parse_number_refuses_in_words(text, words):
    with pytest.raises(ValueError, match=words):
        parse_number(text)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.0, "1"),
        (0.0, "0"),
        (-0.0, "0"),
        (-2.0, MINUS + "2"),
        (0.5, "0.5"),
        (-0.5, MINUS + "0.5"),
        (1 / 9, "1/9"),
        (-1 / 9, MINUS + "1/9"),
        (1 / 3, "1/3"),
        (0.0625, "0.0625"),
        (0.1 + 0.2, "3/10"),
        (math.pi, "3.142"),
        (float("nan"), ""),
    ],
)
def test_format_number_is_short_and_exact_looking(value, text):
    assert format_number(value) == text


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False))
def test_format_then_parse_keeps_four_significant_digits(value):
    text = format_number(value)
    back = parse_number(text)
    # Values within 1e-12 of a simple fraction (or of zero) may be shown as that fraction.
    assert math.isclose(back, value, rel_tol=5.0001e-4, abs_tol=1e-12), text


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_whole_numbers_round_trip_exactly(n):
    assert parse_number(format_number(float(n))) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-1000, max_value=1000), st.integers(min_value=2, max_value=64))
def test_small_fractions_round_trip_exactly(numerator, denominator):
    value = numerator / denominator
    text = format_number(value)
    assert parse_number(text) == value, text
    if "/" in text:
        shown = Fraction(text.replace(MINUS, "-"))
        assert shown == Fraction(numerator, denominator)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_whole_numbers_are_never_shown_as_a_fraction_over_one(n):
    text = format_number(float(n))
    assert not text.endswith("/1"), text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ((0.1 + 0.2) * 10, "3"),  # 3.0000000000000004
        (-2.0000000000001, MINUS + "2"),
        # The classic 1/9 box blur over ones, added tap by tap as the walk's panel adds
        # the products: 1.0000000000000002.  (Not sum(): from Python 3.12 it compensates
        # its rounding and gives exactly 1.)
        (functools.reduce(operator.add, [1 / 9] * 9), "1"),
    ],
    ids=["0.3*10", "-2-1e-13", "box-blur"],
)
def test_float_noise_around_a_whole_number_shows_the_whole_number(value, text):
    assert value != int(value)
    assert format_number(value) == text


def test_float_noise_around_zero_is_not_shown_as_a_fraction():
    noise = 0.1 + 0.2 - 0.3  # 5.551115123125783e-17
    assert format_number(noise) in {"0", "5.551e" + MINUS + "17"}


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=1e15, max_value=1e300) | st.floats(min_value=-1e300, max_value=-1e15))
@example(1e12 * 1e12)  # one typed weight of 1e12 on an input cell of 1e12
def test_huge_numbers_are_shown_short(value):
    text = format_number(value)
    assert len(text) <= 16, text
    shown = float(Fraction(text.replace(MINUS, "-")))  # beyond what parse_number accepts
    assert math.isclose(shown, value, rel_tol=5.0001e-4), text


def test_fractions_only_where_every_input_was_typed():
    assert format_number(6821 / 9) == "6821/9"  # typed inputs: exact, as a teacher writes it
    assert format_number(6821 / 9, fractions=False) == "757.9"
    assert format_number(1 / 3, fractions=False) == "0.3333"
    assert format_number(-2.0, fractions=False) == "\u22122"
    assert format_number(0.5, fractions=False) == "0.5"
