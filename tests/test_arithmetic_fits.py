"""The arithmetic panel shows every line of a one-channel step, at every size and zoom.

Its last lines ("Output size …", "49 input cells → 25 feature-map cells") were cut off
with no scroll bar from step 1 on, at every window size and in every exported frame.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea

import convviz
from convviz.core.assets import bundled_lessons
from convviz.lesson.files import find_lesson
from convviz.qt.window.render import offscreen_window

SCREENS = [(1024, 768), (1280, 720), (1920, 1080)]


def hidden_px(window) -> int:
    """How many pixels of the arithmetic's text lie below what its panel shows."""
    scroll = window.findChild(QScrollArea, "arithmeticScroll")
    label = window.findChild(QLabel, "arithmeticPanel")
    assert not scroll.verticalScrollBar().isVisible(), "a one-channel step must not scroll"
    return label.heightForWidth(scroll.viewport().width()) - scroll.viewport().height()


def one_channel_lessons() -> list[str]:
    return [name for name in bundled_lessons() if find_lesson(name).model.channels == 1]


@pytest.mark.parametrize("lesson", one_channel_lessons())
@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("zoom", [0.5, 1.0, 3.0])
def test_every_line_shows_at_every_step(qtbot, lesson, screen, zoom):
    window = convviz.MainWindow(find_lesson(lesson).model)
    qtbot.addWidget(window)
    window.fit_screen(QSize(*screen))
    window.resize(*screen)
    window.show()
    qtbot.waitExposed(window)
    window.set_zoom(zoom, remember=False)
    for step in (0, 1, 2, window.model.total_steps):
        window.model.seek(step)
        QApplication.processEvents()  # one pass, as before the next paint: no waiting
        assert hidden_px(window) <= 0, (step, window.arithmetic.text())


def test_the_text_shrinks_only_as_far_as_it_must(qtbot):
    window = convviz.MainWindow()
    qtbot.addWidget(window)
    window.fit_screen(QSize(1280, 720))
    window.resize(1280, 720)
    window.show()
    window.model.seek(1)
    QApplication.processEvents()
    assert window.arithmetic.font().pixelSize() == 22  # fits at the window's own size
    window.set_zoom(3.0, remember=False)
    QApplication.processEvents()
    shrunk = window.arithmetic.font().pixelSize()
    assert 12 <= shrunk < round(22 * window.text_scale)
    assert hidden_px(window) <= 0


def test_every_exported_frame_shows_every_line(qtbot):
    windows = []

    def make_window(model):
        windows.append(convviz.MainWindow(model))
        return windows[-1]

    with offscreen_window(convviz.ConvModel(), (1280, 720), 1.0, make_window) as shoot:
        for step in range(4):
            shoot(step)
            assert hidden_px(windows[0]) <= 0, step
