"""The window's menus and keys: lesson files, the walk, the view (zoom, themes, full screen).

Every key a lesson needs is a menu action too, so it can be discovered with the mouse
and driven from a presentation clicker; the help overlay lists the same keys.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMenu, QMenuBar, QWidget

from convviz.core.assets import bundled_lessons
from convviz.core.model import ConvModel
from convviz.lesson.files import load_lesson
from convviz.qt.controls.transport import TransportBar
from convviz.qt.theme import THEMES
from convviz.qt.window.help_overlay import HelpOverlay
from convviz.qt.window.lesson_session import LessonSession


class MenuWindow(Protocol):
    """What the menus drive: the main window, named by what they use of it.

    A protocol rather than the main window's class, so the window imports this module and
    not the other way round.
    """

    model: ConvModel
    session: LessonSession
    transport: TransportBar
    help: HelpOverlay
    settings_dock: QDockWidget
    leave_action: QAction
    theme_actions: QActionGroup | None

    @property
    def zoom(self) -> float: ...
    def set_zoom(self, zoom: float, *, remember: bool = True) -> None: ...
    def set_theme(self, name: str, *, remember: bool = True) -> None: ...
    def next_theme(self) -> None: ...
    def toggle_full_screen(self) -> None: ...
    def toggle_presentation(self) -> None: ...
    def leave_full_screen(self) -> None: ...
    def export_dialog(self) -> None: ...
    def menuBar(self) -> QMenuBar: ...
    def addAction(self, action: QAction, /) -> None: ...
    def window(self) -> QWidget: ...
    def close(self) -> bool: ...


LESSON_FILTER = "convviz lessons (*.json)"
Keys = str | QKeySequence.StandardKey | list[str]


def _action(
    window: MenuWindow, menu: QMenu, text: str, keys: Keys | None, slot: Callable[[], object]
) -> QAction:
    """An action in ``menu`` whose keys work anywhere in the window."""
    action = QAction(text, menu)
    if isinstance(keys, list):
        action.setShortcuts([QKeySequence(k) for k in keys])
    elif keys is not None:
        action.setShortcut(QKeySequence(keys))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(lambda _=False: slot())
    menu.addAction(action)
    window.addAction(action)  # keys keep working when the menu bar is hidden (full screen)
    return action


def build_menus(window: MenuWindow) -> None:
    """Fill the window's menu bar."""
    bar = window.menuBar()
    _file_menu(window, bar.addMenu("&File"))
    _walk_menu(window, bar.addMenu("&Walk"))
    _view_menu(window, bar.addMenu("&View"))
    help_menu = bar.addMenu("&Help")
    _action(window, help_menu, "Keys…", ["F1", "?"], window.help.toggle)


def _file_menu(window: MenuWindow, menu: QMenu) -> None:
    session = window.session
    _action(window, menu, "Open lesson…", QKeySequence.StandardKey.Open, lambda: _open(window))
    recent = menu.addMenu("Open recent")
    recent.setObjectName("recentMenu")
    recent.aboutToShow.connect(lambda: _fill_recent(window, recent))
    shipped = menu.addMenu("Shipped lessons")
    shipped.setObjectName("shippedLessonsMenu")
    for name, path in bundled_lessons().items():
        shipped.addAction(name, partial(_open_shipped, session, path))
    menu.addSeparator()
    _action(window, menu, "Save lesson", QKeySequence.StandardKey.Save, lambda: _save(window))
    _action(window, menu, "Save lesson as…", "Ctrl+Shift+S", lambda: _save(window, ask=True))
    _action(window, menu, "Export…", "Ctrl+E", window.export_dialog)
    menu.addSeparator()
    _action(window, menu, "Quit", QKeySequence.StandardKey.Quit, window.close)


def _walk_menu(window: MenuWindow, menu: QMenu) -> None:
    model = window.model
    _action(window, menu, "Play / pause", "Space", window.transport.toggle_play)
    _action(window, menu, "Step", ["Right", "PgDown"], model.step)
    _action(window, menu, "Step back", ["Left", "PgUp"], model.step_back)
    _action(window, menu, "Back to the start", "Home", model.reset)
    _action(window, menu, "Jump to the end", "End", model.end)


def _view_menu(window: MenuWindow, menu: QMenu) -> None:
    _action(
        window,
        menu,
        "Bigger text",
        ["Ctrl+=", "Ctrl++"],
        lambda: window.set_zoom(window.zoom + 0.1),
    )
    _action(window, menu, "Smaller text", "Ctrl+-", lambda: window.set_zoom(window.zoom - 0.1))
    _action(window, menu, "Text size for this window", "Ctrl+0", lambda: window.set_zoom(1.0))
    _action(window, menu, "Full screen", "F11", window.toggle_full_screen)
    _action(
        window, menu, "Presentation: full screen, settings hidden", "F5", window.toggle_presentation
    )
    # Esc means something only in full screen (an open kernel-cell editor takes it first).
    window.leave_action = _action(
        window, menu, "Leave full screen", "Esc", window.leave_full_screen
    )
    window.leave_action.setEnabled(False)
    menu.addSeparator()
    themes = QActionGroup(menu)
    for name in THEMES:
        action = menu.addAction(f"{name} theme", partial(window.set_theme, name))
        action.setCheckable(True)
        action.setObjectName(f"theme{name.title().replace(' ', '')}Action")
        themes.addAction(action)
    window.theme_actions = themes
    _action(window, menu, "Next theme", "F3", window.next_theme)
    menu.addSeparator()
    menu.addAction(window.settings_dock.toggleViewAction())


def _open_shipped(session: LessonSession, lesson: Traversable) -> None:
    session.adopt(load_lesson(lesson), None)


def _open(window: MenuWindow) -> None:
    path, _ = QFileDialog.getOpenFileName(window.window(), "Open a lesson", "", LESSON_FILTER)
    if path:
        window.session.open(path)


def _save(window: MenuWindow, *, ask: bool = False) -> None:
    session = window.session
    target: str | Path | None = session.path
    if ask or target is None:
        target, _ = QFileDialog.getSaveFileName(
            window.window(), "Save the lesson", "", LESSON_FILTER
        )
    if target:
        session.save(target)


def _fill_recent(window: MenuWindow, menu: QMenu) -> None:
    menu.clear()
    for path in window.session.recent():
        menu.addAction(path.name, partial(window.session.open, path))
    if menu.isEmpty():
        menu.addAction("(none yet)").setEnabled(False)
