"""Find and Replace in the real window, driven from the keyboard: the bar above the editor,
every match marked as you type, "3 of 17", Enter / Shift+Enter, Replace All in one undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

import editor.gui.find_bar as find_bar_module

TEXT = (
    "# Dosing\n\nThe dose was low. A second dose followed; the Dose-response was flat.\n\n"
    "Overdose is not discussed. One more dose.\n"
)


def press(sequence: str) -> None:
    """Press a key sequence where the keyboard focus is, as a person would."""
    QTest.keySequence(QApplication.focusWidget(), QKeySequence(sequence))


def open_text(make_window, qtbot, tmp_path, text=TEXT):
    path = tmp_path / "doc.md"
    path.write_text(text, encoding="utf-8")
    window = make_window()
    assert window.open_path(path)
    window.activateWindow()
    window.editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.editor)
    return window


def test_ctrl_f_finds_as_you_type_and_enter_steps(make_window, qtbot, tmp_path):
    window = open_text(make_window, qtbot, tmp_path)
    bar = window.find_bar
    assert not bar.isVisible()
    press("Ctrl+F")
    assert bar.isVisible() and QApplication.focusWidget() is bar.find_field
    assert not bar.replace_row.isVisible()
    QTest.keyClicks(bar.find_field, "dose")
    # "dose" three times, "Dose" in Dose-response, "dose" in Overdose: case ignored by default.
    assert bar.match_count == 5
    assert bar.count_label.text() == "1 of 5"
    assert bar.painted_marks == 5
    QTest.keyClick(bar.find_field, Qt.Key.Key_Return)
    cursor = window.editor.textCursor()
    assert cursor.selectedText() == "dose"
    assert cursor.selectionStart() == TEXT.index("dose")
    assert bar.count_label.text() == "1 of 5"
    QTest.keyClick(bar.find_field, Qt.Key.Key_Return)
    assert window.editor.textCursor().selectionStart() == TEXT.index("second dose") + 7
    assert bar.count_label.text() == "2 of 5"
    QTest.keyClick(bar.find_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(bar.find_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    # Back past the first: round to the last.
    assert bar.count_label.text() == "5 of 5"
    assert window.editor.textCursor().selectionStart() == TEXT.rindex("dose")
    # F3 steps too, from wherever the focus is.
    press("F3")
    assert bar.count_label.text() == "1 of 5"
    QTest.keyClick(bar.find_field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert QApplication.focusWidget() is window.editor
    assert window.editor.extraSelections() == []


def test_options_case_whole_words_and_regex(make_window, qtbot, tmp_path):
    window = open_text(make_window, qtbot, tmp_path)
    bar = window.find_bar
    press("Ctrl+F")
    QTest.keyClicks(bar.find_field, "dose")
    bar.match_case.click()
    assert bar.match_count == 4  # not "Dose"
    bar.whole_words.click()
    assert bar.match_count == 3  # nor "Overdose"
    bar.match_case.click()
    assert bar.match_count == 4  # "Dose-response" is a whole word before the hyphen
    bar.whole_words.click()
    bar.find_field.clear()
    bar.regex.click()
    QTest.keyClicks(bar.find_field, r"\bdo\w+")
    assert bar.match_count == 5
    QTest.keyClicks(bar.find_field, "(")
    assert bar.match_count == 0
    assert "Invalid regular expression" in bar.count_label.text()


def test_replace_all_is_one_undo_step(make_window, qtbot, tmp_path):
    window = open_text(make_window, qtbot, tmp_path)
    bar = window.find_bar
    press("Ctrl+H")
    assert bar.replace_row.isVisible()
    QTest.keyClicks(bar.find_field, "dose")
    bar.whole_words.click()
    QTest.keyClick(bar.find_field, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is bar.replace_field
    QTest.keyClicks(bar.replace_field, "amount")
    bar.replace_all_button.click()
    expected = (
        "# Dosing\n\nThe amount was low. A second amount followed; the amount-response was flat."
        "\n\nOverdose is not discussed. One more amount.\n"
    )
    assert window.editor.toPlainText() == expected
    assert bar.match_count == 0
    assert "Replaced 4" in bar.count_label.text()
    window.editor.setFocus()
    press("Ctrl+Z")
    assert window.editor.toPlainText() == TEXT
    press("Ctrl+Shift+Z")
    assert window.editor.toPlainText() == expected


def test_enter_in_the_replace_field_replaces_one_then_moves_on(make_window, qtbot, tmp_path):
    window = open_text(make_window, qtbot, tmp_path, "cat cat cat\n")
    bar = window.find_bar
    press("Ctrl+H")
    QTest.keyClicks(bar.find_field, "cat")
    bar.replace_field.setFocus()
    QTest.keyClicks(bar.replace_field, "dog")
    QTest.keyClick(bar.replace_field, Qt.Key.Key_Return)  # first Enter goes to the match
    assert window.editor.toPlainText() == "cat cat cat\n"
    QTest.keyClick(bar.replace_field, Qt.Key.Key_Return)
    assert window.editor.toPlainText() == "dog cat cat\n"
    assert bar.count_label.text() == "1 of 2"
    assert window.editor.textCursor().selectionStart() == 4
    QTest.keyClick(bar.replace_field, Qt.Key.Key_Return)
    assert window.editor.toPlainText() == "dog dog cat\n"


def test_regex_replace_all_fills_in_groups(make_window, qtbot, tmp_path):
    window = open_text(make_window, qtbot, tmp_path, "Smith 2020 and Jones 1999.\n")
    bar = window.find_bar
    press("Ctrl+H")
    bar.regex.click()
    QTest.keyClicks(bar.find_field, r"(\w+) (\d{4})")
    QTest.keyClicks(bar.replace_field, r"\2 (\1)")
    assert bar.replace_all() == 2
    assert window.editor.toPlainText() == "2020 (Smith) and 1999 (Jones).\n"


def test_in_selection_limits_find_and_replace(make_window, qtbot, tmp_path):
    text = "cat one\ncat two\ncat three\ncat four\n"
    window = open_text(make_window, qtbot, tmp_path, text)
    cursor = window.editor.textCursor()
    cursor.setPosition(text.index("cat two"))
    cursor.setPosition(text.index("cat four"), QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)
    press("Ctrl+H")
    assert bar_field_empty(window)  # a multi-line selection is where, not what
    QTest.keyClicks(window.find_bar.find_field, "cat")
    assert window.find_bar.match_count == 4
    window.find_bar.in_selection.click()
    assert window.find_bar.match_count == 2
    QTest.keyClicks(window.find_bar.replace_field, "dog")
    window.find_bar.replace_all_button.click()
    assert window.editor.toPlainText() == "cat one\ndog two\ndog three\ncat four\n"


def bar_field_empty(window) -> bool:
    return window.find_bar.find_field.text() == ""


def test_a_selected_word_becomes_the_query(make_window, qtbot, tmp_path):
    window = open_text(make_window, qtbot, tmp_path)
    cursor = window.editor.textCursor()
    cursor.setPosition(TEXT.index("second"))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)
    press("Ctrl+F")
    assert window.find_bar.find_field.text() == "second"
    assert window.find_bar.count_label.text() == "1 of 1"


def test_matches_follow_edits_while_open_and_cost_nothing_when_closed(
    make_window, qtbot, tmp_path, monkeypatch
):
    window = open_text(make_window, qtbot, tmp_path)
    bar = window.find_bar
    passes = []
    real_find_all = find_bar_module.find_all
    monkeypatch.setattr(
        find_bar_module, "find_all", lambda *a, **k: passes.append(1) or real_find_all(*a, **k)
    )
    press("Ctrl+F")
    QTest.keyClicks(bar.find_field, "dose")
    assert bar.match_count == 5
    typed = len(passes)
    assert typed == 4  # one pass per change of the query
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(window.editor, "dose dose")
    # Recounted once the typing settles, not per key.
    qtbot.waitUntil(lambda: bar.match_count == 7, timeout=3000)
    assert len(passes) == typed + 1
    QTest.keyClick(bar.find_field, Qt.Key.Key_Escape)
    before = len(passes)
    QTest.keyClicks(window.editor, " more dose")
    qtbot.wait(400)
    assert len(passes) == before


def test_a_long_document_marks_only_what_is_on_screen(make_window, qtbot, tmp_path):
    text = "".join(f"Paragraph {n} has a dose and another dose.\n\n" for n in range(3000))
    window = open_text(make_window, qtbot, tmp_path, text)
    bar = window.find_bar
    press("Ctrl+F")
    QTest.keyClicks(bar.find_field, "dose")
    assert bar.match_count == 6000
    assert bar.count_label.text() == "1 of 6000"
    assert 0 < bar.painted_marks < 200
    window.editor.verticalScrollBar().setValue(window.editor.verticalScrollBar().maximum())

    def marked():
        return [s.cursor.selectionStart() for s in window.editor.extraSelections()]

    # The marks move with the view.
    qtbot.waitUntil(lambda: min(marked()) > len(text) // 2, timeout=2000)
    assert 0 < bar.painted_marks < 200


def test_emoji_before_a_match_keeps_positions_right(make_window, qtbot, tmp_path):
    text = "Smile 😀 then dose, 😀😀 dose.\n"
    window = open_text(make_window, qtbot, tmp_path, text)
    bar = window.find_bar
    press("Ctrl+H")
    QTest.keyClicks(bar.find_field, "dose")
    QTest.keyClick(bar.find_field, Qt.Key.Key_Return)
    assert window.editor.textCursor().selectedText() == "dose"
    QTest.keyClick(bar.find_field, Qt.Key.Key_Return)
    assert window.editor.textCursor().selectedText() == "dose"
    QTest.keyClicks(bar.replace_field, "mg")
    bar.replace_all_button.click()
    assert window.editor.toPlainText() == "Smile 😀 then mg, 😀😀 mg.\n"


def test_ctrl_f_in_the_preview_finds_in_the_preview(make_window, qtbot, tmp_path, page):
    window = open_text(make_window, qtbot, tmp_path)
    page(window).wait_for("document.getElementById('ae-content').innerText.includes('Overdose')")
    bar = window.find_bar
    window.preview.setFocus()
    qtbot.waitUntil(
        lambda: (
            QApplication.focusWidget() is not None
            and (
                QApplication.focusWidget() is window.preview
                or window.preview.isAncestorOf(QApplication.focusWidget())
            )
        )
    )
    press("Ctrl+F")
    assert bar.isVisible()
    assert not bar.replace_row.isVisible()
    assert not bar.regex.isEnabled()
    QTest.keyClicks(bar.find_field, "dose")
    # The heading "Dosing" is not a match; the page counts what the reader sees.
    qtbot.waitUntil(lambda: bar.count_label.text() == "1 of 5", timeout=5000)
    QTest.keyClick(bar.find_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bar.count_label.text() == "2 of 5", timeout=5000)
    assert window.editor.toPlainText() == TEXT
    QTest.keyClick(bar.find_field, Qt.Key.Key_Escape)
    assert not bar.isVisible()


@pytest.mark.parametrize("sequence", ["Ctrl+F", "Ctrl+H"])
def test_the_shortcuts_work_from_the_editor(make_window, qtbot, tmp_path, sequence):
    window = open_text(make_window, qtbot, tmp_path)
    press(sequence)
    assert window.find_bar.isVisible()
    assert window.find_bar.replace_row.isVisible() == (sequence == "Ctrl+H")
