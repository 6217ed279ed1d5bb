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


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def shared_corpus() -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")
    return SHARED_CORPUS
