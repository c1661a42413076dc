"""The whole photo's share of the window's width, and whether its settings show.

The grids get the room first: the whole photo took a third of a 1920-pixel projector
and left a 12×12 patch's numbers 12 pixels tall.  Presenting (F5) or with the settings
column hidden (F2), the photo's own settings go too: the class needs the photo, the
grids need the width, and the photo's column shrinks to what the photo needs.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QDockWidget, QWidget

PHOTO_SHARE = 0.2  # of the window's width, at most, for the photo and its settings
PHOTO_SHARE_BARE = 0.1  # … for the photo alone, its settings hidden with the column's


class PhotoRoom(QObject):
    """Bounds the photo's dock to its share whenever the window or the settings change."""

    def __init__(
        self,
        window: QWidget,
        photo_dock: QDockWidget,
        photo_settings: QWidget,
        settings_dock: QDockWidget,
    ) -> None:
        super().__init__(window)
        self._window, self._dock = window, photo_dock
        self._photo_settings, self._settings_dock = photo_settings, settings_dock
        window.installEventFilter(self)
        # Shown and hidden "to the parent": also in a window never shown (an export's).
        settings_dock.installEventFilter(self)
        self._follow_settings()

    def _follow_settings(self) -> None:
        shown = not self._settings_dock.isHidden()
        self._photo_settings.setVisible(shown)
        self._dock.setWindowTitle("Whole photo" if shown else "Photo")  # "Whole ph…" bare
        share = PHOTO_SHARE if shown else PHOTO_SHARE_BARE
        limit = round(share * self._window.width())
        # Bare, exactly its share: the dock area keeps a width of its own past a maximum
        # alone, and presenting at 1280×720 it laid the dock out 169 pixels wide over
        # its 128-pixel share, across the input grid's first column.  Beside the
        # settings, at most its share: a window at its minimum needs it narrower.
        self._dock.setMinimumWidth(0 if shown else limit)
        self._dock.setMaximumWidth(limit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (watched is self._window and kind == QEvent.Type.Resize) or (
            watched is self._settings_dock
            and kind in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent)
        ):
            self._follow_settings()
        return super().eventFilter(watched, event)
