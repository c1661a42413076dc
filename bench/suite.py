"""The whole benchmark suite: every measurement of the issue in one run, one table.

Run from the repository root: ``.venv/bin/python bench/run_all.py`` (about 2–3
minutes; needs the ``bench`` extras: ``pip install -e '.[bench]'``).  Every row puts the
convviz figure beside its reference measured in the same run, interleaved, and gives the
ratio as well as the times; rows with a target say whether it is met.  Sections:

1. Start-up: fresh processes (offscreen) from spawn to the first painted window, convviz
   (``convviz.cli.app.open_window``, the real command's path) vs a bare pyqtgraph
   ``GraphicsLayoutWidget`` with an ``ImageItem``, both 1280×720, interleaved, median of
   STARTUP_RUNS each; target ≤ 1.5×.
2. Peak memory (``ru_maxrss``) of a fresh convviz process that opens a 1920×1080 photo the
   way the app does (the photo loader, then a full-size patch, colour), has 4 kernels and
   has weights edited; target ≤ 250 MiB.  The bare pyqtgraph process's peak is shown as a
   reference.
3. Live filtering (``bench_live_filter.py``): one kernel-weight edit on a 1920×1080 photo
   until the "Whole photo" panel has repainted; targets ≤ 16 ms grey, ≤ 33 ms RGB
   (median).  Beside it, the compute alone: ``model.filter_photo`` (float32, per channel,
   valid) vs scipy and OpenCV on the same float32 source (same-size output).
4. One animation step in the real window (``bench_step.py``), 7×7, 64×64, 256×256
   inputs; target: 256×256 ≤ 1.5× the 7×7 step.
5. ``feature_map`` (float64) vs ``scipy.ndimage.correlate(mode="constant")`` (float64)
   vs OpenCV ``cv2.filter2D(..., borderType=BORDER_CONSTANT)`` (float64) on 512², 1080×1920
   and 2048² inputs, kernels 3×3, 5×5, 7×7, grey ``(H, W)`` and RGB ``(3, H, W)``.
   convviz runs with ``padding="same"`` (scipy and OpenCV return a same-sized output with
   a zero border); for RGB the kernel is ``(3, k, k)`` and scipy / OpenCV run once per
   channel and the three planes are summed (the CNN meaning).  Every pair is checked with
   ``np.allclose`` before timing.  No target: ratio = convviz / reference.
6. Training: ``train_digits()`` with its defaults vs the same network, start, data and
   batch order in PyTorch CPU (``bench_learning.time_training``), when this interpreter
   has torch; target ≤ 1.5× the fastest PyTorch.  Without torch: convviz alone.
7. Endurance (``bench_endurance.py``): the window at 300 % text with 8 kernels on
   1280×720 and 1920×1080 screens (settle time, 1000 steps, memory) and ``convviz export``
   at the extreme documented sizes, each in a fresh process; target: settled within 1 s.

Children are this file run as ``suite.py --child NAME``.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
STARTUP_RUNS = 9  # start-up times swing by ±100 ms from run to run here: 5 was not enough
WINDOW_SIZE = (1280, 720)
FM_SIZES = ((512, 512), (1080, 1920), (2048, 2048))
FM_KERNELS = (3, 5, 7)
FM_REPEATS = 5
LIVE_COMPUTE_REPEATS = 9
MEMORY_KERNELS = 4
SECTIONS = ("startup", "memory", "endurance", "live", "step", "feature_map", "training")
TARGETS = {
    "edit grey ms": 16.0,
    "edit RGB ms": 33.0,
    "step ratio": 1.5,
    "startup ratio": 1.5,
    "peak MiB": 250.0,
}


# -- output ---------------------------------------------------------------------------
def verdict(value: float, limit: float) -> str:
    return "met" if value <= limit else "NOT met"


def heading(text: str) -> None:
    print(f"\n== {text}", flush=True)


def time_in_turn(funcs: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median ms per call of each function, the functions interleaved within each repeat."""
    samples: dict[str, list[float]] = {name: [] for name in funcs}
    for func in funcs.values():  # warm-up: caches, page faults of the output buffers
        func()
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeats):
            for name, func in funcs.items():
                start = time.perf_counter()
                func()
                samples[name].append((time.perf_counter() - start) * 1000)
    finally:
        gc.enable()
    return {name: statistics.median(s) for name, s in samples.items()}


