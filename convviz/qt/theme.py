"""Colours and sizes shared by the widgets, chosen for a projector at the back of a hall.

Three themes (light, dark, high contrast).  Highlights come from the Okabe–Ito palette,
which stays distinguishable under the common colour-vision deficiencies (the tests check
it with a deuteranopia simulation); cell colours are ramps from background to ink, so
the numbers drawn on them can always pick black or white for contrast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QPalette


def _lut(colours: list[str]) -> np.ndarray:
    """A 256-entry ``0xAARRGGBB`` table for QImage, interpolated through ``colours``."""
    cmap = pg.ColorMap(np.linspace(0, 1, len(colours)), [QColor(c) for c in colours])
    rgba = cmap.getLookupTable(0.0, 1.0, 256, alpha=True).astype(np.uint32)
    return (rgba[:, 3] << 24) | (rgba[:, 0] << 16) | (rgba[:, 1] << 8) | rgba[:, 2]


def _luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance (0 black … 1 white)."""
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in (colour.redF(), colour.greenF(), colour.blueF())
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _readable_on(background: QColor) -> QColor:
    """Black or white, whichever has the higher WCAG contrast ratio on ``background``."""
    lum = _luminance(background)
    return QColor("#000000") if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else QColor("#FFFFFF")


@dataclass(frozen=True)
class Theme:
    """Every colour the window uses; ``(r, g, b, a)`` tuples where transparency matters."""

    name: str
    background: str  # window and panels
    text: str
    panel: str  # the arithmetic panel's box
    panel_border: str
    grid: str  # behind the cells
    grid_line: str
    ink: tuple[str, ...]  # 0/1 drawings: paper to ink
    sequential: tuple[str, ...]  # unsigned maps
    diverging: tuple[str, ...]  # signed maps, the middle colour at zero
    window: tuple[int, ...]  # the sliding window and the newest map cell
    match: tuple[int, ...]  # ring on cells where image and kernel both count
    cover: tuple[int, ...]  # tint over every covered cell
    hover: tuple[int, ...]  # map cells the hovered input cell feeds
    unvisited: tuple[int, ...]  # cells no window reaches
    relu: tuple[int, ...]  # cells ReLU set to zero
    skipped: tuple[int, ...]  # the cross on cells a dilated window skips
    ghost_wash: tuple[int, ...]  # padding cells: washed out…
    ghost_hatch: tuple[int, ...]  # …and hatched, so they never pass for real cells
    ghost_text: str
    real_edge: str  # the edge of the real input inside its padding
    message: tuple[str, str, str] = field(default=("#5A1A00", "#FFE8CC", "#D55E00"))

    def colour(self, role: str) -> QColor:
        """A role's colour (``"window"``, ``"hover"``, ``"grid_line"``…) as a QColor."""
        value = getattr(self, role)
        return QColor(value) if isinstance(value, str) else QColor(*value)

    @cached_property
    def ink_lut(self) -> np.ndarray:
        return _lut(list(self.ink))

    @cached_property
    def sequential_lut(self) -> np.ndarray:
        return _lut(list(self.sequential))

    @cached_property
    def diverging_lut(self) -> np.ndarray:
        return _lut(list(self.diverging))

    def palette(self) -> QPalette:
        """Qt's palette for the controls, so spin boxes and lists follow the theme too."""
        palette = QPalette()
        roles = {
            QPalette.ColorRole.Window: self.background,
            QPalette.ColorRole.WindowText: self.text,
            QPalette.ColorRole.Base: self.grid,
            QPalette.ColorRole.AlternateBase: self.panel,
            QPalette.ColorRole.Text: self.text,
            QPalette.ColorRole.Button: self.panel,
            QPalette.ColorRole.ButtonText: self.text,
            QPalette.ColorRole.ToolTipBase: self.panel,
            QPalette.ColorRole.ToolTipText: self.text,
            QPalette.ColorRole.PlaceholderText: self.ghost_text,
        }
        for role, colour in roles.items():
            palette.setColor(role, QColor(colour))
        highlight = QColor(*self.window[:3])
        palette.setColor(QPalette.ColorRole.Highlight, highlight)
        # The selected kernel's name: white on orange, black on yellow, whichever reads.
        palette.setColor(QPalette.ColorRole.HighlightedText, _readable_on(highlight))
        return palette


