"""Shared fixtures: the real window, offscreen, and a guard against leaked windows."""

from __future__ import annotations

import os
from types import SimpleNamespace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True, scope="session")
def private_state(tmp_path_factory: pytest.TempPathFactory):
    """Settings and the autosaved session go to a temporary folder, never the user's."""
    os.environ["CONVVIZ_HOME"] = str(tmp_path_factory.mktemp("convviz-home"))


@pytest.fixture(autouse=True)
def light_theme():
    """Each test starts in the light theme, whatever an earlier test switched to."""
    from convviz.qt.theme import set_active

    set_active("Light")
    yield
    set_active("Light")


@pytest.fixture(autouse=True)
def no_leaked_windows(request: pytest.FixtureRequest):
    """Fail a GUI test that leaves a top-level widget alive (it would leak into the next)."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    request.getfixturevalue("qapp")
    before = {id(w) for w in QApplication.topLevelWidgets()}
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    leaked = [
        w
        for w in QApplication.topLevelWidgets()
        if id(w) not in before and w.metaObject().className() not in {"QTipLabel"}
    ]
    assert not leaked, f"test left top-level widgets alive: {leaked}"


@pytest.fixture
def window(qtbot):
    """The real main window on the seed lesson, shown at projector size."""
    from convviz import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh settings folder: nothing remembered, no autosaved session."""
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("CONVVIZ_HOME", str(path))
    return path


@pytest.fixture
def answers(monkeypatch):
    """Replace the "Save the changes?" question: ``answers.reply`` is what the user clicks."""
    from PySide6.QtWidgets import QMessageBox

    answers = SimpleNamespace(reply=QMessageBox.StandardButton.Cancel, asked=[])

    def question(parent, title, text, buttons, *args):
        answers.asked.append(text)
        return answers.reply

    monkeypatch.setattr(QMessageBox, "question", question)
    return answers
