"""``import convviz`` and the NumPy API must not pull in Qt (notebooks, headless export)."""

import subprocess
import sys

QT_PREFIXES = ("PySide6", "shiboken6", "pyqtgraph")
REPORT_QT = (
    "import sys\n"
    f"print(sorted(n for n in sys.modules if n.split('.')[0].startswith({QT_PREFIXES!r})))"
)


def qt_modules_after(code):
    """Run ``code`` in a fresh interpreter and list the Qt modules it imported."""
    result = subprocess.run(
        [sys.executable, "-c", f"{code}\n{REPORT_QT}"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


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
    assert qt_modules_after("import sys\n" + code) == "[]"


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
    assert qt_modules_after("import sys\n" + code) == "[]"


def test_the_check_sees_qt_when_it_is_imported():
    # Guards the test above against passing vacuously.
    assert "PySide6.QtCore" in qt_modules_after("import PySide6.QtCore")
