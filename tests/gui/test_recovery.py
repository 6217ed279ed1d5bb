"""Autosave to recovery files, and the offer to recover them at the next start."""

from __future__ import annotations

import subprocess
import sys

import pytest

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
