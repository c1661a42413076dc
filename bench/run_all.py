"""Run both benchmarks, each in its own process, and print their tables one after the other.

Run: ``/work/venv/bin/python bench/run_all.py`` (about 40 s).  Exits non-zero if a
benchmark fails (for example a numerical check in ``bench_feature_map.py``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPTS = ("bench_step.py", "bench_feature_map.py")


def main() -> None:
    here = Path(__file__).resolve().parent
    failed = []
    for name in SCRIPTS:
        print(f"=== {name}", flush=True)
        done = subprocess.run([sys.executable, str(here / name)], check=False)
        if done.returncode:
            failed.append(name)
        print(flush=True)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
