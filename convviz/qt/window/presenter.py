"""The presenter view: the lesson full screen on the projector, the instructor's screen beside it.

With two screens, F6 puts the lesson window on the other screen (the projector) in
presentation mode (full screen, settings hidden: F5's view) and opens a presenter window
on the screen the lesson was on (the laptop).  The presenter window shows the caption
and the lesson's notes, a preview of the next step (where the window goes, its
arithmetic and its caption: the answer before the class sees it), a clock with the time
presenting, and Back / Step / Play.  Both windows carry the lesson's key actions, so the
keyboard and a presentation clicker drive the lesson whichever window has the focus.
With one screen F6 only says so: a presenter window would cover the lesson.
"""

from __future__ import annotations

import time
from typing import Protocol

import numpy as np
from PySide6.QtCore import QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from convviz.core.explain import next_step_text
from convviz.core.model import ConvModel
from convviz.qt.controls.transport import TransportBar
from convviz.qt.grids.map_view import MapView
from convviz.qt.model_adapter import ModelAdapter
from convviz.qt.theme import lut_for, style_sheet
from convviz.qt.widgets import button, named
from convviz.qt.window.lesson_session import LessonSession

PREVIEW_PX = 240
PRESENTER_SCALE = 1.2  # read from arm's length on a laptop, beside the projector
PRESENTER_STYLE = """
QLabel#presenterCaption { font-size: 36px; font-weight: 600; }
QLabel#presenterClock { font-size: 32px; font-weight: 600; }
QLabel#presenterHeading { font-size: 20px; font-weight: 700; }
QLabel#presenterNext { font-size: 24px; }
"""


class PresentedWindow(Protocol):
    """What the presenter view needs of the lesson window (the main window)."""

    model: ConvModel
    adapter: ModelAdapter
    transport: TransportBar
    session: LessonSession

    @property
    def presenting(self) -> bool: ...
    def toggle_presentation(self) -> None: ...
    def leave_full_screen(self) -> None: ...
    def show_message(self, text: str) -> None: ...
    def screen(self) -> QScreen: ...
    def actions(self) -> list[QAction]: ...
    def setScreen(self, screen: QScreen, /) -> None: ...
    def setGeometry(self, rect: QRect, /) -> None: ...
    def findChild(self, kind: type[QScrollArea], name: str, /) -> QScrollArea | None: ...


