"""Run by test_presenter.py under an X server with two screens: F6, then a clicker.

Prints one JSON line describing where each window went and what each showed, so the
test asserts in its own process.  ``SHOTS`` (a folder) saves both screens' windows.
"""

from __future__ import annotations

import json
import os
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def main() -> None:
    app = QApplication(sys.argv[:1])
    from convviz import MainWindow
    from convviz.core.assets import bundled_lessons
    from convviz.lesson.files import load_lesson

    screens = QGuiApplication.screens()
    window = MainWindow()
    window.session.adopt(load_lesson(bundled_lessons()["seed"]), None)
    window.setScreen(screens[0])
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.model.seek(1)
    f6 = window.classroom.presenter_action
    f6.trigger()
    presenter = window.classroom.presenter.window
    assert presenter is not None, "F6 opened no presenter window"
    QTest.qWaitForWindowExposed(presenter)
    QTest.qWait(300)
    presenter.activateWindow()
    QTest.qWait(100)
    QTest.keyClick(presenter, Qt.Key.Key_PageDown)  # the clicker, on the laptop
    QTest.qWait(300)
    state = {
        "screens": [s.geometry().getRect() for s in screens],
        "lesson_screen": screens.index(window.screen()),
        "presenter_screen": screens.index(presenter.screen()),
        "lesson_size": [window.width(), window.height()],
        "lesson_full_screen": window.isFullScreen(),
        "cursor": window.model.cursor,
        "presenter_step": presenter.position.text(),
        "presenter_caption": presenter.caption.text(),
        "presenter_next": presenter.next_step.text(),
        "lesson_caption": window.classroom.caption.text(),
    }
    shots = os.environ.get("SHOTS")
    if shots:
        window.grab().save(os.path.join(shots, "projector.png"))
        presenter.grab().save(os.path.join(shots, "laptop.png"))
    f6.trigger()
    QTest.qWait(200)
    state["after_f6_presenter"] = window.classroom.presenter.window is not None
    state["after_f6_full_screen"] = window.isFullScreen()
    print(json.dumps(state))
    window.close()
    app.processEvents()


if __name__ == "__main__":
    main()
