"""Review mode in the real window: Track Changes typing with the keyboard, undo, comments,
the Review panel from the render, Accept All with its single undo, the menu and indicator."""

from __future__ import annotations

import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from editor.core.review.criticmarkup import parse
from tests.gui.test_find_bar import open_text, press


def at(window, offset, anchor=None):
    cursor = window.editor.textCursor()
    if anchor is not None:
        cursor.setPosition(anchor)
        cursor.setPosition(offset, QTextCursor.MoveMode.KeepAnchor)
    else:
        cursor.setPosition(offset)
    window.editor.setTextCursor(cursor)


def tracking(make_window, qtbot, tmp_path, text):
    window = open_text(make_window, qtbot, tmp_path, text)
    press("Ctrl+Shift+R")
    assert window.review.tracking.enabled
    assert window.review.indicator.isVisible()
    return window


def test_the_review_menu_sits_between_format_and_tools(make_window, qtbot, tmp_path):
    window = open_text(make_window, qtbot, tmp_path, "Text.\n")
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "Edit", "View", "Format", "Review", "Tools", "Help"]
    assert not window.review.indicator.isVisible()


def test_typing_deleting_and_undo_while_tracking(make_window, qtbot, tmp_path):
    window = tracking(make_window, qtbot, tmp_path, "The dose was high.\n")
    editor = window.editor
    at(window, 8)  # after "The dose"
    QTest.keyClicks(editor, " given")
    assert editor.toPlainText() == "The dose{++ given++} was high.\n"
    press("Ctrl+Z")
    # One undo takes back one edit and leaves well-formed markup (or none).
    undone = editor.toPlainText()
    assert undone in ("The dose{++ give++} was high.\n", "The dose was high.\n")
    while editor.document().isUndoAvailable():
        press("Ctrl+Z")
    assert editor.toPlainText() == "The dose was high.\n"
    at(window, 17)  # after "high"
    for _ in range(4):
        QTest.keyClick(editor, Qt.Key.Key_Backspace)
    assert editor.toPlainText() == "The dose was {--high--}.\n"
    press("Ctrl+Z")
    assert editor.toPlainText() == "The dose was h{--igh--}.\n"
    press("Ctrl+Shift+R")
    assert not window.review.tracking.enabled
    editor.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(editor, "Plain")
    assert editor.toPlainText().endswith(".\nPlain")


def test_replacing_a_selection_makes_a_substitution_with_one_undo(make_window, qtbot, tmp_path):
    window = tracking(make_window, qtbot, tmp_path, "Two groups.\n")
    at(window, 3, anchor=0)
    QTest.keyClicks(window.editor, "Three")
    assert window.editor.toPlainText() == "{~~Two~>Three~~} groups.\n"
    while window.editor.document().isUndoAvailable():
        press("Ctrl+Z")
    assert window.editor.toPlainText() == "Two groups.\n"


def test_paste_and_cut_while_tracking(make_window, qtbot, tmp_path):
    window = tracking(make_window, qtbot, tmp_path, "Keep this word.\n")
    at(window, 9, anchor=4)  # " this"
    press("Ctrl+X")
    assert window.editor.toPlainText() == "Keep{-- this--} word.\n"
    assert QApplication.clipboard().text() == " this"
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    press("Ctrl+V")
    assert window.editor.toPlainText() == "Keep{-- this--} word.\n{++ this++}"


def test_a_comment_on_the_selection_is_signed_and_dated(make_window, qtbot, tmp_path):
    window = open_text(make_window, qtbot, tmp_path, "The primary outcome was pain.\n")
    window.settings.set("review/author", "Jane Doe")
    window.review._ask_comment = lambda: "define it"
    window.review._today = lambda: datetime.date(2026, 12, 1)
    at(window, 19, anchor=4)
    press("Ctrl+Alt+M")
    assert window.editor.toPlainText() == (
        "The {==primary outcome==}{>>Jane Doe 2026-12-01: define it<<} was pain.\n"
    )
    press("Ctrl+Z")
    assert window.editor.toPlainText() == "The primary outcome was pain.\n"


REVIEWED = (
    "# Title\n\nThe patients{++ (n = 42)++} were {--randomly --}assigned.\n\n"
    "The {==outcome==}{>>Ann 2026-01-01: define<<} was {~~pain~>pain scores~~}.\n"
)


