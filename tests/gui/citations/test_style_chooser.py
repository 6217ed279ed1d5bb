"""The citation style chooser in the real window: search, a live preview of the document's own
citations, OK writes ``csl:`` as one undo step, and the window's preview follows."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from editor.gui.citations.style_chooser import StyleChooser

_DOCUMENT = "---\ntitle: Draft\nbibliography: refs.json\n---\n\nAs argued [@marsh2021].\n"


def _open(make_window, page, tmp_path, fixtures, text=_DOCUMENT, first="(Marsh and Okafor, 2021)"):
    shutil.copy(fixtures / "cite" / "refs.json", tmp_path / "refs.json")
    source = tmp_path / "draft.md"
    source.write_text(text, encoding="utf-8")
    window = make_window()
    assert window.open_path(source)
    view = page(window)
    citation = "(document.querySelector('span.citation') || {}).textContent"
    assert view.wait_for(citation) == first
    return window, view, citation


def _chooser(qtbot, window) -> StyleChooser:
    window.menu_actions.citation_style.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), StyleChooser))
    return QApplication.activeModalWidget()


def test_choose_vancouver_writes_csl_undoably_and_the_preview_follows(
    make_window, page, qtbot, tmp_path, fixtures, monkeypatch
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    window, view, citation = _open(make_window, page, tmp_path, fixtures)
    chooser = _chooser(qtbot, window)
    assert chooser.windowTitle() == "Citation Style"
    QTest.keyClicks(chooser.search, "vancouver")
    qtbot.waitUntil(lambda: chooser.highlighted_id() == "nlm-citation-sequence", timeout=20_000)
    # the document's own citation, in Vancouver: a number, and its entry
    qtbot.waitUntil(lambda: "Marsh E, Okafor S" in chooser.preview.toPlainText(), timeout=20_000)
    assert chooser.preview.toPlainText().startswith("(1)")
    QTest.keyClick(chooser.styles, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not chooser.isVisible())

    text = window.session.text()
    assert text == _DOCUMENT.replace("---\n\n", "csl: nlm-citation-sequence\n---\n\n")
    qtbot.waitUntil(lambda: view.js(citation) == "(1)", timeout=20_000)
    entry = view.wait_for("(document.querySelector('#ref-marsh2021') || {}).innerText")
    assert entry.startswith("1.") and "Marsh E, Okafor S. Ketamine and the therapeutic" in entry
    assert window.settings.recent_styles() == ["nlm-citation-sequence"]

    QTest.keyClick(window.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.text() == _DOCUMENT  # one Ctrl+Z takes it all back
    qtbot.waitUntil(lambda: view.js(citation) == "(Marsh and Okafor, 2021)", timeout=20_000)

    # Next time the style chosen comes first, before any search.
    again = _chooser(qtbot, window)
    qtbot.waitUntil(lambda: again.styles.count() > 100, timeout=20_000)
    assert again.styles.item(0).data(Qt.ItemDataRole.UserRole) == "nlm-citation-sequence"
    QTest.keyClicks(again.search, "medicine bmj")
    qtbot.waitUntil(lambda: again.highlighted_id() == "bmj", timeout=20_000)
    qtbot.waitUntil(lambda: "[1]" in again.preview.toPlainText(), timeout=20_000)
    again.reject()
    assert window.session.text() == _DOCUMENT


def test_a_document_with_a_style_opens_the_chooser_on_it(
    make_window, page, qtbot, tmp_path, fixtures, monkeypatch
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    text = _DOCUMENT.replace("---\n\n", "csl: bmj # BMJ\n---\n\n")
    window, view, citation = _open(make_window, page, tmp_path, fixtures, text, "[1]")
    chooser = _chooser(qtbot, window)
    assert chooser.highlighted_id() == "bmj"
    chooser.search.setText("the lancet")
    qtbot.waitUntil(lambda: chooser.highlighted_id() == "the-lancet", timeout=20_000)
    chooser.accept()
    assert "csl: the-lancet # BMJ\n" in window.session.text()  # the line rewritten, comment kept


def test_a_numbered_styles_preview_sets_each_number_beside_its_entry(
    make_window, page, qtbot, tmp_path, fixtures, monkeypatch
):
    """A QTextBrowser puts each of the entry's two fields (number, text) on a line of its own;
    the preview shows them side by side, as the window's preview does."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    text = _DOCUMENT.replace("---\n\n", "csl: elsevier-vancouver\n---\n\n")
    window, _view, _citation = _open(make_window, page, tmp_path, fixtures, text, "[1]")
    chooser = _chooser(qtbot, window)
    qtbot.waitUntil(lambda: "Marsh E, Okafor S" in chooser.preview.toPlainText(), timeout=20_000)
    document = chooser.preview.document()
    entry = document.find("Marsh E, Okafor S")
    number = document.find("[1]", entry, QTextDocument.FindFlag.FindBackward)
    assert not number.isNull()
    entry_at, number_at = chooser.preview.cursorRect(entry), chooser.preview.cursorRect(number)
    assert number_at.top() == entry_at.top()  # on one line
    assert number_at.right() < entry_at.left()  # the number first
    # an author-date style's entries stay paragraphs
    chooser.search.setText("apa 7th")
    qtbot.waitUntil(lambda: chooser.highlighted_id() == "apa", timeout=20_000)
    qtbot.waitUntil(lambda: "Marsh, E." in chooser.preview.toPlainText(), timeout=20_000)
    assert "<table" not in chooser.preview.document().toHtml()
    chooser.reject()
