"""convviz: see the convolution of a CNN happen, one window step at a time.

``import convviz`` loads NumPy only: :func:`feature_map` and :class:`ConvModel` work in
notebooks and on machines with no display.  ``convviz.MainWindow`` imports Qt on first
use.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from .convolution import Geometry, feature_map
from .model import ConvModel, WalkSettings
from .walk import Step, Walk

if TYPE_CHECKING:
    from .main_window import MainWindow

try:
    __version__ = version("convviz")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+unknown"

__all__ = [
    "ConvModel",
    "Geometry",
    "MainWindow",
    "Step",
    "Walk",
    "WalkSettings",
    "__version__",
    "feature_map",
]


def __getattr__(name: str) -> Any:
    """Import the Qt window only when someone asks for it."""
    if name == "MainWindow":
        from .main_window import MainWindow

        return MainWindow
    raise AttributeError(f"module 'convviz' has no attribute {name!r}")
