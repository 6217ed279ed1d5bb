"""The editor's changes as line edits: whatever is typed, deleted, pasted, undone or replaced,
the lines the edits rebuild are the document's, and a keystroke sends one line."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from editor.core.text_edits import TextLines
from editor.gui.edit_feed import LineEditFeed

# Characters that stress the mapping: line breaks, Qt's separators, no-break space, emoji
# (two UTF-16 units), a combining mark.
_ALPHABET = st.sampled_from(list("ab \n\n") + ["\u00a0", "\u2028", "\U0001f600", "e\u0301"])
_TEXT = st.lists(_ALPHABET, max_size=12).map("".join)


def _document_text(document: QTextDocument) -> str:
    return document.toRawText().replace("\u2029", "\n")


_OPERATION = st.one_of(
    st.tuples(st.just("insert"), st.floats(0, 1), _TEXT),
    st.tuples(st.just("delete"), st.floats(0, 1), st.integers(1, 8)),
    st.tuples(st.just("replace"), st.floats(0, 1), _TEXT),
    st.tuples(st.just("undo"), st.just(0.0), st.just("")),
    st.tuples(st.just("redo"), st.just(0.0), st.just("")),
    st.tuples(st.just("set"), st.just(0.0), _TEXT),
    st.tuples(st.just("block"), st.floats(0, 1), _TEXT),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=_TEXT, operations=st.lists(_OPERATION, max_size=12))
def test_edits_rebuild_the_document(qapp, start: str, operations) -> None:
    document = QTextDocument()
    document.setPlainText(start)
    feed = LineEditFeed(document)
    rebuilt = TextLines(_document_text(document))
    feed.edited.connect(rebuilt.apply)
    for kind, where, value in operations:
        cursor = QTextCursor(document)
        end = document.characterCount() - 1
        cursor.setPosition(int(where * end))
        if kind == "insert":
            cursor.insertText(value)
        elif kind == "delete":
            cursor.setPosition(min(end, cursor.position() + value), QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
        elif kind == "replace":
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(value)
        elif kind == "undo":
            document.undo()
        elif kind == "redo":
            document.redo()
        elif kind == "set":
            document.setPlainText(value)
        else:  # several changes in one undo step: Qt reports them as one range
            cursor.beginEditBlock()
            cursor.insertText(value)
            cursor.setPosition(0)
            cursor.insertText(value[::-1])
            cursor.endEditBlock()
        expected = _document_text(document)
        assert feed.mirror.text() == expected
        assert rebuilt.text() == expected


def test_a_keystroke_sends_its_line_only(qapp) -> None:
    paragraph = "A paragraph of an article about the care of patients, " * 4
    document = QTextDocument()
    document.setPlainText("\n\n".join([paragraph] * 20_000))  # a long book
    feed = LineEditFeed(document)
    edits = []
    feed.edited.connect(edits.append)
    cursor = QTextCursor(document.findBlockByNumber(20_000))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    cursor.insertText("x")
    cursor.insertText("\n")
    cursor.deletePreviousChar()
    assert [(edit.first, edit.removed, len(edit.lines)) for edit in edits] == [
        (20_000, 1, 1),
        (20_000, 1, 2),
        (20_000, 2, 1),
    ]
    assert all(edit.size < 300 for edit in edits)
    assert feed.mirror.line(20_000) == paragraph + "x"


def test_lines_are_read_through_the_mapping(qapp) -> None:
    document = QTextDocument()
    feed = LineEditFeed(document, lambda line: line.replace("\ufdd2", "\u2028"))
    document.setPlainText("one\ufdd2two\nthree")
    assert feed.text() == "one\u2028two\nthree"


def test_the_session_mirror_is_its_text(qapp, tmp_path) -> None:
    from editor.gui.document_session import DocumentSession

    document = QTextDocument()
    session = DocumentSession(document)
    path = tmp_path / "article.md"
    path.write_text("# Title\r\n\r\nOne\u2028line\u2029and more\n", encoding="utf-8")
    session.load(path)
    cursor = QTextCursor(document)
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertText("added\nlines")
    assert "\n".join(session.lines_snapshot()) == session.text()
