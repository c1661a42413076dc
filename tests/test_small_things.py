"""Small things a class notices: the key list's keys, the photo view's rounding."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from convviz.core.screen_image import to_uint8
from convviz.qt.theme import active


def open_key_list(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.help.isVisible()
    return QApplication.focusWidget()


def test_a_key_closes_the_key_list_and_still_changes_the_theme(qtbot, window):
    before = active().name
    qtbot.keyClick(open_key_list(qtbot, window), Qt.Key.Key_F3)
    assert not window.help.isVisible()
    assert active().name != before  # F3 did its job too


@pytest.mark.parametrize(("key", "cursor"), [(Qt.Key.Key_PageDown, 1), (Qt.Key.Key_Right, 1)])
def test_a_clicker_key_closes_the_key_list_and_steps(qtbot, window, key, cursor):
    qtbot.keyClick(open_key_list(qtbot, window), key)
    assert not window.help.isVisible()
    assert window.model.cursor == cursor


@pytest.mark.parametrize("key", [Qt.Key.Key_F1, Qt.Key.Key_Escape])
def test_f1_or_esc_only_closes_the_key_list(qtbot, window, key):
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.keyClick(open_key_list(qtbot, window), key)
    assert not window.help.isVisible()
    assert window.isFullScreen()  # Esc closed the list, and did not also leave full screen


@pytest.mark.parametrize(("value", "shown"), [(195.99998, 196), (195.4, 195), (0.6, 1)])
def test_the_photo_view_rounds_as_photo_editors_do(value, shown):
    assert to_uint8(np.full((1, 2, 2), value, np.float32), (0.0, 255.0))[0, 0] == shown
