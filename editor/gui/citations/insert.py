"""Putting citations into the editor's text: a new cluster, or more items in the cluster the
cursor is in; and finding where a key is cited."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit

from editor.core.citations.syntax import CitationItem, citation_text, cluster_at, item_text
from editor.core.textpos import code_point_index, utf16_length


def insert_citation(editor: QPlainTextEdit, items: list[CitationItem]) -> None:
    """Cite ``items`` at the cursor: inside an existing cluster they join it (before its
    closing bracket), elsewhere they make a new ``[@key]`` cluster. One undo step."""
    if not items:
        return
    cursor = editor.textCursor()
    cursor.clearSelection()
    block = cursor.block()
    text = block.text()
    column = code_point_index(text, cursor.positionInBlock())
    span = cluster_at(text, column)
    cursor.beginEditBlock()
    if span is not None:
        closing = block.position() + utf16_length(text[: span[1] - 1])
        cursor.setPosition(closing)
        cursor.insertText("; " + "; ".join(item_text(item) for item in items))
    else:
        cursor.insertText(citation_text(items))
    cursor.endEditBlock()
    editor.setTextCursor(cursor)
    editor.setFocus()


def select_next_use(editor: QPlainTextEdit, key: str) -> bool:
    """Select the next ``@key`` after the cursor, wrapping to the top; ``False`` if none."""
    document = editor.document()
    flags = QTextDocument.FindFlag.FindCaseSensitively
    found = document.find(f"@{key}", editor.textCursor(), flags)
    if found.isNull():
        found = document.find(f"@{key}", QTextCursor(document), flags)
    if found.isNull():
        return False
    editor.setTextCursor(found)
    editor.centerCursor()
    return True
