"""Entry point of the standalone bundle (``make bundle``): the ``article-editor`` command."""

import multiprocessing
import sys

if __name__ == "__main__":
    # The render worker is a spawned process: in a frozen program it starts this executable
    # again, and freeze_support turns that start into the worker instead of a second editor.
    multiprocessing.freeze_support()
    from editor.cli import main

    sys.exit(main())
