"""Profile the two scenarios whose targets are at risk, with pyinstrument.

* ``edit``: 60 kernel-weight edits on the 1920×1080 photo panel (grey, then RGB), as in
  ``bench_live_filter.py``.  pyinstrument samples the main thread only: the time
  ``correlate_padded`` spends waiting for its band threads shows as ``lock.acquire``.
* ``startup``: a fresh process (byte code cached under a temporary PYTHONPYCACHEPREFIX,
  warmed once) from its first line to the first painted convviz window.

Run: ``.venv/bin/python bench/profile_misses.py [edit|startup]`` (needs
``pip install pyinstrument``; about 30 s for both).  The profiler's overhead inflates the
times: read the proportions, and the suite for the times.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def profile_edits() -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, str(HERE))
    import bench_live_filter as live
    from pyinstrument import Profiler
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    photo = live.full_hd_photo()
    for colour in (False, True):
        subject = live.open_panel(app, photo, colour)
        for n in range(5):
            live.edit(subject, n)
            live.settle(app)
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for n in range(60):
            live.edit(subject, n)
            live.settle(app)
        profiler.stop()
        print(f"=== edits, {'RGB' if colour else 'grey'}")
        print(profiler.output_text(unicode=True, color=False))
        subject.panel.close()


STARTUP = """
from pyinstrument import Profiler
profiler = Profiler(interval=0.001)
profiler.start()
import sys
sys.path.insert(0, {here!r})
from PySide6.QtWidgets import QApplication
from convviz.cli.app import open_window
import suite
app = QApplication(sys.argv[:1])
window = open_window(None)
window.resize(*suite.WINDOW_SIZE)
suite._first_paint(app, window)
profiler.stop()
if {show}:
    print(profiler.output_text(unicode=True, color=False))
"""


def profile_startup() -> None:
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CONVVIZ_HOME=home)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(home) / "pycache")
        for show in (False, True):  # the first run fills the byte-code cache
            code = STARTUP.format(here=str(HERE), show=show)
            done = subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
            )
        print("=== start-up to the first painted window")
        print(done.stdout)


def main() -> None:
    which = sys.argv[1:] or ["edit", "startup"]
    if "startup" in which:
        profile_startup()
    if "edit" in which:
        profile_edits()


if __name__ == "__main__":
    main()
