"""Review marks across lines in the real editor: the highlighter paints every line of a mark,
and an edit below where a mark opens repaints the lines above it, as the parser reads them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtTest import QTest

from editor.gui.highlighter import block_spelling
from tests.gui.test_find_bar import open_text as open_unpainted

GREEN, RED = "#0a6b2e", "#a3161a"


def format_at(editor, line: int, column: int) -> QTextCharFormat | None:
    """The format the highlighter gave the character at ``line``, ``column`` (the last range
    covering it wins, as Qt lays them)."""
    block = editor.document().findBlockByNumber(line)
    found = [
        QTextCharFormat(r.format)
        for r in block.layout().formats()
        if r.start <= column < r.start + r.length
    ]
    return found[-1] if found else None


def colour_at(editor, line: int, column: int) -> str:
    fmt = format_at(editor, line, column)
    return (
        fmt.foreground().color().name()
        if fmt is not None and fmt.hasProperty(QTextCharFormat.Property.ForegroundBrush)
        else ""
    )


def open_text(make_window, qtbot, tmp_path, text):
    """Open ``text`` and wait for the idle pass to paint it (opening paints nothing)."""
    window = open_unpainted(make_window, qtbot, tmp_path, text)
    document = window.editor.document()
    qtbot.waitUntil(
        lambda: all(
            block_spelling(document.findBlockByNumber(number)) is not None
            for number in range(document.blockCount())
        )
    )
    return window


def put_cursor(editor, line: int, column: int) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(editor.document().findBlockByNumber(line).position() + column)
    editor.setTextCursor(cursor)


def test_marks_across_lines_are_painted_on_each_line(make_window, qtbot, tmp_path):
    text = (
        "The dose {++was given\nslowly++} to {~~all\npatients~>most\npatients~~} at\n"
        "{--night and\nmorning--}{>>Jo 2026-01-01: why\nboth?<<} here.\n"
    )
    window = open_text(make_window, qtbot, tmp_path, text)
    editor = window.editor
    assert colour_at(editor, 0, 2) == ""  # plain text
    assert colour_at(editor, 0, 12) == GREEN  # "was given"
    assert colour_at(editor, 1, 2) == GREEN  # "slowly", the line below
    assert colour_at(editor, 1, 17) == RED  # "all": a substitution's old text
    assert format_at(editor, 2, 2).fontStrikeOut()  # "patients", still the old text
    assert colour_at(editor, 2, 11) == GREEN  # "most": the new text
    assert colour_at(editor, 3, 2) == GREEN  # "patients" of the new text
    assert colour_at(editor, 3, 14) == ""  # "at", after the mark
    assert format_at(editor, 5, 2).fontStrikeOut()  # "morning", deleted
    comment = format_at(editor, 6, 1)  # "both?", the deletion's comment on the next line
    assert comment.fontItalic() and not comment.fontStrikeOut()


def test_an_edit_below_repaints_where_the_mark_opens(make_window, qtbot, tmp_path):
    text = "The dose {++was given\nslowly++} to all.\n\nNext paragraph.\n"
    window = open_text(make_window, qtbot, tmp_path, text)
    editor = window.editor
    assert colour_at(editor, 0, 12) == GREEN
    # Take the closer away (Track Changes is off): the opener is only text now.
    put_cursor(editor, 1, 9)
    for _ in range(3):
        QTest.keyClick(editor, Qt.Key.Key_Backspace)
    assert editor.document().findBlockByNumber(1).text() == "slowly to all."
    qtbot.waitUntil(lambda: colour_at(editor, 0, 12) == "", timeout=3000)
    assert colour_at(editor, 1, 2) == ""
    # Type it back: the line above is a mark again.
    QTest.keyClicks(editor, "++}")
    qtbot.waitUntil(lambda: colour_at(editor, 0, 12) == GREEN, timeout=3000)
    assert colour_at(editor, 1, 2) == GREEN
    # A blank line inside the mark ends its paragraph: no mark any more.
    put_cursor(editor, 0, len("The dose {++was given"))
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: colour_at(editor, 0, 12) == "", timeout=3000)
    assert colour_at(editor, 3, 2) == ""
    editor.undo()
    editor.undo()
    qtbot.waitUntil(lambda: colour_at(editor, 0, 12) == GREEN, timeout=3000)
    assert editor.document().findBlockByNumber(1).text() == "slowly++} to all."
