"""The live preview: typing into the real editor shows up in the real WebEngine DOM."""

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from tests.gui.conftest import type_text


def open_and_wait(window, page, path):
    assert window.open_path(path)
    view = page(window)
    view.wait_for("document.querySelector('#title-block-header h1.title') !== null")
    return view


def type_at_end(window, text):
    window.editor.setFocus()
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(window.editor, text)


def test_title_block_table_footnotes_and_smart_quotes_in_the_dom(make_window, page, article):
    window = make_window()
    article.write_text(
        article.read_text() + '\nA claim[^n] with "quotes" -- here.\n\n[^n]: The note.\n',
        encoding="utf-8",
    )
    view = open_and_wait(window, page, article)
    assert view.js("document.querySelector('h1.title').textContent") == "Dosing and titration"
    assert view.js("document.querySelectorAll('p.author').length") == 2
    assert view.js("document.documentElement.lang") == "en-GB"
    assert view.js("[...document.querySelectorAll('table th')].map(t => t.textContent)") == [
        "Measure",
        "Baseline",
        "Week 4",
    ]
    assert view.js("document.querySelector('sup a.footnote-ref').textContent") == "1"
    assert view.js("document.querySelector('section.footnotes li').innerText").startswith(
        "The note."
    )
    assert "A claim1 with “quotes” – here." in view.text()


def test_typing_shows_in_the_preview(make_window, page, article):
    window = make_window()
    view = open_and_wait(window, page, article)
    type_at_end(window, '\n\nA "typed" paragraph -- live.')
    view.wait_for(
        "document.getElementById('ae-content').innerText.includes('A “typed” paragraph – live.')"
    )
    assert window.isWindowModified()


def test_only_changed_blocks_are_replaced_and_scroll_is_kept(make_window, page, article):
    window = make_window()
    window.settings.set("preview/sync_scroll", False)
    long_tail = "\n".join(f"Paragraph {n} of padding text.\n" for n in range(80))
    article.write_text(article.read_text() + "\n" + long_tail, encoding="utf-8")
    view = open_and_wait(window, page, article)
    view.wait_for("document.getElementById('ae-content').innerText.includes('Paragraph 79')")
    # Mark the title block's element: a reload or a full replace would lose the mark.
    view.js("(document.querySelector('h1.title').dataset.probe = 'kept')")
    view.js("(window.scrollTo(0, 400), window.scrollY)")
    type_at_end(window, " Edited at the end.")
    view.wait_for("document.getElementById('ae-content').innerText.includes('Edited at the end.')")
    assert view.js("document.querySelector('h1.title').dataset.probe") == "kept"
    assert view.js("window.scrollY") == 400


def test_preview_follows_the_editor_scroll(make_window, page, article):
    window = make_window()
    article.write_text(
        article.read_text() + "\n" + "\n".join(f"## Part {n}\n\nText {n}.\n" for n in range(60)),
        encoding="utf-8",
    )
    view = open_and_wait(window, page, article)
    view.wait_for("document.body.innerText.includes('Part 59')")
    editor = window.editor
    target = editor.document().findBlockByNumber(
        next(
            b
            for b in range(editor.document().blockCount())
            if editor.document().findBlockByNumber(b).text() == "## Part 30"
        )
    )
    editor.verticalScrollBar().setValue(target.firstLineNumber())
    # The heading "Part 30" must come to the top of the preview.
    view.wait_for("Math.abs(document.getElementById('part-30').getBoundingClientRect().top) < 40")
    editor.verticalScrollBar().setValue(0)
    view.wait_for("window.scrollY === 0")
    # With the document's last line on screen, the preview shows the end of the text.
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.ensureCursorVisible()
    view.wait_for(_in_view("Text 59."))


def _in_view(text: str) -> str:
    """JavaScript: whether the paragraph reading ``text`` is wholly in the preview's view."""
    return (
        "(() => { const p = [...document.querySelectorAll('#ae-content p')]"
        f".find(p => p.textContent.includes({json.dumps(text)}));"
        " if (!p) return false; const box = p.getBoundingClientRect();"
        " return box.top >= 0 && box.bottom <= window.innerHeight; })()"
    )


