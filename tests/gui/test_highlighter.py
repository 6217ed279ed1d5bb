"""The highlighter paints the right characters, emoji included (Qt counts UTF-16 units)."""

from PySide6.QtGui import QFont, QTextCharFormat, QTextDocument

from editor.gui.highlighter import MarkdownHighlighter, utf16_positions


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