THEMES: dict[str, Theme] = {
    "Light": Theme(
        name="Light",
        background="#EEF1F4",
        text="#111111",
        panel="#F8FAFB",
        panel_border="#C9D1D9",
        grid="#FFFFFF",
        grid_line="#9AA5B1",
        ink=("#FFFFFF", "#1F3A5F"),
        sequential=("#FFFFFF", "#9ECAE1", "#3182BD", "#08306B"),
        diverging=("#2166AC", "#92C5DE", "#FFFFFF", "#FDB863", "#B35806"),
        window=(213, 94, 0, 255),
        match=(230, 159, 0, 255),
        cover=(230, 159, 0, 45),
        hover=(204, 121, 167, 190),
        unvisited=(0, 158, 115, 90),
        relu=(120, 120, 120, 90),
        skipped=(90, 100, 110, 170),
        ghost_wash=(255, 255, 255, 150),
        ghost_hatch=(120, 130, 140, 110),
        ghost_text="#5B6670",
        real_edge="#1F3A5F",
    ),
    "Dark": Theme(
        name="Dark",
        background="#1E2329",
        text="#E8EDF2",
        panel="#2A3038",
        panel_border="#4A5562",
        grid="#14181D",
        grid_line="#4A5562",
        ink=("#14181D", "#E8EDF2"),
        sequential=("#14181D", "#1E4E79", "#3A8FD0", "#BFE3FF"),
        diverging=("#56B4E9", "#1E4E79", "#14181D", "#8A5A00", "#E69F00"),
        window=(240, 116, 74, 255),
        match=(240, 228, 66, 255),
        cover=(240, 228, 66, 40),
        hover=(170, 68, 153, 200),
        unvisited=(0, 158, 115, 110),
        relu=(150, 150, 150, 110),
        skipped=(170, 180, 190, 170),
        ghost_wash=(20, 24, 29, 150),
        ghost_hatch=(150, 160, 170, 110),
        ghost_text="#9AA5B1",
        real_edge="#E8EDF2",
        message=("#FFE8CC", "#5A2A10", "#F0744A"),
    ),
    "High contrast": Theme(
        name="High contrast",
        background="#000000",
        text="#FFFFFF",
        panel="#000000",
        panel_border="#FFFFFF",
        grid="#000000",
        grid_line="#FFFFFF",
        ink=("#000000", "#FFFFFF"),
        sequential=("#000000", "#0072B2", "#56B4E9", "#FFFFFF"),
        diverging=("#56B4E9", "#0072B2", "#000000", "#B38600", "#F0E442"),
        window=(255, 255, 0, 255),
        match=(255, 0, 255, 255),
        cover=(255, 255, 0, 50),
        hover=(255, 128, 0, 190),
        unvisited=(0, 200, 120, 120),
        relu=(200, 200, 200, 110),
        skipped=(255, 255, 255, 200),
        ghost_wash=(0, 0, 0, 140),
        ghost_hatch=(255, 255, 255, 120),
        ghost_text="#CCCCCC",
        real_edge="#FFFFFF",
        message=("#000000", "#FFFF00", "#FFFFFF"),
    ),
}
_active = THEMES["Light"]


def active() -> Theme:
    """The theme every view paints with now."""
    return _active


class ThemeSignals(QObject):
    """The theme's owner speaks here: views repaint in the new colours when it switches."""

    changed = Signal()


_signals: list[ThemeSignals] = []  # one, made on first use (after the QApplication)


def signals() -> ThemeSignals:
    """The notifier every view connects to (``signals().changed``)."""
    if not _signals:
        _signals.append(ThemeSignals())
    return _signals[0]


def set_active(name: str) -> Theme:
    """Switch theme; every view redraws in its colours (see :func:`signals`)."""
    global _active
    _active = THEMES[name]
    signals().changed.emit()
    return _active


_STYLE = """
QWidget {{ font-size: {base}px; }}
QLabel#panelTitle {{ font-size: {title}px; font-weight: 600; }}
QLabel#lessonTitle {{ font-size: {title}px; font-weight: 700; }}
QLabel#operatorLabel {{ font-size: {operator}px; font-weight: 600; }}
QLabel#arithmeticPanel {{
    font-size: {panel}px; padding: 8px; color: {text};
    background: {panel_bg}; border: 1px solid {panel_border}; border-radius: 6px;
}}
QTableView#kernelEditor {{ font-size: {kernel}px; font-weight: 600; }}
QLabel#formulaPanel, QLabel#notesLabel {{ font-size: {small}px; }}
QLabel#captionLabel {{ font-size: {title}px; font-weight: 600; padding: 2px; }}
QLabel#quizPrompt, QLabel#quizScore {{ font-size: {panel}px; font-weight: 600; }}
QDockWidget {{ font-size: {base}px; font-weight: 600; }}
QToolBar#transportToolBar {{ padding: 4px; }}
QLabel#messageBar {{
    padding: 6px 10px; border-radius: 6px;
    color: {message_text}; background: {message_bg}; border: 2px solid {message_border};
}}
QLabel#helpTitle {{ font-size: {title}px; font-weight: 700; color: #FFFFFF; }}
QLabel#helpKey {{ font-size: {panel}px; font-weight: 700; color: #F0E442; }}
QLabel#helpText {{ font-size: {panel}px; color: #FFFFFF; }}
QCheckBox::indicator {{
    width: {check}px; height: {check}px; border: 2px solid {text}; background: {field};
}}
QCheckBox::indicator:checked {{ background: {accent}; }}
QSlider:horizontal {{ min-height: {handle}px; }}
QSlider::groove:horizontal {{ height: {groove}px; background: {groove_colour}; }}
QSlider::sub-page:horizontal {{ background: {accent}; }}
QSlider::handle:horizontal {{
    width: {handle}px; margin: -{groove}px 0; background: {text}; border: 2px solid {accent};
    border-radius: {groove}px;
}}
"""


def style_sheet(scale: float, theme: Theme | None = None) -> str:
    """The window's look at ``scale`` (1 = sized for a 1280×720 window) in ``theme``.

    Check boxes and sliders are drawn by the sheet, not the platform style: its light
    grey outlines measured 1.7:1 against the light theme and vanished on black (WCAG asks
    3:1 of controls), and its 13-pixel boxes did not grow with the zoom.
    """
    theme = active() if theme is None else theme
    sizes = {"base": 18, "small": 15, "title": 24, "operator": 40, "panel": 22, "kernel": 34}
    sizes |= {"check": 16, "groove": 6, "handle": 18}
    text, background, border = theme.message
    return _STYLE.format(
        **{name: round(px * scale) for name, px in sizes.items()},
        text=theme.text,
        panel_bg=theme.panel,
        panel_border=theme.panel_border,
        message_text=text,
        message_bg=background,
        message_border=border,
        field=theme.grid,
        accent=theme.colour("window").name(),
        groove_colour=theme.ghost_text,
    )


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
        return active().ink_lut, (0.0, 1.0)
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
        return active().diverging_lut, (-reach, reach)
    if hi <= 0 < -lo:
        return active().diverging_lut, (lo, -lo)
    return active().sequential_lut, (min(lo, 0.0), max(hi, 1.0))
