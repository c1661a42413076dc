"""Colours and sizes shared by the widgets, chosen for a projector at the back of a hall.

The highlight colours come from the Okabe–Ito palette, which stays distinguishable
under the common colour-vision deficiencies; cell colours are light-to-dark ramps so
the numbers drawn on them can always pick black or white for contrast.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

WINDOW_COLOUR = QColor("#D55E00")  # vermillion: the sliding window and the newest map cell
MATCH_COLOUR = QColor("#E69F00")  # orange ring: cells where image and kernel both count
COVER_COLOUR = QColor(230, 159, 0, 45)  # faint tint over every covered cell
SKIPPED_COLOUR = QColor(90, 100, 110, 170)  # the cross on cells a dilated window skips
GRID_LINE_COLOUR = QColor("#9AA5B1")
GHOST_WASH = QColor(255, 255, 255, 150)  # padding cells: washed out…
GHOST_HATCH = QColor(120, 130, 140, 110)  # …and hatched, so they never pass for real cells
GHOST_TEXT_COLOUR = QColor("#5B6670")
REAL_EDGE_COLOUR = QColor("#1F3A5F")  # the edge of the real input inside its padding
HOVER_COLOUR = QColor(86, 180, 233, 110)  # sky blue: map cells an input cell feeds
RELU_COLOUR = QColor(120, 120, 120, 90)  # hatched grey: cells ReLU set to zero
UNVISITED_COLOUR = QColor(204, 121, 167, 90)  # reddish purple: cells no window reaches
BACKGROUND = "#FFFFFF"

_STYLE = """
QWidget {{ font-size: {base}px; }}
QLabel#panelTitle {{ font-size: {title}px; font-weight: 600; }}
QLabel#operatorLabel {{ font-size: {operator}px; font-weight: 600; color: #52606D; }}
QLabel#arithmeticPanel {{
    font-size: {panel}px; padding: 8px; color: #111111;
    background: #F4F6F8; border: 1px solid #C9D1D9; border-radius: 6px;
}}
QTableView#kernelEditor {{ font-size: {kernel}px; font-weight: 600; }}
QLabel#formulaPanel {{ font-size: {small}px; color: #1F2933; }}
QDockWidget {{ font-size: {base}px; font-weight: 600; }}
QToolBar#transportToolBar {{ padding: 4px; }}
QLabel#messageBar {{
    padding: 6px 10px; border-radius: 6px;
    color: #5A1A00; background: #FFE8CC; border: 1px solid #D55E00;
}}
"""


def style_sheet(scale: float) -> str:
    """The window's look at ``scale`` (1 = sized for a 1280×720 window)."""
    sizes = {"base": 18, "small": 15, "title": 24, "operator": 40, "panel": 22, "kernel": 34}
    return _STYLE.format(**{name: round(px * scale) for name, px in sizes.items()})


def _lut(colours: list[str]) -> np.ndarray:
    """A 256-entry ``0xAARRGGBB`` table for QImage, interpolated through ``colours``."""
    cmap = pg.ColorMap(np.linspace(0, 1, len(colours)), [QColor(c) for c in colours])
    rgba = cmap.getLookupTable(0.0, 1.0, 256, alpha=True).astype(np.uint32)
    return (rgba[:, 3] << 24) | (rgba[:, 0] << 16) | (rgba[:, 1] << 8) | rgba[:, 2]


#: Unsigned values: white paper to dark ink (0/1 grids read like the lesson's drawing).
INK_LUT = _lut(["#FFFFFF", "#1F3A5F"])
#: Feature maps with signs: a colour-blind-safe diverging ramp, white at zero.
DIVERGING_LUT = _lut(["#2166AC", "#92C5DE", "#FFFFFF", "#FDB863", "#B35806"])
#: Unsigned feature maps: white to deep blue.
SEQUENTIAL_LUT = _lut(["#FFFFFF", "#9ECAE1", "#3182BD", "#08306B"])


def text_is_light(lut: np.ndarray) -> np.ndarray:
    """For each LUT entry, whether white text reads better than black on it."""
    r, g, b = (lut >> 16) & 255, (lut >> 8) & 255, lut & 255
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) < 140


#: Photo-editor display: values clipped to 0–255 and shown as grey levels.
GREY_LUT = _lut(["#000000", "#FFFFFF"])
#: One colour channel of a photo on its own: black to full red, green or blue.
CHANNEL_LUTS = (
    _lut(["#000000", "#FF0000"]),
    _lut(["#000000", "#00FF00"]),
    _lut(["#000000", "#0000FF"]),
)


def input_colours(values: np.ndarray) -> tuple[np.ndarray, tuple[float, float]]:
    """A 0/1 drawing reads as ink on paper; anything else (a photo) as grey levels."""
    lo, hi = float(values.min()), float(values.max())
    if lo >= 0 and hi <= 1:
        return INK_LUT, (0.0, 1.0)
    return GREY_LUT, (min(0.0, lo), max(255.0, hi))


def lut_for(values: np.ndarray, *, clip: bool = False) -> tuple[np.ndarray, tuple[float, float]]:
    """Pick a colour table and levels: diverging centred on 0 when values have both signs.

    ``clip=True`` shows what a photo editor would: grey levels, everything outside 0–255
    clipped to black or white.
    """
    if clip:
        return GREY_LUT, (0.0, 255.0)
    finite = values[np.isfinite(values)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if lo < 0 < hi:
        reach = max(-lo, hi)
        return DIVERGING_LUT, (-reach, reach)
    if hi <= 0 < -lo:
        return DIVERGING_LUT, (lo, -lo)
    return SEQUENTIAL_LUT, (min(lo, 0.0), max(hi, 1.0))
