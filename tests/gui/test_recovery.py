"""Autosave to recovery files, and the offer to recover them at the next start."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from PySide6.QtGui import QTextDocument

from editor.core.recovery import RecoveryStore
from editor.gui.recovery import RecoveryDialog, offer_recovery
from tests.gui.conftest import type_text


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.fixture
def store(tmp_path):
    return RecoveryStore(tmp_path / "recovery")


@pytest.fixture
def recovering_window(make_window, store):
    """Real windows autosaving into a temporary recovery folder every second."""
    return lambda: make_window(recovery=store, autosave_seconds=1)


def recovery_texts(store: RecoveryStore) -> list[str]:
    return sorted(path.read_text(encoding="utf-8") for path in store.folder.glob("*.md"))


def test_unsaved_typing_is_autosaved_and_a_save_removes_it(
    recovering_window, store, qtbot, tmp_path
):
    window = recovering_window()
    type_text(window.editor, "First words\nsecond line")
    qtbot.waitUntil(lambda: recovery_texts(store) == ["First words\nsecond line"], timeout=5000)
    type_text(window.editor, " more")
    qtbot.waitUntil(
        lambda: recovery_texts(store) == ["First words\nsecond line more"], timeout=5000
    )
    assert window.save_as(tmp_path / "saved.md")
    assert list(store.folder.iterdir()) == []
    qtbot.wait(1500)  # saved text is not autosaved again
    assert list(store.folder.iterdir()) == []


def test_a_normal_close_removes_the_recovery_files(recovering_window, store, qtbot, monkeypatch):
    window = recovering_window()
    type_text(window.editor, "Throw away")
    qtbot.waitUntil(lambda: bool(recovery_texts(store)), timeout=5000)
    from editor.gui.dialogs import UnsavedChoice

    monkeypatch.setattr(window.dialogs, "ask_unsaved_changes", lambda *_: UnsavedChoice.DISCARD)
    assert window.close()
    assert list(store.folder.iterdir()) == []


def test_the_dialog_previews_recovers_and_discards(recovering_window, tmp_path, qtbot):
    original = tmp_path / "article.md"
    original.write_text("On disk\r\n", encoding="utf-8")
    crashed = RecoveryStore(tmp_path / "recovery", pid=dead_pid())
    crashed.write("a", "Recovered text 🙂\nline two", original, "article.md")
    crashed.write("b", "Untitled text", None, "Untitled — Article Editor")
    store = RecoveryStore(tmp_path / "recovery")
    entries = store.list_recoverable()
    assert [entry.id for entry in entries] == ["a", "b"]

    dialog = RecoveryDialog(store, entries)
    qtbot.addWidget(dialog)
    assert dialog.preview.toPlainText() == "Recovered text 🙂\nline two"
    assert dialog.preview.isReadOnly()
    assert "article.md" in dialog.list.item(0).text()
    opened = []
    dialog.recoverRequested.connect(opened.append)
    dialog.recover_selected()
    assert [entry.id for entry in opened] == ["a"]
    assert dialog.preview.toPlainText() == "Untitled text"
    dialog.discard_selected()
    assert dialog.result() == RecoveryDialog.DialogCode.Accepted  # nothing left to decide
    assert not (tmp_path / "recovery" / "b.json").exists()

    window = recovering_window()
    assert window.recover(opened[0])
    assert window.editor.toPlainText() == "Recovered text 🙂\nline two"
    assert window.session.is_modified()
    assert window.session.path == original
    assert window.save()
    # Saved over the original, in its own line endings; the recovery files are gone.
    assert original.read_bytes() == "Recovered text 🙂\r\nline two".encode()
    assert list((tmp_path / "recovery").iterdir()) == []


def test_later_keeps_the_files_for_the_next_start(tmp_path, qtbot):
    RecoveryStore(tmp_path, pid=dead_pid()).write("x", "keep me", None, "Untitled")
    store = RecoveryStore(tmp_path)
    recovered = offer_recovery(
        store, lambda entry: None, run=lambda dialog: dialog.later_button.click()
    )
    assert recovered == []
    assert [entry.id for entry in store.list_recoverable()] == ["x"]


def test_nothing_to_recover_shows_no_dialog(tmp_path):
    shown = []
    assert offer_recovery(RecoveryStore(tmp_path), print, run=shown.append) == []
    assert shown == []


def spy_threads(monkeypatch, owner, name: str) -> list[str]:
    """Record the thread each call of ``owner.name`` runs on (the call itself goes through)."""
    threads: list[str] = []
    original = getattr(owner, name)

    def spy(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, spy)
    return threads


def test_autosave_joins_and_writes_on_a_worker_thread(recovering_window, store, qtbot, monkeypatch):
    window = recovering_window()
    text = "\n\n".join(f"Paragraph {n} with\u00a0a no-break space." for n in range(20_000))
    window.session.restore(text, None)
    type_text(window.editor, "X")
    expected = text + "X"  # restore leaves the cursor at the end
    writes = spy_threads(monkeypatch, store, "write")
    whole_text = spy_threads(monkeypatch, window.session, "text")
    raw = spy_threads(monkeypatch, QTextDocument, "toRawText")
    plain = spy_threads(monkeypatch, QTextDocument, "toPlainText")
    window.autosaver.autosave()
    # The GUI thread took the lines only: no whole text was read.
    assert whole_text == raw == plain == []
    qtbot.waitUntil(lambda: recovery_texts(store) == [expected], timeout=5000)
    assert writes and "MainThread" not in writes


def test_a_newer_snapshot_replaces_one_waiting_and_the_last_is_written(
    recovering_window, store, qtbot, monkeypatch
):
    window = recovering_window()
    window.autosaver.timer.stop()
    release = threading.Event()
    written: list[str] = []
    original = store.write

    def slow_write(entry_id, text, original_path, title):
        release.wait(5)  # the disk is slow: later snapshots pile up meanwhile
        written.append(text)
        original(entry_id, text, original_path, title)

    monkeypatch.setattr(store, "write", slow_write)
    for word in ("one", " two", " three"):
        type_text(window.editor, word)
        window.autosaver.autosave()
        window.autosaver.timer.stop()
    assert window.autosaver.writing
    release.set()
    qtbot.waitUntil(lambda: not window.autosaver.writing, timeout=5000)
    # The first write was under way; "one two" waited and gave way to "one two three".
    assert written == ["one", "one two three"]
    assert recovery_texts(store) == ["one two three"]


def test_a_failed_autosave_is_reported_in_the_status_bar(make_window, tmp_path, qtbot):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the recovery folder should be", encoding="utf-8")
    window = make_window(recovery=RecoveryStore(blocker / "recovery"), autosave_seconds=1)
    type_text(window.editor, "Unsaved words")
    qtbot.waitUntil(
        lambda: "Cannot write a recovery file" in window.statusBar().currentMessage(),
        timeout=5000,
    )
    assert "not-a-folder" in window.statusBar().currentMessage()
    assert window.editor.toPlainText() == "Unsaved words"


def test_saving_while_a_write_runs_leaves_no_recovery_file(
    recovering_window, store, qtbot, monkeypatch, tmp_path
):
    window = recovering_window()
    window.autosaver.timer.stop()
    started, release = threading.Event(), threading.Event()
    original = store.write

    def slow_write(*args):
        started.set()
        release.wait(5)
        original(*args)

    monkeypatch.setattr(store, "write", slow_write)
    type_text(window.editor, "Saved soon")
    window.autosaver.autosave()
    assert started.wait(5)
    threading.Timer(0.2, release.set).start()
    assert window.save_as(tmp_path / "saved.md")  # waits for the write, then removes it
    assert list(store.folder.iterdir()) == []
