"""THE benchmark command: every measurement of the issue in one run, one table.

Run from the repository root: ``.venv/bin/python bench/run_all.py`` (about 5
minutes; needs the ``bench`` extras, ``pip install -e '.[bench]'``).  ``--only
startup,memory,endurance,live,step,feature_map,training`` runs some sections.  What each
row means: ``bench/README.md`` and the docstring of ``bench/suite.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import suite

if __name__ == "__main__":
    suite.main()