# -- 5. feature_map vs scipy vs OpenCV ---------------------------------------------------
def scipy_same(x, k):
    """'same'-sized correlation, zero border; channels summed for (C, H, W) input."""
    from scipy import ndimage

    if x.ndim == 2:
        return ndimage.correlate(x, k, mode="constant")
    out = ndimage.correlate(x[0], k[0], mode="constant")
    for c in range(1, x.shape[0]):
        out += ndimage.correlate(x[c], k[c], mode="constant")
    return out


def cv2_same(x, k):
    """``cv2.filter2D`` is a correlation; BORDER_CONSTANT pads with zeros.  Summed for RGB."""
    import cv2

    border = cv2.BORDER_CONSTANT
    if x.ndim == 2:
        return cv2.filter2D(x, -1, k, borderType=border)
    out = cv2.filter2D(x[0], -1, k[0], borderType=border)
    for c in range(1, x.shape[0]):
        out += cv2.filter2D(x[c], -1, k[c], borderType=border)
    return out


def section_feature_map() -> None:
    import numpy as np

    from convviz import feature_map

    heading(
        "5. feature_map(padding='same') vs scipy.ndimage.correlate(mode='constant') vs "
        "cv2.filter2D(BORDER_CONSTANT), all float64, median ms of "
        f"{FM_REPEATS}; RGB = 3 channels summed"
    )
    print(
        f"{'input':>16} {'kernel':>7} {'convviz':>9} {'scipy':>9} {'×scipy':>7}"
        f" {'OpenCV':>9} {'×OpenCV':>8}"
    )
    rng = np.random.default_rng(0)
    for h, w in FM_SIZES:
        for channels in (1, 3):
            shape = (h, w) if channels == 1 else (3, h, w)
            x = rng.random(shape)
            for n in FM_KERNELS:
                kshape = (n, n) if channels == 1 else (3, n, n)
                # all weights non-zero: feature_map skips all-zero kernel columns (flattering)
                k = rng.uniform(0.5, 1.5, kshape) * rng.choice([-1.0, 1.0], kshape)
                ours = feature_map(x, k, padding="same")
                for name, ref in (("scipy", scipy_same(x, k)), ("OpenCV", cv2_same(x, k))):
                    if ours.shape != ref.shape or not np.allclose(ours, ref):
                        raise AssertionError(f"{shape} {kshape}: feature_map != {name}")
                ms = time_in_turn(
                    {
                        "convviz": lambda x=x, k=k: feature_map(x, k, padding="same"),
                        "scipy": lambda x=x, k=k: scipy_same(x, k),
                        "OpenCV": lambda x=x, k=k: cv2_same(x, k),
                    },
                    FM_REPEATS,
                )
                label = f"{'grey' if channels == 1 else 'RGB'} {h}×{w}"
                kernel = f"{n}×{n}" if channels == 1 else f"3×{n}×{n}"
                print(
                    f"{label:>16} {kernel:>7} {ms['convviz']:>9.2f} {ms['scipy']:>9.2f}"
                    f" {ms['convviz'] / ms['scipy']:>6.2f}× {ms['OpenCV']:>9.2f}"
                    f" {ms['convviz'] / ms['OpenCV']:>7.2f}×",
                    flush=True,
                )
    print(
        "ratio = convviz / reference (below 1: convviz faster). Threads: convviz up to "
        f"{min(4, os.cpu_count() or 1)} (bands), scipy 1, OpenCV its own pool "
        f"({_cv2_threads()}); {os.cpu_count()} CPUs."
    )


def _cv2_threads() -> int:
    import cv2

    return cv2.getNumThreads()


