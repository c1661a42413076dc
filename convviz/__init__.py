"""convviz: see the convolution of a CNN happen, one window step at a time.

``import convviz`` loads NumPy only: :func:`feature_map` and :class:`ConvModel` work in
notebooks and on machines with no display.  ``convviz.MainWindow`` imports Qt on first
use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .convolution import Geometry, feature_map
from .model import ConvModel, WalkSettings
from .walk import Step, Walk

if TYPE_CHECKING:
    from .main_window import MainWindow

# The one place the version is written (pyproject.toml reads it from here): asking
# importlib.metadata instead costs 30 ms of every start-up.
__version__ = "0.1.0"

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
