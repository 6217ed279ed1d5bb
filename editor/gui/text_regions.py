"""Applying the core's formatting transformations to the lines under an editor's selection,
as one undoable edit, converting between Qt's UTF-16 positions and Python's code points."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from editor.core.formatting import Region, block_insertion
from editor.core.textpos import code_point_index, smallest_splice, utf16_length

Transform = Callable[[str, int, int], Region]


def selected_lines(editor: QPlainTextEdit) -> tuple[int, int, str]:
    """The first and last block numbers the selection touches and their text joined by
    newlines. A selection ending at the very start of a line leaves that line out."""
    cursor = editor.textCursor()
    document = editor.document()
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    first = document.findBlock(start)
    last = document.findBlock(end)
    if end > start and last.position() == end and last.blockNumber() > first.blockNumber():
        last = last.previous()
    lines = []
    block = first
    while block.isValid():
        lines.append(block.text())
        if block == last:
            break
        block = block.next()
    return first.blockNumber(), last.blockNumber(), "\n".join(lines)


def apply_to_lines(editor: QPlainTextEdit, transform: Transform) -> bool:
    """Run ``transform(text, anchor, position)`` over the lines the selection touches and
    put its result in the editor as one undo step; ``False`` when nothing changed."""
    cursor = editor.textCursor()
    document = editor.document()
    first_number, _last_number, text = selected_lines(editor)
    base = document.findBlockByNumber(first_number).position()
    span_end = min(cursor.selectionEnd(), base + utf16_length(text))
    anchor = code_point_index(text, min(max(cursor.anchor(), base), span_end) - base)
    position = code_point_index(text, min(max(cursor.position(), base), span_end) - base)
    region = transform(text, anchor, position)
    return replace_region(editor, base, text, region)


def replace_region(editor: QPlainTextEdit, base: int, old: str, region: Region) -> bool:
    """Turn ``old`` (the text at UTF-16 position ``base``) into ``region.text`` by its
    smallest splice, then select as ``region`` says. One undo step."""
    start, removed, inserted = smallest_splice(old, region.text)
    cursor = editor.textCursor()
    changed = bool(removed or inserted)
    if changed:
        cursor.beginEditBlock()
        cursor.setPosition(base + utf16_length(old[:start]))
        cursor.setPosition(
            base + utf16_length(old[: start + removed]), QTextCursor.MoveMode.KeepAnchor
        )
        cursor.insertText(inserted)
        cursor.endEditBlock()
    cursor.setPosition(base + utf16_length(region.text[: region.anchor]))
    cursor.setPosition(
        base + utf16_length(region.text[: region.position]), QTextCursor.MoveMode.KeepAnchor
    )
    editor.setTextCursor(cursor)
    return changed


def insert_markdown(editor: QPlainTextEdit, markdown: str) -> int:
    """Insert ``markdown`` in place of the selection as one undo step; text of more than one
    line (blocks) stands apart from the text around it by blank lines. Returns the position
    where ``markdown`` itself begins."""
    cursor = editor.textCursor()
    cursor.beginEditBlock()
    offset = 0
    if "\n" in markdown:
        cursor.removeSelectedText()
        block = cursor.block()
        line = block.text()
        column = code_point_index(line, cursor.positionInBlock())
        before, after = line[:column], line[column:]
        # The neighbouring lines count only when they hold text: a blank one already parts
        # the block from them.
        if block.previous().isValid() and block.previous().text().strip():
            before = block.previous().text() + "\n" + before
        if block.next().isValid() and block.next().text().strip():
            after = after + "\n" + block.next().text()
        markdown, offset = block_insertion(before, after, markdown)
    start = cursor.selectionStart() + utf16_length(markdown[:offset])
    cursor.insertText(markdown)
    cursor.endEditBlock()
    editor.setTextCursor(cursor)
    editor.ensureCursorVisible()
    return start
