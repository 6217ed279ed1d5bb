"""Review marks one line at a time, for the editor's highlighter: what to paint on a line and
which mark it leaves open for the next (a QSyntaxHighlighter block state), as the parser
reads the whole paragraph.

A mark may go on over the lines of its paragraph (never past a blank line). A line is read
with what the line above left open (``Carry``) and, only when a mark opens on it and does not
close there, with the lines below as far as that mark's closer or the paragraph's end; never
the rest of the document. An unclosed opener stays text, as the parser leaves it.

Offsets are code points into the line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

from editor.core.md_syntax import NORMAL
from editor.core.review.criticmarkup import (
    CLOSERS,
    OPENERS,
    SEPARATOR,
    Mark,
    MarkKind,
    mask_line,
    parse,
)

_EDGE = 3  # every opener and closer is three characters


class Carry(IntEnum):
    """The part of a mark that is open at a line's end (0: none)."""

    NONE = 0
    INSERTION = 1
    DELETION = 2
    OLD = 3  # a substitution's old text
    NEW = 4  # a substitution's new text
    HIGHLIGHT = 5
    COMMENT = 6


# Markup that puts the parser where a carried mark left off, read before the line.
_PREFIX = {
    Carry.NONE: "",
    Carry.INSERTION: OPENERS[MarkKind.INSERTION],
    Carry.DELETION: OPENERS[MarkKind.DELETION],
    Carry.OLD: OPENERS[MarkKind.SUBSTITUTION],
    Carry.NEW: OPENERS[MarkKind.SUBSTITUTION] + SEPARATOR,
    Carry.HIGHLIGHT: OPENERS[MarkKind.HIGHLIGHT],
    Carry.COMMENT: OPENERS[MarkKind.COMMENT],
}
_CARRY_OF = {
    MarkKind.INSERTION: Carry.INSERTION,
    MarkKind.DELETION: Carry.DELETION,
    MarkKind.HIGHLIGHT: Carry.HIGHLIGHT,
    MarkKind.COMMENT: Carry.COMMENT,
}


@dataclass(frozen=True)
class Paint:
    """``line[start:end]`` is painted as ``kind`` (over what was painted before it)."""

    start: int
    end: int
    kind: MarkKind


@dataclass(frozen=True)
class LineMarks:
    """A line's review marks for the highlighter.

    ``carry``: the mark left open at the line's end. ``broken``: the mark carried into the
    line does not close after all (an edit below took its closer away), so the lines above
    were painted for a mark that is not there and need painting again. ``stray_closer``: the
    line holds a closer outside any mark, which an opener on a line above may now reach."""

    paints: list[Paint]
    carry: Carry = Carry.NONE
    broken: bool = False
    stray_closer: bool = False


def line_marks(
    line: str, carried: Carry, following: Iterable[str], document_start: bool = False
) -> LineMarks:
    """The review marks of ``line`` (in a paragraph, outside code), given what the line above
    left open; ``following`` yields the lines below, read only as far as needed."""
    if not line.strip():
        return LineMarks([], Carry.NONE, broken=carried is not Carry.NONE)
    if carried is Carry.NONE and "{" not in line and "}" not in line:
        return LineMarks([])
    prefix = _PREFIX[carried]
    own, state = mask_line(line, NORMAL, document_start and carried is Carry.NONE)
    texts, scans = [prefix + line], [prefix + own]
    line_end = len(texts[0])
    ahead = iter(following)
    exhausted = False
    while True:
        text, scan = "\n".join(texts), "\n".join(scans)
        parsed = parse(text, scan)
        pending = next((p for p in parsed.problems if p.unclosed and p.start < line_end), None)
        if pending is None or exhausted:
            break
        closer = CLOSERS[_kind_at(text, pending.start)]
        # Read on to that mark's closer: then the parse says whether it is a mark.
        while True:
            below = next(ahead, None)
            if below is None or not below.strip():
                exhausted = True
                break
            if state == NORMAL and "`" not in below and "~" not in below:
                below_scan = below  # no code can start here: nothing to mask
            else:
                below_scan, state = mask_line(below, state, False)
            texts.append(below)
            scans.append(below_scan)
            if closer in below_scan:
                break
    offset = len(prefix)
    paints: list[Paint] = []
    carry = Carry.NONE
    for mark in parsed.marks:
        if mark.start >= line_end:
            break
        for start, end, kind in _pieces(mark):
            start, end = max(start, offset), min(end, line_end)
            if start < end:
                paints.append(Paint(start - offset, end - offset, kind))
        if mark.end > line_end:
            carry = _carry_at(mark, line_end)
    broken = carried is not Carry.NONE and any(p.start == 0 for p in parsed.problems)
    return LineMarks(paints, carry, broken, _stray_closer(scan, parsed.marks, offset, line_end))


def _kind_at(text: str, start: int) -> MarkKind:
    return next(kind for kind, opener in OPENERS.items() if text.startswith(opener, start))


def _own_end(mark: Mark) -> int:
    """Where the mark's own markup ends (its attached comment, if any, follows)."""
    if mark.kind is MarkKind.SUBSTITUTION:
        return mark.start + 2 * _EDGE + len(mark.text) + len(SEPARATOR) + len(mark.replacement)
    return mark.start + 2 * _EDGE + len(mark.text)


def _pieces(mark: Mark) -> list[tuple[int, int, MarkKind]]:
    """The spans of ``mark`` to paint, in order: its own markup as its kind, then a
    substitution's new text as an insertion; an attached comment as a comment (only: the
    comment on a deletion is not deleted)."""
    own_end = _own_end(mark) if mark.kind is not MarkKind.COMMENT else mark.end
    pieces = [(mark.start, own_end, mark.kind)]
    if mark.kind is MarkKind.SUBSTITUTION:
        new_end = own_end - _EDGE
        pieces.append((new_end - len(mark.replacement), new_end, MarkKind.INSERTION))
    if own_end < mark.end:
        pieces.append((own_end, mark.end, MarkKind.COMMENT))
    return pieces


def _carry_at(mark: Mark, position: int) -> Carry:
    """The part of ``mark`` that ``position`` (a line's end inside it) is in."""
    if mark.kind is MarkKind.COMMENT or position >= _own_end(mark):
        return Carry.COMMENT
    if mark.kind is MarkKind.SUBSTITUTION:
        return Carry.OLD if position < mark.start + _EDGE + len(mark.text) else Carry.NEW
    return _CARRY_OF[mark.kind]


def _stray_closer(scan: str, marks: list[Mark], start: int, end: int) -> bool:
    for closer in CLOSERS.values():
        found = scan.find(closer, start, end)
        while found >= 0:
            if not any(mark.start <= found < mark.end for mark in marks):
                return True
            found = scan.find(closer, found + 1, end)
    return False
