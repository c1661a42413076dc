"""``python -m convviz``."""

import sys

from convviz.cli.app import main

sys.exit(main())
