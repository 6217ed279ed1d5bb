"""Shared test setup: Qt runs offscreen, QtWebEngine as root needs no sandbox, settings live
in a temporary file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")

import pytest

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_CORPUS = PROJECT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def qapp_cls():
    """pytest-qt builds the application through ours, so WebEngine is set up as in the app."""
    from PySide6.QtWidgets import QApplication

    from editor.gui.app import create_application

    class _Factory(QApplication):
        def __new__(cls, argv):  # pytest-qt calls qapp_cls(args)
            return create_application(list(argv) or [sys.argv[0]])

    return _Factory


@pytest.fixture(scope="session", autouse=True)
def private_state_folder(tmp_path_factory):
    """The log (and whatever else goes in the state folder) never lands in the user's."""
    folder = tmp_path_factory.mktemp("state")
    previous = os.environ.get("XDG_STATE_HOME")
    os.environ["XDG_STATE_HOME"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("XDG_STATE_HOME", None)
    else:
        os.environ["XDG_STATE_HOME"] = previous


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def shared_corpus() -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")
    return SHARED_CORPUS


def run_cli_without_qt(*args: str):
    """Run ``article-editor ARGS`` in a fresh interpreter with no display, failing if the
    command imported Qt (the command line must work on machines without a screen)."""
    import subprocess

    code = (
        "import sys; from editor.cli import main; "
        f"rc = main({list(args)!r}); "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt loaded'; "
        "sys.exit(rc)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


@pytest.fixture(scope="session")
def citeproc_js():
    """``format_with_citeproc_js`` from tests/oracle, or a clean skip without node."""
    from tests import oracle

    try:
        oracle.available()
    except oracle.OracleMissingError as missing:
        pytest.skip(str(missing))
    return oracle.format_with_citeproc_js
