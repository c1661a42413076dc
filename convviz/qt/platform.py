"""Which Qt platform to use, decided before Qt would abort for want of a screen.

No Qt import here: the command line asks before it loads Qt at all.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping


def has_display(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether Qt can open a window here, judged before Qt would abort trying."""
    platform = environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return True  # offscreen, minimal, vnc, eglfs…: no X or Wayland server needed
    if not sys.platform.startswith("linux"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def draw_offscreen_without_display() -> None:
    """A script on a server draws offscreen rather than let Qt abort (an explicit choice stays).

    Only the platform of a ``QApplication`` not yet created is affected.
    """
    if not has_display():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
