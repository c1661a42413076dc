"""Where the files shipped with convviz are, whether it is installed or run from a checkout.

The files live in the repository's top-level ``assets/`` folder.  A wheel carries that
folder inside the package as ``convviz/assets`` (``force-include`` in pyproject.toml); an
editable install or a plain checkout has it next to the package instead.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path


def assets_dir() -> Traversable:
    """``convviz/assets`` when installed from a wheel, else the checkout's ``assets/``."""
    installed = files("convviz") / "assets"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "assets"


def bundled_lessons() -> dict[str, Traversable]:
    """The lessons shipped with convviz by name (``"seed"``, ``"stride-2"``, …)."""
    lessons = (assets_dir() / "lessons").iterdir()
    return {
        entry.name.removesuffix(".json"): entry
        for entry in sorted(lessons, key=lambda entry: entry.name)
        if entry.name.endswith(".json")
    }


PHOTO_SUFFIXES = (".png", ".jpg", ".jpeg")


def bundled_photos() -> dict[str, Path]:
    """The sample photos shipped with convviz by file name (``"coffee.png"``, …).

    Real paths, not Traversables: Pillow and the file dialog open files by name, and both
    an installed wheel (hatchling installs it unzipped) and a checkout have real files.
    """
    folder = Path(str(assets_dir() / "photos"))
    return {
        path.name: path
        for path in sorted(folder.iterdir())
        if path.suffix.lower() in PHOTO_SUFFIXES
    }
