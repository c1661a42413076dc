"""Reading and writing the numbers a learner types and sees.

Kernel weights are typed by people: ``-1``, ``0.5``, ``1/9``, ``−2`` (a typographic
minus pasted from slides).  They are shown back the way a teacher would write them,
so a box blur reads ``1/9`` rather than ``0.1111111111111111``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache

MINUS = "\u2212"
_LARGEST = 1e12  # beyond this a weight is a typo, and the sums stop being readable


def parse_number(text: str) -> float:
    """Parse a typed weight; raise ``ValueError`` with a message a learner understands."""
    cleaned = text.strip().replace(MINUS, "-")
    if "," in cleaned:
        _, _, decimals = cleaned.partition(",")
        if "," in decimals or "." in cleaned or len(decimals.lstrip("-")) == 3:
            # "1,000" could be one thousand or one: refuse rather than guess.
            raise ValueError(
                f"{text.strip()!r} is ambiguous: use a point for decimals (0.5) "
                "and no thousands separators."
            )
        cleaned = cleaned.replace(",", ".")  # a decimal comma, as in 0,5
    if not cleaned:
        raise ValueError("The cell is empty: type a number such as 1, -0.5 or 1/9.")
    numerator, slash, denominator = cleaned.partition("/")
    try:
        value = float(numerator) / float(denominator) if slash else float(cleaned)
    except ZeroDivisionError:
        raise ValueError(f"{text.strip()!r} divides by zero.") from None
    except ValueError:
        raise ValueError(
            f"{text.strip()!r} is not a number: type something like 1, -0.5 or 1/9."
        ) from None
    if math.isnan(value):
        raise ValueError(f"{text.strip()!r} is not a number: a weight must be a real value.")
    if abs(value) > _LARGEST:
        raise ValueError(f"{text.strip()!r} is too large: use a value between -1e12 and 1e12.")
    return value


def because(error: ValueError) -> str:
    """A refusal's message to follow "… kept its value because": one sentence, not two.

    "The cell is empty: type …" becomes "the cell is empty: type …".
    """
    text = str(error)
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def format_number(value: float, *, fractions: bool = True) -> str:
    """Short, exact-looking text: ``1``, ``-0.5``, ``1/9``, else four significant digits.

    Float noise (``3.0000000000000004``, ``5.6e-17``) reads as the number a teacher meant.
    ``fractions=False`` for a value computed from numbers nobody typed (a photo's
    pixels): ``757.9``, not ``6821/9``, even when the weights were ninths.
    """
    value = float(value)  # a NumPy scalar hashes and formats like its float
    if value.is_integer() and abs(value) < 1e15:  # most cells: no fraction to look for
        return str(int(value)).replace("-", MINUS)
    return _format_real(value, fractions)


@lru_cache(maxsize=4096)
def _format_real(value: float, fractions: bool) -> str:
    """:func:`format_number` beyond whole numbers, remembered.

    A step writes hundreds of products whose weights (and a photo's pixel values) repeat
    from step to step, and each fraction search costs tens of microseconds.
    """
    if math.isnan(value):
        return ""
    if math.isinf(value):
        return "∞" if value > 0 else f"{MINUS}∞"
    fraction = Fraction(value).limit_denominator(64)
    exact = abs(float(fraction) - value) <= 1e-12 * max(1.0, abs(value))
    if exact and fraction.denominator == 1 and abs(value) < 1e15:
        text = str(fraction.numerator)
    else:
        short = f"{value:.4g}"
        readable = fraction.denominator > 1 and abs(value) < 1e6  # 1/9, −3/16, not 2e15/2
        as_fraction = fractions and exact and readable and float(short) != value
        text = f"{fraction.numerator}/{fraction.denominator}" if as_fraction else short
    return text.replace("-", MINUS)


def as_factor(value: float, *, fractions: bool = True) -> str:
    """A number as a factor in a product: negatives in brackets, ``1×(−1)``."""
    text = format_number(value, fractions=fractions)
    return f"({text})" if text.startswith(MINUS) else text


def size_lines(rows: str, cols: str) -> str:
    """An output-size formula per axis: one line when both axes say the same."""
    if rows == cols:
        return f"Output size: {rows}"
    return f"Output rows: {rows}\nOutput columns: {cols}"
