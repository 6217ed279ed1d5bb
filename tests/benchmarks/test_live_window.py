"""The benchmarks' harness watches the real application from outside: in its own process on
an X display, keys typed with xdotool, each matched to the patch that showed it."""

from __future__ import annotations

import os
import re
import time

import pytest

from benchmarks.live_window import LiveEditor, descendants, typing_run, words_to_type
from benchmarks.synthetic import HUNSPELL_GB, make_document, write_library
from tests.test_crash_recovery import display  # noqa: F401 - the Xvfb fixture


@pytest.mark.slow
@pytest.mark.skipif(not HUNSPELL_GB.is_file(), reason="needs hunspell-en-gb")
def test_typed_keys_are_matched_to_the_patches_that_show_them(display, tmp_path):  # noqa: F811
    keys, files = write_library(tmp_path, 200)
    document = tmp_path / "book.md"
    document.write_text(make_document(3_000, keys, files["bib"].name), encoding="utf-8")
    editor = LiveEditor(document, display, tmp_path / "run")
    try:
        first, settled, idle = editor.open_times(timeout=120)
        assert 0 < first <= settled <= idle
        editor.focus()
        editor.keys("ctrl+End", "Return")
        editor.quiet(0.5, 60)
        typed = words_to_type(12)
        assert re.fullmatch(r"[a-z ]+", typed) and len(typed) == 12
        result = typing_run(editor, typed, rate=10, timeout=120)
        processes = [editor.process.pid, *descendants(editor.process.pid)]
    finally:
        editor.stop()

    assert result.keys_sent == result.keys_received == 12
    assert len(result.latencies) == 12 and all(value > 0 for value in result.latencies)
    # A key cannot show before it arrived, nor arrive before it was sent.
    assert all(
        0 <= delay < latency
        for delay, latency in zip(result.input_delays, result.latencies, strict=True)
    )
    assert result.stalls and result.seconds > 1.0
    cpu = result.cpu_per_key
    assert 0 < cpu.gui_thread <= cpu.gui and cpu.web > 0
    # The three processes were found: the GUI, the render process and Chromium's renderer.
    assert min(result.memory.gui[0], result.memory.render[0], result.memory.web[0]) > 10
    # Stopping took every process the editor started (given a moment to be reaped).
    deadline = time.monotonic() + 10
    while [pid for pid in processes if os.path.exists(f"/proc/{pid}")]:
        assert time.monotonic() < deadline, "processes left behind"
        time.sleep(0.1)
