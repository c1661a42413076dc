"""What the class sees of the lesson's numbers, owned outside any widget.

The same feature map can be shown several ways: a colour photo filtered as a photo editor
does (each channel alone) or as a CNN layer does (the channels summed), values clipped to
0–255 or spread over their range, the whole colour input or one channel of it.  These
choices change what a learner concludes, so they are lesson state: a lesson file saves
them, an export draws them and a test reads them here, not from a combo box.  Widgets
show whatever this object holds and write only what the user changed.

The cell under the mouse (:attr:`DisplayState.pointed`) is view state too, but fleeting:
it is never saved.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Literal, cast, get_args

from convviz.core.observable import Observable

PhotoMeaning = Literal["photo editor", "cnn layer"]
Values = Literal["clip", "rescale"]
InputChannel = Literal["colour", "red", "green", "blue"]
KernelChannel = Literal["all", "red", "green", "blue"]
CHANNEL_INDEX = {"red": 0, "green": 1, "blue": 2}
Cell = tuple[int, int]


@dataclass(frozen=True)
class DisplayChoices:
    """The saved choices; see the module docstring.

    ``photo_values`` is how the whole filtered photo becomes colours, ``map_values`` the
    same for the feature maps; ``kernel_channel`` is the kernel channel on show (and
    edited) for a colour input.
    """

    photo_meaning: PhotoMeaning = "photo editor"
    photo_values: Values = "clip"
    map_values: Values = "rescale"
    input_channel: InputChannel = "colour"
    kernel_channel: KernelChannel = "all"

    def __post_init__(self) -> None:
        for field in fields(self):
            allowed = get_args(_TYPES[field.name])
            value = getattr(self, field.name)
            if value not in allowed:
                choices = ", ".join(repr(a) for a in allowed)
                raise ValueError(f"{field.name}: expected one of {choices}, got {value!r}")

    @property
    def per_channel(self) -> bool:
        """Each colour channel filtered on its own (a photo editor's meaning)."""
        return self.photo_meaning == "photo editor"

    @property
    def input_channel_index(self) -> int | None:
        """The input channel shown alone, or ``None`` for the colour picture."""
        return CHANNEL_INDEX.get(self.input_channel)

    @property
    def kernel_channel_index(self) -> int | None:
        """The kernel channel shown and edited alone, or ``None`` for all at once."""
        return CHANNEL_INDEX.get(self.kernel_channel)


# The choices of each field (``from __future__ import annotations`` leaves types as text).
_TYPES = {
    "photo_meaning": PhotoMeaning,
    "photo_values": Values,
    "map_values": Values,
    "input_channel": InputChannel,
    "kernel_channel": KernelChannel,
}


class DisplayState(Observable[[frozenset[str]]]):
    """Owns the :class:`DisplayChoices` and the pointed cell; observers hear every change.

    An observer is called with the names of the fields that changed (``"pointed"`` for the
    cell under the mouse), so a view redraws only for what concerns it.
    """

    def __init__(self, display: DisplayChoices | None = None) -> None:
        super().__init__()
        self._display = display or DisplayChoices()
        self._pointed: Cell | None = None

    @property
    def choices(self) -> DisplayChoices:
        return self._display

    @property
    def pointed(self) -> Cell | None:
        """The input cell under the mouse, whose map cells are lit up; ``None`` for none."""
        return self._pointed

    def update(self, **changes: str) -> None:
        """Change some choices (``ValueError`` for an unknown one); notify if any changed."""
        # The field types are Literals that plain ``str`` keywords cannot show statically;
        # ``DisplayChoices.__post_init__`` checks every value when it is made.
        new = replace(self._display, **cast(dict[str, Any], changes))
        changed = frozenset(
            f.name for f in fields(new) if getattr(new, f.name) != getattr(self._display, f.name)
        )
        self._display = new
        self._notify(changed)

    def set(self, display: DisplayChoices) -> None:
        """Take every choice of ``display`` (a lesson was opened)."""
        self.update(**{f.name: getattr(display, f.name) for f in fields(display)})

    def point(self, cell: Cell | None) -> None:
        """The mouse is over ``cell`` of the input (``None``: over no real cell)."""
        if cell != self._pointed:
            self._pointed = cell
            self._notify(frozenset({"pointed"}))

    def _notify(self, changed: frozenset[str]) -> None:
        if changed:
            self._emit(changed)
