"""A still layout: messages and changing numbers never move the grids, so the next click
lands where the instructor aims; the window keeps its size through a presentation."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QPaintEvent, QRegion
from PySide6.QtWidgets import QApplication, QComboBox, QTableView, QWidget
from window_helpers import LayoutRequests, child, message, pick, type_into_kernel

from convviz.core.photo import Photo

GRIDS = ("inputGrid", "kernelEditor", "featureMap", "colorBar", "arithmeticPanel")


def geometries(window) -> dict[str, QRect]:
    """Where each grid sits in the window, in window coordinates."""
    found = {}
    for name in GRIDS:
        widget = child(window, QWidget, name)
        found[name] = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    return found


def settle(window) -> None:
    """Let queued layout requests run (a message is laid out on the next event loop turn)."""
    QApplication.processEvents()
    window.centralWidget().layout().activate()
    QApplication.processEvents()


def test_a_message_appearing_moves_no_grid(qtbot, window):
    settle(window)
    before = geometries(window)
    type_into_kernel(qtbot, window, 0, 0, "")  # refused: the message bar speaks
    settle(window)
    assert message(window)
    assert geometries(window) == before
    type_into_kernel(qtbot, window, 0, 0, "1")  # accepted: the message goes
    settle(window)
    assert not message(window)
    assert geometries(window) == before


def test_a_message_leaves_the_timeline_and_the_arithmetic_uncovered(qtbot, window):
    """Laid over the window's bottom, a message covered the timeline until the next
    accepted change: the class could not be taken to a step by dragging it."""
    settle(window)
    type_into_kernel(qtbot, window, 0, 0, "")
    settle(window)
    bar = child(window, QWidget, "messageBar")
    assert bar.isVisible()
    for name in ("timelineSlider", "arithmeticScroll"):
        widget = child(window, QWidget, name)
        covered = QRect(widget.mapTo(window, QPoint()), widget.size())
        assert not QRect(bar.mapTo(window, QPoint()), bar.size()).intersects(covered), name


def test_a_long_message_stays_one_line(qtbot, window):
    settle(window)
    before = geometries(window)
    window.show_message("A very long explanation " * 30)
    settle(window)
    assert geometries(window) == before


def test_a_refused_weight_reads_as_one_sentence(qtbot, window):
    type_into_kernel(qtbot, window, 0, 1, "")
    assert message(window) == (
        "Kernel cell (row 0, column 1) kept its value because the cell is empty: "
        "type a number such as 1, -0.5 or 1/9."
    )


def test_the_window_keeps_its_size_through_a_presentation(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.size().toTuple() == (1280, 720)
    for there, back in (
        (Qt.Key.Key_F5, Qt.Key.Key_Escape),
        (Qt.Key.Key_F5, Qt.Key.Key_F5),
        (Qt.Key.Key_F11, Qt.Key.Key_F11),
    ):
        qtbot.keyClick(window, there)
        qtbot.waitUntil(window.isFullScreen)
        qtbot.keyClick(window, back)
        qtbot.waitUntil(lambda: not window.isFullScreen())
        QApplication.processEvents()
        assert window.size().toTuple() == (1280, 720)
        assert window.settings_dock.isVisible()


def test_the_channel_choices_reset_when_undo_brings_back_a_grey_input(qtbot, window):
    colour = np.random.default_rng(0).integers(0, 255, (3, 6, 6))
    window.adapter.attempt(window.model.set_input, colour)  # as a colour photo would
    pick(window, "kernelChannelCombo", child(window, QComboBox, "kernelChannelCombo").itemText(1))
    pick(window, "channelCombo", "Red")
    window.history.stack.undo()  # back to the grey seed grid
    assert window.model.channels == 1
    assert child(window, QComboBox, "channelCombo").currentText() == "Colour"
    assert child(window, QComboBox, "kernelChannelCombo").currentIndex() == 0


def test_steps_and_typed_weights_leave_the_window_layout_alone(qtbot, window):
    """Texts that change at every step or typed weight leave the layout alone.

    "Step 7 / 25", "Caption, step 7", the sum's formula and the photo's value range each
    once laid the whole window out and repainted most of it (11 ms of a 27 ms weight
    edit on a 1920×1080 photo).
    """
    pixels = np.random.default_rng(3).integers(0, 256, (64, 80), dtype=np.uint8)
    window.model.set_photo(Photo(pixels, "p"))
    window.model.set_kernel(np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=float))
    window.model.seek(10)  # steps 11 to 18: "Step 9" to "Step 10" would rightly widen
    captions = set()

    def step_and_type(n: int) -> None:
        window.model.step()
        window.model.set_kernel_weight(1, 1, (-4.5, -2.0)[n % 2])  # the value range moves
        QApplication.processEvents()
        captions.add(window.photo_panel.caption.text())

    for n in range(4):  # each text twice: room that must grow (and so wrap anew), grows now
        step_and_type(n)
    settle(window)
    requests = LayoutRequests(window)
    for n in range(6):
        step_and_type(n)
    assert len(captions) == 2  # the caption's numbers did change
    assert requests.count == 0


def test_a_typed_weight_repaints_only_its_cell_while_the_numbers_keep_their_size(qtbot, window):
    """−1 after 1 is wider, yet both fit the cells at the same size: the other cells stay.

    The editor repainted every cell whenever the widest weight's width changed (9 cells,
    2.5 ms of a live photo filter's 16-ms frame); now only when the numbers' size does.
    """
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.height() == 1080)
    table = child(window, QTableView, "kernelEditor")
    table.viewport().repaint()  # the resized window's own full repaint, done
    painted = PaintedRegions(table.viewport())
    for weight in (1.0, -1.0, 1.0, -1.0):
        painted.region = QRegion()
        window.model.set_kernel_weight(0, 0, weight)
        qtbot.waitUntil(lambda: not painted.region.isEmpty())
        QApplication.processEvents()
        assert painted.region.boundingRect() == table.visualRect(table.model().index(0, 0))


class PaintedRegions(QObject):
    """The union of what ``widget`` painted since :attr:`region` was last emptied."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.region, self.count = QRegion(), 0  # and how many paints
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QPaintEvent):
            self.region |= event.region()
            self.count += 1
        return False


def test_numbers_changing_size_repaint_the_kernel_once(qtbot, window):
    """−2.125 after 1 shrinks every weight: all cells repaint, in one paint, not the
    typed cell first and every cell in a second paint the first one asked for."""
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.height() == 1080)
    table = child(window, QTableView, "kernelEditor")
    table.viewport().repaint()
    painted = PaintedRegions(table.viewport())
    for weight in (-2.125, 1.0, -2.125):
        painted.region, painted.count = QRegion(), 0
        window.model.set_kernel_weight(0, 0, weight)
        qtbot.waitUntil(lambda: not painted.region.isEmpty())
        for _ in range(3):
            QApplication.processEvents()
        assert painted.region.boundingRect() == table.viewport().rect()
        assert painted.count == 1