# -- 3. live filtering -------------------------------------------------------------------
def section_live_filter(app) -> None:
    import bench_live_filter as live
    import numpy as np
    from PySide6.QtCore import QCoreApplication, QEvent
    from scipy import ndimage

    from convviz.core.photo import photo_input
    from convviz.core.screen_image import extremes_and_image

    heading(
        f"3. Live filtering: one weight edit → 'Whole photo' panel repainted, "
        f"{live.WIDTH}×{live.HEIGHT} photo, 3×3 kernel, median of {live.TIMED_EDITS} edits"
    )
    photo = live.full_hd_photo()
    subjects = {
        "grey": live.open_panel(app, photo, False),
        "RGB": live.open_panel(app, photo, True),
    }
    edits = live.measure_edits(app, subjects)
    # The same edits in the whole window at 1920×1080 (walk, arithmetic, kernel, colour bar).
    windows = {
        "grey window": live.open_window(app, photo, False),
        "RGB window": live.open_window(app, photo, True),
    }
    edits += live.measure_edits(app, windows)
    for subject in windows.values():
        subject.panel.window().close()
        subject.panel.window().deleteLater()
    print(
        f"{'case':>11} {'median ms':>10} {'p95 ms':>8} {'model+panel':>12} {'paint':>7}"
        f" {'target':>8} {'×target':>8} {'verdict':>8}"
    )
    for r in edits:
        target = TARGETS[f"edit {r.case.split()[0]} ms"]
        print(
            f"{r.case:>11} {r.median_ms:>10.1f} {r.p95_ms:>8.1f} {r.model_ms:>12.1f}"
            f" {r.paint_ms:>7.1f} {f'≤ {target:.0f}':>8} {r.median_ms / target:>7.2f}×"
            f" {verdict(r.median_ms, target):>8}"
        )
        if r.photo_paints < 1:
            print(f"WARNING: {r.case}: an edit did not paint the photo viewport.")

    print(
        "\nCompute alone, float32, per channel, median ms of "
        f"{LIVE_COMPUTE_REPEATS}: model.filter_photo (valid) vs scipy / OpenCV on its "
        "cached float32 source (same-size)"
    )
    print(
        f"{'case':>5} {'filter_photo':>13} {'scipy':>8} {'×scipy':>7} {'OpenCV':>8}"
        f" {'×OpenCV':>8} {'display':>8}"
    )
    import cv2

    for case, subject in subjects.items():
        model = subject.model
        pixels = photo_input(model.photo.pixels, colour=model.photo_cut.colour)
        source = pixels.reshape(-1, *pixels.shape[-2:]).astype(np.float32)  # (C, H, W)
        weights = model.applied_kernel.reshape(-1, 3, 3).astype(np.float32)
        values = model.filter_photo()

        def by_scipy(s=source, w=weights):
            return [ndimage.correlate(x, k, mode="constant") for x, k in zip(s, w, strict=True)]

        def by_cv2(s=source, w=weights):
            return [
                cv2.filter2D(x, -1, k, borderType=cv2.BORDER_CONSTANT)
                for x, k in zip(s, w, strict=True)
            ]

        for name, ref in (("scipy", by_scipy()), ("OpenCV", by_cv2())):
            inner = np.stack(ref)[:, 1:-1, 1:-1]
            if not np.allclose(values, inner, atol=1e-2):
                raise AssertionError(f"{case}: filter_photo != {name}")
        ms = time_in_turn(
            {
                "convviz": model.filter_photo,
                "scipy": by_scipy,
                "OpenCV": by_cv2,
                "display": partial(extremes_and_image, values, (0.0, 255.0)),
            },
            LIVE_COMPUTE_REPEATS,
        )
        print(
            f"{case:>5} {ms['convviz']:>13.1f} {ms['scipy']:>8.1f}"
            f" {ms['convviz'] / ms['scipy']:>6.2f}× {ms['OpenCV']:>8.1f}"
            f" {ms['convviz'] / ms['OpenCV']:>7.2f}× {ms['display']:>8.1f}"
        )
    for subject in subjects.values():
        subject.panel.close()
        subject.panel.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


