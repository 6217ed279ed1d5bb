"""The Edit menu from the keyboard: undo, the clipboard, plain-text paste, Go to Line; and the
window's menus in the order writers expect."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QSpinBox

from tests.gui.conftest import type_text
from tests.gui.test_find_bar import open_text, press


def test_menu_order_and_edit_entries(make_window):
    window = make_window()
    titles = [action.text().replace("&", "") for action in window.menuBar().actions()]
    assert titles == ["File", "Edit", "View", "Format", "Review", "Tools", "Help"]
    edit = window.menu_actions.edit_menu
    entries = [a.text().replace("&", "") for a in edit.actions() if not a.isSeparator()]
    assert entries == [
        "Undo",
        "Redo",
        "Cut",
        "Copy",
        "Paste",
        "Paste as Plain Text",
        "Select All",
        "Find…",
        "Replace…",
        "Find Next",
        "Find Previous",
        "Go to Line…",
        "Preferences…",
    ]


def test_undo_redo_select_all_cut_and_paste_from_the_keyboard(make_window, qtbot, tmp_path):
    window = open_text(make_window, qtbot, tmp_path, "")
    type_text(window.editor, "First words")
    assert window.edit_actions.undo.isEnabled()
    press("Ctrl+Z")
    assert window.editor.toPlainText() == ""
    press("Ctrl+Shift+Z")
    assert window.editor.toPlainText() == "First words"
    press("Ctrl+A")
    assert window.editor.textCursor().selectedText() == "First words"
    assert window.edit_actions.copy.isEnabled()
    press("Ctrl+X")
    assert window.editor.toPlainText() == ""
    assert QApplication.clipboard().text() == "First words"
    press("Ctrl+V")
    press("Ctrl+V")
    assert window.editor.toPlainText() == "First wordsFirst words"


def test_paste_as_plain_text_takes_only_text_plain(make_window, qtbot, tmp_path):
    window = open_text(make_window, qtbot, tmp_path, "")
    data = QMimeData()
    data.setHtml("<p><b>Bold</b> claim</p>")
    data.setText("Bold claim")
    QApplication.clipboard().setMimeData(data)
    press("Ctrl+Shift+V")
    assert window.editor.toPlainText() == "Bold claim"
    window.editor.undo()
    window.edit_actions.paste_plain.trigger()
    assert window.editor.toPlainText() == "Bold claim"


def answer_next_input(qtbot, text: str) -> list:
    """Type ``text`` and Enter into the next input dialog, as a person would."""
    seen = []

    def answer():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QInputDialog):
            seen.append(dialog.labelText())
            field = dialog.findChild(QSpinBox)
            field.selectAll()
            QTest.keyClicks(field, text)
            QTest.keyClick(field, Qt.Key.Key_Return)
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(20, answer)
    return seen


def test_ctrl_g_goes_to_a_line(make_window, qtbot, tmp_path):
    text = "".join(f"line {n}\n" for n in range(1, 201))
    window = open_text(make_window, qtbot, tmp_path, text)
    seen = answer_next_input(qtbot, "150")
    press("Ctrl+G")
    assert seen == ["Line (1–201):"]
    cursor = window.editor.textCursor()
    assert cursor.blockNumber() == 149
    assert cursor.block().text() == "line 150"
    assert cursor.positionInBlock() == 0
    assert window.focusWidget() is window.editor  # where the keys go once the dialog is gone
    # The line is on screen.
    rect = window.editor.cursorRect()
    assert window.editor.viewport().rect().contains(rect.center())
