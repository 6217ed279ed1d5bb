"""The recovery folder: entries written, listed when their process is gone, discarded."""

from __future__ import annotations

import os
import subprocess
import sys

from editor.core.recovery import DATA_DIR_VARIABLE, RecoveryStore, default_data_folder


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_an_entry_left_by_a_dead_process_is_listed_with_its_text(tmp_path):
    store = RecoveryStore(tmp_path / "recovery", pid=dead_pid())
    original = tmp_path / "article.md"
    store.write("abc", "Unsaved — café 🙂\nline two", original, "article.md — Article Editor")
    [entry] = RecoveryStore(tmp_path / "recovery").list_recoverable()
    assert entry.id == "abc"
    assert entry.original == original
    assert entry.name == "article.md"
    assert entry.text() == "Unsaved — café 🙂\nline two"


def test_every_character_is_recovered_even_what_a_save_refuses(tmp_path):
    """A NUL would not be saved to the document (it would open as binary), but the recovery
    file keeps what the window held, and reads it back."""
    store = RecoveryStore(tmp_path / "recovery", pid=dead_pid())
    text = "Give 5\u00a0mg\u2028now\u2029\x00 and\r a lone CR"
    store.write("abc", text, None, "Untitled")
    [entry] = RecoveryStore(tmp_path / "recovery").list_recoverable()
    assert entry.text() == text.replace("\r", "\n")


def test_a_running_process_keeps_its_entries_to_itself(tmp_path):
    store = RecoveryStore(tmp_path)  # this process: alive
    store.write(store.new_id(), "live text", None, "Untitled")
    assert store.list_recoverable() == []


def test_discard_removes_both_files(tmp_path):
    store = RecoveryStore(tmp_path, pid=dead_pid())
    store.write("one", "text", None, "Untitled")
    store.discard("one")
    assert list(tmp_path.iterdir()) == []
    store.discard("one")  # already gone: no error


def test_broken_entries_are_skipped(tmp_path):
    store = RecoveryStore(tmp_path, pid=dead_pid())
    store.write("good", "kept", None, "Untitled")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "bad.md").write_text("x", encoding="utf-8")
    (tmp_path / "orphan.json").write_text('{"pid": 0}', encoding="utf-8")  # no text file
    assert [entry.id for entry in store.list_recoverable()] == ["good"]


def test_the_data_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path / "data"))
    assert default_data_folder() == tmp_path / "data"
    assert RecoveryStore().folder == tmp_path / "data" / "recovery"
    monkeypatch.delenv(DATA_DIR_VARIABLE)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_data_folder() == tmp_path / "xdg" / "article-editor"
    assert os.fspath(RecoveryStore().folder).endswith("article-editor/recovery")


def test_a_killed_but_unreaped_editor_is_not_running(tmp_path):
    """A SIGKILLed editor whose parent has not reaped it yet is a zombie: its documents must
    be offered, not held back as another live editor's."""
    import signal
    import subprocess
    import sys
    import time

    from editor.core.processes import process_running

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    assert process_running(child.pid)
    child.send_signal(signal.SIGKILL)
    time.sleep(0.5)  # dead, and not reaped: we have not called wait()
    assert not process_running(child.pid)
    child.wait()
