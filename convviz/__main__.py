"""``python -m convviz``."""

import sys

from .app import main

sys.exit(main())
