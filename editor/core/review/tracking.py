"""Track Changes as text edits: an edit the author makes (typing, deleting, replacing a
selection) rewritten into the CriticMarkup that records it, merged with the mark beside it.

A new line is typed into the insertion like any text, and a deleted line break is a deletion
like any character (the lines stay apart until it is accepted). A blank line is never inside
a mark (it ends a paragraph, and marks stay in theirs), so a mark is cut there: the blank
line itself, a new paragraph, is the one edit that is not recorded.

Qt-free and local: it reads only ``segment``, the lines the edit touches (all the lines of
the marks it touches), so its cost never grows with the document. Offsets are code points
into ``segment``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from editor.core.review.criticmarkup import CLOSERS, OPENERS, Mark, MarkKind, parse

_INS_OPEN, _INS_CLOSE = OPENERS[MarkKind.INSERTION], CLOSERS[MarkKind.INSERTION]
_DEL_OPEN, _DEL_CLOSE = OPENERS[MarkKind.DELETION], CLOSERS[MarkKind.DELETION]
_EDGE = 3  # every opener and closer is three characters
# A paragraph break with the blank lines after it: never inside a mark.
_BREAK = re.compile(r"\n(?:[ \t]*\n)+")


@dataclass(frozen=True)
class TrackedEdit:
    """Replace ``segment[start:end]`` by ``replacement``, then put the cursor at ``cursor``
    (an offset into the segment after the edit). ``None`` replacement: only move."""

    start: int
    end: int
    replacement: str
    cursor: int


class TrackingError(ValueError):
    """The edit cannot be recorded as review marks (it cuts through a comment)."""


def _inside_body(mark: Mark, start: int, end: int) -> bool:
    """Whether [start, end] lies within ``mark``'s own text (for an insertion: its body)."""
    if mark.kind is MarkKind.INSERTION:
        body_end = mark.end - _EDGE - _comment_length(mark)
        return mark.start + _EDGE <= start and end <= body_end
    if mark.kind is MarkKind.SUBSTITUTION:
        new_end = mark.end - _EDGE - _comment_length(mark)
        new_start = new_end - len(mark.replacement)
        return new_start <= start and end <= new_end
    return False


def _comment_length(mark: Mark) -> int:
    if mark.comment is None:
        return 0
    close = mark.end
    # The attached comment is the tail from its opener; find it from the mark's own closer.
    return close - (mark.start + _own_length(mark))


def _own_length(mark: Mark) -> int:
    if mark.kind is MarkKind.SUBSTITUTION:
        return 2 * _EDGE + len(mark.text) + 2 + len(mark.replacement)
    return 2 * _EDGE + len(mark.text)


def _own_end(mark: Mark) -> int:
    """Where ``mark``'s own markup ends (an attached comment follows)."""
    return mark.start + _own_length(mark)


def _mark_over(marks: list[Mark], start: int, end: int) -> list[Mark]:
    return [mark for mark in marks if mark.start < end and start < mark.end]


def _wrap(opener: str, closer: str, body: str, cursor: int) -> tuple[str, int]:
    """``body`` marked up with ``opener`` and ``closer``, one mark per paragraph of it (empty
    ones left out), and where its offset ``cursor`` is in the markup: inside a mark at its
    edge rather than outside it, so typing goes on in that mark."""
    out: list[str] = []
    size = 0
    where: int | None = None
    position = 0
    for gap in [*_BREAK.finditer(body), None]:
        piece_end = gap.start() if gap is not None else len(body)
        piece = body[position:piece_end]
        if piece:
            if where is None and position <= cursor <= piece_end:
                where = size + len(opener) + cursor - position
            out.append(f"{opener}{piece}{closer}")
            size += len(opener) + len(piece) + len(closer)
        elif where is None and cursor == position:
            where = size
        if gap is not None:
            if where is None and piece_end < cursor < gap.end():
                where = size + cursor - piece_end
            out.append(gap.group())
            size += len(gap.group())
            position = gap.end()
    return "".join(out), size if where is None else where


def _inserted(start: int, end: int, body: str, cursor: int, before: str = "") -> TrackedEdit:
    """Replace ``segment[start:end]`` by ``before`` and ``body`` marked inserted, the cursor at
    the body's offset ``cursor``."""
    markup, where = _wrap(_INS_OPEN, _INS_CLOSE, body, cursor)
    return TrackedEdit(start, end, before + markup, start + len(before) + where)


