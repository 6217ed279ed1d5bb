"""The one parser of CriticMarkup review marks: insertions, deletions, substitutions,
highlights and comments, with their offsets, text and the comment's author and date.

Syntax (as the CriticMarkup spec):

- ``{++added++}``, ``{--deleted--}``, ``{~~old~>new~~}``, ``{==highlighted==}``, ``{>>comment<<}``
- a comment written right after another mark belongs to it: ``{==text==}{>>why?<<}``
- the comment form with a reviewer and a date: ``{>>Jane Doe 2026-12-01: the comment<<}``
  (a name, a space, an ISO date, a colon); any other comment is its body alone.

Marks never nest and never cross a paragraph break (a blank line). Code spans, fenced code
and the front matter are not read for marks. A mark that does not close, or holds another
mark, is left as text and reported as a ``Problem``: never swallowed.

Offsets are Python string indices into the text given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from editor.core.md_syntax import NORMAL, Kind, tokenize_line


class MarkKind(Enum):
    """What a review mark is."""

    INSERTION = "insertion"
    DELETION = "deletion"
    SUBSTITUTION = "substitution"
    HIGHLIGHT = "highlight"  # {==text==}, with or without a comment
    COMMENT = "comment"  # a comment standing alone, {>>text<<}


CHANGE_KINDS = frozenset({MarkKind.INSERTION, MarkKind.DELETION, MarkKind.SUBSTITUTION})

OPENERS = {
    MarkKind.INSERTION: "{++",
    MarkKind.DELETION: "{--",
    MarkKind.SUBSTITUTION: "{~~",
    MarkKind.HIGHLIGHT: "{==",
    MarkKind.COMMENT: "{>>",
}
CLOSERS = {
    MarkKind.INSERTION: "++}",
    MarkKind.DELETION: "--}",
    MarkKind.SUBSTITUTION: "~~}",
    MarkKind.HIGHLIGHT: "==}",
    MarkKind.COMMENT: "<<}",
}
SEPARATOR = "~>"
_KIND_BY_TAG = {opener[1:]: kind for kind, opener in OPENERS.items()}
_OPENER = re.compile(r"\{(\+\+|--|~~|==|>>)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SIGNED = re.compile(r"^\s*(?P<author>[^\s:][^:\n]*?)\s+(?P<date>\d{4}-\d{2}-\d{2})\s*:\s?")
# Code and front matter are masked with a character no mark is made of, keeping offsets.
_MASK = "\x00"


@dataclass(frozen=True)
class Comment:
    """A reviewer's comment: ``body`` without the signature; ``author``/``date`` or ""."""

    body: str
    author: str = ""
    date: str = ""


@dataclass(frozen=True)
class Mark:
    """One review mark: ``text[start:end]`` is all of its markup, an attached comment too.

    ``text`` is the inserted, deleted, old or highlighted text ("" for a lone comment);
    ``replacement`` the new text of a substitution.
    """

    start: int
    end: int
    kind: MarkKind
    text: str = ""
    replacement: str = ""
    comment: Comment | None = None

    @property
    def is_change(self) -> bool:
        return self.kind in CHANGE_KINDS

    @property
    def author(self) -> str:
        return self.comment.author if self.comment else ""


@dataclass(frozen=True)
class Problem:
    """Markup that is not a mark: ``text[start:end]`` is the opener left as text;
    ``unclosed`` when no closer follows in its paragraph (else it holds another mark)."""

    start: int
    end: int
    message: str
    unclosed: bool = False


@dataclass(frozen=True)
class Parsed:
    """The marks of a text in order, and the markup that could not be read."""

    marks: list[Mark]
    problems: list[Problem]


def parse_comment(raw: str) -> Comment:
    """A comment's body, and its author and date when it is signed ("Name YYYY-MM-DD: ...")."""
    signed = _SIGNED.match(raw)
    if signed is None:
        return Comment(raw.strip())
    return Comment(raw[signed.end() :].strip(), signed.group("author"), signed.group("date"))


def signed_comment(body: str, author: str, date: str) -> str:
    """The markup of a comment, signed when ``author`` is known."""
    signature = f"{author} {date}: " if author.strip() else ""
    return f"{OPENERS[MarkKind.COMMENT]}{signature}{body}{CLOSERS[MarkKind.COMMENT]}"


