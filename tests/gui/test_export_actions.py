"""File → Export from the real window: HTML and PDF written off the GUI thread, the folder
remembered, and a message naming the file."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample"
CITATION = 'data-cites="berman2000 zarate2006">(Berman <i>et al.</i>, 2000'


@pytest.fixture
def sample(tmp_path):
    folder = tmp_path / "sample"
    shutil.copytree(SAMPLE, folder)
    return folder / "article.md"


def open_sample(make_window, sample):
    window = make_window()
    assert window.open_path(sample)
    return window


def test_menu_has_the_export_entries(make_window):
    window = make_window()
    assert window.menu_actions.export_html.shortcut().toString() == "Ctrl+E"
    assert window.menu_actions.export_pdf.shortcut().toString() == "Ctrl+Shift+E"
    file_menu = window.menuBar().actions()[0].menu()
    assert window.menu_actions.export_html in file_menu.actions()
    assert window.menu_actions.export_pdf in file_menu.actions()


def test_export_html_runs_in_the_background_and_names_the_file(
    qtbot, make_window, sample, tmp_path
):
    window = open_sample(make_window, sample)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "article.html"
    with qtbot.waitSignal(window.exports.exported, timeout=30000) as done:
        assert window.exports.export_html(target)
        # Returned before the work is done: the window's event loop keeps running.
        assert window.exports.busy
        assert not window.exports.export_html(out / "second.html")  # one at a time
    assert done.args == [target]
    assert not window.exports.busy
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Ketamine-assisted psychotherapy" in page
    assert CITATION in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert not (out / "second.html").exists()

    assert window.settings.last_export_folder() == out.resolve()
    box = window.exports.message_box
    assert box is not None and box.isVisible()
    assert "article.html" in box.text() and str(out) in box.text()
    assert [button.text() for button in box.buttons()].count("Open") == 1
    assert "article.html" in window.statusBar().currentMessage()
    box.close()
    # The next export is suggested in the folder last exported to.
    assert window.exports.suggested_target("pdf") == out.resolve() / "article.pdf"


def test_export_html_fragment_preference(qtbot, make_window, sample, tmp_path):
    window = open_sample(make_window, sample)
    window.settings.set("export/html_fragment", True)
    target = tmp_path / "fragment.html"
    with qtbot.waitSignal(window.exports.exported, timeout=30000):
        window.exports.export_html(target)
    fragment = target.read_text(encoding="utf-8")
    assert fragment.startswith('<article class="article" lang="en-GB">')
    assert "<html" not in fragment and "<style" not in fragment
    assert CITATION in fragment


def test_export_failure_is_shown_and_writes_nothing(qtbot, make_window, sample, tmp_path):
    window = open_sample(make_window, sample)
    target = tmp_path / "missing-folder" / "x.html"
    with qtbot.waitSignal(window.exports.failed, timeout=30000) as failed:
        window.exports.export_html(target)
    assert "missing-folder" in failed.args[0]
    box = window.exports.message_box
    assert box.icon() == QMessageBox.Icon.Warning and "missing-folder" in box.text()
    assert window.settings.last_export_folder() is None
    box.close()


def test_export_html_dialog_uses_the_chosen_file(qtbot, make_window, sample, tmp_path):
    window = open_sample(make_window, sample)
    asked: list[tuple[Path, str]] = []
    target = tmp_path / "chosen.html"

    def choose(_parent, suggested, kind):
        asked.append((suggested, kind))
        return target

    window.dialogs.save_export_file = choose  # the file chooser itself is Qt's
    with qtbot.waitSignal(window.exports.exported, timeout=30000):
        window.menu_actions.export_html.trigger()
    assert asked == [(sample.parent / "article.html", "html")]
    assert "Ketamine" in target.read_text(encoding="utf-8")
    window.exports.message_box.close()


def test_export_pdf_through_the_window(qtbot, make_window, sample, tmp_path):
    window = open_sample(make_window, sample)
    target = tmp_path / "article.pdf"
    with qtbot.waitSignal(window.exports.exported, timeout=60000):
        assert window.exports.export_pdf(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert "article.pdf" in window.exports.message_box.text()
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Ketamine-assisted psychotherapy" in text
    window.exports.message_box.close()


def test_pdf_export_dialog_chooses_paper_and_margins(qtbot, make_window, sample, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from editor.gui.export_dialog import ExportDialog

    text = sample.read_text(encoding="utf-8").replace("lang: en-GB", "lang: en-GB\npapersize: a5")
    sample.write_text(text, encoding="utf-8")
    window = open_sample(make_window, sample)
    target = tmp_path / "letter.pdf"
    window.dialogs.save_export_file = lambda _parent, _suggested, _kind: target
    seen = []

    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportDialog):
            QTimer.singleShot(20, answer)
            return
        seen.append(dialog.page_setup())  # what the front matter asked for
        dialog.paper.setCurrentIndex(dialog.paper.findData("letter"))
        dialog.margins[0].setValue(15)
        dialog.accept()

    QTimer.singleShot(20, answer)
    with qtbot.waitSignal(window.exports.exported, timeout=60000):
        window.menu_actions.export_pdf.trigger()
    assert seen[0].paper == "a5"
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout
        assert "612 x 792 pts (letter)" in info
    window.exports.message_box.close()


def test_a_full_disk_during_pdf_export_says_why(qtbot, make_window, sample, full_disk):
    window = open_sample(make_window, sample)
    target = full_disk / "out.pdf"
    with qtbot.waitSignal(window.exports.failed, timeout=60000) as failed:
        assert window.exports.export_pdf(target)
    assert failed.args == [f"{target}: cannot write: No space left on device"]
    box = window.exports.message_box
    assert box.icon() == QMessageBox.Icon.Warning
    assert "No space left on device" in box.text() and str(target) in box.text()
    assert target.read_bytes() == b"%PDF-1.4 the good one"
    assert sorted(path.name for path in full_disk.iterdir()) == ["filler", "out.pdf"]
    box.close()


def test_export_word_through_the_menu_in_the_background(qtbot, make_window, sample, tmp_path):
    import docx

    window = open_sample(make_window, sample)
    file_menu = window.menuBar().actions()[0].menu()
    assert window.menu_actions.export_docx in file_menu.actions()
    target = tmp_path / "chosen.docx"
    asked: list[tuple[Path, str]] = []

    def choose(_parent, suggested, kind):
        asked.append((suggested, kind))
        return target

    window.dialogs.save_export_file = choose
    with qtbot.waitSignal(window.exports.exported, timeout=60000):
        window.menu_actions.export_docx.trigger()
        assert window.exports.busy  # pandoc runs on the worker thread
    assert asked == [(sample.parent / "article.docx", "docx")]
    document = docx.Document(str(target))
    assert document.paragraphs[0].style.name == "Title"
    assert any(
        p.style.name == "Bibliography" and p.text.startswith("Berman") for p in document.paragraphs
    )
    assert "chosen.docx" in window.exports.message_box.text()
    window.exports.message_box.close()
