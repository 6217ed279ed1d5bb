"""Markdown syntax highlighting: asks the core tokenizer for spans and paints them."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from editor.core.md_syntax import NORMAL, Kind, tokenize_line


def _format(
    color: str | None = None,
    bold: bool = False,
    italic: bool = False,
    fixed: bool = False,
    background: str | None = None,
) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if color:
        fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if italic:
        fmt.setFontItalic(True)
    if fixed:
        fmt.setFontFixedPitch(True)
    if background:
        fmt.setBackground(QColor(background))
    return fmt


# Muted colours that read well on white; meaning is carried by weight and slant as well, so
# the text stays readable for people who do not see the colours.
FORMATS = {
    Kind.HEADING: _format("#1f3a5f", bold=True),
    Kind.EMPHASIS: _format(italic=True),
    Kind.STRONG: _format(bold=True),
    Kind.CODE: _format("#6b3e26", fixed=True, background="#f5f2ec"),
    Kind.LINK_TEXT: _format("#1d5fa8"),
    Kind.URL: _format("#6a7f99"),
    Kind.QUOTE: _format("#56606b", italic=True),
    Kind.LIST_MARKER: _format("#a05a00", bold=True),
    Kind.CITATION: _format("#0b7a5c", bold=True),
    Kind.FOOTNOTE: _format("#7a4fa0"),
    Kind.HTML: _format("#8a8a8a"),
    Kind.RULE: _format("#8a8a8a"),
    Kind.META: _format("#5f6b7a", background="#f3f5f8"),
    Kind.META_KEY: _format("#24527a", bold=True, background="#f3f5f8"),
}


def utf16_positions(text: str) -> list[int] | None:
    """Qt counts UTF-16 code units and Python counts code points: for text with characters
    outside the Basic Multilingual Plane (emoji), map each code point index to Qt's; ``None``
    when both agree."""
    if text.isascii() or all(ord(ch) <= 0xFFFF for ch in text):
        return None
    positions = [0] * (len(text) + 1)
    unit = 0
    for index, ch in enumerate(text):
        positions[index] = unit
        unit += 2 if ord(ch) > 0xFFFF else 1
    positions[len(text)] = unit
    return positions


class MarkdownHighlighter(QSyntaxHighlighter):
    """Paints markdown syntax; layered formats (a citation in a heading) merge."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's API
        previous = self.previousBlockState()
        state = NORMAL if previous < 0 else previous
        first_line = self.currentBlock().blockNumber() == 0
        spans, next_state = tokenize_line(text, state, first_line)
        positions = utf16_positions(text)
        for span in spans:
            start, end = span.start, span.start + span.length
            if positions is not None:
                start, end = positions[start], positions[end]
            merged = QTextCharFormat(self.format(start))
            merged.merge(FORMATS[span.kind])
            self.setFormat(start, end - start, merged)
        self.setCurrentBlockState(next_state)
