"""The highlight colours stay apart for every theme, for normal and red-green-deficient vision.

No window: the colours are the themes' own numbers, composed the way the views paint
them, and compared by CIE76 ΔE (:func:`colour_vision.difference`) after the
Machado et al. simulation of deuteranopia and protanopia (together about one man in
twelve).

How a colour is *seen* (what is compared):

- ``window`` and ``match`` are opaque outlines (alpha 255): their own colour.
- ``hover`` and ``unvisited`` are translucent fills: the fill composed over the surface it
  lies on (the grid's background, or a "1" cell's ink), since that is what reaches the eye.
- ``unvisited`` is also hatched with ``colour.darker(160)`` (cell_marks.py), a cue that
  works without colour: it counts as visible if its wash *or* its hatching stands out.

Thresholds (chosen before looking at the numbers, not fitted to them):

- ≥ 20 against the backgrounds a highlight is drawn on (the grid background and the ink of
  a "1" cell).  colour_vision.difference says ~2 is just noticeable and > 20 "clearly
  different at a glance"; a projector at the back of a hall washes colours out, and
  outlines are thin (a few pixels), so a highlight must pass "at a glance".
- ≥ 12 between two highlights.  They also differ in shape (dashed window outline, ring
  inside a cell, whole-cell fill, hatching), so colour only has to tell them apart when
  side by side, not pop out of the background: about six just-noticeable differences.
"""

from __future__ import annotations

import numpy as np
import pytest
from colour_vision import DEFICIENCIES, difference, simulate
from PySide6.QtGui import QColor, QPalette

from convviz.qt.theme import THEMES, Theme

AGAINST_BACKGROUND = 20.0
BETWEEN_HIGHLIGHTS = 12.0
VISIONS = [None, "deuteranopia", "protanopia"]
HIGHLIGHTS = ["window", "match", "hover", "unvisited"]
HATCHED = {"unvisited"}  # CellMarks(hatched=True) in input_panel.py
PAIRS = [("window", "match"), ("window", "hover"), ("match", "hover"), ("unvisited", "hover")]
RGB = tuple[float, float, float]


def rgb(colour: QColor) -> RGB:
    return (colour.red(), colour.green(), colour.blue())


def over(top: QColor, surface: RGB) -> RGB:
    """``top`` painted over ``surface`` (source-over, as QPainter fills)."""
    alpha = top.alphaF()
    return tuple(alpha * t + (1 - alpha) * s for t, s in zip(rgb(top), surface, strict=True))


def looks(theme: Theme, role: str, surface: RGB) -> list[RGB]:
    """The colours a highlight shows on ``surface``: its wash, and its hatching if any."""
    colour = theme.colour(role)
    fill = over(colour, surface)
    if role in HATCHED:
        return [fill, over(colour.darker(160), fill)]
    return [fill]


def separation(theme: Theme, a: str, b: str | None, surface: RGB, vision: str | None) -> float:
    """ΔE between highlight ``a`` and highlight ``b`` (or the bare ``surface``)."""
    others = [surface] if b is None else looks(theme, b, surface)
    return max(difference(x, y, vision) for x in looks(theme, a, surface) for y in others)


def grid(theme: Theme) -> RGB:
    return rgb(QColor(theme.grid))


def ink_of_one(theme: Theme) -> RGB:
    return rgb(QColor(theme.ink[-1]))


def vision_id(vision: str | None) -> str:
    return vision or "normal"


CASES = [(name, vision) for name in THEMES for vision in VISIONS]
IDS = [f"{name}-{vision_id(vision)}" for name, vision in CASES]


@pytest.mark.parametrize(("a", "b"), PAIRS, ids=[f"{a}/{b}" for a, b in PAIRS])
@pytest.mark.parametrize(("theme_name", "vision"), CASES, ids=IDS)
def test_highlights_shown_together_are_told_apart(theme_name, vision, a, b):
    theme = THEMES[theme_name]
    delta = separation(theme, a, b, grid(theme), vision)
    assert delta >= BETWEEN_HIGHLIGHTS, (
        f"{theme_name}, {vision_id(vision)}: {a} {theme.colour(a).name()} and {b} "
        f"{theme.colour(b).name()} differ by ΔE {delta:.1f} < {BETWEEN_HIGHLIGHTS}"
    )


@pytest.mark.parametrize("role", HIGHLIGHTS)
@pytest.mark.parametrize("surface", ["grid background", "ink of a 1 cell"])
@pytest.mark.parametrize(("theme_name", "vision"), CASES, ids=IDS)
def test_every_highlight_stands_out_from_what_it_is_drawn_on(theme_name, vision, surface, role):
    theme = THEMES[theme_name]
    under = grid(theme) if surface == "grid background" else ink_of_one(theme)
    delta = separation(theme, role, None, under, vision)
    assert delta >= AGAINST_BACKGROUND, (
        f"{theme_name}, {vision_id(vision)}: {role} {theme.colour(role).name()} on the "
        f"{surface} {QColor(*[round(v) for v in under]).name()} differs by ΔE {delta:.1f} "
        f"< {AGAINST_BACKGROUND}"
    )


# -- the simulator itself ----------------------------------------------------------------------
def test_red_and_green_converge_under_deuteranopia():
    red, green = (255, 0, 0), (0, 255, 0)
    normal = difference(red, green)
    deutan = difference(red, green, "deuteranopia")
    assert normal > 150
    assert deutan < 0.25 * normal  # most of the difference (the red-green axis) is gone
    for seen in (simulate(red), simulate(green)):
        r, g, b = seen
        assert abs(r - g) < 30  # both read as shades of one olive-yellow…
        assert b < min(r, g) / 2  # …not as red and green
    # Not a blanket desaturation: tritanopia (blue-yellow) keeps red and green far apart.
    assert difference(red, green, "tritanopia") > 0.8 * normal


@pytest.mark.parametrize("deficiency", list(DEFICIENCIES))
@pytest.mark.parametrize("grey", [0, 128, 255])
def test_greys_black_and_white_are_unchanged(deficiency, grey):
    np.testing.assert_allclose(simulate((grey, grey, grey), deficiency), [grey] * 3, atol=0.01)
    assert difference((grey,) * 3, (grey,) * 3, deficiency) == pytest.approx(0, abs=1e-9)


def test_difference_is_symmetric_and_scaled_like_cie76():
    assert difference((0, 0, 0), (255, 255, 255)) == pytest.approx(100, abs=0.01)  # ΔL* = 100
    assert difference((213, 94, 0), (0, 114, 178)) == pytest.approx(
        difference((0, 114, 178), (213, 94, 0))
    )


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio, 1 (same) to 21 (black on white)."""

    def luminance(colour: QColor) -> float:
        channels = [colour.redF(), colour.greenF(), colour.blueF()]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("theme_name", list(THEMES))
def test_the_selected_kernel_name_reads_on_its_highlight(theme_name):
    # WCAG's 4.5:1 for text; white on the dark theme's orange was 2.9:1, on yellow 1.1:1.
    palette = THEMES[theme_name].palette()
    selected = palette.color(QPalette.ColorRole.Highlight)
    text = palette.color(QPalette.ColorRole.HighlightedText)
    assert contrast_ratio(selected, text) >= 4.5
