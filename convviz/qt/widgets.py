"""Small factories for named controls: tests find them, screen readers describe them."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, SignalInstance
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QSizePolicy, QSpinBox, QWidget

from convviz.core.display import DisplayState

Named = TypeVar("Named", bound=QObject)


def named(thing: Named, name: str) -> Named:
    """``thing`` with its ``objectName``: tests, style sheets and screen readers find it.

    (Qt accepts ``objectName=`` in constructors, but the type stubs do not know it.)
    """
    thing.setObjectName(name)
    return thing


class WheelGuard(QObject):
    """The mouse wheel over a control that was not clicked scrolls the page instead.

    Scrolling the settings column with the wheel passes over combo and spin boxes; Qt
    would let each one it lands on take the wheel and silently change the lesson (one
    notch over Padding turned the seed into a 49-step "same" walk).  A control takes the
    wheel only once it has the focus (a click or Tab); until then the wheel event is
    ignored, so Qt hands it on to the scroll area behind.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(watched, QWidget)
            and not watched.hasFocus()
        ):
            event.ignore()
            return True
        return super().eventFilter(watched, event)


def _guard_wheel(control: QWidget) -> None:
    """Focus by click or Tab only (never by the wheel), and the wheel only after that."""
    control.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    control.installEventFilter(WheelGuard(control))


def spin_box(name: str, tip: str, minimum: int, maximum: int) -> QSpinBox:
    """A named, described spin box (screen readers and tests find it by name)."""
    spin = named(QSpinBox(minimum=minimum, maximum=maximum), name)
    # Write the number now: Qt writes it when the box is first shown, and the window an
    # export draws is never shown (its unchanged boxes, the padding's 0s, came out empty).
    spin.setValue(spin.value())
    spin.setToolTip(tip)
    spin.setAccessibleName(tip)
    spin.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    _guard_wheel(spin)
    return spin


def set_quietly(spin: QSpinBox, value: int) -> None:
    """Show the model's value without sending it back to the model as a new edit.

    The range widens to hold it: the model's limits are the real ones, and a control
    that clamped a lesson's 48 columns to its own 32 showed a number the model did not
    hold (and wrote it back at the next touch).
    """
    if value == spin.value():
        return  # nothing to show: repainting every spin box cost a live photo edit 5 ms
    with QSignalBlocker(spin):
        if not spin.minimum() <= value <= spin.maximum():
            spin.setRange(min(spin.minimum(), value), max(spin.maximum(), value))
        spin.setValue(value)


def button(name: str, text: str, tip: str) -> QPushButton:
    """A named button that never takes the keyboard focus.

    The window's keys (Space, arrows, Page Up/Down) must reach the lesson, not a button
    that happened to be clicked last.
    """
    widget = named(QPushButton(text), name)
    widget.setToolTip(tip)
    widget.setAccessibleName(tip)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return widget


def combo_box(name: str, tip: str, items: list[str]) -> QComboBox:
    """A named combo box that does not widen its column to its longest item."""
    combo = named(QComboBox(), name)
    combo.addItems(items)
    combo.setToolTip(tip)
    combo.setAccessibleName(tip)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(7)
    _guard_wheel(combo)
    return combo


def choice_combo(
    name: str,
    tip: str,
    choices: dict[str, str],
    display: DisplayState,
    field: str,
    changed: SignalInstance,
) -> QComboBox:
    """A combo box for one ``DisplayChoices`` field: ``choices`` maps text to value.

    It shows whatever ``display`` holds (on ``changed``, the adapter's ``displayChanged``)
    and writes only what the user picks, so a lesson or a script that sets the choice is
    never overruled by the widget.
    """
    combo = combo_box(name, tip, list(choices))
    values = list(choices.values())

    def show(fields: frozenset[str] = frozenset({field})) -> None:
        if field in fields:
            with QSignalBlocker(combo):
                combo.setCurrentIndex(values.index(getattr(display.choices, field)))

    combo.currentIndexChanged.connect(lambda index: display.update(**{field: values[index]}))
    changed.connect(show)
    show()
    return combo


def picker(name: str, tip: str, actions: list[str], first: str = "Choose…") -> QComboBox:
    """A combo box of actions (fill the grid, apply a preset) under ``first``.

    The ``picker`` property tells the window not to make room for the actions' long
    names (the column would squeeze the grids): closed, the box shows ``first`` or the
    action in force, cut short if need be.
    """
    combo = combo_box(name, tip, [first, *actions])
    combo.setProperty("picker", True)
    return combo


def side_by_side(*widgets: QWidget) -> QWidget:
    """Widgets in one row of a form (rows then columns, like every size here)."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return row