def test_typing_at_the_end_keeps_the_paragraph_in_view_not_the_notes(make_window, page, article):
    # A long text with long notes (defined before it, so the text's last line is the last
    # paragraph): scrolling the preview to its end would show the notes, and the paragraph
    # being written would be off screen.
    window = make_window()
    body = "\n".join(f"Paragraph {n} with a note.[^n{n}]\n" for n in range(60))
    notes = "\n".join(
        f"[^n{n}]: Note {n}, long enough to fill a line or two. " * 3 for n in range(60)
    )
    article.write_text(article.read_text() + "\n" + notes + "\n\n" + body, encoding="utf-8")
    view = open_and_wait(window, page, article)
    view.wait_for("document.body.innerText.includes('Paragraph 59')")
    editor = window.editor
    # The cursor at the end of the last paragraph, the end of the text on screen.
    last = next(
        b
        for b in reversed(range(editor.document().blockCount()))
        if editor.document().findBlockByNumber(b).text().startswith("Paragraph 59")
    )
    cursor = QTextCursor(editor.document().findBlockByNumber(last))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    editor.verticalScrollBar().setValue(editor.verticalScrollBar().maximum())
    editor.setFocus()
    type_text(editor, " Written at the end.")
    view.wait_for(_in_view("Written at the end."))
    assert view.js("document.querySelector('section.footnotes').getBoundingClientRect().top") > 0


def test_relative_images_resolve_in_the_documents_folder(make_window, page, article):
    (article.parent / "figure.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
        '<rect width="120" height="40" fill="teal"/></svg>',
        encoding="utf-8",
    )
    window = make_window()
    view = open_and_wait(window, page, article)
    assert view.wait_for("document.querySelector('figure img').naturalWidth") == 120
    assert view.js("document.querySelector('figcaption').textContent") == "Scores by week"


def test_links_do_not_navigate_the_preview_away(make_window, page, article, qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", opened.append)
    window = make_window()
    view = open_and_wait(window, page, article)
    url_before = window.preview.url()
    view.js("(document.querySelector('a[href=\"https://example.org\"]').click(), true)")
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    assert opened[0].toString().rstrip("/") == "https://example.org"
    qtbot.wait(300)
    assert window.preview.url() == url_before
    assert view.js("document.querySelector('h1.title') !== null")


def test_word_count_in_the_status_bar(make_window, page, article, qtbot):
    window = make_window()
    open_and_wait(window, page, article)
    qtbot.waitUntil(
        lambda: (
            "words" in window.word_count.text() and not window.word_count.text().startswith("0 ")
        ),
        timeout=5000,
    )
    before = int(window.word_count.text().split()[0].replace(",", ""))
    type_at_end(window, "\n\nthree more words")
    qtbot.waitUntil(
        lambda: window.word_count.text().startswith(f"{before + 3} words"), timeout=5000
    )
    # Select the last two words with the keyboard, as a person would.
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    for _ in range(2):
        QTest.keyClick(
            window.editor,
            Qt.Key.Key_Left,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    qtbot.waitUntil(lambda: "selected" in window.word_count.text(), timeout=5000)
    assert window.word_count.text().startswith(f"2 of {before + 3} words selected")


def test_a_page_load_overtaken_by_another_still_shows_the_article(qtbot, tmp_path):
    # The race behind a flaky word-count test: the first render of a document changes the
    # page's language, so a second shell load starts when the first one has loaded in
    # Chromium but before its loadFinished is handled. That late loadFinished took the
    # fragments into the old page, and the new page stayed empty.
    from editor.gui.preview import PreviewView

    view = PreviewView()
    qtbot.addWidget(view)
    view.show()
    loads: list[str] = []
    view.loadStarted.connect(lambda: loads.append("started"))
    view.loadFinished.connect(lambda ok: loads.append("finished"))

    def overtake(progress: int) -> None:
        if progress == 100 and "overtaken" not in loads and "finished" not in loads:
            loads.append("overtaken")
            view.set_base(tmp_path, "en-GB")
            view.show_fragments(1, ["<h1>The title</h1>", "<p>The text.</p>"])

    view.loadProgress.connect(overtake)
    view.set_base(tmp_path, "")
    qtbot.waitUntil(lambda: "overtaken" in loads, timeout=20000)
    box: list = []

    def content() -> list | None:
        box.clear()
        view.run_in_page(
            "JSON.stringify([document.documentElement.lang,"
            " document.getElementById('ae-content').innerText])",
            box.append,
        )
        qtbot.waitUntil(lambda: bool(box), timeout=10000)
        return json.loads(box[0]) if box[0] else None  # nothing while a page is loading

    # Before the fix, the page ended "en-GB" but empty, and stayed so.
    qtbot.waitUntil(lambda: content() == ["en-GB", "The title\n\nThe text."], timeout=15000)
