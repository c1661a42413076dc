"""The window's menus and keys: lesson files, the walk, the view (zoom, themes, full screen).

Every key a lesson needs is a menu action too, so it can be discovered with the mouse
and driven from a presentation clicker; the help overlay lists the same keys.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QMenuBar, QWidget

from convviz.core.assets import bundled_lessons
from convviz.core.model import ConvModel
from convviz.qt.controls.transport import TransportBar
from convviz.qt.theme import THEMES
from convviz.qt.window import document
from convviz.qt.window.help_overlay import HelpOverlay
from convviz.qt.window.lesson_session import LessonSession
from convviz.qt.window.undo import LessonHistory


class MenuWindow(Protocol):
    """What the menus drive: the main window, named by what they use of it.

    A protocol rather than the main window's class, so the window imports this module and
    not the other way round.
    """

    model: ConvModel
    session: LessonSession
    history: LessonHistory
    transport: TransportBar
    help: HelpOverlay
    settings_dock: QDockWidget
    leave_action: QAction
    theme_actions: QActionGroup | None
    export_lesson_only: bool

    @property
    def zoom(self) -> float: ...
    def set_zoom(self, zoom: float, *, remember: bool = True) -> None: ...
    def set_theme(self, name: str, *, remember: bool = True) -> None: ...
    def next_theme(self) -> None: ...
    def toggle_full_screen(self) -> None: ...
    def toggle_presentation(self) -> None: ...
    def leave_full_screen(self) -> None: ...
    def export_dialog(self) -> None: ...
    def edit_properties(self) -> None: ...
    def menuBar(self) -> QMenuBar: ...
    def addAction(self, action: QAction, /) -> None: ...
    def window(self) -> QWidget: ...
    def close(self) -> bool: ...


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
    _edit_menu(window, bar.addMenu("&Edit"))
    _walk_menu(window, bar.addMenu("&Walk"))
    _view_menu(window, bar.addMenu("&View"))
    help_menu = bar.addMenu("&Help")
    _action(window, help_menu, "Keys…", ["F1", "?"], window.help.toggle)


def _file_menu(window: MenuWindow, menu: QMenu) -> None:
    session, parent = window.session, window.window()
    _action(
        window,
        menu,
        "Open lesson…",
        QKeySequence.StandardKey.Open,
        lambda: document.open_file(session, parent),
    )
    recent = menu.addMenu("Open recent")
    recent.setObjectName("recentMenu")
    recent.aboutToShow.connect(lambda: _fill_recent(window, recent))
    shipped = menu.addMenu("Shipped lessons")
    shipped.setObjectName("shippedLessonsMenu")
    for name in bundled_lessons():
        shipped.addAction(name, partial(document.open_shipped, session, parent, name))
    menu.addSeparator()
    _action(
        window,
        menu,
        "Save lesson",
        QKeySequence.StandardKey.Save,
        lambda: document.save(session, parent),
    )
    _action(
        window,
        menu,
        "Save lesson as…",
        "Ctrl+Shift+S",
        lambda: document.save(session, parent, ask=True),
    )
    revert = _action(window, menu, "Revert", None, lambda: document.revert(session, parent))
    revert.setObjectName("revertAction")
    menu.aboutToShow.connect(lambda: revert.setEnabled(session.has_origin and session.unsaved))
    properties = _action(window, menu, "Lesson title and notes…", None, window.edit_properties)
    properties.setObjectName("lessonPropertiesAction")
    _action(window, menu, "Export…", "Ctrl+E", window.export_dialog)
    only = menu.addAction("Export the lesson only (no menus, settings or buttons)")
    only.setObjectName("exportLessonOnlyAction")
    only.setCheckable(True)
    only.toggled.connect(lambda on: setattr(window, "export_lesson_only", on))
    menu.addSeparator()
    _action(window, menu, "Quit", QKeySequence.StandardKey.Quit, window.close)


def _edit_menu(window: MenuWindow, menu: QMenu) -> None:
    """Undo and redo, named after the edit they take back ("Undo stride 2")."""
    stack = window.history.stack
    for action, keys, name in (
        (stack.createUndoAction(menu, "Undo"), ["Ctrl+Z"], "undoAction"),
        (stack.createRedoAction(menu, "Redo"), ["Ctrl+Shift+Z", "Ctrl+Y"], "redoAction"),
    ):
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        menu.addAction(action)
        window.addAction(action)  # keys keep working when the menu bar is hidden


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


def _fill_recent(window: MenuWindow, menu: QMenu) -> None:
    menu.clear()
    session, parent = window.session, window.window()
    for path in session.recent():
        menu.addAction(path.name, partial(document.open_file, session, parent, path))
    if menu.isEmpty():
        menu.addAction("(none yet)").setEnabled(False)
