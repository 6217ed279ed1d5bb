"""The opt-in trace writes what benchmarks read: a heartbeat, each key the editor received
with the revision then, each patch that landed; and it is there only when asked for."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from editor.gui import trace as trace_module
from editor.gui.trace import TRACE_VARIABLE, TraceWriter, WindowTrace, start_trace
from tests.gui.conftest import type_text

PROJECT = Path(__file__).resolve().parents[2]


def read_trace(path: Path) -> list[list[str]]:
    return [line.split() for line in path.read_text(encoding="utf-8").splitlines()]


def test_keys_and_patches_in_a_real_window(make_window, page, article, qtbot, tmp_path):
    window = make_window()
    window.open_path(article)
    shown: list[int] = []
    window.preview.patched.connect(shown.append)
    qtbot.waitUntil(lambda: bool(shown) and shown[-1] >= window.previews.revision, timeout=20000)
    path = tmp_path / "trace.txt"
    trace = WindowTrace(TraceWriter(path))
    trace.watch(window.editor, window.preview, window.previews)
    window.editor.setFocus()
    before = time.monotonic()
    type_text(window.editor, "xyz")
    qtbot.waitUntil(lambda: shown[-1] >= window.previews.revision, timeout=20000)
    page(window).wait_for("document.body.innerText.includes('xyz')")
    qtbot.wait(50)
    trace.close()

    lines = read_trace(path)
    kinds = [line[0] for line in lines]
    assert kinds[0] == "start" and lines[0][2] == str(os.getpid())
    assert kinds[1] == "window"
    stamps = [float(line[1]) for line in lines]
    assert stamps == sorted(stamps) and stamps[0] <= before  # one monotonic clock
    assert kinds.count("beat") > 3
    keys = [line for line in lines if line[0] == "key"]
    assert [int(line[3]) for line in keys] == [ord("X"), ord("Y"), ord("Z")]
    patches = [(float(line[1]), int(line[2])) for line in lines if line[0] == "patch"]
    assert [revision for _, revision in patches] == shown[-len(patches) :]
    # Each key shows in a later patch of a higher revision than the one it was received at.
    for line in keys:
        received, revision = float(line[1]), int(line[2])
        assert any(at >= received and shown_revision > revision for at, shown_revision in patches)


def test_nothing_is_traced_unless_asked(qapp, monkeypatch, tmp_path):
    monkeypatch.delenv(TRACE_VARIABLE, raising=False)
    assert start_trace(qapp) is None
    monkeypatch.setenv(TRACE_VARIABLE, str(tmp_path / "missing" / "trace.txt"))
    assert start_trace(qapp) is None  # an unwritable path is logged, not fatal


def test_the_application_writes_the_trace_it_is_asked_for(tmp_path):
    """``article-editor FILE`` with ARTICLE_EDITOR_TRACE set: the window's lines appear as it
    runs, the first patch at or after the revision the opened window had."""
    document = tmp_path / "a.md"
    document.write_text("# A title\n\nSome text.\n", encoding="utf-8")
    path = tmp_path / "trace.txt"
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env |= {
        TRACE_VARIABLE: str(path),
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "PYTHONPATH": str(PROJECT),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "editor", str(document)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        lines: list[list[str]] = []
        while time.monotonic() < deadline and process.poll() is None:
            lines = read_trace(path) if path.exists() else []
            windows = [int(line[2]) for line in lines if line[0] == "window"]
            if windows and any(line[0] == "patch" and int(line[2]) >= windows[0] for line in lines):
                break
            time.sleep(trace_module.FLUSH_SECONDS)
        else:
            raise AssertionError(f"no patch traced: {lines[:5]}")
    finally:
        process.terminate()
        process.wait(10)
    assert lines[0][0] == "start" and lines[0][2] == str(process.pid)
    assert sum(line[0] == "beat" for line in lines) > 0
