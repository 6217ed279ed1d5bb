"""Save never overwrites another program's change without asking, however recently it landed
and whether or not the file system reported it; opening refuses what is not a document file
without waiting on it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from tests.gui.conftest import type_text

OTHER = "Written by another program.\n"


def write_elsewhere(path) -> None:
    """Another process writes the file in place, as many tools do, and exits."""
    subprocess.run(
        [sys.executable, "-c", f"open({str(path)!r}, 'w', encoding='utf-8').write({OTHER!r})"],
        check=True,
    )


def edited_window(make_window, article, monkeypatch, answer: bool):
    window = make_window()
    asked = []

    def ask(_parent, name, modified):
        asked.append((name, modified))
        return answer

    monkeypatch.setattr(window.dialogs, "ask_reload", ask)
    assert window.open_path(article)
    type_text(window.editor, "Mine. ")
    return window, asked


@pytest.mark.parametrize("delay_ms", [0, 50, 100, 140])
def test_a_change_just_before_save_is_asked_about(
    make_window, article, monkeypatch, qtbot, delay_ms
):
    window, asked = edited_window(make_window, article, monkeypatch, answer=False)
    mine = window.session.text()
    write_elsewhere(article)
    qtbot.wait(delay_ms)  # less than the watcher waits for quiet
    assert window.save()  # Keep Mine: asked, then saved over the other program's text
    assert asked == [("features.md", True)]
    assert article.read_text(encoding="utf-8") == mine
    qtbot.wait(400)  # the watcher, settling later, does not ask again about the same change
    assert asked == [("features.md", True)]
    assert not window.session.is_modified()


def test_reload_at_save_takes_their_text_and_saves_nothing(
    make_window, article, monkeypatch, qtbot
):
    window, asked = edited_window(make_window, article, monkeypatch, answer=True)
    write_elsewhere(article)
    assert not window.save()
    assert asked == [("features.md", True)]
    assert window.session.text() == OTHER
    assert article.read_text(encoding="utf-8") == OTHER
    assert not window.session.is_modified()


def test_a_change_no_watcher_reported_is_asked_about(make_window, article, monkeypatch, qtbot):
    """A network share tells nobody about another machine's writes: no event arrives, and
    the save still finds the change."""
    window, asked = edited_window(make_window, article, monkeypatch, answer=False)
    watcher = window.file_watcher.watcher
    watcher.blockSignals(True)  # as on a share: the write below produces no event
    write_elsewhere(article)
    qtbot.wait(600)
    assert asked == []
    assert window.save()
    assert asked == [("features.md", True)]
    watcher.blockSignals(False)


def test_a_touch_is_not_a_change(make_window, article, monkeypatch, qtbot):
    window, asked = edited_window(make_window, article, monkeypatch, answer=True)
    os.utime(article, ns=(1, 1))
    assert window.save()
    assert asked == []


def test_a_fifo_is_refused_without_freezing_the_window(make_window, tmp_path, monkeypatch):
    window = make_window()
    shown = []
    monkeypatch.setattr(window.dialogs, "show_error", lambda _p, _t, text: shown.append(text))
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)

    def unblock():  # should the open wait for a writer, end the wait so the test can fail
        time.sleep(5)
        with open(fifo, "wb", buffering=0):
            pass

    threading.Thread(target=unblock, daemon=True).start()
    started = time.monotonic()
    assert not window.open_path(fifo)
    assert time.monotonic() - started < 1
    assert shown == [f"{fifo}: not a regular file (a named pipe)"]


def test_opening_removes_what_a_killed_save_left(make_window, article):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = article.parent / f".features.md.ae-{dead.pid}-x1y2.tmp"
    left.write_text("the full text of a save that was killed")
    window = make_window()
    assert window.open_path(article)
    assert not left.exists()
