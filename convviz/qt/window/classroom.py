"""The classroom tools of the window: the quiz, captions, class pace and the presenter view.

Built after the window's own panels and fitted into them: the caption and the quiz row
go right under the grids, the switches and the caption editor into the settings column
("Class"), and F6 (View ▸ Presenter view) into the menus.  The window keeps one
:class:`Classroom` and calls :meth:`Classroom.detach` when it closes, because the model
(and its captions) may outlive the window.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QGroupBox,
    QMenu,
    QMenuBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from convviz.qt.controls.class_controls import ClassControls
from convviz.qt.controls.quiz_bar import QuizBar
from convviz.qt.panels.caption_label import CaptionLabel
from convviz.qt.panels.explanation_label import FittedScroll
from convviz.qt.panels.feature_map_panel import FeatureMapPanel
from convviz.qt.panels.input_panel import InputPanel
from convviz.qt.panels.pooling_panel import PoolingPanel
from convviz.qt.window.caption_fit import CaptionFit
from convviz.qt.window.lesson_keys import CLICKER_KEYS, LessonKeys
from convviz.qt.window.presenter import PresentedWindow, PresenterView
from convviz.qt.window.quiz_marks import QuizMarks


class ClassroomWindow(PresentedWindow, Protocol):
    """What the classroom tools use of the main window (the presenter view's needs too)."""

    input_panel: InputPanel
    map_panel: FeatureMapPanel
    pooling_panel: PoolingPanel

    def addAction(self, action: QAction, /) -> None: ...
    def centralWidget(self) -> QWidget | None: ...
    def menuBar(self) -> QMenuBar: ...


class Classroom(QObject):
    """Owns the classroom widgets of ``window`` (see the module docstring)."""

    def __init__(self, window: ClassroomWindow, settings: QScrollArea) -> None:
        """``settings`` is the settings column's scroll area (its "Class" group goes in)."""
        super().__init__(window.centralWidget())
        adapter = window.adapter
        self.caption = CaptionLabel(adapter)
        self.quiz_bar = QuizBar(adapter)
        self.controls = ClassControls(adapter, window.transport, self.quiz_bar)
        self.marks = QuizMarks(
            self.quiz_bar, window.input_panel, window.map_panel, window.pooling_panel
        )
        self.presenter = PresenterView(window, self)
        # A clicker's Page Up/Down drive the walk from the answer box; Space stays text.
        self._keys = LessonKeys(self, CLICKER_KEYS)
        self.quiz_bar.answer.installEventFilter(self._keys)
        self.quiz_bar.changed.connect(self._focus_answer)
        self._captions = window.model.captions
        self._captions.subscribe(window.session.edited)
        self._session = window.session

        self._caption_scroll = FittedScroll(self.caption, "captionScroll")
        self.caption.captioned.connect(self._caption_scroll.setVisible)
        self.caption.refresh()
        central = _layout_of(window.centralWidget())
        if central is not None:
            # Under the grids: before the arithmetic (a course page's title sits above them).
            arithmetic = window.findChild(QScrollArea, "arithmeticScroll")
            under = 1 if arithmetic is None else central.indexOf(arithmetic)
            central.insertWidget(under, self.quiz_bar)
            central.insertWidget(under, self._caption_scroll)
        column = _layout_of(settings.widget())
        if column is not None:
            box = _group("Class", self.controls)
            column.insertWidget(column.count() - 1, box)  # before the closing stretch
        self.presenter_action = QAction("Presenter view (two screens)", self)
        self.presenter_action.setShortcut(QKeySequence(Qt.Key.Key_F6))
        self.presenter_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.presenter_action.triggered.connect(lambda _=False: self.presenter.toggle())
        window.addAction(self.presenter_action)
        scroll = self._caption_scroll
        self._caption_fit = CaptionFit(scroll.window(), scroll, self.caption)
        for menu_action in window.menuBar().actions():
            menu = menu_action.menu()
            if menu_action.text() == "&View" and isinstance(menu, QMenu):
                menu.addAction(self.presenter_action)

    def _focus_answer(self) -> None:
        """A question open: the answer box takes the keys; answered: the window has them."""
        answer = self.quiz_bar.answer
        if self.quiz_bar.quiz.question is not None:
            answer.setFocus()
        elif answer.hasFocus():
            answer.clearFocus()

    def detach(self) -> None:
        """Stop listening to the model and close the presenter window (the window closes)."""
        self.presenter.stop()
        if self._session.edited in self._captions.observers:
            self._captions.unsubscribe(self._session.edited)
        self.quiz_bar.detach()
        self.caption.detach()
        self.controls.detach()


def _layout_of(widget: QWidget | None) -> QVBoxLayout | None:
    layout = None if widget is None else widget.layout()
    return layout if isinstance(layout, QVBoxLayout) else None


def _group(title: str, widget: QWidget) -> QGroupBox:
    """A titled group like the settings column's others."""
    box = QGroupBox(title)
    QVBoxLayout(box).addWidget(widget)
    return box
