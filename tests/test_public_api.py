"""The names scripts use, ``from convviz import X``, and what ``import convviz`` costs."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

import convviz

SOURCE = str(Path(convviz.__file__).resolve().parents[1])  # this checkout, from any folder
HEAVY = ("numpy", "PIL", "PySide6", "shiboken6", "pyqtgraph")


def modules_loaded_by(code: str) -> list[str]:
    """The heavy packages a fresh interpreter has loaded after running ``code``."""
    report = f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))"
    result = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}\n{report}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": SOURCE},
    )
    return result.stdout.split()


@pytest.mark.parametrize(
    "code",
    [
        "import convviz",
        "from convviz import __version__",
        # The command's modules: Ctrl+C is caught before NumPy starts loading.
        "import convviz.cli.app",
        "import convviz.cli.export_command",
    ],
)
def test_importing_convviz_or_its_command_loads_no_numpy_pillow_or_qt(code):
    """Half a second of loading that no Ctrl+C handler could cover, and a notebook's wait."""
    assert modules_loaded_by(code) == ["[]"]


def test_feature_map_loads_numpy_on_first_use_but_not_qt():
    assert modules_loaded_by("import convviz\nconvviz.feature_map([[1]], [[1]])") == ["['numpy']"]


@pytest.mark.parametrize("name", sorted(set(convviz.__all__) - {"__version__"}))
def test_every_public_name_is_there_both_ways(name):
    value = getattr(convviz, name)
    namespace: dict[str, object] = {}
    exec(f"from convviz import {name}", namespace)
    assert namespace[name] is value
    assert name in dir(convviz)
    home = getattr(value, "__module__", "convviz")
    assert getattr(importlib.import_module(home), name) is value  # the real thing, not a copy


def test_a_name_convviz_does_not_have_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'MainWindw'"):
        _ = convviz.MainWindw
    with pytest.raises(ImportError):
        exec("from convviz import feature_mapp", {})