def masked(text: str, document_start: bool = True) -> str:
    """``text`` with code and front matter replaced by a mask character, offsets kept;
    ``document_start``: the text's first line is the document's (front matter may open)."""
    if "{" not in text:
        return text
    out: list[str] = []
    state = NORMAL
    for number, line in enumerate(text.split("\n")):
        line, state = mask_line(line, state, document_start and number == 0)
        out.append(line)
    return "\n".join(out)


def mask_line(line: str, state: int, first_line: bool) -> tuple[str, int]:
    """One line masked as ``masked`` does, given the highlighter's line state before it; the
    state after it."""
    spans, state = tokenize_line(line, state, first_line)
    chars = None
    for span in spans:
        if span.kind in (Kind.CODE, Kind.META):
            chars = chars or list(line)
            chars[span.start : span.start + span.length] = _MASK * span.length
    return ("".join(chars) if chars is not None else line), state


def parse(text: str, code_masked: str | None = None) -> Parsed:
    """Every review mark of ``text``; ``code_masked`` is ``masked(text)`` when known."""
    marks: list[Mark] = []
    problems: list[Problem] = []
    if "{" not in text:
        return Parsed(marks, problems)
    scan = masked(text) if code_masked is None else code_masked
    position = 0
    while True:
        opener = _OPENER.search(scan, position)
        if opener is None:
            break
        kind = _KIND_BY_TAG[opener.group(1)]
        found = _closed(scan, opener.start(), kind)
        if isinstance(found, Problem):
            problems.append(found)
            position = opener.end()
            continue
        body_end, end = found
        body = text[opener.end() : body_end]
        mark = _mark(opener.start(), end, kind, body)
        if mark is None:
            problems.append(
                Problem(opener.start(), opener.end(), f"substitution without '{SEPARATOR}'")
            )
            position = opener.end()
            continue
        if kind is not MarkKind.COMMENT and scan.startswith(OPENERS[MarkKind.COMMENT], end):
            attached = _closed(scan, end, MarkKind.COMMENT)
            if not isinstance(attached, Problem):
                raw = text[end + len(OPENERS[MarkKind.COMMENT]) : attached[0]]
                mark = Mark(
                    mark.start, attached[1], kind, mark.text, mark.replacement, parse_comment(raw)
                )
        marks.append(mark)
        position = mark.end
    return Parsed(marks, problems)


def _closed(scan: str, start: int, kind: MarkKind) -> tuple[int, int] | Problem:
    """Where the mark opened at ``start`` closes: (body end, mark end), or why it does not."""
    body_start = start + len(OPENERS[kind])
    close = scan.find(CLOSERS[kind], body_start)
    paragraph = _PARAGRAPH_BREAK.search(scan, body_start, close if close >= 0 else len(scan))
    name = kind.value
    if close < 0 or paragraph is not None:
        message = f"unclosed {name} '{OPENERS[kind]}' (no '{CLOSERS[kind]}' in its paragraph)"
        return Problem(start, body_start, message, unclosed=True)
    if _OPENER.search(scan, body_start, close):
        message = f"{name} '{OPENERS[kind]}' holds another review mark (marks do not nest)"
        return Problem(start, body_start, message)
    return close, close + len(CLOSERS[kind])


def _mark(start: int, end: int, kind: MarkKind, body: str) -> Mark | None:
    if kind is MarkKind.SUBSTITUTION:
        old, separator, new = body.partition(SEPARATOR)
        if not separator:
            return None
        return Mark(start, end, kind, old, new)
    if kind is MarkKind.COMMENT:
        return Mark(start, end, kind, "", "", parse_comment(body))
    return Mark(start, end, kind, body)


def has_marks(text: str) -> bool:
    """Whether ``text`` holds any review mark (a text without an opener is not parsed)."""
    return _OPENER.search(text) is not None and bool(parse(text).marks)


def mark_at(marks: list[Mark], position: int) -> Mark | None:
    """The mark holding ``position`` (its edges included), if any."""
    for mark in marks:
        if mark.start <= position <= mark.end:
            return mark
        if mark.start > position:
            break
    return None
