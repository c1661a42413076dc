"""The mouse wheel over the settings scrolls them; it never changes a control by accident.

An instructor scrolling the Settings column passes the wheel over every combo and spin
box; only a control that was clicked (or reached with Tab) may take it.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QScrollArea, QWidget

NOTCH_DOWN = QPoint(0, -120)


def wheel(control: QWidget, notch: QPoint = NOTCH_DOWN) -> None:
    """One notch of the wheel over the middle of ``control``, as Qt delivers a real one.

    Qt passes a wheel event from a real mouse up the parents until one accepts it, but
    not one sent from code (QApplication propagates only spontaneous wheel events, and a
    test cannot make one), so this walks the parents the way QApplication::notify does:
    the widget under the mouse first (a spin box's text field), then each parent.
    """
    centre = control.rect().center()
    widget = control.childAt(centre) or control
    position = QPointF(widget.mapFrom(control, centre))
    while widget is not None:
        event = QWheelEvent(
            position,
            QPointF(widget.mapToGlobal(position)),
            QPoint(0, 0),
            notch,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        handled = QApplication.sendEvent(widget, event)
        if (handled and event.isAccepted()) or widget.isWindow():
            return
        position = QPointF(widget.mapToParent(position.toPoint()))
        widget = widget.parentWidget()


def value(control: QWidget) -> object:
    if isinstance(control, QComboBox):
        return control.currentIndex()
    assert isinstance(control, QAbstractSpinBox)
    return control.text()


def controls(window) -> list[QWidget]:
    found = window.findChildren(QComboBox) + window.findChildren(QAbstractSpinBox)
    assert len(found) >= 20  # every combo and spin box of the window, photo panel included
    return found


def settings_scroll(window) -> QScrollArea:
    return window.settings_dock.widget()


def test_the_wheel_changes_no_unfocused_control(qtbot, window):
    window.model.set_padding(1)  # every spin box away from its limits, both ways
    window.model.set_stride(2)
    window.model.set_dilation(2)
    for control in controls(window):
        for notch in (NOTCH_DOWN, -NOTCH_DOWN):
            before, lesson = value(control), window.model.snapshot()
            wheel(control, notch)
            assert value(control) == before, f"the wheel changed {control.objectName()}"
            assert window.model.snapshot().same_as(lesson), control.objectName()


def test_the_wheel_over_a_setting_scrolls_the_column(qtbot, window):
    window.resize(1280, 420)  # short enough that the settings scroll
    scroll = settings_scroll(window).verticalScrollBar()
    qtbot.waitUntil(lambda: scroll.maximum() > 0)
    column = settings_scroll(window).widget()
    inside = [c for c in controls(window) if column.isAncestorOf(c)]
    assert {"paddingCombo", "strideYSpin", "inputRowsSpin", "presetCombo"} <= {
        c.objectName() for c in inside
    }
    for control in inside:
        scroll.setValue(0)
        wheel(control)
        assert scroll.value() > 0, f"the wheel over {control.objectName()} did not scroll"


def test_a_clicked_control_takes_the_wheel(qtbot, window):
    stride = window.findChild(QAbstractSpinBox, "strideYSpin")
    window.activateWindow()
    stride.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(stride.hasFocus)
    wheel(stride, -NOTCH_DOWN)  # up: one more
    assert window.model.stride == (2, 1)
    assert stride.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel never gives focus
