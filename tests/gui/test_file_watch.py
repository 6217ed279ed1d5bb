"""Another program changes or deletes the open file: the window notices and asks."""

from __future__ import annotations

import os

from tests.gui.conftest import type_text


def replace_like_another_program(path, text: str) -> None:
    """Write beside the file and rename over it, as most editors save."""
    temporary = path.with_name(path.name + ".other~")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def open_watched(make_window, article, monkeypatch, answer: bool):
    window = make_window()
    asked = []

    def ask(_parent, name, modified):
        asked.append((name, modified))
        return answer

    monkeypatch.setattr(window.dialogs, "ask_reload", ask)
    assert window.open_path(article)
    return window, asked


def test_reload_takes_the_new_text(make_window, article, monkeypatch, qtbot):
    window, asked = open_watched(make_window, article, monkeypatch, answer=True)
    replace_like_another_program(article, "Changed elsewhere\n")
    qtbot.waitUntil(lambda: window.editor.toPlainText() == "Changed elsewhere\n", timeout=5000)
    assert asked == [("features.md", False)]
    assert not window.session.is_modified()
    # Still watched after being renamed over: a second change is noticed too.
    replace_like_another_program(article, "Changed again\n")
    qtbot.waitUntil(lambda: window.editor.toPlainText() == "Changed again\n", timeout=5000)
    assert len(asked) == 2


def test_keep_mine_keeps_the_text_unsaved_and_asks_once(make_window, article, monkeypatch, qtbot):
    window, asked = open_watched(make_window, article, monkeypatch, answer=False)
    type_text(window.editor, "Mine ")
    mine = window.editor.toPlainText()
    with article.open("a", encoding="utf-8") as stream:  # written in place, not renamed
        stream.write("\nAppended elsewhere\n")
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert asked == [("features.md", True)]
    qtbot.wait(500)
    assert asked == [("features.md", True)]  # not asked again about the same change
    assert window.editor.toPlainText() == mine
    assert window.session.is_modified()
    assert window.save()
    assert article.read_text(encoding="utf-8") == mine


def test_our_own_saves_and_touches_are_not_changes(make_window, article, monkeypatch, qtbot):
    window, asked = open_watched(make_window, article, monkeypatch, answer=True)
    type_text(window.editor, "Edit ")
    assert window.save()
    qtbot.wait(500)
    os.utime(article)  # a new time, the same text
    qtbot.wait(500)
    assert asked == []
    assert not window.session.is_modified()


def test_a_deleted_file_keeps_its_text_marked_unsaved(make_window, article, monkeypatch, qtbot):
    window, asked = open_watched(make_window, article, monkeypatch, answer=True)
    text = window.editor.toPlainText()
    article.unlink()
    qtbot.waitUntil(window.session.is_modified, timeout=5000)
    assert window.editor.toPlainText() == text
    assert "deleted" in window.statusBar().currentMessage()
    assert asked == []
    assert window.save()  # Save puts it back
    assert article.read_text(encoding="utf-8") == text
