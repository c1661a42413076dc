"""Per-step captions: the instructor's words for a step, shown large at that step.

A caption belongs to a number of revealed cells (the "Step 2 / 25" the window shows):
caption 2 is on screen while two cells are revealed.  Caption 0 is shown before the walk
starts.  Captions live beside the model (``model.captions``), like the display choices,
so a lesson file saves them, a copy of the model carries them and an export draws them.
A caption for a step past the end of today's walk is kept (a larger stride shortens the
walk; a smaller one brings the caption back), it is just not shown.
"""

from __future__ import annotations

from collections.abc import Mapping

from convviz.core.observable import Observable

MAX_CAPTION = 400  # characters: a caption is read aloud in a breath, not a paragraph


class Captions(Observable[[]]):
    """The lesson's captions by step, with observers told of every change."""

    def __init__(self) -> None:
        super().__init__()
        self._text: dict[int, str] = {}

    def at(self, step: int) -> str:
        """The caption for ``step`` revealed cells, or ``""``."""
        return self._text.get(step, "")

    def items(self) -> dict[int, str]:
        """Every caption, by step, in step order (a copy)."""
        return dict(sorted(self._text.items()))

    def steps(self) -> list[int]:
        """The captioned steps, in order (class pace pauses at them)."""
        return sorted(self._text)

    def set(self, step: int, text: str) -> None:
        """Caption ``step`` with ``text``; empty text removes the caption."""
        self.replace({**self._text, step: text})

    def replace(self, captions: Mapping[int, str]) -> None:
        """Take these captions instead of the current ones (a lesson was opened)."""
        new = {}
        for step, text in captions.items():
            cleaned = check_caption(step, text)
            if cleaned:
                new[step] = cleaned
        if new != self._text:
            self._text = new
            self._emit()


def check_caption(step: object, text: object) -> str:
    """The caption's text, stripped; ``ValueError`` saying what is wrong otherwise."""
    if isinstance(step, bool) or not isinstance(step, int) or step < 0:
        raise ValueError(f"A caption belongs to a step: 0 or more, not {step!r}.")
    if not isinstance(text, str):
        raise ValueError(f"The caption of step {step} must be text, not {type(text).__name__}.")
    cleaned = text.strip()
    if len(cleaned) > MAX_CAPTION:
        raise ValueError(
            f"The caption of step {step} has {len(cleaned)} characters; "
            f"keep it under {MAX_CAPTION} (longer words belong in the notes)."
        )
    return cleaned
