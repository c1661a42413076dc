"""The window: input ∗ feature detector = feature map, the arithmetic, the transport.

Keys are window-wide shortcuts so a presentation clicker (Page Down / Page Up) and the
keyboard drive the lesson whatever has the focus.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMargins, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QResizeEvent,
    QScreen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QDockWidget,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QScrollArea,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from convviz.core.explain import arithmetic_text, formula_text
from convviz.core.model import ConvModel
from convviz.export import NO_WORDS, Words
from convviz.qt.controls.grid_controls import GridControls
from convviz.qt.controls.layer_controls import LayerControls
from convviz.qt.controls.pooling_controls import PoolingControls
from convviz.qt.controls.timeline import Timeline
from convviz.qt.controls.transport import TransportBar
from convviz.qt.controls.transposed_controls import TransposedControls
from convviz.qt.controls.walk_controls import WalkControls
from convviz.qt.grids.grid_view import GridView
from convviz.qt.model_adapter import ModelAdapter
from convviz.qt.panels.elided_label import ElidedLabel
from convviz.qt.panels.explanation_label import ExplanationLabel, FittedScroll
from convviz.qt.panels.feature_map_panel import FeatureMapPanel
from convviz.qt.panels.input_panel import InputPanel
from convviz.qt.panels.kernel_editor import KernelPanel
from convviz.qt.panels.photo_panel import PhotoPanel
from convviz.qt.panels.pooling_panel import PoolingPanel
from convviz.qt.panels.transposed_panel import TransposedPanel
from convviz.qt.steady_label import SteadyBox
from convviz.qt.theme import THEMES, active, set_active
from convviz.qt.widgets import named
from convviz.qt.window.classroom import Classroom
from convviz.qt.window.document import keep_changes
from convviz.qt.window.export_dialog import run_export_dialog
from convviz.qt.window.help_overlay import HelpOverlay
from convviz.qt.window.learning import Learning
from convviz.qt.window.lesson_keys import LessonKeys
from convviz.qt.window.lesson_properties import LessonProperties
from convviz.qt.window.lesson_session import LessonSession, settings
from convviz.qt.window.menus import build_menus
from convviz.qt.window.photo_loader import PhotoLoader, dropped_photo
from convviz.qt.window.photo_room import PhotoRoom
from convviz.qt.window.photo_toolbar import PhotoToolBar
from convviz.qt.window.render import offscreen_window
from convviz.qt.window.shared_cells import SharedCellSize, row_shares
from convviz.qt.window.stage_panels import StagePanels
from convviz.qt.window.undo import LessonHistory
from convviz.qt.window.window_fit import WindowFit, frame_or_guess, opening_geometry

if TYPE_CHECKING:
    from PIL import Image


#: How long a window manager may take to leave full screen before the old size is set again.
REPLACE_AFTER_MS = 150
#: Put before notes that no longer match the lesson on screen.
STALE_NOTES = "(Written for the lesson as opened, before the changes.) "
#: The arithmetic's text shrinks down to this size before it scrolls (a colour photo's
#: three channels); a one-channel step always fits above it.
SMALLEST_ARITHMETIC_PX = 9


def has_screen() -> bool:
    """False offscreen (tests, exports): there the window is an image of any size."""
    return QGuiApplication.platformName() != "offscreen"


class MainWindow(QMainWindow):
    """``window.model`` is the shared :class:`ConvModel`; drive it from code or tests."""

    def __init__(self, lesson: ConvModel | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("convviz — the convolution operation, step by step")
        self.model = ConvModel() if lesson is None else lesson
        self.adapter = ModelAdapter(self.model, self)
        self.input_panel = InputPanel(self.adapter)
        self.kernel_panel = KernelPanel(self.adapter)
        self.map_panel = FeatureMapPanel(self.adapter)
        self.arithmetic = ExplanationLabel(self.adapter, "arithmeticPanel", arithmetic_text)
        self.timeline = Timeline(self.adapter)
        self.transport = TransportBar(self.adapter)
        self.grid_controls = GridControls(self.adapter, self.input_panel.channel)
        self.layer_controls = LayerControls(self.adapter, self.map_panel.display)
        self.walk_controls = WalkControls(self.adapter)
        self.pooling_panel = PoolingPanel(self.adapter, self.map_panel.grid)
        self.pooling_controls = PoolingControls(self.adapter)
        self.transposed_panel = TransposedPanel(self.adapter, self.input_panel.grid)
        self.transposed_controls = TransposedControls(self.adapter)
        self.formulas = ExplanationLabel(self.adapter, "formulaPanel", formula_text)
        self.title_label = named(QLabel(), "lessonTitle")  # a course page's heading
        self.title_label.setWordWrap(True)
        self.title_label.hide()
        self.notes = named(QLabel(), "notesLabel")
        self.notes.setWordWrap(True)
        self.notes.hide()
        # One line laid over the bottom of the panels, outside every layout: a message
        # appearing never moves the grids (the next double-click would land on the
        # neighbouring kernel cell), and keeps no room from them while hidden (on a
        # 720-line projector a reserved line cost the text a size).
        self.message = ElidedLabel("messageBar")
        self.message.hide()

        panels = QHBoxLayout()
        panels.addWidget(self.input_panel)
        panels.addWidget(_operator("∗"))
        panels.addWidget(self.kernel_panel)
        panels.addWidget(_operator("="))
        panels.addWidget(self.map_panel)
        panels.addWidget(self.pooling_panel)  # shown while pooling is on
        panels.addWidget(self.transposed_panel)  # in place of the map, in its mode
        self._share_width(panels)
        self.adapter.walkChanged.connect(partial(self._share_width, panels))
        self._stage_panels = StagePanels(
            self.adapter, self.map_panel, self.pooling_panel, self.transposed_panel
        )
        central = named(QWidget(), "centralPanels")
        layout = QVBoxLayout(central)
        layout.addWidget(self.title_label)
        layout.addLayout(panels, 1)
        self._arithmetic_scroll = FittedScroll(
            self.arithmetic, "arithmeticScroll", smallest_px=SMALLEST_ARITHMETIC_PX, steady=True
        )
        self.adapter.walkChanged.connect(self._arithmetic_scroll.release)
        layout.addWidget(self._arithmetic_scroll)
        layout.addWidget(self.timeline)
        self._notes_scroll = FittedScroll(self.notes, "notesScroll")
        self._notes_scroll.hide()
        layout.addWidget(self._notes_scroll)
        self.setCentralWidget(central)
        self.message.setParent(central)
        self._message_place = _AlongTheBottom(self.message, self._arithmetic_scroll)
        self._shared_cells = SharedCellSize((self.input_panel.grid, self.map_panel.grid), self)
        for name, widget in (
            ("transportToolBar", self.transport),
            ("paceToolBar", self.transport.pace),
        ):
            bar = named(QToolBar(name, self), name)
            bar.setMovable(False)
            bar.addWidget(widget)
            self.addToolBar(Qt.ToolBarArea.BottomToolBarArea, bar)
        self._add_settings_dock()
        self._fit = WindowFit(
            self,
            bounded=(self._arithmetic_scroll, self._notes_scroll),
            settings=self._settings_scroll,
            second_row=bar,  # the pace controls' bar
        )
        self._on_screen = False  # shown on a real screen (not offscreen, not an export)
        self._settings_before_presenting: bool | None = None  # while presenting (F5)
        self._normal_geometry: QRect | None = None  # while full screen
        self.export_lesson_only = False  # File ▸ Export the lesson only (no controls)
        self._lesson_page = False  # drawn as a course page: the title above the grids

        self.adapter.refused.connect(self.show_message)
        self.adapter.accepted.connect(self.message.hide)
        self.session = LessonSession(self.adapter, self)
        self.session.changed.connect(self._show_lesson)
        self.history = LessonHistory(self.adapter, self)
        self.history.follow(self.session)
        self.session.opened.connect(self.history.clear)
        self.help = HelpOverlay(self)
        self._lesson_keys = LessonKeys(self)
        self.theme_actions: QActionGroup | None = None
        self.leave_action: QAction  # Esc, made by build_menus, enabled only in full screen
        build_menus(self)
        self.classroom = Classroom(self, self._settings_scroll)
        self.set_theme(active().name, remember=False)
        self._keep_lesson_keys()
        self.resize(1280, 720)

        # -- Photos: open (Ctrl+Shift+O, samples, drag and drop) off the GUI thread; the whole
        # filtered photo in a left dock, shown only while the lesson walks a photo.
        self.photo_loader = PhotoLoader(self.adapter, self)
        self.photo_loader.noted.connect(self.show_message)
        self.photo_panel = PhotoPanel(self.adapter)
        self.photo_dock = named(QDockWidget("Whole photo", self), "photoDock")
        self.photo_dock.setWidget(self.photo_panel)
        self.photo_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.photo_dock)
        self.photo_dock.setVisible(self.photo_panel.active)
        self.photo_panel.activeChanged.connect(self.photo_dock.setVisible)
        PhotoRoom(self, self.photo_dock, self.photo_panel.settings, self.settings_dock)
        self.addToolBar(Qt.ToolBarArea.BottomToolBarArea, PhotoToolBar(self.photo_loader, self))
        self.setAcceptDrops(True)
        # Where detectors come from: the Learn menu and its docks, tabbed with the settings.
        self.learning = Learning(self, self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept a PNG or JPEG dragged from the desktop (other files are not offered)."""
        if dropped_photo(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Open the dropped photo; the window stays usable while it decodes."""
        path = dropped_photo(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.photo_loader.load(path)

    def _show_lesson(self) -> None:
        """Title bar and notes follow the lesson; a star marks unsaved changes.

        Notes describe the lesson as it was written: once the grids or settings differ,
        they say so rather than contradict what the class sees.
        """
        session = self.session
        parts = [session.display_name]
        if session.origin_name and session.origin_name != session.display_name:
            parts.append(session.origin_name)
        star = "*" if session.unsaved else ""
        self.setWindowTitle(f"{star}{' — '.join(parts)} — convviz")
        stale = STALE_NOTES if session.notes_stale else ""
        self.notes.setText(stale + session.notes)
        self._notes_scroll.setVisible(bool(session.notes))
        self.title_label.setText(session.title)
        self.title_label.setVisible(self._lesson_page and bool(session.title))

    def lesson_words(self) -> Words:
        """The title and notes as the class reads them now, for an export to draw."""
        return Words(self.session.display_name, self.notes.text())

    def edit_properties(self) -> None:
        """File ▸ Lesson title and notes: a small form, saved with the lesson."""
        dialog = LessonProperties(self.session, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def show_message(self, text: str) -> None:
        """Say why an edit was refused, in the window, without blocking the class."""
        self.message.setText(text)
        self._message_place.place()
        self.message.show()
        self.message.raise_()

    def _share_width(self, panels: QHBoxLayout) -> None:
        """The row's width in proportion to the cells shown.

        Set only when a share changes: each change lays the window out.
        """
        geometry = self.model.geometry
        shares = row_shares(
            geometry.padded_shape[1], self.model.kernel.shape[-1], geometry.out_shape[1]
        )
        order = (
            self.input_panel,
            self.kernel_panel,
            self.map_panel,
            self.pooling_panel,
            self.transposed_panel,
        )
        for panel, share in zip(order, shares, strict=True):
            if panels.stretch(panels.indexOf(panel)) != share:
                panels.setStretchFactor(panel, share)

    def _add_settings_dock(self) -> None:
        """Sizes, patterns, padding, dilation, stride, flip at the side; F2 hides them."""
        column = named(QWidget(), "settingsColumn")
        layout = QVBoxLayout(column)
        for title, widget in (
            ("Input and kernel", self.grid_controls),
            ("Layer", self.layer_controls),
            ("Walk", self.walk_controls),
            ("Pooling", self.pooling_controls),
            ("Transposed", self.transposed_controls),
            ("The sum", SteadyBox(self.formulas)),  # new numbers at every step
        ):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(widget)
            layout.addWidget(box)
        layout.addStretch(1)
        scroll = QScrollArea()  # never let the column force the window taller
        scroll.setWidget(column)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        dock = named(QDockWidget("Settings", self), "settingsDock")
        dock.setWidget(scroll)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        toggle = dock.toggleViewAction()
        toggle.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.addAction(toggle)
        self.settings_dock, self._settings_scroll = dock, scroll

    @property
    def zoom(self) -> float:
        """Text size relative to the automatic size for this window height (1 = 100 %)."""
        return self._fit.zoom

    @property
    def text_scale(self) -> float:
        """The style sheet's scale now: the zoom on this screen, cut to what fits it."""
        return self._fit.scale

    def set_zoom(self, zoom: float, *, remember: bool = True) -> None:
        """Scale every label, control and panel text (50 % to 300 %)."""
        self._fit.set_zoom(zoom)
        if remember:
            settings().setValue("zoom", self._fit.zoom)

    def set_theme(self, name: str, *, remember: bool = True) -> None:
        """Light, dark or high contrast, for the room's light and the projector."""
        theme = set_active(name)
        if remember:
            settings().setValue("theme", name)
        # The application's palette, not the window's: the style sheet would override a
        # widget palette, and dialogs (file, export progress) should follow the theme too.
        QApplication.setPalette(theme.palette())
        self._fit.restyle()
        for grid in self.findChildren(GridView):
            grid.setBackground(theme.grid)
        if self.theme_actions is not None:
            for action in self.theme_actions.actions():
                action.setChecked(action.text() == f"{name} theme")

    def next_theme(self) -> None:
        names = list(THEMES)
        self.set_theme(names[(names.index(active().name) + 1) % len(names)])

    def toggle_full_screen(self) -> None:
        """F11: the whole projector for the lesson (the menu bar hides, keys still work)."""
        self._set_full_screen(not self.isFullScreen())

    def _set_full_screen(self, full: bool) -> None:
        """Full screen and back to exactly the window's old place and size.

        Hiding the settings and the menu bar on the way in makes Qt recompute the normal
        size (a 1280×720 window came back 1439×720), so the geometry is kept here.
        """
        if full and self._normal_geometry is None:
            self._normal_geometry = self.geometry()
        self.menuBar().setVisible(not full)
        if self._on_screen:  # the whole screen is the room now, or the free part again
            screen = self.screen()
            self.fit_screen(screen.geometry().size() if full else self._free_room(screen))
        self.showFullScreen() if full else self.showNormal()
        if not full and self._normal_geometry is not None:
            geometry, self._normal_geometry = self._normal_geometry, None
            self.setGeometry(geometry)
            # A window manager applies the state change later and puts back a size of its
            # own choosing: set ours again once it has.
            QTimer.singleShot(REPLACE_AFTER_MS, self, partial(self.setGeometry, geometry))
        self.leave_action.setEnabled(full)

    @property
    def presenting(self) -> bool:
        return self._settings_before_presenting is not None

    def toggle_presentation(self) -> None:
        """F5, a clicker's slideshow button: full screen, the settings hidden; F5 again leaves.

        The grids get the whole projector.  Leaving restores the settings column as it was.
        """
        if self.presenting:
            self.leave_full_screen()
            return
        self._settings_before_presenting = self.settings_dock.isVisible()
        self._normal_geometry = self.geometry()  # before the settings go
        self.settings_dock.hide()
        self._set_full_screen(True)

    def leave_full_screen(self) -> None:
        """Esc (the clicker's button the second time): back to the window as it was."""
        if self.presenting:
            self.settings_dock.setVisible(bool(self._settings_before_presenting))
            self._settings_before_presenting = None
        self._set_full_screen(False)

    @staticmethod
    def camera(
        model: ConvModel, size: tuple[int, int], scale: float, words: Words = NO_WORDS
    ) -> AbstractContextManager[Callable[[int], Image.Image]]:
        """The exporter's camera: a window of this class on ``model``, drawn offscreen."""
        window = partial(MainWindow.exported, words=words, lesson_only=False)
        return offscreen_window(model, size, scale, window)

    @staticmethod
    def lesson_camera(
        model: ConvModel, size: tuple[int, int], scale: float, words: Words = NO_WORDS
    ) -> AbstractContextManager[Callable[[int], Image.Image]]:
        """A camera for a course page: the title, grids, arithmetic and notes, no controls."""
        window = partial(MainWindow.exported, words=words, lesson_only=True)
        return offscreen_window(model, size, scale, window)

    @staticmethod
    def exported(model: ConvModel, *, words: Words, lesson_only: bool) -> MainWindow:
        """The window a camera draws: ``model`` with the lesson's title and notes.

        ``lesson_only`` makes it a course page (:meth:`show_only_the_lesson`).
        """
        window = MainWindow(model)
        window.session.show_words(words.title, words.notes)
        if lesson_only:
            window.show_only_the_lesson()
        return window

    def show_only_the_lesson(self) -> None:
        """Hide what a class does not need in a picture: menus, settings, buttons, sliders.

        What is left is a course page, so the lesson's title heads it.
        """
        self.menuBar().hide()
        self.settings_dock.hide()  # the photo's settings go with it (PhotoRoom)
        for bar in self.findChildren(QToolBar):
            bar.hide()
        self.timeline.hide()
        self.message.hide()
        self._lesson_page = True
        self._show_lesson()

    def export_dialog(self) -> None:
        """Ask where to export and write it, with a progress bar for animations."""
        run_export_dialog(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The arithmetic and the notes keep to their share of the window's height."""
        self._fit.bound_panels(event.size().height())
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        """After the lesson grew (kernels, a photo), keep the window inside its screen."""
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit.keep_inside()
        return handled

    def showEvent(self, event: QShowEvent) -> None:
        """Open where the window was last time (or sized like the screen), inside the screen."""
        super().showEvent(event)
        if not has_screen() or self._on_screen:
            return
        self._on_screen = True
        remembered = settings().value("geometry")
        self._fit_to(self.screen(), remembered if isinstance(remembered, QRect) else None)
        handle = self.windowHandle()
        if handle is not None:
            handle.screenChanged.connect(lambda screen: self._fit_to(screen, self.normalGeometry()))

    def _fit_to(self, screen: QScreen, wanted: QRect | None) -> None:
        """Text sized for ``screen``, and the window (at ``wanted`` if given) inside it."""
        if self.isFullScreen():
            self.fit_screen(screen.geometry().size())
            return
        placed = opening_geometry(screen.availableGeometry(), self._frame(), wanted)
        self._fit.fit_screen(self._free_room(screen), placed.size())  # fitted where it opens
        self.setGeometry(placed)

    def _frame(self) -> QMargins:
        handle = self.windowHandle()
        return frame_or_guess(handle.frameMargins() if handle is not None else QMargins())

    def _free_room(self, screen: QScreen) -> QSize:
        """What ``screen`` leaves the window inside its frame (task bars excluded)."""
        return screen.availableGeometry().marginsRemoved(self._frame()).size()

    def fit_screen(self, room: QSize | None) -> None:
        """Size the text for, and fit the window into, ``room`` (``None``: no screen)."""
        self._fit.fit_screen(room)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Offer to save an edited lesson (file or shipped); the session is autosaved either way.

        Discard goes back to the lesson as saved before the autosave, so the next start
        opens the file as it is, not the discarded edit.
        """
        if not keep_changes(self.session, self, closing=True):
            event.ignore()
            return
        if self.session.autosave:
            self.session.save_session()
        if self._on_screen:  # shown on a real screen: open there again next time
            settings().setValue("geometry", self.normalGeometry())
        self.transport.play.setChecked(False)
        self.classroom.detach()
        self.adapter.detach()
        super().closeEvent(event)

    def _keep_lesson_keys(self) -> None:
        """Space and Page Up/Down drive the lesson even when a spin box has the focus.

        A spin box would claim them (Page Up/Down step it by ten, Space is text), so a
        presentation clicker would silently stop working after a click in the settings.
        """
        for spin in self.findChildren(QAbstractSpinBox):
            spin.installEventFilter(self._lesson_keys)


def _operator(symbol: str) -> QLabel:
    label = named(QLabel(symbol), "operatorLabel")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class _AlongTheBottom(QObject):
    """Keeps a widget across its parent, its bottom on ``above``'s top, over the grids.

    The bottom of the grids' row is mostly the room around square grids.  Laid over the
    parent's very bottom, a message covered the timeline until the next accepted change.
    """

    def __init__(self, widget: QWidget, above: QWidget) -> None:
        super().__init__(widget)
        self._widget, self._above = widget, above
        parent = widget.parentWidget()
        if parent is not None:
            parent.installEventFilter(self)
        above.installEventFilter(self)

    def place(self) -> None:
        parent = self._widget.parentWidget()
        if parent is not None:
            height = self._widget.sizeHint().height()
            bottom = self._above.y() if self._above.isVisible() else parent.height()
            self._widget.setGeometry(0, bottom - height, parent.width(), height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self.place()
        return super().eventFilter(watched, event)
