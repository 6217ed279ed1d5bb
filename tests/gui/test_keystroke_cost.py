"""A keystroke in a long document costs the GUI thread what it changed: no handler of the
editor's changes (spelling, highlighting, problems, find bar, autosave, focus mode, status
bar, completer) reads the whole text there, paints every block or walks every finding.
Guarded by spying on the expensive calls, not by the clock."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence, QTextCursor, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit

import editor.gui.find_bar as find_bar_module
from editor.core.recovery import RecoveryStore
from editor.gui.document_session import DocumentSession
from editor.gui.highlighter import MarkdownHighlighter
from editor.gui.proofing.spelling import SpellingController

# The preview path (controller, worker, preview, outline, review panel) has its own guards.
PREVIEW_PATH = {
    "preview_controller.py",
    "render_worker.py",
    "preview.py",
    "outline_panel.py",
    "review_panel.py",
}
WORDS = (
    "careful clinicians recieve referrals and documant outcomes every week while the "
    "nurses record doses, reactions and the results of each visit in the notes"
).split()


def long_document(words: int) -> str:
    """About ``words`` words: headed sections of 100-word paragraphs, two misspellings in
    each, a fenced block now and then."""
    paragraphs, count, number = ["---\ntitle: Long\n---"], 0, 0
    while count < words:
        if number % 20 == 0:
            paragraphs.append(f"## Section {number // 20 + 1}")
        if number % 50 == 7:
            paragraphs.append("```\ncode block\n```")
        body = [WORDS[(number + i) % len(WORDS)] for i in range(100)]
        paragraphs.append(f"Paragraph {number}: " + " ".join(body) + ".")
        count += 102
        number += 1
    return "\n\n".join(paragraphs) + "\n"


class Spy:
    """Records the calls of some methods made on the GUI thread, with the editor module that
    made them (the first frame in editor/), leaving the calls to go through."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, tuple[str, ...]]] = []
        self.on = False
        self._monkeypatch = monkeypatch

    def watch(self, owner: object, name: str) -> None:
        original = getattr(owner, name)

        def spy(*args, **kwargs):
            if self.on and threading.current_thread() is threading.main_thread():
                self.calls.append((name, self._caller()))
            return original(*args, **kwargs)

        self._monkeypatch.setattr(owner, name, spy)

    @staticmethod
    def _caller() -> tuple[str, ...]:
        """The editor modules on the stack, innermost first."""
        frame, found = sys._getframe(2), []
        while frame is not None:
            path = Path(frame.f_code.co_filename)
            if "editor" in path.parts and "tests" not in path.parts:
                found.append(path.name)
            frame = frame.f_back
        return tuple(found)

    def outside_the_preview_path(self) -> list[tuple[str, tuple[str, ...]]]:
        return [call for call in self.calls if not PREVIEW_PATH.intersection(call[1])]


@pytest.fixture
def big_window(make_window, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "long.md"
    path.write_text(long_document(200_000), encoding="utf-8")
    window = make_window(recovery=RecoveryStore(tmp_path / "recovery"), autosave_seconds=1)
    assert window.open_path(path)
    window.activateWindow()
    window.editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.editor)
    # Somewhere in the middle, as a writer would be.
    window.editor.go_to_line(window.editor.document().blockCount() // 2)
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    window.editor.setTextCursor(cursor)
    spy = Spy(monkeypatch)
    for owner, name in (
        (QTextDocument, "toPlainText"),
        (QTextDocument, "toRawText"),
        (QPlainTextEdit, "toPlainText"),
        (DocumentSession, "text"),
        (MarkdownHighlighter, "rehighlight"),
        (MarkdownHighlighter, "_check_spelling"),  # a block painted
        (SpellingController, "occurrences"),
        (find_bar_module, "count_matches"),
    ):
        spy.watch(owner, name)
    window.spy = spy
    return window


def type_and_settle(window, qtbot, text: str) -> None:
    window.spy.on = True
    QTest.keyClicks(window.editor, text)
    # Long enough for every debounced handler: the find bar's recount, the problems check
    # (700 ms), an autosave (1 s).
    qtbot.wait(1600)
    window.spy.on = False


def test_typing_in_a_long_document_reads_no_whole_text_on_the_gui_thread(big_window, qtbot):
    window = big_window
    assert window.spelling.checking  # the pass over the book is still going, on idle
    type_and_settle(window, qtbot, " typed")
    calls = window.spy.outside_the_preview_path()
    assert [call for call in calls if call[0] != "_check_spelling"] == []


def test_a_keystroke_paints_the_block_it_changed(big_window, qtbot):
    window = big_window
    window.spelling._pass.stop()  # the idle pass aside: what do the keys paint?
    type_and_settle(window, qtbot, " typed")
    painted = [call for call in window.spy.calls if call[0] == "_check_spelling"]
    assert 6 <= len(painted) <= 12  # a block per key (and the next, if its state moved)


def test_typing_with_the_find_bar_open_counts_on_its_worker(big_window, qtbot, monkeypatch):
    window = big_window
    window.find_bar.open_find()
    QTest.keyClicks(window.find_bar.find_field, "documant")
    total = window.find_bar.match_count
    assert total > 1000
    window.editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.editor)
    counted_on: list[str] = []
    real = find_bar_module.count_matches
    monkeypatch.setattr(
        find_bar_module,
        "count_matches",
        lambda *args: counted_on.append(threading.current_thread().name) or real(*args),
    )
    type_and_settle(window, qtbot, " documant")
    qtbot.waitUntil(lambda: not window.find_bar.counting, timeout=5000)
    calls = window.spy.outside_the_preview_path()
    assert [call for call in calls if call[0] != "_check_spelling"] == []
    assert counted_on and all(name.startswith("find") for name in counted_on)
    assert window.find_bar.match_count == total + 1


def test_selecting_the_whole_book_counts_its_words_on_a_worker(big_window, qtbot, monkeypatch):
    import editor.gui.status as status_module

    window = big_window
    counted_on: list[str] = []
    real = status_module.count_words
    monkeypatch.setattr(
        status_module,
        "count_words",
        lambda text: counted_on.append(threading.current_thread().name) or real(text),
    )
    QTest.keySequence(window.editor, QKeySequence.StandardKey.SelectAll)
    qtbot.waitUntil(lambda: "selected" in window.word_count.text(), timeout=20000)
    assert counted_on and all(name.startswith("word-count") for name in counted_on)
    selected = int(window.word_count.text().split(" of ")[0].replace(",", ""))
    assert selected > 190_000
