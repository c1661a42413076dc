"""Words for the undo history: "Undo stride 2", "Redo weight 1/9 in row 0, column 2".

An edit is named from the model method that made it and its arguments, so the widgets
that edit the lesson need not each invent a name.  The lesson as it was before the edit
supplies what the arguments only point at (the name of a kernel that was removed).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from convviz.core.model import LessonState
from convviz.core.numbers import format_number

#: Edits that are not steps of the history: choosing which kernel to look at.
NOT_EDITS = frozenset({"select_kernel"})

Namer = Callable[[LessonState, tuple], str]


def _pair(value: object) -> str:
    """``2`` or ``(2, 1)`` as "2" or "2×1" (rows × columns, like every size here)."""
    if isinstance(value, tuple):
        rows, cols = value
        return str(rows) if rows == cols else f"{rows}×{cols}"
    return str(value)


def _padding(before: LessonState, args: tuple) -> str:
    padding = args[0]
    mode = args[1] if len(args) > 1 and args[1] else before.settings.padding_mode
    if isinstance(padding, tuple) and all(isinstance(side, tuple) for side in padding):
        (top, bottom), (left, right) = padding
        padding = f"{top}, {bottom}, {left}, {right}"
    elif isinstance(padding, str):
        padding = {"valid": "none"}.get(padding, padding)
    else:
        padding = _pair(padding)
    if mode != before.settings.padding_mode:
        return f"padding mode {mode}"
    return f"padding {padding}"


def _kernel_name(before: LessonState, index: object) -> str:
    return before.layer.names[int(index)]  # type: ignore[call-overload]


_NAMES: dict[str, Namer] = {
    "set_input_cell": lambda before, args: "painting on the input",
    "set_input": lambda before, args: "new input",
    "resize_input": lambda before, args: f"input size {args[0]}×{args[1]}",
    "set_kernel": lambda before, args: "new kernel",
    "set_kernel_weight": lambda before, args: (
        f"weight {format_number(args[2])} in row {args[0]}, column {args[1]}"
    ),
    "resize_kernel": lambda before, args: f"kernel size {args[0]}×{args[1]}",
    "set_stride": lambda before, args: f"stride {_pair(args[0])}",
    "set_padding": _padding,
    "set_dilation": lambda before, args: f"dilation {_pair(args[0])}",
    "set_flip": lambda before, args: "convolution" if args[0] else "cross-correlation",
    "add_kernel": lambda before, args: "add a kernel",
    "remove_kernel": lambda before, args: f"remove {_kernel_name(before, args[0])}",
    "move_kernel": lambda before, args: (
        f"move {_kernel_name(before, args[0])} {'up' if args[1] < args[0] else 'down'}"
    ),
    "rename_kernel": lambda before, args: f"rename to {args[1]}",
    "set_bias": lambda before, args: f"bias {format_number(args[0])}",
    "set_relu": lambda before, args: "ReLU on" if args[0] else "ReLU off",
    "clear_photo": lambda before, args: "back to the grid",
    "set": lambda before, args: f"caption of step {args[0]}",  # Captions.set
}

#: Edits that merge with the next one of the same kind: a spin box stepped several times
#: is one step of the history ("stride 3", not "stride 2" then "stride 3").
_MERGE_BY_KIND = frozenset(
    {"resize_input", "resize_kernel", "set_stride", "set_dilation", "set_bias"}
)


def edit_name(method: str, before: LessonState, args: tuple) -> str:
    """The action's name as the Edit menu shows it after "Undo " or "Redo "."""
    namer = _NAMES.get(method)
    return namer(before, args) if namer else "change"


def merge_key(method: str, args: tuple) -> Hashable | None:
    """Which later edits this one absorbs: the same kernel cell, or the same setting."""
    if method == "set_kernel_weight":
        row, col, _value, *channel = args
        return (method, row, col, *channel)
    if method == "set":  # a caption typed key by key is one step
        return (method, args[0])
    return method if method in _MERGE_BY_KIND else None
