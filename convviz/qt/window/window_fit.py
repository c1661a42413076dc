"""How the main window fits its text size and its screen.

Three things follow the screen and the zoom: the style sheet's scale (a 1080-line
projector gets bigger numbers than a 720-line one), the rows of controls under the panels,
and the width of the settings column.  They live here, apart from the window's
construction, because they interact: a bigger text makes the controls wider, which may
need a second row, which the screen's width decides.

The text never follows the window's own height.  It once did, and a big zoom made the
window's minimum taller than the window: the window grew, the text grew with it, and so on
for a minute (22 121 × 9 594 pixels, text at 40×).  Now the scale comes from the screen
(or the export's picture), and where the zoom asks for more than the screen holds, the
text is made only as big as still fits: the window never grows itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QEvent, QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QMainWindow,
    QScrollArea,
    QStyle,
    QToolBar,
    QWidget,
)

from convviz.qt.theme import active, style_sheet

DESIGN_HEIGHT = 720  # the style sheet's sizes are for a screen this tall
MIN_ZOOM, MAX_ZOOM = 0.5, 3.0
MIN_SCALE = 0.5  # the smallest text a too-small screen is given (the zoom's own minimum)
FIT_TRIES = 6  # style sheets tried to find the biggest text that fits (each ≈ 0.1 s)
FIT_CLOSE = 0.08  # the search stops this close (a fraction) below a size that does not fit
FIT_DROP = 0.7  # no try goes below this share of a size that did not fit, until one fits
SETTINGS_SHARE = 0.33  # of the window (at least 1280 px) for the settings column
WRAP_SCALE = 1.7  # from this text scale, the controls under the panels take two rows
DESIGN_SIZE = QSize(1280, DESIGN_HEIGHT)  # the window's size on a 720-line screen
TITLE_BAR = QMargins(0, 32, 0, 0)  # a frame's guess before the window manager tells


class WindowFit:
    """The sizes of one window: :meth:`restyle`, :meth:`fit_screen`, :meth:`bound_panels`."""

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
        self._room: QSize | None = None  # the screen (or picture) to fit, if any
        self._styled: tuple[float, str] | None = None  # (text scale, theme) now applied
        self._busy = False  # trying text sizes
        self._size = QSize()  # the window's size once fitted (see _fitting)
        self._settings_short = 0  # how much narrower the settings are than their minimum

    @property
    def wanted_scale(self) -> float:
        """The text scale the zoom asks for on this screen (1 = a 720-line screen at 100 %)."""
        lines = DESIGN_HEIGHT if self._room is None else self._room.height()
        return round(max(1.0, lines / DESIGN_HEIGHT) * self.zoom, 2)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = round(min(MAX_ZOOM, max(MIN_ZOOM, float(zoom))), 2)
        self.restyle()

    def restyle(self) -> None:
        """The biggest text up to :attr:`wanted_scale` whose window fits the screen."""
        with self._fitting():
            wanted = self.wanted_scale
            if self._room is None or self.scale >= wanted:
                self._apply(wanted)  # smaller text than now (or no screen): it fits
            self._search(wanted)

    @contextmanager
    def _fitting(self, size: QSize | None = None) -> Iterator[None]:
        """Try text sizes at the window's ``size`` (default: now), then give it that size.

        Every try is measured at the size the window will have: wrapped texts and the
        arithmetic's share depend on it, and a window measured narrower or shorter than
        it then opened needed a second search.  Layout requests during the tries are the
        tries' own: they start no new fitting.
        """
        if self._busy:
            yield
            return
        self._busy = True
        self._size = QSize(self._window.size() if size is None else size)
        try:
            yield
            if self._room is not None and not self._window.isFullScreen():
                self._settle()
        finally:
            self._busy = False

    def _settle(self) -> QSize:
        """Lay the window out at its size, never above the room; its minimum size then.

        A try's style sheet changes the minimum, the window shrinks to its size, and the
        arithmetic refits to the height it is given: a minimum read before all that was
        the last try's (the search then stopped on a text that did not fit).
        """
        need = QSize()
        for _ in range(3):
            self._lay_out()  # the try's minimum, so that the window can shrink to its size
            self._fit_settings_width()  # for the panels' new minimum, not the last try's
            self._bound_window(self._size)
            self._lay_out()
            if need == (need := self._window.minimumSizeHint()):
                break
        return need

    def _bound_window(self, size: QSize) -> None:
        """The window at ``size``, never larger than the room (full screen is the room).

        A bigger try may have grown it; Qt keeps it at least at its minimum.
        """
        if self._room is None or self._window.isFullScreen():
            return
        bounded = size.boundedTo(self._room)
        if bounded != self._window.size():
            self._window.resize(bounded)

    def fit_screen(self, room: QSize | None, size: QSize | None = None) -> None:
        """Size the text for, and fit the window into, ``room`` (``None``: no screen).

        ``room`` is the screen's free area less the window's frame, or an export's
        picture; ``size`` is the window's size once placed there (default: now).  Below
        about 1210 pixels wide the controls under the panels take two rows and the
        settings column gives the panels their minimum: on a 1024×768 projector the
        window was wider than the screen.
        """
        self._room = None if room is None else QSize(room)
        # One fitting: the layout requests these changes send would each start a search
        # of their own from the old text size, and restyle() then a second from the top.
        with self._fitting(size):
            self.bound_panels(self._window.height())
            self._fit_settings_width()
            self._wrap_toolbars()
            self.restyle()
        self._lay_out()  # the new minimum size now, before any resize

    def bound_panels(self, height: int) -> None:
        """The arithmetic and the notes never take more than a third and an eighth.

        Of the window, but never of more than the room: what the window's minimum size
        needs must not depend on how tall the window happens to be.
        """
        if self._room is not None:
            height = min(height, self._room.height())
        self._arithmetic.setMaximumHeight(height // 3)
        self._notes.setMaximumHeight(height // 8)  # the notes never crowd the grids

    def overflow(self) -> int:
        """How many pixels the window's minimum exceeds the room by (0 or less: it fits)."""
        if self._room is None:
            return 0
        need = self._settle()
        # At 100 % the settings show whole (on a 1024-pixel projector they scrolled
        # sideways by 12 pixels); a bigger zoom trades their room for the grids'.
        clipped = self._settings_short if self.zoom <= 1 else 0
        return max(need.width() + clipped - self._room.width(), need.height() - self._room.height())

    def keep_inside(self) -> None:
        """After any layout change: smaller text if the window no longer fits the room.

        More kernels or a photo make the window's minimum grow; so may a new minimum
        that arrives after the text was fitted.  The window is never left larger than
        the room.
        """
        if self._room is None or self._busy:
            return
        # The layout has just set the window's minimum: reading it is free, where asking
        # for the minimum size hint again would lay the window out on every change.
        need = self._window.minimumSize()
        if need.width() > self._room.width() or need.height() > self._room.height():
            with self._fitting():
                self._search(self.scale)
        else:
            self._bound_window(self._window.size())

    def _search(self, wanted: float) -> None:
        """From the text shown, the biggest text up to ``wanted`` that fits, in a few tries.

        Each try restyles the whole window (about 0.1 s), hence the bound: the search
        stops once the text is within :data:`FIT_CLOSE` of the biggest that fits (see
        :meth:`_next_try` for where it aims).  Text shown smaller than ``wanted`` that
        fits is where a bigger zoom starts from; if it does not fit, no bigger text will
        (the start at a remembered 300 %, built before the screen was known, once tried
        450 % first).
        """
        if self._room is None:
            return
        over = self.overflow()
        fit = (self.scale, over) if over <= 0 else None  # the biggest text known to fit
        misses = [] if over <= 0 else [(self.scale, over)]  # texts that did not, going down
        streak = len(misses)  # of them, how many were tried in a row since the last fit
        for _ in range(FIT_TRIES):
            # The smallest miss, and the one tried just before it.
            miss = misses[-1] if misses else None
            before = misses[-2] if streak >= 2 else None
            guess = self._next_try(wanted, fit, miss, before)
            if guess is None:
                break
            self._apply(guess)
            over = self.overflow()
            if over <= 0:
                fit, streak = (guess, over), 0
            else:
                misses.append((guess, over))
                streak += 1
        if fit is None:
            # Nothing fits: the text that overflows least, the biggest of those (below
            # some size the text no longer holds the window; the lesson does).
            fit = min(misses, key=lambda miss: (miss[1], -miss[0]))
        self._apply(fit[0])

    def _next_try(
        self,
        wanted: float,
        fit: tuple[float, int] | None,
        miss: tuple[float, int] | None,
        before: tuple[float, int] | None,
    ) -> float | None:
        """The next scale to try, or ``None`` when the search is done.

        ``fit``, ``miss`` and ``before`` are (scale, overflow in pixels) of the biggest
        text that fits, the smallest that does not, and the miss tried just before that
        one (``None`` unless the two came in a row).  A guess is where the window's
        minimum meets the room on a straight line: through ``fit`` and ``miss``; else
        through the last two misses; else in proportion (the minimum grows a little
        slower than the text, so upwards this errs small, downwards big).  The overflow
        is not straight: it jumps where a panel wraps or the arithmetic changes its text
        size (1.04 and 1.05 were both a pixel over; 3.46 and 2.94 a hundred pixels, 2.02
        fitted).  So a guess keeps off the ends: a quarter of the gap between a fit and a
        miss (halfway after two misses in a row), at least :data:`FIT_CLOSE` from
        either, and never below :data:`FIT_DROP` of a miss before anything fitted.
        Where smaller text overflowed as much, the text is not what holds the window:
        the search ends.
        """
        assert self._room is not None  # only a search for a room asks
        if fit is None and miss is not None and before is not None and miss[1] >= before[1]:
            return None  # smaller text did not help: the lesson holds the window, not the text
        done = fit is not None and (
            fit[0] >= wanted or (miss is not None and miss[0] - fit[0] <= FIT_CLOSE * miss[0])
        )
        if done or (miss is not None and miss[0] <= MIN_SCALE):
            return None
        lines = self._room.height()
        if fit is not None and miss is not None:
            (low, low_over), (high, high_over) = fit, miss
            guess = low + (high - low) * -low_over / (high_over - low_over)
            margin = (high - low) / 4
            guess = min(max(guess, low + margin), high - margin)
            if before is not None:
                # Two misses in a row: the line keeps aiming just under the last miss
                # (1.19, 1.15, 1.12 above a fit at 1.04); halve the gap instead.
                guess = (low + high) / 2
        elif fit is not None:  # upwards: text smaller than wanted fits
            low, low_over = fit
            guess = min(wanted, max(low * lines / (lines + low_over), low * (1 + FIT_CLOSE)))
        else:
            assert miss is not None
            high, high_over = miss
            guess = high * lines / (lines + high_over)
            if before is not None:  # it overflowed more (else the search stopped above)
                guess = high - high_over * (before[0] - high) / (before[1] - high_over)
            guess = min(max(guess, high * FIT_DROP), high * (1 - FIT_CLOSE))
        guess = max(MIN_SCALE, round(guess, 2))
        if (miss is not None and guess >= miss[0]) or (fit is not None and guess <= fit[0]):
            return None  # a hundredth apart
        return guess

    def _lay_out(self) -> None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        layout = self._window.layout()
        if layout is not None:  # a main window always has one
            layout.activate()

    def _apply(self, scale: float) -> None:
        """Reapply the style sheet only when its text size or theme changed (it is slow)."""
        self.scale = scale
        if (scale, active().name) != self._styled:  # else nothing below can change
            self._styled = (scale, active().name)
            self._window.setStyleSheet(style_sheet(scale))
            self._fit_settings_width()
            self._wrap_toolbars()

    def _wrap_toolbars(self) -> None:
        """Speed, stride and photos on a row of their own when one row would not fit."""
        window = self._window
        bars = [bar for bar in window.findChildren(QToolBar) if bar.isVisibleTo(window)]
        one_row = sum(bar.sizeHint().width() for bar in bars)
        wrap = self.scale >= WRAP_SCALE or (self._room is not None and one_row > self._room.width())
        if wrap != window.toolBarBreak(self._second_row):
            if wrap:
                window.insertToolBarBreak(self._second_row)
            else:
                window.removeToolBarBreak(self._second_row)

    def _fit_settings_width(self) -> None:
        """Make the side column as wide as its (restyled) contents: no clipped controls."""
        scroll, central = self._settings, self._window.centralWidget()
        column = scroll.widget()
        if column is None or central is None:
            return  # still being built
        column.ensurePolished()
        for child in column.findChildren(QWidget):
            child.ensurePolished()
        bar = scroll.verticalScrollBar().sizeHint().width()
        # As wide as its contents (every choice of its combo boxes in full), but never
        # more than a third of the window, nor more than the screen leaves the panels:
        # at a big zoom or on a 1024-pixel projector the column scrolls sideways instead
        # of pushing the window past the screen.
        least = column.minimumSizeHint().width() + bar  # below this, it scrolls sideways
        wanted = least + _room_for_choices(column)
        cap = int(SETTINGS_SHARE * max(self._window.width(), 1280))
        if self._room is not None:
            # A docked column has no frame: only the splitter's handle is beside it (a
            # guess of 20 pixels made a 1024-pixel projector's settings scroll sideways).
            handle = self._window.style().pixelMetric(
                QStyle.PixelMetric.PM_DockWidgetSeparatorExtent, None, self._window
            )
            # The other docks beside the panels too: the whole photo's column was left
            # out, and the photo lesson opened 1 128 pixels wide on a 1024-pixel screen.
            beside = [central] + [
                dock
                for dock in self._window.findChildren(QDockWidget)
                if dock is not scroll.parentWidget() and dock.isVisibleTo(self._window)
            ]
            cap = min(
                cap, self._room.width() - sum(w.minimumSizeHint().width() + handle for w in beside)
            )
        scroll.setFixedWidth(max(min(wanted, cap), 0))
        self._settings_short = max(least - scroll.width(), 0)
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


def frame_or_guess(frame: QMargins) -> QMargins:
    """The window's frame; before the window manager has framed it (all 0), a title bar."""
    return frame if not frame.isNull() else TITLE_BAR


def opening_geometry(available: QRect, frame: QMargins, remembered: QRect | None) -> QRect:
    """Where the window opens: where it was last time, else sized like its screen.

    Always inside ``available`` (the screen less its task bars) with ``frame`` around it:
    a geometry remembered on a bigger screen (the office monitor before the 1024×768
    projector) is cut down to this one, never left hanging off it.
    """
    room = available.marginsRemoved(frame)
    if remembered is None or not remembered.isValid():
        size = DESIGN_SIZE * max(1.0, available.height() / DESIGN_HEIGHT)
        placed = QRect(QPoint(0, 0), size.boundedTo(room.size()))
        placed.moveCenter(room.center())
        return placed
    placed = QRect(remembered.topLeft(), remembered.size().boundedTo(room.size()))
    placed.moveLeft(min(max(placed.left(), room.left()), room.right() - placed.width() + 1))
    placed.moveTop(min(max(placed.top(), room.top()), room.bottom() - placed.height() + 1))
    return placed
