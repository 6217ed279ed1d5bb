"""Fixtures for driving the real window and reading the real preview's DOM."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from editor.gui.main_window import MainWindow
from editor.gui.settings import Settings
from tests.test_hostile_export import png_bytes


class Page:
    """Reads the preview's DOM through the app's own script world."""

    def __init__(self, qtbot, window: MainWindow) -> None:
        self.qtbot = qtbot
        self.window = window

    def js(self, code: str, timeout: float = 10.0):
        """Evaluate the expression ``code``; values travel as JSON, so arrays arrive intact."""
        box: list = []
        wrapped = f"JSON.stringify((() => ({code}))()) ?? 'null'"
        self.window.preview.run_in_page(wrapped, box.append)
        self.qtbot.waitUntil(lambda: bool(box), timeout=int(timeout * 1000))
        return json.loads(box[0]) if isinstance(box[0], str) and box[0] else None

    def wait_for(self, code: str, timeout: float = 20.0):
        """Poll the JavaScript expression ``code`` until it is truthy; return its value."""
        deadline = time.monotonic() + timeout
        value = None
        while time.monotonic() < deadline:
            value = self.js(code)
            if value:
                return value
            self.qtbot.wait(50)
        raise AssertionError(f"the preview never satisfied {code!r} (last value {value!r})")

    def text(self) -> str:
        return self.js("document.getElementById('ae-content').innerText")


def type_text(widget, text: str) -> None:
    """Type like a person: one key press per character, Return for a new line."""
    for line_number, line in enumerate(text.split("\n")):
        if line_number:
            QTest.keyClick(widget, Qt.Key.Key_Return)
        if line:
            QTest.keyClicks(widget, line)


@pytest.fixture
def settings_path(tmp_path):
    return tmp_path / "settings" / "article-editor.ini"


@pytest.fixture
def personal_dictionary(tmp_path):
    return tmp_path / "data" / "personal-dictionary.txt"


@pytest.fixture
def make_window(qtbot, settings_path, personal_dictionary):
    """Builds real windows on a temporary settings file and personal dictionary; closes them
    without prompting. ``recovery`` and ``autosave_seconds`` turn on autosaving."""
    made: list[MainWindow] = []

    def make(recovery=None, autosave_seconds: int | None = None) -> MainWindow:
        settings = Settings.at_path(settings_path)
        # The machine's locale must not decide the tests' language: prefer British English.
        settings.set("spelling/language", "en_GB")
        if autosave_seconds is not None:
            settings.set("recovery/autosave_seconds", autosave_seconds)
        # Not qtbot.addWidget: pytest-qt would close it before this fixture can mark the
        # text saved, and the real unsaved-changes prompt would wait for an answer.
        window = MainWindow(settings, personal_dictionary=personal_dictionary, recovery=recovery)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        window.editor.document().setModified(False)
        window.close()
        window.deleteLater()
    # Web pages must be gone before the application is, or Chromium crashes at exit.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


@pytest.fixture
def article(tmp_path, fixtures):
    """A copy of the features fixture (with its figure) in a temporary folder."""
    folder = tmp_path / "article"
    folder.mkdir()
    shutil.copy(fixtures / "features.md", folder / "features.md")
    return folder / "features.md"


@pytest.fixture
def page(qtbot):
    return lambda window: Page(qtbot, window)


@pytest.fixture
def web_server():
    """A local web server standing in for the internet: it records every request."""
    requests: list[str] = []
    image = png_bytes(11, 3)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's API
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(image)))
            self.end_headers()
            self.wfile.write(image)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.requests = requests
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def full_disk(tmp_path):
    """A folder on a 200 kB file system filled to the last block (a real tmpfs: needs
    root), holding a good ``out.pdf``."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small file system needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode().strip()}")
    try:
        (folder / "out.pdf").write_bytes(b"%PDF-1.4 the good one")
        with open(folder / "filler", "wb", buffering=0) as filler:
            with contextlib.suppress(OSError):  # ENOSPC: full
                while True:
                    filler.write(b"x" * 4096)
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)
