"""Exporting a reviewed article from the real window: the export dialog asks how to write its
review marks (as ``--track-changes``), remembers the choice, and HTML, PDF and Word follow it."""

from __future__ import annotations

import shutil
import subprocess
import zipfile

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from editor.core.review.resolve import TrackChanges
from editor.gui.export_dialog import ExportDialog

REVIEWED = (
    "# Dosing\n\n"
    "The dose was {~~high~>moderate~~} and {++carefully ++}titrated{-- daily--}.\n"
    "Patients {==tolerated it==}{>>Jane Doe 2026-03-04: source?<<} well.\n"
)


def open_reviewed(make_window, tmp_path, text=REVIEWED):
    path = tmp_path / "reviewed.md"
    path.write_text(text, encoding="utf-8")
    window = make_window()
    assert window.open_path(path)
    return window


def answer_dialog(mode: TrackChanges | None, seen: list, paper: str | None = None) -> None:
    """Wait for the export dialog, note what it offers, pick ``mode`` as a user would (the
    combo box by keyboard), then press Export (``None``: Cancel)."""
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, ExportDialog):
        QTimer.singleShot(20, lambda: answer_dialog(mode, seen, paper))
        return
    seen.append((dialog.track_changes(), dialog.page_setup()))
    buttons = dialog.findChild(QDialogButtonBox)
    if mode is None:
        QTest.mouseClick(
            buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton
        )
        return
    combo = dialog.review
    assert combo is not None
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.findData(mode.value)):
        QTest.keyClick(combo, Qt.Key.Key_Down)
    if paper is not None and dialog.paper is not None:
        dialog.paper.setCurrentIndex(dialog.paper.findData(paper))
    QTest.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def export_through_menu(qtbot, window, action, target, mode, seen, paper=None):
    window.dialogs.save_export_file = lambda _parent, _suggested, _kind: target
    QTimer.singleShot(20, lambda: answer_dialog(mode, seen, paper))
    with qtbot.waitSignal(window.exports.exported, timeout=60000):
        action.trigger()
    window.exports.message_box.close()


def test_html_export_asks_remembers_and_follows_the_choice(qtbot, make_window, tmp_path):
    window = open_reviewed(make_window, tmp_path)
    actions = window.menu_actions
    seen: list = []
    target = tmp_path / "all.html"
    export_through_menu(qtbot, window, actions.export_html, target, TrackChanges.ALL, seen)
    assert seen == [(TrackChanges.ACCEPT, None)]  # the default, as the command line's
    page = target.read_text(encoding="utf-8")
    assert '<del class="ae-del">high</del><ins class="ae-ins">moderate</ins>' in page
    assert '<ins class="ae-ins">carefully </ins>' in page
    assert "Jane Doe, 2026-03-04: source?" in page
    assert window.settings.get("export/track_changes") == "all"

    # Remembered: the next export starts from "all"; rejecting gives the original text.
    seen.clear()
    target = tmp_path / "reject.html"
    export_through_menu(qtbot, window, actions.export_html, target, TrackChanges.REJECT, seen)
    assert seen == [(TrackChanges.ALL, None)]
    page = target.read_text(encoding="utf-8")
    assert "The dose was high and titrated daily." in page
    assert "moderate" not in page and "source?" not in page and "<ins" not in page

    # Cancel exports nothing and keeps the choice.
    window.dialogs.save_export_file = lambda _parent, _suggested, _kind: tmp_path / "no.html"
    QTimer.singleShot(20, lambda: answer_dialog(None, seen))
    actions.export_html.trigger()
    assert not window.exports.busy and not (tmp_path / "no.html").exists()
    assert window.settings.get("export/track_changes") == "reject"


def test_a_document_without_marks_is_exported_without_asking(qtbot, make_window, tmp_path):
    window = open_reviewed(make_window, tmp_path, "# Plain\n\nNo {review} marks here.\n")
    target = tmp_path / "plain.html"
    window.dialogs.save_export_file = lambda _parent, _suggested, _kind: target
    with qtbot.waitSignal(window.exports.exported, timeout=30000):
        window.menu_actions.export_html.trigger()
    assert "No {review} marks here." in target.read_text(encoding="utf-8")
    window.exports.message_box.close()


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler's pdftotext")
def test_pdf_export_dialog_asks_paper_and_review_marks(qtbot, make_window, tmp_path):
    window = open_reviewed(make_window, tmp_path)
    seen: list = []
    target = tmp_path / "accepted.pdf"
    export_through_menu(
        qtbot, window, window.menu_actions.export_pdf, target, TrackChanges.ACCEPT, seen, "letter"
    )
    assert seen[0][0] is TrackChanges.ACCEPT and seen[0][1] is not None
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "The dose was moderate and carefully titrated." in flat
    assert "source?" not in flat and "high" not in flat
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout
    assert "612 x 792 pts (letter)" in info


def test_word_export_shows_all_as_words_tracked_changes(qtbot, make_window, tmp_path):
    import docx

    window = open_reviewed(make_window, tmp_path)
    seen: list = []
    target = tmp_path / "reviewed.docx"
    export_through_menu(
        qtbot, window, window.menu_actions.export_docx, target, TrackChanges.ALL, seen
    )
    assert seen == [(TrackChanges.ACCEPT, None)]
    with zipfile.ZipFile(target) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "<w:del " in body and "<w:delText" in body and ">high</w:delText>" in body
    assert "<w:ins " in body and ">moderate</w:t>" in body
    comments = [(c.author, c.text) for c in docx.Document(str(target)).comments]
    assert comments == [("Jane Doe", "source?")]
