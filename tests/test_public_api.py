"""The names scripts use, ``from convviz import X``, and what ``import convviz`` costs."""

from __future__ import annotations

import ast
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

import convviz

SOURCE = str(Path(convviz.__file__).resolve().parents[1])  # this checkout, from any folder
HEAVY = ("numpy", "PIL", "PySide6", "shiboken6", "pyqtgraph")


QT = {"PySide6", "shiboken6", "pyqtgraph"}


def modules_loaded_by(code: str) -> list[str]:
    """The heavy packages a fresh interpreter (on this checkout) has loaded after ``code``."""
    report = f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))"
    result = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}\n{report}"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={**os.environ, "PYTHONPATH": SOURCE},
    )
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip().splitlines()[-1])


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
    assert modules_loaded_by(code) == []


def test_feature_map_loads_numpy_on_first_use_but_not_qt():
    assert modules_loaded_by("import convviz\nconvviz.feature_map([[1]], [[1]])") == ["numpy"]


@pytest.mark.parametrize("name", sorted(set(convviz.__all__) - {"__version__"}))
def test_every_public_name_is_there_both_ways(name):
    value = getattr(convviz, name)
    namespace: dict[str, object] = {}
    exec(f"from convviz import {name}", namespace)
    assert namespace[name] is value
    assert name in dir(convviz)
    home = getattr(value, "__module__", "convviz")
    assert getattr(importlib.import_module(home), name) is value  # the real thing, not a copy


def test_dir_lists_the_public_names_and_not_the_helpers():
    listed = {name for name in dir(convviz) if not name.startswith("__")}
    assert listed == set(convviz.__all__) - {"__version__"}


def test_a_name_convviz_does_not_have_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'MainWindw'"):
        _ = convviz.MainWindw
    with pytest.raises(ImportError):
        exec("from convviz import feature_mapp", {})


# ``import convviz`` and the NumPy API pull in no Qt (notebooks, headless export).


def test_numpy_api_imports_no_qt():
    code = "\n".join(
        [
            "import convviz",
            "convviz.feature_map([[1]], [[1]])",
            "m = convviz.ConvModel()",
            "m.step(); m.set_stride(2); m.end()",
            "from convviz.core import explain, numbers, patterns",
            "explain.describe(m.current_step, m.geometry)",
            "patterns.cross(9, 9); numbers.parse_number('1/9')",
            "assert 'numpy' in sys.modules",
            "import numpy as np",
            "from convviz.core import photo, screen_image",
            "pixels = (np.arange(48) % 256).astype(np.uint8).reshape(4, 4, 3)",
            "m.set_photo(photo.Photo(pixels, 'p'), colour=True)",
            "screen_image.extremes_and_image(m.filter_photo(), (0.0, 255.0))",
        ]
    )
    assert not QT & set(modules_loaded_by(code))


def test_no_module_of_the_qt_free_layers_imports_qt():
    # Every module, not only those a script happens to use: adding a Qt import anywhere in
    # core, lesson or export fails here (import-linter checks the same statically).
    code = "\n".join(
        [
            "import importlib, pkgutil, convviz",
            "for layer in ('core', 'lesson', 'export'):",
            "    package = importlib.import_module('convviz.' + layer)",
            "    for info in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):",
            "        importlib.import_module(info.name)",
            "assert 'convviz.lesson.files' in sys.modules and 'convviz.core.model' in sys.modules",
        ]
    )
    assert not QT & set(modules_loaded_by(code))


def test_the_check_sees_qt_when_it_is_imported():
    # Guards the test above against passing vacuously.
    assert "PySide6" in modules_loaded_by("import PySide6.QtCore")
