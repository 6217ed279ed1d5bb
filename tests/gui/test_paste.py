"""Paste and drop in the real window: HTML from a browser and from Word becomes markdown,
an image on the clipboard is saved beside the document, dropped files become images and
links, and Paste as Plain Text keeps the plain text."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from editor.core.paste import html_to_markdown
from editor.gui.dialogs import Dialogs
from tests.gui.test_main_window import answer_next_message_box

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def empty_clipboard_after(qapp):
    yield
    # Mime data handed to the clipboard from Python must go before the application does, or
    # the interpreter crashes at exit.
    QGuiApplication.clipboard().clear()


def clipboard(html: str | None = None, text: str | None = None, image: QImage | None = None):
    data = QMimeData()
    if html is not None:
        data.setHtml(html)
    if text is not None:
        data.setText(text)
    if image is not None:
        data.setImageData(image)
    QGuiApplication.clipboard().setMimeData(data)


def saved_window(make_window, folder: Path):
    window = make_window()
    document = folder / "article.md"
    document.write_text("Intro.\n", encoding="utf-8")
    assert window.open_path(document)
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    window.editor.setFocus()
    return window


def test_ctrl_v_turns_browser_html_into_markdown(make_window, fixtures):
    html = (fixtures / "paste" / "browser.html").read_text(encoding="utf-8")
    window = make_window()
    editor = window.editor
    QTest.keyClicks(editor, "Notes:")
    clipboard(html=html, text="Dosing and titration Start at 5 mg daily")
    QTest.keyClick(editor, Qt.Key.Key_V, CTRL)
    text = editor.toPlainText()
    assert text.startswith("Notes:\n\n## Dosing and *titration*\n\nStart at **5 mg** daily;")
    assert "| Drug | Dose |" in text and "![A figure](https://example.org/figure.png)" in text
    assert "alert" not in text and "evil" not in text
    assert text == "Notes:\n\n" + html_to_markdown(html)
    QTest.keyClick(editor, Qt.Key.Key_Z, CTRL)  # one undo step
    assert editor.toPlainText() == "Notes:"


def test_ctrl_v_turns_word_html_into_markdown_lists(make_window, fixtures):
    html = (fixtures / "paste" / "word.html").read_text(encoding="utf-8")
    window = make_window()
    clipboard(html=html, text="Methods Patients received ramipril")
    QTest.keyClick(window.editor, Qt.Key.Key_V, CTRL)
    text = window.editor.toPlainText()
    assert text.startswith("# Methods\n\nPatients received **ramipril** and *bisoprolol*")
    assert "-   Blood pressure\n    -   Seated\n-   Heart rate" in text
    assert "mso" not in text.lower() and "o:p" not in text


def test_html_only_clipboard_pastes_markdown_and_plain_looking_html_pastes_its_text(make_window):
    window = make_window()
    editor = window.editor
    clipboard(html="<p>Only <b>HTML</b> here</p>")
    QTest.keyClick(editor, Qt.Key.Key_V, CTRL)
    assert editor.toPlainText() == "Only **HTML** here"
    editor.clear()
    # A code editor's copy: spans and divs only; its plain text is what was meant.
    clipboard(html='<div><span style="color:red">a_b</span> * 2</div>', text="a_b * 2")
    QTest.keyClick(editor, Qt.Key.Key_V, CTRL)
    assert editor.toPlainText() == "a_b * 2"


def test_paste_plain_text_ignores_the_html(make_window, fixtures):
    window = make_window()
    clipboard(html="<h1>Title</h1><p><b>bold</b></p>", text="Title bold")
    window.editor.paste_plain_text()
    assert window.editor.toPlainText() == "Title bold"


def test_copy_and_paste_inside_the_editor_keeps_the_markdown(make_window):
    window = make_window()
    editor = window.editor
    editor.setPlainText("**bold** and _x_ <b>raw</b>\n\n- item")
    editor.selectAll()
    QTest.keyClick(editor, Qt.Key.Key_C, CTRL)
    assert not QGuiApplication.clipboard().mimeData().hasHtml()
    editor.clear()
    QTest.keyClick(editor, Qt.Key.Key_V, CTRL)
    assert editor.toPlainText() == "**bold** and _x_ <b>raw</b>\n\n- item"


def test_an_image_on_the_clipboard_is_saved_beside_the_document(make_window, tmp_path):
    window = saved_window(make_window, tmp_path)
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    clipboard(image=image)
    QTest.keyClick(window.editor, Qt.Key.Key_V, CTRL)
    saved = list((tmp_path / "images").glob("pasted-*.png"))
    assert len(saved) == 1
    back = QImage(str(saved[0]))
    assert (back.width(), back.height()) == (40, 30)
    assert back.pixelColor(5, 5) == QColor("teal")
    assert window.editor.toPlainText() == f"Intro.\n![](images/{saved[0].name})"


def test_a_copied_web_image_pastes_the_picture_not_its_html(make_window, tmp_path):
    window = saved_window(make_window, tmp_path)
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    clipboard(html='<img src="https://example.org/x.png">', image=image)
    QTest.keyClick(window.editor, Qt.Key.Key_V, CTRL)
    saved = list((tmp_path / "images").glob("pasted-*.png"))
    assert len(saved) == 1 and f"![](images/{saved[0].name})" in window.editor.toPlainText()


class SaveTo(Dialogs):
    def __init__(self, path: Path) -> None:
        self.path = path

    def save_file(self, parent, suggested):
        return self.path


def test_an_image_in_an_untitled_document_asks_to_save_first(make_window, tmp_path, qtbot):
    window = make_window()
    image = QImage(10, 10, QImage.Format.Format_RGB32)
    image.fill(QColor("blue"))
    clipboard(image=image)
    asked = answer_next_message_box(qtbot, QMessageBox.StandardButton.Cancel)
    QTest.keyClick(window.editor, Qt.Key.Key_V, CTRL)
    assert asked and "images" in asked[0]
    assert window.editor.toPlainText() == ""
    assert "no folder" in window.statusBar().currentMessage()

    window.dialogs = SaveTo(tmp_path / "new" / "draft.md")
    (tmp_path / "new").mkdir()
    answer_next_message_box(qtbot, QMessageBox.StandardButton.Save)
    QTest.keyClick(window.editor, Qt.Key.Key_V, CTRL)
    saved = list((tmp_path / "new" / "images").glob("pasted-*.png"))
    assert len(saved) == 1
    assert window.session.path == (tmp_path / "new" / "draft.md").resolve()
    assert window.editor.toPlainText() == f"![](images/{saved[0].name})"


def test_a_clipboard_with_nothing_usable_says_so(make_window):
    window = make_window()
    data = QMimeData()
    data.setData("application/x-unknown-thing", b"\x00\x01")
    QGuiApplication.clipboard().setMimeData(data)
    window.editor.insertFromMimeData(QGuiApplication.clipboard().mimeData())
    assert window.editor.toPlainText() == ""
    assert "Nothing to paste" in window.statusBar().currentMessage()
    assert "application/x-unknown-thing" in window.statusBar().currentMessage()


def drop(editor, urls: list[Path]) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in urls])
    viewport = editor.viewport()
    point = QPoint(viewport.width() // 2, viewport.height() - 5)  # below the text: its end
    enter = QDragEnterEvent(
        point, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0)
    )
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        point, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0)
    )
    QApplication.sendEvent(viewport, event)


def test_dropped_files_become_images_and_links(make_window, tmp_path):
    folder = tmp_path / "doc"
    folder.mkdir()
    window = saved_window(make_window, folder)
    inside = folder / "figures" / "chart one.png"
    inside.parent.mkdir()
    QImage(4, 4, QImage.Format.Format_RGB32).save(str(inside))
    outside = tmp_path / "photo.png"
    QImage(6, 6, QImage.Format.Format_RGB32).save(str(outside))
    paper = tmp_path / "paper.pdf"
    paper.write_bytes(b"%PDF-1.4\n")
    drop(window.editor, [inside])
    assert window.editor.toPlainText().endswith("![](<figures/chart one.png>)")
    drop(window.editor, [outside, paper])
    copied = folder / "images" / "photo.png"
    assert copied.read_bytes() == outside.read_bytes()
    assert window.editor.toPlainText().endswith(
        f"![](images/photo.png)\n\n[paper.pdf]({paper.resolve().as_posix()})"
    )
