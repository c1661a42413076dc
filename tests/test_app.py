"""The command, the start-up without a display, and the PySide6 refcount guard."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QLabel

import convviz
from convviz.cli import app
from convviz.qt.platform import has_display


def run_convviz(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "convviz", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_without_a_display_it_explains_instead_of_aborting():
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env.pop("QT_QPA_PLATFORM", None)
    result = run_convviz(env=env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "no display" in lines[0]
    assert "'convviz export'" in lines[0]  # the way to script it, not an unseen window
    assert "QT_QPA_PLATFORM=offscreen" not in lines[0]
    assert "xvfb-run" in lines[0]


def test_an_offscreen_window_is_refused_with_the_way_to_script_it():
    """QT_QPA_PLATFORM=offscreen convviz once ran a window nobody could see, forever."""
    result = run_convviz(env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 2
    assert "draws no window anyone can see" in result.stderr
    assert "'convviz export'" in result.stderr


def test_version_and_help():
    result = run_convviz("--version", env=dict(os.environ))
    assert result.returncode == 0
    assert result.stdout.strip() == f"convviz {convviz.__version__}"
    result = run_convviz("--help", env=dict(os.environ))
    assert result.returncode == 0
    assert "feature map" in result.stdout
    assert "Page Down" in result.stdout


def test_display_detection():
    assert not has_display({})
    assert has_display({"DISPLAY": ":0"})
    assert has_display({"WAYLAND_DISPLAY": "wayland-0"})
    assert has_display({"QT_QPA_PLATFORM": "offscreen"})
    assert not has_display({"QT_QPA_PLATFORM": "xcb"})


def test_qt_calls_do_not_drain_nones_refcount(qtbot, window):
    """PySide6 6.12.0 on CPython 3.11 drops None's refcount on every void Qt call, and a
    long classroom animation then aborts the process; the pins in pyproject avoid it."""
    label = QLabel()
    qtbot.addWidget(label)
    gc.collect()  # earlier tests' garbage, freed mid-loop, would release Nones it held
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
    for _ in range(100):
        window.model.step() or window.model.reset()
    drift = sys.getrefcount(None) - before
    assert abs(drift) < 200, f"None's refcount drifted by {drift}"


def _press_ctrl_c_inside_an_import(_args):
    """What NumPy does with a Ctrl+C inside its C extension's import: an ImportError."""
    try:
        signal.raise_signal(signal.SIGINT)
    except KeyboardInterrupt:
        raise ImportError("PyCapsule_Import could not import module 'datetime'") from None
    return 0


def _a_broken_install(_args):
    raise ImportError("No module named 'numpy'")


@pytest.mark.parametrize(
    ("start", "expected"), [(_press_ctrl_c_inside_an_import, 130), (_a_broken_install, None)]
)
def test_ctrl_c_that_breaks_an_import_reads_as_ctrl_c(monkeypatch, capsys, start, expected):
    """CI once saw a press 0.05 s into `convviz seed` end in NumPy's ImportError traceback;
    an ImportError with no press is still a real error."""
    monkeypatch.setattr(app, "_start", start)
    previous = signal.getsignal(signal.SIGINT)
    # As a terminal starts it: a script's background job (CI's second suite) ignores SIGINT.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        if expected is None:
            with pytest.raises(ImportError):
                app.main(["seed"])
        else:
            assert app.main(["seed"]) == expected
            assert capsys.readouterr().err == "convviz: interrupted\n"
    finally:
        signal.signal(signal.SIGINT, previous)