# -- 4. one animation step ---------------------------------------------------------------
def section_step(app) -> None:
    import bench_step as step

    heading(
        f"4. One animation step in MainWindow {WINDOW_SIZE[0]}×{WINDOW_SIZE[1]}: model.step() + "
        f"{step.SETTLE_PASSES}× processEvents(), 3×3 kernel, {step.TIMED_STEPS} steps each"
    )
    results = step.measure(app)
    base = results[0].median_ms
    target = TARGETS["step ratio"]
    print(f"{'input':>9} {'median ms':>10} {'p95 ms':>8} {'×7×7':>7} {'target':>8} {'verdict':>8}")
    for r in results:
        ratio = r.median_ms / base
        last = r is results[-1]
        print(
            f"{f'{r.size}×{r.size}':>9} {r.median_ms:>10.3f} {r.p95_ms:>8.3f} {ratio:>6.2f}×"
            f" {f'≤ {target}×' if last else '':>8} {verdict(ratio, target) if last else '':>8}"
        )
        if min(r.input_paints, r.map_paints) < 1 or r.passes >= step.SETTLE_PASSES:
            print(f"WARNING: {r.size}×{r.size}: a step did not paint both grids or did not settle.")


# -- 1 and 2: fresh processes ------------------------------------------------------------
def _child_env(home: str, *, bytecode: bool = True) -> dict[str, str]:
    """Offscreen, settings in ``home``, byte code cached in ``home`` (see the README).

    ``bytecode=False``: PYTHONDONTWRITEBYTECODE=1 and no prefix, so the installed
    packages load their own .pyc but a source checkout's modules are compiled at every
    start (this machine's default environment).
    """
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CONVVIZ_HOME=home)
    env.pop("PYTHONPYCACHEPREFIX", None)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(home) / "pycache")
    else:  # the installed packages' own __pycache__ only; convviz/ has none in a checkout
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(HERE.parent), env.get("PYTHONPATH", "")) if p
    )
    return env


def _spawn(name: str, home: str, *args: str, bytecode: bool = True) -> tuple[float, dict]:
    """Run a child; return its spawn time (time.monotonic, system-wide) and its report."""
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(HERE / "suite.py"), "--child", name, *args],
        env=_child_env(home, bytecode=bytecode),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if done.returncode:
        raise RuntimeError(f"child {name} failed:\n{done.stderr}")
    return start, json.loads(done.stdout.strip().splitlines()[-1])


