"""The preview at book length, in the real window: a keystroke sends the render process the
lines it touched, not the text; the GUI thread reads no whole text and diffs no fragment list
on a keystroke; the page stays equal to a fresh render through typing, deleting, undo, paste
and Enter; a long document's far blocks are held as HTML and filled when scrolled to or
found."""

from __future__ import annotations

import random
import traceback

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

import editor.gui.edit_feed
import editor.gui.live_document
import editor.gui.preview
import editor.gui.preview_controller
import editor.gui.render_worker
from editor.core.citations.service import CitationOverrides
from editor.core.render import Renderer
from tests.gui.conftest import type_text

_PREVIEW_PATH = {
    module.__file__
    for module in (
        editor.gui.edit_feed,
        editor.gui.live_document,
        editor.gui.preview,
        editor.gui.preview_controller,
        editor.gui.render_worker,
    )
}

_WORDS = (
    "the evidence for careful dosing rests on trials that followed patients for months and "
    "measured relapse sleep mood and the side effects each group reported to the nurses who "
    "saw them every week in clinics across three regions"
).split()


def long_document(words: int, seed: int = 18) -> str:
    """A book of ``words`` words: a title, a heading every twenty paragraphs of about a hundred
    words (each paragraph one line, as writers type them)."""
    rng = random.Random(seed)
    lines = ["---", "title: A long report", "---", ""]
    written, paragraph = 0, 0
    while written < words:
        if paragraph % 20 == 0:
            lines += [f"## Chapter {paragraph // 20 + 1}", ""]
        count = rng.randint(80, 120)
        text = " ".join(rng.choice(_WORDS) for _ in range(count))
        lines += [f"Paragraph {paragraph}: {text.capitalize()}.", ""]
        written += count + 2
        paragraph += 1
    return "\n".join(lines)


def _open(window, page, path, timeout: float = 120):
    assert window.open_path(path)
    view = page(window)
    view.wait_for("document.querySelector('#title-block-header h1.title') !== null", timeout)
    return view


def _settled(window, qtbot, timeout: int = 120_000) -> None:
    """Wait until the render process has answered every change made so far."""
    qtbot.waitUntil(lambda: not window.previews.worker.busy, timeout=timeout)
    qtbot.wait(50)  # the last patch reaches the page


def _cursor_at_line(editor, prefix: str) -> None:
    document = editor.document()
    block = document.begin()
    while block.isValid() and not block.text().startswith(prefix):
        block = block.next()
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    editor.setFocus()


@pytest.mark.slow  # the whole text is rendered when opened (and, until the render process
# settles edits incrementally, on the keystroke too)
def test_a_keystroke_in_a_million_words_sends_a_few_hundred_bytes(
    make_window, page, tmp_path, qtbot, monkeypatch
):
    source = tmp_path / "book.md"
    source.write_text(long_document(1_000_000), encoding="utf-8")
    window = make_window()
    window.settings.set("preview/sync_scroll", False)
    view = _open(window, page, source, timeout=180)
    _settled(window, qtbot, 180_000)
    # The text went once, when it was opened (the visible part first, then the rest).
    kind, _sent = window.previews.worker.last_request
    assert kind in ("reset", "complete")
    assert window.previews.worker.last_text_request > source.stat().st_size

    # From here on the preview's path may read no whole text and diff no whole fragment list.
    # (Other readers, such as the proofing pass, are theirs to answer for: the stack says who.)
    reads: list[str] = []

    def spy(name: str, real):
        def read():
            callers = {frame.filename for frame in traceback.extract_stack()}
            reads.extend(f"{name} from {path}" for path in callers if path in _PREVIEW_PATH)
            return real()

        return read

    monkeypatch.setattr(window.session, "text", spy("session.text", window.session.text))
    for target in (window.editor, window.editor.document()):
        for name in ("toPlainText", "toRawText"):
            if hasattr(target, name):
                monkeypatch.setattr(target, name, spy(name, getattr(target, name)))
    diffs: list[int] = []
    real_splice = editor.gui.preview.smallest_splice

    def counting_splice(old, new):
        diffs.append(max(len(old), len(new)))
        return real_splice(old, new)

    monkeypatch.setattr(editor.gui.preview, "smallest_splice", counting_splice)

    _cursor_at_line(window.editor, "Paragraph 5000:")
    line = window.editor.textCursor().block().text()
    QTest.keyClick(window.editor, Qt.Key.Key_X)
    _settled(window, qtbot, 180_000)
    kind, sent = window.previews.worker.last_request
    assert kind == "edit"
    # The line touched (about 700 characters here) and the pickle's framing; not the text.
    assert sent < len(line.encode()) + 400, (sent, len(line))
    assert reads == [] and diffs == []
    # Far from the view, the page holds the paragraph as its HTML: the edit is in it.
    assert view.wait_for(
        "[...AE.content().children].some("
        "w => w.aeHtml.startsWith('<p>Paragraph 5000:') && w.aeHtml.endsWith('.x</p>'))"
    )


