"""The paragraph around a position in the editor, as text: review marks never cross a blank
line, so reading it is enough to find the mark at a position, whatever the document's size."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QTextCursor, QTextDocument

from editor.core.textpos import code_point_index


@dataclass(frozen=True)
class Paragraph:
    """``text`` (lines joined by "\\n") starts at the document position ``base``;
    ``offset`` is the asked-for position in ``text``, in code points."""

    text: str
    base: int
    offset: int


def paragraph_at(document: QTextDocument, position: int) -> Paragraph:
    """The lines around ``position`` up to the blank lines before and after it."""
    first = last = document.findBlock(position)
    while first.previous().isValid() and first.previous().text().strip():
        first = first.previous()
    while last.next().isValid() and last.next().text().strip() and last.text().strip():
        last = last.next()
    span = QTextCursor(document)
    span.setPosition(first.position())
    span.setPosition(last.position() + last.length() - 1, QTextCursor.MoveMode.KeepAnchor)
    text = span.selectedText().replace("\u2029", "\n")
    return Paragraph(text, first.position(), code_point_index(text, position - first.position()))