def section_startup() -> dict[str, float]:
    heading(
        f"1. Start-up: spawn → first painted window ({WINDOW_SIZE[0]}×{WINDOW_SIZE[1]}, "
        f"offscreen), fresh process each, interleaved, median of {STARTUP_RUNS}"
    )
    times: dict[str, list[dict]] = {"convviz": [], "bare": [], "no-pyc": []}
    with tempfile.TemporaryDirectory() as home:
        _spawn("startup-bare", home)  # warm the OS file cache and the .pyc cache for both
        _spawn("startup-convviz", home)
        for _ in range(STARTUP_RUNS):
            for name in times:
                kind = "convviz" if name == "no-pyc" else name
                start, report = _spawn(f"startup-{kind}", home, bytecode=name != "no-pyc")
                times[name].append(
                    {
                        "total": (report["painted"] - start) * 1000,
                        "python": (report["started"] - start) * 1000,
                        "imports": (report["imported"] - report["started"]) * 1000,
                        "build": (report["built"] - report["imported"]) * 1000,
                        "paint": (report["painted"] - report["built"]) * 1000,
                        "rss": report["maxrss_mib"],
                    }
                )
    med = {
        name: {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        for name, runs in times.items()
    }
    print(
        f"{'window':>8} {'total ms':>9} {'= python':>9} {'+ imports':>10} {'+ build':>8}"
        f" {'+ show→paint':>13} {'×bare':>7} {'target':>8} {'verdict':>8}"
    )
    target = TARGETS["startup ratio"]
    for name in ("bare", "convviz", "no-pyc"):
        m = med[name]
        ratio = m["total"] / med["bare"]["total"]
        last = name == "convviz"
        print(
            f"{name:>8} {m['total']:>9.0f} {m['python']:>9.0f} {m['imports']:>10.0f}"
            f" {m['build']:>8.0f} {m['paint']:>13.0f} {ratio:>6.2f}×"
            f" {f'≤ {target}×' if last else '':>8} {verdict(ratio, target) if last else '':>8}"
        )
    print(
        "python = interpreter start; imports = PySide6 + pyqtgraph (+ convviz); build = "
        "QApplication + window; show→paint = until the window's first paint event is done.\n"
        "Byte code is cached (.pyc under a temporary PYTHONPYCACHEPREFIX, as an installed "
        "app has it); no-pyc = convviz with PYTHONDONTWRITEBYTECODE=1 and no cache: "
        "its own modules compiled at each start (information only)."
    )
    return {name: m["rss"] for name, m in med.items()}


def section_memory(bare_rss: float) -> None:
    import bench_live_filter as live
    from PIL import Image

    heading(
        f"2. Peak memory (ru_maxrss) of a fresh convviz process: {live.WIDTH}×{live.HEIGHT} "
        f"photo (loaded as the app does, colour, full-size patch), {MEMORY_KERNELS} kernels, "
        "weights edited"
    )
    with tempfile.TemporaryDirectory() as home:
        path = Path(home) / "coffee-1920x1080.png"
        Image.fromarray(live.full_hd_photo().pixels).save(path)
        _, report = _spawn("memory", home, str(path))
    target = TARGETS["peak MiB"]
    peak = report["maxrss_mib"]
    print(f"{'stage':>34} {'RSS MiB':>8}")
    for stage, mib in report["stages"]:
        print(f"{stage:>34} {mib:>8.1f}")
    print(
        f"{'peak (ru_maxrss)':>34} {peak:>8.1f}   target ≤ {target:.0f} MiB "
        f"({peak / target:.2f}×): {verdict(peak, target)};  "
        f"bare pyqtgraph window peak {bare_rss:.1f} MiB (×{peak / bare_rss:.2f})"
    )


# -- children ------------------------------------------------------------------------------
def _maxrss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _first_paint(app, window) -> None:
    """Show ``window`` and run the event loop until it has been painted."""
    from PySide6.QtCore import QEvent, QObject

    class Watcher(QObject):
        painted = False

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                self.painted = True
            return False

    watcher = Watcher()
    app.installEventFilter(watcher)
    window.show()
    deadline = time.monotonic() + 30
    while not watcher.painted and time.monotonic() < deadline:
        app.processEvents()
    app.removeEventFilter(watcher)
    if not watcher.painted:
        raise RuntimeError("the window was never painted")


def child_startup(kind: str) -> None:
    started = time.monotonic()
    from PySide6.QtWidgets import QApplication

    if kind == "convviz":
        import convviz.qt.window.main_window  # noqa: F401  (open_window imports it lazily)
        from convviz.cli.app import open_window
    else:
        import numpy as np
        import pyqtgraph as pg
    imported = time.monotonic()
    app = QApplication(sys.argv[:1])
    if kind == "convviz":
        window = open_window(None)
    else:
        window = pg.GraphicsLayoutWidget()
        image = pg.ImageItem(np.random.default_rng(0).random((7, 7)))
        window.addViewBox().addItem(image)
    window.resize(*WINDOW_SIZE)
    built = time.monotonic()
    _first_paint(app, window)
    painted = time.monotonic()
    report = {"started": started, "imported": imported, "built": built, "painted": painted}
    print(json.dumps({**report, "maxrss_mib": _maxrss_mib()}))


def child_memory(path: str) -> None:
    import numpy as np
    from PySide6.QtWidgets import QApplication

    from convviz.cli.app import open_window

    stages = [("imports", _rss_mib())]
    app = QApplication(sys.argv[:1])
    window = open_window(None)
    window.resize(*WINDOW_SIZE)
    _first_paint(app, window)
    stages.append(("window shown (seed lesson)", _rss_mib()))

    def settle(passes: int = 10) -> None:
        for _ in range(passes):
            app.processEvents()

    loader = window.photo_loader
    loader.load(Path(path))  # decoded in the loader's thread, as a drop or File ▸ Open
    deadline = time.monotonic() + 30
    while window.model.photo is None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    settle()
    if window.model.photo is None:
        raise RuntimeError("the photo did not load")
    stages.append(("photo loaded (grey, 16 px walk)", _rss_mib()))
    panel = window.photo_panel
    panel.colour.setChecked(True)
    settle()
    panel.patch.setChecked(True)  # a full-resolution patch, as the Patch box does
    settle()
    stages.append(("colour, full-size patch", _rss_mib()))
    model = window.model
    while len(model.layer.names) < MEMORY_KERNELS:
        model.add_kernel()
        settle()
    rng = np.random.default_rng(0)
    for round_ in range(3):
        for index in range(MEMORY_KERNELS):
            model.select_kernel(index)
            settle()
            model.set_kernel_weight(1, 1, float(rng.uniform(-3, 3)))
            settle()
        panel.meaning.setCurrentIndex(round_ % 2)  # per channel ↔ CNN sum
        settle()
    for _ in range(20):
        model.step()
        settle(2)
    stages.append((f"{MEMORY_KERNELS} kernels, weights edited, walked", _rss_mib()))
    if len(model.layer.names) != MEMORY_KERNELS or model.photo_cut.region is None:
        raise RuntimeError("the memory scenario did not set up as intended")
    window.session.autosave = False
    print(json.dumps({"maxrss_mib": _maxrss_mib(), "stages": stages}))


# -- main ----------------------------------------------------------------------------------
def _quiet_offscreen_warnings() -> None:
    from PySide6.QtCore import qInstallMessageHandler

    def handler(mode, context, message) -> None:
        if "propagateSizeHints" not in message:
            print(f"Qt {mode.name}: {message}", file=sys.stderr)

    qInstallMessageHandler(handler)


# -- 6. training on the digits vs PyTorch ------------------------------------------------
def section_training() -> None:
    """``train_digits()`` defaults beside the same network in PyTorch (bench_learning.py).

    PyTorch is in no extra of the suite: without it the row times convviz alone and says
    how to get the side-by-side one.
    """
    try:
        import bench_learning  # imports torch
    except ImportError:
        from convviz.core.training import train_digits

        heading("Training: train_digits() defaults (PyTorch not installed here)")
        ms = time_in_turn({"train": train_digits}, repeats=3)["train"]
        print(f"train_digits() defaults: {ms:.0f} ms (median of 3)")
        print("For the side-by-side row: an interpreter with torch, bench/bench_learning.py")
        return
    bench_learning.time_training()


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        name, rest = sys.argv[2], sys.argv[3:]
        if name.startswith("startup-"):
            child_startup(name.removeprefix("startup-"))
        elif name == "memory":
            child_memory(rest[0])
        return
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("CONVVIZ_HOME", tempfile.mkdtemp(prefix="convviz-bench-"))
    sys.path.insert(0, str(HERE))
    began = time.perf_counter()

    import cv2
    import numpy as np
    import pyqtgraph as pg
    import PySide6
    import scipy
    from PySide6.QtWidgets import QApplication

    print(
        f"convviz benchmark suite — Python {platform.python_version()}, NumPy {np.__version__}, "
        f"SciPy {scipy.__version__}, OpenCV {cv2.__version__}, PySide6 {PySide6.__version__}, "
        f"pyqtgraph {pg.__version__}, {os.cpu_count()} CPUs, {platform.machine()}"
    )
    print("Times are medians in ms; ratios are within this run; targets from the issue.")
    only = set(sys.argv[2].split(",")) if sys.argv[1:2] == ["--only"] else set(SECTIONS)
    if only - set(SECTIONS):
        sys.exit(f"unknown section(s) {only - set(SECTIONS)}; choose from {', '.join(SECTIONS)}")
    rss = {"bare": float("nan")}
    if "startup" in only:  # fresh processes first, before this one loads the machine
        rss = section_startup()
    if "memory" in only:
        section_memory(rss["bare"])
    if "endurance" in only:  # fresh processes too
        import bench_endurance

        bench_endurance.report()
    _quiet_offscreen_warnings()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if "live" in only:
        section_live_filter(app)
    if "step" in only:
        section_step(app)
    if "feature_map" in only:
        section_feature_map()
    if "training" in only:
        section_training()
    print(f"\nSuite done in {time.perf_counter() - began:.0f} s.")


if __name__ == "__main__":
    main()