def insert(segment: str, position: int, text: str) -> TrackedEdit:
    """Typing (or pasting) ``text`` at ``position``; Enter types "\n"."""
    marks = parse(segment).marks
    for mark in marks:
        if _inside_body(mark, position, position):
            if mark.kind is MarkKind.INSERTION:
                at = position - mark.start - _EDGE
                body = mark.text[:at] + text + mark.text[at:]
                if _BREAK.search(body):
                    return _inserted(mark.start, _own_end(mark), body, at + len(text))
            elif mark.kind is MarkKind.SUBSTITUTION:
                at = position - (_own_end(mark) - _EDGE - len(mark.replacement))
                new = mark.replacement[:at] + text + mark.replacement[at:]
                if _BREAK.search(new):  # the old text deleted, the new one per paragraph
                    deleted = f"{_DEL_OPEN}{mark.text}{_DEL_CLOSE}"
                    return _inserted(mark.start, _own_end(mark), new, at + len(text), deleted)
            return TrackedEdit(position, position, text, position + len(text))
        if mark.start < position < mark.end:
            position = mark.end  # inside markup or deleted text: type after the mark
            break
    before = next((m for m in marks if m.end == position), None)
    if before is not None and before.kind is MarkKind.INSERTION and before.comment is None:
        body = before.text + text
        if _BREAK.search(body):
            return _inserted(before.start, before.end, body, len(body))
        at = position - _EDGE
        return TrackedEdit(at, at, text, at + len(text))
    after = next((m for m in marks if m.start == position), None)
    if after is not None and after.kind is MarkKind.INSERTION and after.comment is None:
        body = text + after.text
        if _BREAK.search(body):
            return _inserted(after.start, after.end, body, len(text))
        at = position + _EDGE
        return TrackedEdit(at, at, text, at + len(text))
    return _inserted(position, position, text, len(text))


def delete(segment: str, position: int, backward: bool) -> TrackedEdit | None:
    """Backspace (``backward``) or Delete at ``position`` with nothing selected."""
    marks = parse(segment).marks
    if backward:
        if position == 0:
            return None
        target = position - 1
        before = next((m for m in marks if m.end == position), None)
        if before is not None:
            if before.kind is MarkKind.INSERTION and before.comment is None:
                return _delete_inserted(before, before.end - _EDGE - 1, position)
            if before.kind is MarkKind.DELETION and before.comment is None:
                return _extend_deletion_left(segment, marks, before)
            return TrackedEdit(position, position, "", before.start)  # step over the mark
    else:
        if position >= len(segment):
            return None
        target = position
        after = next((m for m in marks if m.start == position), None)
        if after is not None:
            if after.kind is MarkKind.INSERTION and after.comment is None:
                return _delete_inserted(after, after.start + _EDGE, position)
            if after.kind is MarkKind.DELETION and after.comment is None:
                return _extend_deletion_right(segment, marks, after)
            return TrackedEdit(position, position, "", after.end)
    for mark in marks:
        if _inside_body(mark, target, target + 1):
            return _delete_inserted(mark, target, position)
        if mark.start <= target < mark.end:
            # Markup or deleted text: step over it rather than break the mark.
            return TrackedEdit(position, position, "", mark.start if backward else mark.end)
    # Plain text: merge with a deletion on the other side of it, else wrap it.
    neighbour = next(
        (m for m in marks if (m.start == position if backward else m.end == position)), None
    )
    char = segment[target]
    merged = None
    if neighbour is not None:
        merged = char + neighbour.text if backward else neighbour.text + char
    if (
        neighbour is not None
        and neighbour.kind is MarkKind.DELETION
        and neighbour.comment is None
        and not _BREAK.search(merged or "")
    ):
        if backward:
            return TrackedEdit(target, position + _EDGE, f"{_DEL_OPEN}{char}", target)
        return TrackedEdit(position - _EDGE, target + 1, f"{char}{_DEL_CLOSE}", target + 1)
    wrapped = f"{_DEL_OPEN}{char}{_DEL_CLOSE}"
    return TrackedEdit(target, target + 1, wrapped, target if backward else target + len(wrapped))