def test_the_panel_lists_jumps_and_accept_all_is_one_undo(make_window, qtbot, tmp_path):
    window = open_text(make_window, qtbot, tmp_path, REVIEWED)
    panel = window.review.panel
    panel.show()
    qtbot.waitUntil(lambda: panel.list.count() == 4, timeout=15000)
    labels = [panel.list.item(i).text() for i in range(4)]
    assert labels[0] == "Change, line 3: insertion: '(n = 42)'"
    assert labels[2] == "Comment, line 5: comment by Ann: 'define'"
    item = panel.list.item(3)
    rect = panel.list.visualItemRect(item)
    QTest.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    cursor = window.editor.textCursor()
    assert (cursor.blockNumber(), cursor.positionInBlock()) == (4, 50)
    # Reject the one at the cursor.
    window.review.reject.trigger()
    assert window.editor.toPlainText().endswith("was pain.\n")
    qtbot.waitUntil(lambda: panel.list.count() == 3, timeout=15000)
    # Accept All, then one undo brings every mark back.
    before = window.editor.toPlainText()
    window.review.accept_all.trigger()
    assert window.editor.toPlainText() == (
        "# Title\n\nThe patients (n = 42) were assigned.\n\nThe outcome was pain.\n"
    )
    qtbot.waitUntil(lambda: panel.list.count() == 0, timeout=15000)
    press("Ctrl+Z")
    assert window.editor.toPlainText() == before


def test_next_and_previous_change_move_the_cursor(make_window, qtbot, tmp_path):
    window = open_text(make_window, qtbot, tmp_path, REVIEWED)
    qtbot.waitUntil(lambda: len(window.review.panel.findings) == 4, timeout=15000)
    at(window, 0)
    press("Ctrl+Alt+N")
    assert window.editor.textCursor().blockNumber() == 2
    assert window.editor.textCursor().positionInBlock() == 12
    press("Ctrl+Alt+N")
    assert window.editor.textCursor().positionInBlock() == 33
    press("Ctrl+Alt+P")
    assert window.editor.textCursor().positionInBlock() == 12


def test_the_highlighter_paints_marks_and_spelling_skips_deleted_words(
    make_window, qtbot, tmp_path
):
    text = "Keep {++addded++} and {--remmoved--} and {~~olld~>neww~~} here.\n"
    window = open_text(make_window, qtbot, tmp_path, text)
    highlighter = window.editor.highlighter
    block = window.editor.document().firstBlock()
    ranges = [(r.start, r.length, QTextCharFormat(r.format)) for r in block.layout().formats()]

    def fmt_at(offset):
        # The last range wins, as Qt lays them.
        found = [fmt for start, length, fmt in ranges if start <= offset < start + length]
        return found[-1]

    # (A misspelt insertion's underline turns wavy: still underlined, still green.)
    assert (
        fmt_at(text.index("addded")).underlineStyle() != QTextCharFormat.UnderlineStyle.NoUnderline
    )
    assert fmt_at(text.index("addded")).foreground().color().name() == "#0a6b2e"
    assert fmt_at(text.index("remmoved")).fontStrikeOut()
    assert fmt_at(text.index("olld")).fontStrikeOut()
    assert not fmt_at(text.index("neww")).fontStrikeOut()
    assert fmt_at(text.index("neww")).foreground().color().name() == "#0a6b2e"
    qtbot.waitUntil(lambda: highlighter.needs_check(block) is False, timeout=10000)
    words = [error.word for error in block.userData().errors]
    assert "addded" in words and "neww" in words
    assert "remmoved" not in words and "olld" not in words