def _page_fragments(view) -> list[str]:
    return view.js("[...AE.content().children].map(w => w.aeHtml)")


def _fresh_fragments(window) -> list[str]:
    return Renderer().render(window.session.text(), window.session.folder).fragments()


def test_typing_deleting_undo_paste_and_enter_keep_the_page_a_fresh_render(
    make_window, page, article, qtbot
):
    window = make_window()
    view = _open(window, page, article)
    editor = window.editor

    def check(step: str) -> None:
        _settled(window, qtbot)
        wanted = _fresh_fragments(window)
        assert _page_fragments(view) == wanted, step
        # What the page holds as elements is that HTML, not only a copy of it.
        shown = view.js("[...AE.content().children].map(w => w.innerHTML.length > 0)")
        assert shown == [bool(fragment) for fragment in wanted], step

    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.setFocus()
    type_text(editor, "\n\nA new paragraph with a note.[^late]\n\n[^late]: Written late.")
    check("typing")
    for _ in range(5):
        QTest.keyClick(editor, Qt.Key.Key_Backspace)
    check("deleting")
    editor.undo()
    check("undo")
    # In the middle: before the line after the first blank line past the front matter.
    block = editor.document().findBlockByNumber(20)
    while block.text():
        block = block.next()
    editor.setTextCursor(QTextCursor(block))
    QApplication.clipboard().setText("\n## Pasted heading\n\nPasted *text*.\n\nMore.\n")
    editor.paste()
    check("paste")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    type_text(editor, "After Enter.")
    check("enter")
    # The outline took the pasted heading, from the update that carried the new headings.
    assert "Pasted heading" in [heading.text for heading in window.outline.headings]


@pytest.fixture
def long_article(tmp_path):
    source = tmp_path / "long.md"
    source.write_text(
        long_document(40_000) + "\n\nThe far word zymurgy is only here.\n", encoding="utf-8"
    )
    return source


def test_far_blocks_are_held_and_filled_when_scrolled_to_or_found(
    make_window, page, long_article, qtbot
):
    window = make_window()
    window.preview.hold_above = 20_000  # hold at this length (a book's would anyway)
    view = _open(window, page, long_article)
    _settled(window, qtbot)
    count = view.js("AE.content().children.length")
    held = view.js("AE.content().querySelectorAll('.ae-held').length")
    assert count > 400 and held > count * 0.8
    # Held blocks are empty boxes sized to their text: the page is as tall as the article.
    assert view.js("document.documentElement.scrollHeight") > count * 60
    assert view.js("document.getElementsByTagName('p').length") < count * 0.2

    # The editor scrolled to paragraph 300: the preview brings it in, filled, to the top.
    editor = window.editor
    block = editor.document().begin()
    while not block.text().startswith("Paragraph 300:"):
        block = block.next()
    editor.verticalScrollBar().setValue(block.firstLineNumber())
    view.wait_for(
        "(() => { const p = [...document.querySelectorAll('#ae-content p')]"
        ".find(p => p.textContent.startsWith('Paragraph 300:'));"
        " return !!p && Math.abs(p.getBoundingClientRect().top) < 60; })()"
    )

    # Find in the preview fills the held block holding the word, and the view finds it.
    window.find_bar.open_find(in_preview=True)
    window.find_bar.find_field.setText("zymurgy")
    qtbot.waitUntil(lambda: window.find_bar.preview_match_count == 1, timeout=10_000)
    assert view.wait_for(
        "[...document.querySelectorAll('#ae-content p')]"
        ".some(p => p.textContent.includes('zymurgy'))"
    )


def test_the_whole_text_sent_again_keeps_the_page_and_its_place(make_window, page, article, qtbot):
    # Another style (or a bibliography file changed) renders the document again from its
    # text: the page is patched where it differs, not rebuilt, so it stays where it was.
    window = make_window()
    window.settings.set("preview/sync_scroll", False)
    padding = "\n".join(f"Paragraph {n} of padding text.\n" for n in range(80))
    article.write_text(article.read_text() + "\n" + padding, encoding="utf-8")
    view = _open(window, page, article)
    _settled(window, qtbot)
    view.js("(document.querySelector('h1.title').dataset.probe = 'kept')")
    view.js("(window.scrollTo(0, 400), window.scrollY)")
    window.previews.set_default_style("apa")
    _settled(window, qtbot)
    assert window.previews.worker.last_request[0] in ("reset", "complete")
    assert _page_fragments(view) == _fresh_fragments_in_style(window, "apa")
    assert view.js("document.querySelector('h1.title').dataset.probe") == "kept"
    assert view.js("window.scrollY") == 400


def _fresh_fragments_in_style(window, style: str) -> list[str]:
    document = Renderer().render(
        window.session.text(), window.session.folder, CitationOverrides(default_csl=style)
    )
    return document.fragments()
