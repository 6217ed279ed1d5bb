"""Allows ``python -m editor``."""

import sys

from editor.cli import main

sys.exit(main())
