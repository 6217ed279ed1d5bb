"""The highlighter paints the right characters, emoji included (Qt counts UTF-16 units)."""

from PySide6.QtGui import QFont, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout

from editor.gui.highlighter import MarkdownHighlighter, block_spelling, utf16_positions


def formats_of(text):
    document = QTextDocument()
    highlighter = MarkdownHighlighter(document)
    document.setPlainText(text)
    highlighter.rehighlight()
    block = document.firstBlock()
    return [
        (r.start, r.length, QTextCharFormat(r.format)) for r in block.layout().formats()
    ], highlighter


def test_emphasis_after_an_emoji_lands_on_the_right_characters(qapp):
    text = "😀 *calm* text"
    ranges, _ = formats_of(text)
    italic = [(start, length) for start, length, fmt in ranges if fmt.fontItalic()]
    # The emoji is two UTF-16 units: "*calm*" starts at unit 3, not 2.
    assert italic == [(3, 6)]


def test_heading_is_bold_and_citation_inside_it_keeps_both(qapp):
    ranges, _ = formats_of("# Results of @smith2020")
    bold = [(s, n) for s, n, fmt in ranges if fmt.fontWeight() == QFont.Weight.Bold]
    assert (0, 13) in bold  # "# Results of " in the heading's format
    citation = [fmt for s, n, fmt in ranges if s == 13 and n == 10]
    assert citation and citation[0].fontWeight() == QFont.Weight.Bold
    assert citation[0].foreground().color().name() == "#0b7a5c"


def test_utf16_positions():
    assert utf16_positions("plain") is None
    assert utf16_positions("a😀b") == [0, 1, 3, 4]


def painted(document) -> list[int]:
    """The numbers of the blocks the highlighter has painted."""
    block, found = document.firstBlock(), []
    while block.isValid():
        if block_spelling(block) is not None:
            found.append(block.blockNumber())
        block = block.next()
    return found


def code_coloured(block) -> bool:
    return any(r.format.fontFixedPitch() for r in block.layout().formats())


def loaded(text):
    """A document loaded as the window loads one: deferred, so nothing is painted."""
    document = QTextDocument()
    document.setDocumentLayout(QPlainTextDocumentLayout(document))
    highlighter = MarkdownHighlighter(document)
    highlighter.deferred = True
    document.setPlainText(text)
    highlighter.deferred = False
    return document, highlighter


def test_a_loaded_document_is_painted_only_where_asked(qapp):
    document, highlighter = loaded("\n".join(f"*line* {n}" for n in range(2000)))
    assert painted(document) == []  # opening paints nothing
    highlighter.paint(document.findBlockByNumber(7))
    # Its state changed from "unset", yet Qt's run stops at the unpainted block after it.
    assert painted(document) == [7]
    assert any(r.format.fontItalic() for r in document.findBlockByNumber(7).layout().formats())
    # An edit paints the blocks it touches, wherever they are.
    cursor = QTextCursor(document.findBlockByNumber(1500))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    cursor.insertText(" more")
    assert painted(document) == [7, 1500]


def test_painting_in_order_corrects_a_block_painted_out_of_turn(qapp):
    document, highlighter = loaded("Before\n```\ncode inside\n```\nAfter")
    inside = document.findBlockByNumber(2)
    highlighter.paint(inside)  # on screen first: its fence is not known yet
    assert not code_coloured(inside)
    for number in range(2):
        highlighter.paint(document.findBlockByNumber(number))
    # The fence's state reached the block painted before it: repainted as code.
    assert code_coloured(document.findBlockByNumber(2))
    assert not code_coloured(document.findBlockByNumber(4))  # not reached: still unpainted
    assert painted(document) == [0, 1, 2]
