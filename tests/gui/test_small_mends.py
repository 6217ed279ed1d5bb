"""Small things a new user trips over: the selection's word count, the unsaved-changes
question, clashing mnemonics, and an export nobody can open."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox

from tests.gui.conftest import type_text
from tests.gui.test_find_bar import open_text, press
from tests.gui.test_main_window import answer_next_message_box


def test_select_all_counts_what_the_document_counts(make_window, qtbot, article):
    window = make_window()
    assert window.open_path(article)
    window.activateWindow()
    window.editor.setFocus()
    qtbot.waitUntil(
        lambda: (
            "words" in window.word_count.text() and not window.word_count.text().startswith("0 ")
        ),
        timeout=15000,
    )
    total = window.word_count.text().split(" words")[0]
    press("Ctrl+A")
    qtbot.waitUntil(lambda: "selected" in window.word_count.text(), timeout=5000)
    # The front matter is not counted in the document, so not in the selection either.
    assert window.word_count.text().startswith(f"{total} of {total} words selected")


def test_new_says_what_is_about_to_happen(make_window, qtbot, tmp_path):
    window = open_text(make_window, qtbot, tmp_path, "")
    type_text(window.editor, "Unsaved")
    asked = answer_next_message_box(qtbot, QMessageBox.StandardButton.Cancel)
    press("Ctrl+N")
    assert asked == ["Save the changes to “doc.md” before starting a new document?"]
    assert window.editor.toPlainText() == "Unsaved"


def test_mnemonics_are_unique_with_both_panels_open(make_window, qtbot, tmp_path):
    window = open_text(make_window, qtbot, tmp_path, "text")
    window.problems_panel.show()
    window.citation_panel.show()
    qtbot.waitUntil(lambda: window.citation_panel.isVisible() and window.problems_panel.isVisible())
    labels = [action.text() for action in window.menuBar().actions()]
    labels += [b.text() for b in window.findChildren(QAbstractButton) if b.isVisible()]
    letters = [m.group(1).lower() for t in labels if (m := re.search(r"&([^&])", t))]
    assert len(letters) > 8
    assert sorted(letters) == sorted(set(letters)), labels


def test_open_after_export_says_when_nothing_can_open_the_file(make_window, qtbot, tmp_path):
    # The offscreen platform has no desktop services: openUrl returns False, as it does
    # on a desktop with no viewer for the type. On a real desktop xdg-open would run.
    if QGuiApplication.platformName() != "offscreen":
        pytest.skip("a desktop platform hands the file to xdg-open")
    window = open_text(make_window, qtbot, tmp_path, "# Hello\n")
    target = tmp_path / "out.html"
    with qtbot.waitSignal(window.exports.exported, timeout=30000):
        assert window.exports.export_html(target)
    box = window.exports.message_box
    open_button = next(b for b in box.buttons() if b.text() == "Open")
    open_button.click()
    qtbot.waitUntil(lambda: window.exports.message_box is not box, timeout=2000)
    warning = window.exports.message_box
    assert warning.icon() == QMessageBox.Icon.Warning
    assert "out.html" in warning.text() and str(tmp_path) in warning.text()
    assert "No program could open out.html" in window.statusBar().currentMessage()
    warning.close()
    assert QApplication.activeModalWidget() is None