def _delete_inserted(mark: Mark, target: int, position: int) -> TrackedEdit:
    """Deleting one's own inserted text removes it; an insertion left empty goes too, and
    one left holding a blank line (its middle line deleted) is cut there."""
    if mark.kind is MarkKind.INSERTION and len(mark.text) == 1:
        return TrackedEdit(mark.start, mark.end, "", mark.start)
    if mark.kind is MarkKind.INSERTION:
        at = target - mark.start - _EDGE
        body = mark.text[:at] + mark.text[at + 1 :]
        if _BREAK.search(body):
            return _inserted(mark.start, _own_end(mark), body, at)
    return TrackedEdit(target, target + 1, "", target)


def _extend_deletion_left(segment: str, marks: list[Mark], mark: Mark) -> TrackedEdit:
    target = mark.start - 1
    if target < 0 or any(m.start <= target < m.end for m in marks):
        return TrackedEdit(mark.end, mark.end, "", mark.start)
    char = segment[target]
    if _BREAK.search(char + mark.text):  # a blank line would be inside it: a mark of its own
        return TrackedEdit(target, target + 1, f"{_DEL_OPEN}{char}{_DEL_CLOSE}", target)
    return TrackedEdit(target, mark.start + _EDGE, f"{_DEL_OPEN}{char}", target)


def _extend_deletion_right(segment: str, marks: list[Mark], mark: Mark) -> TrackedEdit:
    target = mark.end
    if target >= len(segment) or any(m.start <= target < m.end for m in marks):
        return TrackedEdit(mark.start, mark.start, "", mark.end)
    char = segment[target]
    if _BREAK.search(mark.text + char):
        wrapped = f"{_DEL_OPEN}{char}{_DEL_CLOSE}"
        return TrackedEdit(target, target + 1, wrapped, target + len(wrapped))
    return TrackedEdit(mark.end - _EDGE, target + 1, f"{char}{_DEL_CLOSE}", target + 1)


def replace(segment: str, start: int, end: int, text: str) -> TrackedEdit:
    """Replacing the selection ``segment[start:end]`` by ``text`` ("" to delete it).

    Inside one's own insertion it is a plain edit. Otherwise the selection grows to the
    whole of any mark it cuts into, and what it held of the original text (plain text,
    deleted text, a substitution's old side; never inserted text) becomes the deletion or
    the old side of a substitution: marks are never nested.
    """
    marks = parse(segment).marks
    for mark in marks:
        if _inside_body(mark, start, end):
            if mark.kind is MarkKind.INSERTION:
                at, to = start - mark.start - _EDGE, end - mark.start - _EDGE
                body = mark.text[:at] + text + mark.text[to:]
                if _BREAK.search(body):
                    return _inserted(mark.start, _own_end(mark), body, at + len(text))
            elif _BREAK.search(text):  # a substitution's new text: as insert() does it
                edit = insert(segment[:start] + segment[end:], start, text)
                return TrackedEdit(
                    edit.start, edit.end + (end - start), edit.replacement, edit.cursor
                )
            return TrackedEdit(start, end, text, start + len(text))
    covered = _mark_over(marks, start, end)
    if any(m.kind in (MarkKind.COMMENT, MarkKind.HIGHLIGHT) or m.comment for m in covered):
        raise TrackingError("the selection holds a comment: resolve it first")
    if covered:
        start = min(start, covered[0].start)
        end = max(end, covered[-1].end)
    original: list[str] = []
    position = start
    for mark in covered:
        original.append(segment[position : mark.start])
        if mark.kind in (MarkKind.DELETION, MarkKind.SUBSTITUTION):
            original.append(mark.text)
        position = mark.end
    original.append(segment[position:end])
    old = "".join(original)
    if not old and not text:
        return TrackedEdit(start, end, "", start)
    if not old:
        return _inserted(start, end, text, len(text))
    deleted, _ = _wrap(_DEL_OPEN, _DEL_CLOSE, old, len(old))
    if not text:
        return TrackedEdit(start, end, deleted, start + len(deleted))
    if _BREAK.search(old) or _BREAK.search(text):  # no substitution across paragraphs
        return _inserted(start, end, text, len(text), deleted)
    markup = f"{OPENERS[MarkKind.SUBSTITUTION]}{old}~>{text}{CLOSERS[MarkKind.SUBSTITUTION]}"
    return TrackedEdit(start, end, markup, start + len(markup) - _EDGE)
