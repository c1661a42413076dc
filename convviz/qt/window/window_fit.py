"""How the main window fits its text size and its screen.

Three things follow the window's height, the zoom and the screen: the style sheet's
scale (text grows with the window, so a full-screen projector gets bigger numbers), the
rows of controls under the panels, and the width of the settings column.  They live
here, apart from the window's construction, because they interact: a bigger text makes
the controls wider, which may need a second row, which the screen's width decides.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMainWindow, QScrollArea, QToolBar, QWidget

from convviz.qt.theme import active, style_sheet

DESIGN_HEIGHT = 720  # the style sheet's sizes are for a window this tall
MIN_ZOOM, MAX_ZOOM = 0.5, 3.0
SETTINGS_SHARE = 0.33  # of the window (at least 1280 px) for the settings column
DOCK_MARGINS = 20  # the dock's frame and splitter beside the central panels
WRAP_SCALE = 1.7  # from this text scale, the controls under the panels take two rows


class WindowFit:
    """The sizes of one window; it calls :meth:`restyle` and :meth:`fit_width`."""

    def __init__(
        self,
        window: QMainWindow,
        *,
        bounded: tuple[QWidget, QWidget],
        settings: QScrollArea,
        second_row: QToolBar,
    ) -> None:
        """Size ``window``'s parts.

        ``bounded`` is the arithmetic and the notes, kept to a third and an eighth of the
        height; ``second_row`` is the toolbar that starts the second row when wrapped.
        """
        self._window = window
        self._arithmetic, self._notes = bounded
        self._settings = settings
        self._second_row = second_row
        self.zoom = 1.0
        self.scale = 1.0
        self._room: int | None = None  # the width of the screen to fit, if any
        self._styled: tuple[float, str] | None = None  # (text scale, theme) now applied

    def set_zoom(self, zoom: float) -> None:
        self.zoom = round(min(MAX_ZOOM, max(MIN_ZOOM, float(zoom))), 2)
        self.restyle(self._window.height())

    def restyle(self, height: int) -> None:
        """Reapply the style sheet only when its text size or theme changed (it is slow)."""
        self._arithmetic.setMaximumHeight(height // 3)
        self._notes.setMaximumHeight(height // 8)  # the notes never crowd the grids
        self.scale = round(max(1.0, height / DESIGN_HEIGHT) * self.zoom, 2)
        if (self.scale, active().name) != self._styled:  # else nothing below can change
            self._styled = (self.scale, active().name)
            self._window.setStyleSheet(style_sheet(self.scale))
            self._fit_settings_width()
            self._wrap_toolbars()

    def fit_width(self, room: int | None) -> None:
        """Lay the window out to fit a screen ``room`` pixels wide (``None``: no limit).

        Below about 1210 pixels the controls under the panels take two rows and the
        settings column gives the panels their minimum: on a 1024×768 projector the
        window was wider than the screen.
        """
        self._room = room
        self._fit_settings_width()
        self._wrap_toolbars()
        self._window.layout().activate()  # the new minimum size now, before any resize

    def _wrap_toolbars(self) -> None:
        """Speed, stride and photos on a row of their own when one row would not fit."""
        window = self._window
        bars = [bar for bar in window.findChildren(QToolBar) if bar.isVisibleTo(window)]
        one_row = sum(bar.sizeHint().width() for bar in bars)
        wrap = self.scale >= WRAP_SCALE or (self._room is not None and one_row > self._room)
        if wrap != window.toolBarBreak(self._second_row):
            if wrap:
                window.insertToolBarBreak(self._second_row)
            else:
                window.removeToolBarBreak(self._second_row)

    def _fit_settings_width(self) -> None:
        """Make the side column as wide as its (restyled) contents: no clipped controls."""
        scroll = self._settings
        column = scroll.widget()
        column.ensurePolished()
        for child in column.findChildren(QWidget):
            child.ensurePolished()
        bar = scroll.verticalScrollBar().sizeHint().width()
        # As wide as its contents (every choice of its combo boxes in full), but never
        # more than a third of the window, nor more than the screen leaves the panels:
        # at a big zoom or on a 1024-pixel projector the column scrolls sideways instead
        # of pushing the window past the screen.
        wanted = column.minimumSizeHint().width() + bar + _room_for_choices(column)
        cap = int(SETTINGS_SHARE * max(self._window.width(), 1280))
        if self._room is not None:
            panels = self._window.centralWidget().minimumSizeHint().width() + DOCK_MARGINS
            cap = min(cap, self._room - panels)
        scroll.setFixedWidth(max(min(wanted, cap), 0))
        scroll.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if wanted > scroll.width()
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )


def _room_for_choices(column: QWidget) -> int:
    """How much wider than its minimum ``column`` must be to show every choice in full.

    Combo boxes ask for a few characters' width only (so a narrow screen can keep the
    column), which cut "None (valid)" short at 1920×1080.  Only what a closed combo box
    can show counts: a picker's actions appear in its open list, never closed.
    """
    extra = 0
    for combo in column.findChildren(QComboBox):
        metrics = combo.fontMetrics()
        shown = range(1 if combo.property("picker") else combo.count())  # see controls.picker
        longest = max((metrics.horizontalAdvance(combo.itemText(i)) for i in shown), default=0)
        room = metrics.horizontalAdvance("x") * combo.minimumContentsLength()
        extra = max(extra, longest - room)
    return extra
