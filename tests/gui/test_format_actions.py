"""The Format menu's commands driven with the keyboard in the real window: each shortcut,
one undo step each, Ctrl+K's link dialog (nothing deleted), lists continuing on Enter, Tab
nesting, footnotes, the table picker and the toolbar. tests/gui/test_format_actions_xcb.py runs
the shortcut tests again on a real X display, where Qt binds Ctrl+K to "delete to the end of
the line"."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from editor.gui.format_dialogs import LinkDialog, TablePicker
from tests.gui.conftest import type_text

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
PARAGRAPH = "The first dose is given at night. Review the patient after two weeks."


def on_modal(qtbot, kind, act, timeout: int = 5000) -> list:
    """Call ``act(dialog)`` once a modal dialog of ``kind`` is up; returns what it saw."""
    seen: list = []

    def poll():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            seen.append(dialog)
            act(dialog)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)
    return seen


def select_word(editor, word: str) -> None:
    """Put the cursor at the start of ``word`` and select it with Shift+Ctrl+Right, as a
    person would (Ctrl+Right stops after the word's trailing space, so trim it)."""
    cursor = editor.textCursor()
    cursor.setPosition(editor.toPlainText().index(word))
    editor.setTextCursor(cursor)
    for _char in word:
        QTest.keyClick(editor, Qt.Key.Key_Right, SHIFT)


def cursor_into(editor, word: str, offset: int = 1) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(editor.toPlainText().index(word) + offset)
    editor.setTextCursor(cursor)


@pytest.fixture
def window(make_window, qtbot):
    window = make_window()
    qtbot.waitExposed(window)
    window.activateWindow()
    if QGuiApplication.platformName() == "xcb" and shutil.which("xdotool"):
        # No window manager on the test's Xvfb hands out focus: take it, as a click would.
        subprocess.run(["xdotool", "windowfocus", "--sync", str(int(window.winId()))], check=True)
    qtbot.waitUntil(window.isActiveWindow)
    window.editor.setFocus()
    qtbot.waitUntil(window.editor.hasFocus)
    return window


@pytest.mark.parametrize(
    ("key", "modifiers", "expected"),
    [
        (Qt.Key.Key_B, CTRL, "one **two** three"),
        (Qt.Key.Key_I, CTRL, "one *two* three"),
        (Qt.Key.Key_X, CTRL | SHIFT, "one ~~two~~ three"),
        (Qt.Key.Key_C, CTRL | SHIFT, "one `two` three"),
    ],
)
def test_shortcut_toggles_emphasis_on_the_word_and_undo_is_one_step(
    window, key, modifiers, expected
):
    editor = window.editor
    type_text(editor, "one two three")
    cursor_into(editor, "two")
    QTest.keyClick(editor, key, modifiers)
    assert editor.toPlainText() == expected
    assert editor.textCursor().selectedText() == "two"
    QTest.keyClick(editor, key, modifiers)  # the same keys take it off again
    assert editor.toPlainText() == "one two three"
    QTest.keyClick(editor, key, modifiers)
    QTest.keyClick(editor, Qt.Key.Key_Z, CTRL)
    assert editor.toPlainText() == "one two three"


def test_shortcut_bold_and_italic_on_a_selection_nest(window):
    editor = window.editor
    type_text(editor, PARAGRAPH)
    select_word(editor, "two weeks")
    QTest.keyClick(editor, Qt.Key.Key_B, CTRL)
    QTest.keyClick(editor, Qt.Key.Key_I, CTRL)
    assert "after ***two weeks***." in editor.toPlainText()
    QTest.keyClick(editor, Qt.Key.Key_B, CTRL)
    assert "after *two weeks*." in editor.toPlainText()


def test_shortcut_ctrl_k_links_the_selection_and_deletes_nothing(window, qtbot):
    editor = window.editor
    type_text(editor, PARAGRAPH + "\nNext paragraph stays.")
    select_word(editor, "patient")
    words_before = window.editor.toPlainText().split()

    def answer(dialog):
        QTest.keyClicks(dialog.url, "https://example.org/patient")
        QTest.keyClick(dialog.url, Qt.Key.Key_Return)

    seen = on_modal(qtbot, LinkDialog, answer)
    QTest.keyClick(editor, Qt.Key.Key_K, CTRL)
    assert seen, "Ctrl+K opened no link dialog"
    text = editor.toPlainText()
    assert text == (
        "The first dose is given at night. Review the [patient](https://example.org/patient) "
        "after two weeks.\nNext paragraph stays."
    )
    assert len(text.split()) == len(words_before)
    QTest.keyClick(editor, Qt.Key.Key_Z, CTRL)
    assert editor.toPlainText() == PARAGRAPH + "\nNext paragraph stays."


def test_shortcut_ctrl_k_takes_the_url_from_the_clipboard_and_cancel_changes_nothing(window, qtbot):
    editor = window.editor
    type_text(editor, "See the guide.")
    QGuiApplication.clipboard().setText("https://example.org/guide")
    cursor_into(editor, "guide", 2)  # no selection: the word at the cursor
    prefilled: list[str] = []

    def accept(dialog):
        prefilled.append(dialog.url.text())
        QTest.keyClick(dialog.url, Qt.Key.Key_Return)

    on_modal(qtbot, LinkDialog, accept)
    QTest.keyClick(editor, Qt.Key.Key_K, CTRL)
    assert prefilled == ["https://example.org/guide"]
    assert editor.toPlainText() == "See the [guide](https://example.org/guide)."

    # On the link again: the dialog shows its URL; Escape leaves the text alone.
    def cancel(dialog):
        prefilled.append(dialog.url.text())
        QTest.keyClick(dialog.url, Qt.Key.Key_Escape)

    on_modal(qtbot, LinkDialog, cancel)
    QTest.keyClick(editor, Qt.Key.Key_K, CTRL)
    assert prefilled[-1] == "https://example.org/guide"
    assert editor.toPlainText() == "See the [guide](https://example.org/guide)."


def test_shortcut_headings_and_paragraph(window):
    editor = window.editor
    type_text(editor, "Results\nThe numbers.")
    cursor_into(editor, "Results", 3)
    for level in range(1, 7):
        QTest.keyClick(editor, getattr(Qt.Key, f"Key_{level}"), CTRL)
        assert editor.document().firstBlock().text() == "#" * level + " Results"
    QTest.keyClick(editor, Qt.Key.Key_0, CTRL)
    assert editor.toPlainText() == "Results\nThe numbers."
    QTest.keyClick(editor, Qt.Key.Key_2, CTRL)
    QTest.keyClick(editor, Qt.Key.Key_2, CTRL)  # again: back to a paragraph
    assert editor.toPlainText() == "Results\nThe numbers."


def test_shortcut_lists_and_quote_over_a_selection(window):
    editor = window.editor
    type_text(editor, "alpha\nbeta\ngamma")
    editor.selectAll()
    QTest.keyClick(editor, Qt.Key.Key_N, CTRL | SHIFT)
    assert editor.toPlainText() == "1. alpha\n2. beta\n3. gamma"
    QTest.keyClick(editor, Qt.Key.Key_L, CTRL | SHIFT)
    assert editor.toPlainText() == "- alpha\n- beta\n- gamma"
    QTest.keyClick(editor, Qt.Key.Key_Q, CTRL | SHIFT)
    assert editor.toPlainText() == "> - alpha\n> - beta\n> - gamma"  # a quoted list
    QTest.keyClick(editor, Qt.Key.Key_Z, CTRL)
    assert editor.toPlainText() == "- alpha\n- beta\n- gamma"


def test_enter_continues_a_list_and_ends_it_on_an_empty_item(window):
    editor = window.editor
    type_text(editor, "Steps:\n1. Screen\nRandomise\nFollow up\n\nAfter the list.")
    assert editor.toPlainText() == (
        "Steps:\n1. Screen\n2. Randomise\n3. Follow up\n\nAfter the list."
    )
    editor.clear()
    type_text(editor, "> quoted\nstill quoted\n\nplain")
    assert editor.toPlainText() == "> quoted\n> still quoted\n\nplain"


def test_tab_and_shift_tab_nest_list_items(window):
    editor = window.editor
    type_text(editor, "- one\ntwo")
    QTest.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "- one\n    - two"
    type_text(editor, "\nthree")
    assert editor.toPlainText() == "- one\n    - two\n    - three"
    QTest.keyClick(editor, Qt.Key.Key_Backtab, SHIFT)
    assert editor.toPlainText() == "- one\n    - two\n- three"
    type_text(editor, "\n")
    QTest.keyClick(editor, Qt.Key.Key_Return)  # on the empty item: the list ends
    assert editor.toPlainText() == "- one\n    - two\n- three\n\n"
    QTest.keyClick(editor, Qt.Key.Key_Tab)  # not a list item: an ordinary tab
    assert editor.toPlainText().endswith("\n\t")


def test_shortcut_footnote_numbers_and_places_the_note(window):
    editor = window.editor
    type_text(editor, "Claim one[^1] here.\n\n[^1]: Source one.")
    cursor_into(editor, "here", 4)
    QTest.keyClick(editor, Qt.Key.Key_F, CTRL | ALT)
    QTest.keyClicks(editor, "Source two.")
    assert editor.toPlainText() == (
        "Claim one[^1] here[^2].\n\n[^1]: Source one.\n\n[^2]: Source two."
    )
    for _ in range(len("Source two.")):
        QTest.keyClick(editor, Qt.Key.Key_Z, CTRL)
        if "[^2]" not in editor.toPlainText():
            break
    assert editor.toPlainText() == "Claim one[^1] here.\n\n[^1]: Source one."


def test_table_picker_is_driven_by_the_arrow_keys(window, qtbot):
    editor = window.editor
    type_text(editor, "Before.")

    def pick(picker):
        for key in (Qt.Key.Key_Right, Qt.Key.Key_Down):  # from 3 × 3 to 4 columns, 4 rows
            QTest.keyClick(picker.grid, key)
        assert "4 × 4" in picker.label.text()
        QTest.keyClick(picker.grid, Qt.Key.Key_Return)

    seen = on_modal(qtbot, TablePicker, pick)
    window.formatting.actions["table"].trigger()
    assert seen
    lines = editor.toPlainText().split("\n")
    assert lines[:3] == ["Before.", "", "| Column 1 | Column 2 | Column 3 | Column 4 |"]
    assert len(lines) == 2 + 1 + 1 + 3 and all(line.count("|") == 5 for line in lines[2:])
    QTest.keyClicks(editor, "Drug")  # the first heading was selected
    assert editor.document().findBlockByNumber(2).text().startswith("| Drug | Column 2 |")


def test_format_menu_sits_between_view_and_tools_and_lists_the_commands(window):
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles.index("&View") < titles.index("F&ormat") < titles.index("&Tools")
    shortcuts = {
        name: action.shortcut().toString() for name, action in window.formatting.actions.items()
    }
    assert shortcuts["link"] == "Ctrl+K" and shortcuts["paragraph"] == "Ctrl+0"
    assert [shortcuts[f"heading_{n}"] for n in range(1, 7)] == [f"Ctrl+{n}" for n in range(1, 7)]


def test_format_toolbar_is_off_by_default_and_remembered(make_window, qtbot):
    window = make_window()
    toolbar = window.formatting.toolbar
    assert not toolbar.isVisible() and not window.formatting.toggle_toolbar.isChecked()
    assert window.formatting.toggle_toolbar in window.menu_actions.view_menu.actions()
    window.formatting.toggle_toolbar.trigger()
    assert toolbar.isVisible()
    window.editor.setPlainText("a word")
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    button = toolbar.widgetForAction(window.formatting.actions["bold"])
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.editor.toPlainText() == "a **word**"
    window.editor.document().setModified(False)
    window.close()
    again = make_window()
    assert again.formatting.toolbar.isVisible()


def test_shortcuts_reach_their_actions_over_the_editors_own_bindings(window):
    """Every format shortcut fires its action with the cursor in the editor, on whatever key
    theme this platform has (under xcb, Ctrl+K is also QPlainTextEdit's "delete to the end of
    the line"), and never edits the text by Qt's own binding."""
    editor = window.editor
    # Dialogs answered "cancel": this is about where the key goes, not what the dialog does.
    window.formatting.dialogs = _Cancel()
    fired: list[str] = []
    for name, action in window.formatting.actions.items():
        action.triggered.connect(lambda _checked=False, n=name: fired.append(n))
    collisions = {}
    for standard in QKeySequence.StandardKey:
        for binding in QKeySequence.keyBindings(standard):
            collisions[binding.toString()] = standard.name
    for name, action in window.formatting.actions.items():
        sequence = action.shortcut()
        if sequence.isEmpty():
            continue
        editor.setPlainText(PARAGRAPH)
        cursor_into(editor, "patient", 3)
        combined = sequence[0]
        QTest.keyClick(editor, combined.key(), combined.keyboardModifiers())
        keys = sequence.toString()
        assert fired[-1:] == [name], f"{keys} (also Qt's {collisions.get(keys)})"
        fired.clear()
        words = re.sub(r"[*~`]|\[\^\d+\]", "", editor.toPlainText())
        assert "Review the patient after two weeks." in words, name
    if QGuiApplication.platformName() == "xcb":
        # The X11 key theme is in force, so Ctrl+K really met its deleting binding here.
        assert collisions.get("Ctrl+K") == "DeleteEndOfLine"


class _Cancel:
    def ask_link(self, parent, label, url):
        return None

    def choose_image(self, parent, folder):
        return None

    def pick_table(self, parent):
        return None


@pytest.mark.skipif(not shutil.which("xdotool"), reason="needs xdotool")
def test_shortcut_ctrl_k_typed_on_the_x_keyboard(window, qtbot):
    """Under xcb only: the keys come from the X server (xdotool), not from QTest."""
    if QGuiApplication.platformName() != "xcb":
        pytest.skip("runs on a real X display (tests/gui/test_format_actions_xcb.py)")
    editor = window.editor
    editor.setPlainText(PARAGRAPH + "\nNext paragraph stays.")
    cursor = editor.textCursor()
    start = PARAGRAPH.index("patient")
    cursor.setPosition(start)
    cursor.setPosition(start + len("patient"), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)

    def answer(dialog):
        # The dialog runs its own event loop: type into it from inside that loop.
        subprocess.run(["xdotool", "windowfocus", "--sync", str(int(dialog.winId()))], check=True)
        subprocess.run(["xdotool", "type", "--delay", "5", "https://example.org/p"], check=True)
        subprocess.run(["xdotool", "key", "Return"], check=True)

    seen = on_modal(qtbot, LinkDialog, answer)
    subprocess.run(["xdotool", "key", "ctrl+k"], check=True)
    qtbot.waitUntil(lambda: "](https://example.org/p)" in editor.toPlainText(), timeout=10000)
    assert seen
    assert editor.toPlainText() == (
        "The first dose is given at night. Review the [patient](https://example.org/p) "
        "after two weeks.\nNext paragraph stays."
    )
