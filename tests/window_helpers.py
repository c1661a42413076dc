"""Finding and driving the window's controls the way a user does (pytest-qt)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from convviz.qt.grids.grid_view import GridView

#: Every spin box of the walk and of the grid sizes, as the tests that turn them all need.
SPIN_NAMES = (
    "strideSpin",
    "strideYSpin",
    "strideXSpin",
    "dilationYSpin",
    "dilationXSpin",
    "padTopSpin",
    "padBottomSpin",
    "padLeftSpin",
    "padRightSpin",
    "kernelRowsSpin",
    "kernelColsSpin",
    "inputRowsSpin",
    "inputColsSpin",
)


def child(window, cls, name):
    """The control with ``objectName`` ``name``: the names are part of the product."""
    widget = window.findChild(cls, name)
    assert widget is not None, f"no {cls.__name__} named {name!r}"
    return widget


def message(window) -> str:
    """What the message bar says, or "" while it is hidden."""
    bar = child(window, QLabel, "messageBar")
    return bar.text() if bar.isVisible() else ""


def click(qtbot, window, name):
    qtbot.mouseClick(child(window, QPushButton, name), Qt.MouseButton.LeftButton)


def tick(qtbot, window, name):
    """Click a check box on its box (its centre may lie past the label, where clicks miss)."""
    box = child(window, QCheckBox, name)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def pick(window, name, text):
    combo = child(window, QComboBox, name)
    index = combo.findText(text)
    assert index >= 0, f"{name} has no item {text!r}"
    combo.setCurrentIndex(index)


def panel_text(window, name="arithmeticPanel"):
    return child(window, QLabel, name).text()


def shown_map(window):
    """The numbers the feature-map view is drawing (NaN = not revealed)."""
    return child(window, GridView, "featureMap").cells.values


def type_line(qtbot, window, name, text):
    edit = child(window, QLineEdit, name)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def type_into_kernel(qtbot, window, row, col, text):
    """Open a kernel cell's editor, type ``text`` and press Return, as a learner does."""
    table = child(window, QTableView, "kernelEditor")
    index = table.model().index(row, col)
    table.setCurrentIndex(index)
    table.edit(index)
    # Closed editors linger until deleted later: the open one is the visible one.
    editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "the kernel cell did not open an editor"
    editor = editors[0]
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on Return through a queued call: wait for the editor to close.
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)


class LayoutRequests(QObject):
    """Counts the layout requests that reach ``widget``: each lays it out anew."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.widget, self.count = widget, 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False