class PresenterWindow(QWidget):
    """The instructor's screen: what is said now, what comes next, the time and the controls."""

    closed = Signal()  # the instructor closed it: the presentation ends

    def __init__(self, lesson: PresentedWindow) -> None:
        super().__init__()
        self.setObjectName("presenterWindow")
        self.setWindowTitle("convviz — presenter view")
        self._lesson = lesson
        self._started = time.monotonic()
        self.caption = named(QLabel(), "presenterCaption")
        self.notes = named(QLabel(), "presenterNotes")
        self.next_step = named(QLabel(), "presenterNext")
        self.preview = MapView("presenterPreview")  # the map as the next step leaves it
        self.preview.setFixedSize(PREVIEW_PX, PREVIEW_PX)
        self.preview.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.clock = named(QLabel(), "presenterClock")
        self.position = named(QLabel(), "presenterStep")
        for label in (self.caption, self.notes, self.next_step):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(style_sheet(PRESENTER_SCALE) + PRESENTER_STYLE)
        transport = lesson.transport
        self.back = button("presenterBack", "◀ Back", "Step back (← or Page Up)")
        self.step = button("presenterStepButton", "Step ▶", "Next step (→ or Page Down)")
        self.play = button("presenterPlay", "▶ Play / ❚❚", "Play / pause (Space)")
        for mine, theirs in (
            (self.back, transport.back),
            (self.step, transport.step),
            (self.play, transport.play),
        ):
            mine.clicked.connect(theirs.click)

        controls = QHBoxLayout()
        for widget in (self.back, self.step, self.play):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.position)
        controls.addSpacing(24)
        controls.addWidget(self.clock)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(_heading("Now"))
        layout.addWidget(self.caption)
        layout.addWidget(self.notes)
        layout.addWidget(_heading("Next"))
        following = QHBoxLayout()
        following.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        following.addWidget(self.next_step, 1, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(following)
        layout.addStretch(1)
        self.addActions(lesson.actions())  # the lesson's keys work here too

        self._ticker = QTimer(self, interval=1000)
        self._ticker.timeout.connect(self._tick)
        self._ticker.start()
        lesson.adapter.cursorMoved.connect(self.refresh)
        lesson.adapter.walkChanged.connect(self.refresh)
        self.refresh()
        self._tick()

    def refresh(self) -> None:
        model = self._lesson.model
        caption = model.captions.at(model.cursor)
        self.caption.setText(caption or "(no caption at this step)")
        self.notes.setText(self._lesson.session.notes)
        self.notes.setVisible(bool(self.notes.text()))
        self.next_step.setText(next_step_text(model))
        shown = min(model.cursor + 1, model.total_steps)
        self.preview.show_map(model.feature_map, shown, *lut_for(model.feature_map))
        step = model.walk.step(shown - 1) if shown else None
        if step is None or model.finished:
            self.preview.overlay.clear()
        else:
            self.preview.overlay.show_cells(
                np.array([step.out_row]), np.array([step.out_col]), tint=False
            )
        self.position.setText(f"Step {model.cursor} / {model.total_steps}")

    def closeEvent(self, event: QCloseEvent) -> None:
        self._ticker.stop()
        self.closed.emit()
        super().closeEvent(event)

    def _tick(self) -> None:
        minutes, seconds = divmod(int(time.monotonic() - self._started), 60)
        self.clock.setText(f"{time.strftime('%H:%M')}  ·  {minutes:02d}:{seconds:02d}")


class PresenterView(QObject):
    """Starts and stops the two-screen presentation of ``lesson`` (F6)."""

    def __init__(self, lesson: PresentedWindow, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lesson = lesson
        self.window: PresenterWindow | None = None
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenRemoved.connect(self._screen_removed)

    @property
    def active(self) -> bool:
        return self.window is not None

    def toggle(self) -> None:
        self.stop() if self.active else self.start()

    def start(self) -> bool:
        """Lesson to the projector, presenter window on the laptop; ``False`` with one screen."""
        laptop = self._lesson.screen()
        projector = other_screen(laptop)
        if projector is None:
            self._lesson.show_message(
                "The presenter view needs a second screen (a projector). "
                "With one screen, F5 presents the lesson full screen."
            )
            return False
        self.window = PresenterWindow(self._lesson)
        self.window.setScreen(laptop)
        self.window.setGeometry(laptop.availableGeometry())
        self.window.show()
        self._notes_on_projector(False)
        self._lesson.setScreen(projector)
        self._lesson.setGeometry(projector.geometry())
        if not self._lesson.presenting:
            self._lesson.toggle_presentation()
        self.window.closed.connect(self.stop)
        return True

    def stop(self) -> None:
        """Close the presenter window; the lesson leaves full screen on the projector."""
        if self.window is not None:
            window, self.window = self.window, None
            window.close()
            window.deleteLater()
            self._lesson.leave_full_screen()
            self._notes_on_projector(bool(self._lesson.session.notes))

    def _notes_on_projector(self, shown: bool) -> None:
        """The notes are the instructor's: on the laptop only while the presenter view is on."""
        notes = self._lesson.findChild(QScrollArea, "notesScroll")
        if notes is not None:
            notes.setVisible(shown)

    def _screen_removed(self, screen: QScreen) -> None:
        if self.active and len(QGuiApplication.screens()) < 2:
            self.stop()


def other_screen(screen: QScreen) -> QScreen | None:
    """A screen that is not ``screen`` (the projector beside the laptop), or ``None``."""
    return next((s for s in QGuiApplication.screens() if s is not screen), None)


def _heading(text: str) -> QLabel:
    return named(QLabel(text), "presenterHeading")
