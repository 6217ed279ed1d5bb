"""Markdown syntax highlighting: asks the core tokenizer for spans and paints them."""

from __future__ import annotations

import re

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QSyntaxHighlighter,
    QTextBlock,
    QTextBlockUserData,
    QTextCharFormat,
    QTextDocument,
)

from editor.core.md_syntax import NORMAL, Kind, tokenize_line
from editor.core.proofing.tokens import WordSpan, spell_spans
from editor.core.review.criticmarkup import MarkKind
from editor.core.review.line_marks import Carry, line_marks
from editor.core.source_text import STAND_IN_RANGE
from editor.core.textpos import utf16_positions


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
LIGHT_FORMATS = {
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

# The same roles on the dark theme's background (#1f2124): lighter, less saturated, each at
# least 4.5:1 against it (headings near 8:1), so nothing vanishes under a dark palette.
DARK_FORMATS = {
    Kind.HEADING: _format("#9cc3f5", bold=True),
    Kind.EMPHASIS: _format(italic=True),
    Kind.STRONG: _format(bold=True),
    Kind.CODE: _format("#e5bb94", fixed=True, background="#2b2d31"),
    Kind.LINK_TEXT: _format("#80b3ef"),
    Kind.URL: _format("#93a6bf"),
    Kind.QUOTE: _format("#aeb6c0", italic=True),
    Kind.LIST_MARKER: _format("#f0a94e", bold=True),
    Kind.CITATION: _format("#5fd0a5", bold=True),
    Kind.FOOTNOTE: _format("#c5a3e8"),
    Kind.HTML: _format("#9a9a9a"),
    Kind.RULE: _format("#9a9a9a"),
    Kind.META: _format("#a9b3bf", background="#262a2f"),
    Kind.META_KEY: _format("#93c1e8", bold=True, background="#262a2f"),
}
FORMATS = LIGHT_FORMATS


def _review_format(color: str, background: str, underline=False, strike=False) -> QTextCharFormat:
    fmt = _format(color, background=background)
    fmt.setFontUnderline(underline)
    fmt.setFontStrikeOut(strike)
    return fmt


# Review marks: insertions green and underlined, deletions red and struck through (the
# line carries the meaning as well as the colour), highlights and comments on yellow.
LIGHT_REVIEW = {
    MarkKind.INSERTION: _review_format("#0a6b2e", "#e3f5e8", underline=True),
    MarkKind.DELETION: _review_format("#a3161a", "#fbe7e7", strike=True),
    MarkKind.SUBSTITUTION: _review_format("#a3161a", "#fbe7e7", strike=True),
    MarkKind.HIGHLIGHT: _format(background="#fff1a8"),
    MarkKind.COMMENT: _format("#6b5a00", italic=True, background="#fbf6df"),
}
DARK_REVIEW = {
    MarkKind.INSERTION: _review_format("#8be0a4", "#1d3626", underline=True),
    MarkKind.DELETION: _review_format("#ff9c96", "#3d2222", strike=True),
    MarkKind.SUBSTITUTION: _review_format("#ff9c96", "#3d2222", strike=True),
    MarkKind.HIGHLIGHT: _format(background="#5a4c10"),
    MarkKind.COMMENT: _format("#e8d58a", italic=True, background="#2f2b1c"),
}

# A stand-in for a character Qt cannot show as itself (a Unicode line or paragraph separator
# in the file): marked, so the author sees something is there.
STAND_IN = _format("#7a4f00", background="#ffe08a")
_STAND_INS = re.compile(f"[{chr(STAND_IN_RANGE[0])}-{chr(STAND_IN_RANGE[1])}]")


def _misspelling_format(color: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
    fmt.setUnderlineColor(QColor(color))
    return fmt


MISSPELLED = _misspelling_format("#d0021b")
DARK_MISSPELLED = _misspelling_format("#ff6b6b")


class BlockSpelling(QTextBlockUserData):
    """A block's misspelled words, kept for the context menu and the proofreading panel.
    ``generation`` says which checker made it: an older one means the block needs a re-check."""

    def __init__(self, generation: int, errors: list[WordSpan]) -> None:
        super().__init__()
        self.generation = generation
        self.errors = errors


def block_spelling(block: QTextBlock) -> BlockSpelling | None:
    data = block.userData()
    return data if isinstance(data, BlockSpelling) else None


# A block's state holds the markdown line state and, above it, the review mark left open at
# the line's end (``Carry``): a mark may go on over the lines of its paragraph.
_CARRY_UNIT = 1 << 27


def _split_state(state: int) -> tuple[int, Carry]:
    state = max(state, 0)  # -1: not highlighted yet
    return state % _CARRY_UNIT, Carry(state // _CARRY_UNIT)


def _following_lines(block: QTextBlock):
    """The texts of the blocks after ``block``, read only as far as they are asked for."""
    block = block.next()
    while block.isValid():
        yield block.text()
        block = block.next()


class MarkdownHighlighter(QSyntaxHighlighter):
    """Paints markdown syntax; layered formats (a citation in a heading) merge; misspelled
    words get a red wavy underline on top.

    A block is painted (coloured and checked) when an edit touches it, when ``paint`` asks
    for it, or by ``rehighlight``. While ``deferred`` is set (loading a document) nothing is
    painted, so opening a book costs no pass over its blocks; the background pass in
    ``gui/proofing/spelling.py`` paints them afterwards, visible ones first. A painted block
    carries a ``BlockSpelling``; one without is unpainted. When a block's line state changes,
    Qt goes on to re-highlight the next block: an unpainted one keeps its stored state, which
    ends that run there instead of across the rest of the document, and the pass paints it
    in its turn (its predecessor's state then being right). A new theme or checker makes
    every block stale (``generation``) and ``restyled`` asks for a pass.
    """

    restyled = Signal()  # every block is stale: the pass should paint them again

    def __init__(self, document: QTextDocument) -> None:
        # Heard before Qt's own handler (connected by setDocument), so highlightBlock knows
        # which blocks the change covers.
        super().__init__(None)  # type: ignore[call-overload]  # the stubs leave None out
        self._edit = (0, -1)  # the positions the current change covers, first and last
        self._asked = -1  # the position of the block ``paint`` asked for
        self._everything = False  # within rehighlight(): paint every block
        document.contentsChange.connect(self._note_change)
        self.setDocument(document)
        self.checker = None  # a SpellChecker, or None when checking is off
        # Words this document makes right: its reference list's, the other variant's that the
        # Problems panel reports as such. Kept apart from the checker, which the proofing
        # worker shares: folding them in there would hide them from the next check.
        self.document_words: frozenset[str] = frozenset()
        self.generation = 0
        self.deferred = False
        self.dark = False
        self._formats = LIGHT_FORMATS
        self._review = LIGHT_REVIEW
        self._misspelled = MISSPELLED
        # Blocks (by number) to paint again: a mark's extent changed below where it opens.
        self._stale: set[int] = set()
        self._stale_timer = QTimer(self, singleShot=True, interval=0)
        self._stale_timer.timeout.connect(self._repaint_stale)

    def set_dark(self, dark: bool) -> None:
        """Paint with the dark theme's colours (or the light one's) from now on: the blocks
        become stale and the pass repaints them, visible ones first (a whole book at once
        would freeze the window for seconds)."""
        if dark == self.dark:
            return
        self.dark = dark
        self._formats = DARK_FORMATS if dark else LIGHT_FORMATS
        self._review = DARK_REVIEW if dark else LIGHT_REVIEW
        self._misspelled = DARK_MISSPELLED if dark else MISSPELLED
        self.generation += 1
        self.restyled.emit()

    def paint(self, block: QTextBlock) -> None:
        """Paint ``block`` now (colours and spelling), unpainted or stale."""
        self._asked = block.position()
        self._edit = (0, -1)
        try:
            self.rehighlightBlock(block)
        finally:
            self._asked = -1

    def rehighlight(self) -> None:
        """Paint every block, unpainted ones included (synchronously: for small documents
        and tests; the window's pass paints a book in slices)."""
        self._everything = True
        try:
            super().rehighlight()
        finally:
            self._everything = False

    def _note_change(self, position: int, _removed: int, added: int) -> None:
        self._edit = (position, position + added)

    def set_checker(self, checker) -> None:
        """Check with ``checker`` from now on (None: stop checking); blocks checked by the
        previous one become stale."""
        self.checker = checker
        self.generation += 1

    def set_document_words(self, words: frozenset[str]) -> bool:
        """Accept ``words`` as well; blocks become stale only when the set changed (then
        True: the caller re-checks them)."""
        if words == self.document_words:
            return False
        self.document_words = words
        self.generation += 1
        return True

    def needs_check(self, block: QTextBlock) -> bool:
        """Whether ``block`` is unpainted or was painted for an older generation."""
        spelling = block_spelling(block)
        return spelling is None or spelling.generation != self.generation

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's API
        if self.deferred:
            return  # loading: unpainted, its state unset; the pass paints it
        block = self.currentBlock()
        if not self._everything and block_spelling(block) is None:
            position = block.position()
            first, last = self._edit
            edited = position <= last and position + block.length() > first
            if position != self._asked and not edited:
                # Reached only because the block before changed its state: keeping this
                # block's stored state ends Qt's run here; the pass paints it in its turn.
                return
        state, carried = _split_state(self.previousBlockState())
        first_line = self.currentBlock().blockNumber() == 0
        spans, next_state = tokenize_line(text, state, first_line)
        positions = utf16_positions(text)
        for span in spans:
            start, end = span.start, span.start + span.length
            if positions is not None:
                start, end = positions[start], positions[end]
            merged = QTextCharFormat(self.format(start))
            merged.merge(self._formats[span.kind])
            self.setFormat(start, end - start, merged)
        carry = self._paint_review(text, state, carried, first_line, positions)
        for found in _STAND_INS.finditer(text):
            start = positions[found.start()] if positions is not None else found.start()
            self.setFormat(start, 1, STAND_IN)
        self.setCurrentBlockState(next_state + int(carry) * _CARRY_UNIT)
        self._check_spelling(text, state, first_line, positions)

    def _paint_review(
        self, text: str, state: int, carried: Carry, first_line: bool, positions: list[int] | None
    ) -> Carry:
        """Paint the line's review marks (a mark may have opened on a line above, or close on
        one below); the mark left open at its end."""
        if state != NORMAL:  # code and front matter hold no marks; a blank line ends them
            if carried is not Carry.NONE and not text.strip():
                self._mark_stale_above()
                return Carry.NONE
            return carried
        found = line_marks(text, carried, _following_lines(self.currentBlock()), first_line)
        for paint in found.paints:
            start, end = paint.start, paint.end
            if positions is not None:
                start, end = positions[start], positions[end]
            merged = QTextCharFormat(self.format(start))
            merged.merge(self._review[paint.kind])
            self.setFormat(start, end - start, merged)
        if found.broken:
            self._mark_stale_above()
        if found.stray_closer:
            self._mark_opener_stale()
        return found.carry

    # Marks across lines ----------------------------------------------------------------------
    def carries_into(self, block: QTextBlock) -> bool:
        """Whether a review mark opened on a line above goes on into ``block``."""
        above = block.previous()
        return above.isValid() and bool(_split_state(above.userState())[1])

    def carries_out(self, block: QTextBlock) -> bool:
        """Whether a review mark is still open at the end of ``block``."""
        return bool(_split_state(block.userState())[1])

    def settle(self) -> None:
        """Paint now the lines waiting to be painted again, so every line's state is true."""
        if self._stale:
            self._stale_timer.stop()
            self._repaint_stale()

    # Qt re-highlights a changed line and those below it while their states change; a line
    # above, where a mark opens, is painted again here when an edit below moved its end.
    def _mark_stale_above(self) -> None:
        """The mark carried into this line no longer closes: paint again from where it
        opened (the first line above that no mark was carried into)."""
        block = self.currentBlock().previous()
        while block.previous().isValid() and _split_state(block.previous().userState())[1]:
            block = block.previous()
        self._schedule(block)

    def _mark_opener_stale(self) -> None:
        """A closer outside any mark: the nearest line above in the paragraph with an opener
        may now reach it (farther ones would hold that opener, and marks do not nest)."""
        block = self.currentBlock().previous()
        while block.isValid() and block.text().strip():
            if "{" in block.text():
                self._schedule(block)
                return
            block = block.previous()

    def _schedule(self, block: QTextBlock) -> None:
        if block.isValid():
            self._stale.add(block.blockNumber())
            self._stale_timer.start()

    def _repaint_stale(self) -> None:
        document = self.document()
        numbers, self._stale = sorted(self._stale), set()
        for number in numbers:
            block = document.findBlockByNumber(number)
            if block.isValid():
                self.rehighlightBlock(block)

    def _check_spelling(
        self, text: str, state: int, first_line: bool, positions: list[int] | None
    ) -> None:
        checker = self.checker
        if checker is None:
            self.setCurrentBlockUserData(BlockSpelling(self.generation, []))  # painted
            return
        words, _ = spell_spans(text, state, first_line, checker.skip_all_caps)
        known = self.document_words
        errors = [word for word in words if word.word not in known and not checker.check(word.word)]
        for error in errors:
            start, end = error.start, error.end
            if positions is not None:
                start, end = positions[start], positions[end]
            # Merge character by character: a word may straddle two markdown formats.
            for position in range(start, end):
                merged = QTextCharFormat(self.format(position))
                merged.merge(self._misspelled)
                self.setFormat(position, 1, merged)
        self.setCurrentBlockUserData(BlockSpelling(self.generation, errors))