def hover(editor, offset):
    """Rest the mouse on the character at ``offset``: Qt's tooltip event on the viewport."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    cursor = editor.textCursor()
    cursor.setPosition(offset)
    point = editor.cursorRect(cursor).center()
    point.setX(point.x() + 2)  # on the character after the position, not its edge
    viewport = editor.viewport()
    QToolTip.hideText()
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    )


def test_hovering_a_comment_shows_it_with_reviewer_and_date(make_window, qtbot, tmp_path):
    from PySide6.QtWidgets import QToolTip

    text = (
        "Patients {==tolerated it==}{>>Jane Doe 2026-03-04: which source?<<} well\n"
        "and {++mostly ++}{>>Sam Roe 2026-03-05:<<}recovered {>>unsigned <b>note</b><<}.\n"
    )
    window = open_text(make_window, qtbot, tmp_path, text)
    editor = window.editor
    hover(editor, text.index("tolerated") + 3)  # the highlighted text
    qtbot.waitUntil(QToolTip.isVisible, timeout=5000)
    assert "Comment by Jane Doe, 2026-03-04" in QToolTip.text()
    assert "which source?" in QToolTip.text()
    hover(editor, text.index("which") + 2)  # the comment itself
    qtbot.waitUntil(QToolTip.isVisible, timeout=5000)
    assert "which source?" in QToolTip.text()
    hover(editor, text.index("mostly"))  # a signed change
    qtbot.waitUntil(QToolTip.isVisible, timeout=5000)
    assert "Insertion by Sam Roe, 2026-03-05" in QToolTip.text()
    hover(editor, text.index("unsigned") + 1)  # shown as text, never as markup
    qtbot.waitUntil(QToolTip.isVisible, timeout=5000)
    assert "unsigned &lt;b&gt;note&lt;/b&gt;" in QToolTip.text()
    hover(editor, text.index("Patients") + 1)  # plain text: the last tip goes, none comes
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=3000)
    QToolTip.hideText()


def undo_all(editor, texts):
    """Undo step by step, noting the text after each step."""
    while editor.document().isUndoAvailable():
        press("Ctrl+Z")
        texts.append(editor.toPlainText())


def test_enter_while_tracking_is_part_of_the_insertion(make_window, qtbot, tmp_path):
    window = tracking(make_window, qtbot, tmp_path, "The dose was high.\n\nNext.\n")
    editor = window.editor
    at(window, 18)  # after "high."
    QTest.keyClicks(editor, " It fell")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QTest.keyClicks(editor, "by noon.")
    assert editor.toPlainText() == "The dose was high.{++ It fell\nby noon.++}\n\nNext.\n"
    assert editor.textCursor().blockNumber() == 1
    # The mark across the two lines is painted on both.
    second = editor.document().findBlockByNumber(1)
    qtbot.waitUntil(lambda: any(r.format.fontUnderline() for r in second.layout().formats()))
    # Enter twice starts a paragraph: the insertion stops before the blank line.
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QTest.keyClicks(editor, "New")
    assert editor.toPlainText() == (
        "The dose was high.{++ It fell\nby noon.++}\n\n{++New++}\n\nNext.\n"
    )
    steps: list[str] = []
    undo_all(editor, steps)
    assert steps[-1] == "The dose was high.\n\nNext.\n"
    assert all(not parse(step).problems for step in steps)  # each undo leaves whole markup


def test_joining_lines_while_tracking_is_a_deletion(make_window, qtbot, tmp_path):
    window = tracking(make_window, qtbot, tmp_path, "First line\nsecond line.\n")
    editor = window.editor
    at(window, len("First line\n"))  # the start of the second line
    QTest.keyClick(editor, Qt.Key.Key_Backspace)
    assert editor.toPlainText() == "First line{--\n--}second line.\n"
    QTest.keyClick(editor, Qt.Key.Key_Backspace)  # the deletion grows over "e"
    assert editor.toPlainText() == "First lin{--e\n--}second line.\n"
    press("Ctrl+Z")
    assert editor.toPlainText() == "First line{--\n--}second line.\n"
    press("Ctrl+Z")
    assert editor.toPlainText() == "First line\nsecond line.\n"
    # Delete at a line's end joins it with the next.
    at(window, len("First line"))
    QTest.keyClick(editor, Qt.Key.Key_Delete)
    assert editor.toPlainText() == "First line{--\n--}second line.\n"
    # Typing inside a mark across lines goes on in it: the mark's lines are read whole.
    text = "a {++b\nc++} d\n"
    editor.setPlainText(text)
    at(window, text.index("c") + 1)
    QTest.keyClicks(editor, "x")
    assert editor.toPlainText() == "a {++b\ncx++} d\n"
