"""Where Article Editor's log goes: a rotating file in the user's state folder, and with
``--verbose`` the terminal too. Every module logs through ``logging.getLogger(__name__)``;
this only sets up the handlers, once per process, for the window, the command line and the
render worker alike."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

LOGGER_NAME = "editor"  # the package's loggers all sit below this one
LOG_FILE_NAME = "article-editor.log"
_MAX_BYTES = 1_000_000
_BACKUPS = 3
_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
_HANDLER_MARK = "_article_editor_handler"


@dataclass(frozen=True)
class LogSetup:
    """How a process logs, handed to a process it starts so that both log alike."""

    verbose: bool
    folder: Path | None  # None: the default, ``log_folder()``


def log_folder(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_STATE_HOME/article-editor`` (``~/.local/state/article-editor`` by default)."""
    state_home = (os.environ if environ is None else environ).get("XDG_STATE_HOME", "")
    base = Path(state_home) if os.path.isabs(state_home) else Path.home() / ".local" / "state"
    return base / "article-editor"


def configure_logging(verbose: bool = False, folder: Path | None = None) -> Path | None:
    """Send the package's log records to a rotating file in ``folder`` (``log_folder()`` by
    default) and, when ``verbose``, everything from DEBUG up to standard error as well
    (otherwise warnings and errors reach the file only). Returns the log file's path, or
    ``None`` when the folder cannot be written: logging must never stop the program.
    Calling it again replaces the handlers it added before."""
    logger = logging.getLogger(LOGGER_NAME)
    for handler in [h for h in logger.handlers if getattr(h, _HANDLER_MARK, False)]:
        logger.removeHandler(handler)
        handler.close()
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False
    formatter = logging.Formatter(_FORMAT)
    path = (folder or log_folder()) / LOG_FILE_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8", delay=True
        )
    except OSError:
        written: Path | None = None
    else:
        written = path
        file_handler.setFormatter(formatter)
        setattr(file_handler, _HANDLER_MARK, True)
        logger.addHandler(file_handler)
    if verbose:
        terminal = logging.StreamHandler(sys.stderr)
        terminal.setFormatter(formatter)
        setattr(terminal, _HANDLER_MARK, True)
        logger.addHandler(terminal)
    return written


def current_setup() -> LogSetup | None:
    """What ``configure_logging`` last set up in this process, or ``None`` if it never ran
    (then a child process should not log to the file either: a test, a library caller)."""
    logger = logging.getLogger(LOGGER_NAME)
    ours = [h for h in logger.handlers if getattr(h, _HANDLER_MARK, False)]
    if not ours:
        return None
    files = [h for h in ours if isinstance(h, logging.handlers.RotatingFileHandler)]
    folder = Path(files[0].baseFilename).parent if files else None
    return LogSetup(verbose=logger.isEnabledFor(logging.DEBUG), folder=folder)
