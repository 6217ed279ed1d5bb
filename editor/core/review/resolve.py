"""Resolving review marks: accepting or rejecting one or all, and the three views of a text
that export offers (pandoc's ``--track-changes`` words): ``accept``, ``reject`` and ``all``.

The ``all`` view comes in two markups: HTML's (``<ins>``, ``<del>``, comments as visible notes)
for the preview, the HTML export and the PDF, and Word's: the spans pandoc's DOCX writer turns
into Word's own tracked changes and comments, with the reviewer and date of a signed comment.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from editor.core.review.criticmarkup import Comment, Mark, MarkKind, Parsed, parse


class TrackChanges(Enum):
    """How review marks are exported: as if accepted, as if rejected, or all shown."""

    ACCEPT = "accept"
    REJECT = "reject"
    ALL = "all"


class ReviewMarkup(Enum):
    """How the ``all`` view writes marks: as HTML shows them, or as Word keeps them."""

    HTML = "html"
    WORD = "word"  # pandoc's insertion, deletion and comment spans, for its DOCX writer


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement``."""

    start: int
    end: int
    replacement: str


def resolved(mark: Mark, accept: bool) -> str:
    """What ``mark`` becomes when accepted (or rejected); comments go either way."""
    if mark.kind is MarkKind.INSERTION:
        return mark.text if accept else ""
    if mark.kind is MarkKind.DELETION:
        return "" if accept else mark.text
    if mark.kind is MarkKind.SUBSTITUTION:
        return mark.replacement if accept else mark.text
    return mark.text  # a highlight keeps its text, a lone comment has none


def resolve_edit(mark: Mark, accept: bool) -> Edit:
    """The edit that accepts (or rejects) ``mark``."""
    return Edit(mark.start, mark.end, resolved(mark, accept))


def _rewrite(text: str, parsed: Parsed, piece: Callable[[Mark], str]) -> str:
    out: list[str] = []
    position = 0
    for mark in parsed.marks:
        out.append(text[position : mark.start])
        out.append(piece(mark))
        position = mark.end
    out.append(text[position:])
    return "".join(out)


def accept_all(text: str) -> str:
    """``text`` as if every change were accepted and no comment made."""
    return _rewrite(text, parse(text), lambda mark: resolved(mark, True))


def reject_all(text: str) -> str:
    """``text`` as it was before the review: every change rejected, no comment."""
    return _rewrite(text, parse(text), lambda mark: resolved(mark, False))


def _note(comment: Comment) -> str:
    who = ", ".join(part for part in (comment.author, comment.date) if part)
    if not comment.body:
        return who
    return f"{who}: {comment.body}" if who else comment.body


def _noted(mark: Mark) -> bool:
    """Whether ``mark``'s comment says something: a signed comment with no text after the
    signature (``{>>Name YYYY-MM-DD:<<}``) only names who made a change, and when."""
    return mark.comment is not None and (bool(mark.comment.body) or mark.kind is MarkKind.COMMENT)


def marked_html(mark: Mark) -> str:
    """The ``all`` view of one mark: inline HTML that markdown keeps and the sanitizer admits.

    The marked text stays markdown (python-markdown reads inside inline tags); a comment is
    shown twice: as the marked text's title (on hover) and as a visible note (for print); a
    signature alone is only the title."""
    title = ""
    if mark.comment is not None:
        title = f' title="{html.escape(_note(mark.comment), quote=True)}"'
    parts: list[str] = []
    if mark.kind is MarkKind.INSERTION:
        parts.append(f'<ins class="ae-ins"{title}>{mark.text}</ins>')
    elif mark.kind is MarkKind.DELETION:
        parts.append(f'<del class="ae-del"{title}>{mark.text}</del>')
    elif mark.kind is MarkKind.SUBSTITUTION:
        parts.append(
            f'<del class="ae-del"{title}>{mark.text}</del>'
            f'<ins class="ae-ins"{title}>{mark.replacement}</ins>'
        )
    elif mark.kind is MarkKind.HIGHLIGHT:
        if mark.comment is None:
            parts.append(f'<mark class="ae-highlight">{mark.text}</mark>')
        else:
            parts.append(f'<mark class="ae-comment"{title}>{mark.text}</mark>')
    if mark.comment is not None and _noted(mark):
        note = html.escape(_note(mark.comment), quote=True)
        parts.append(f'<span class="ae-note" title="{note}">{note}</span>')
    return "".join(parts)


def word_html(mark: Mark) -> str:
    """The ``all`` view of one mark for Word: pandoc reads ``<span class="insertion">`` and
    ``"deletion"`` as tracked changes and a ``comment-start``/``comment-end`` pair as a
    comment on what lies between (``resources/pandoc/rendered_html.lua`` numbers the pairs);
    ``data-author``/``data-date`` give the reviewer and the date of a signed comment."""
    signed = ""
    comment = mark.comment
    if comment is not None:
        if comment.author:
            signed += f' data-author="{html.escape(comment.author, quote=True)}"'
        if comment.date:
            signed += f' data-date="{comment.date}T00:00:00Z"'
    if mark.kind is MarkKind.INSERTION:
        marked = f'<span class="insertion"{signed}>{mark.text}</span>'
    elif mark.kind is MarkKind.DELETION:
        marked = f'<span class="deletion"{signed}>{mark.text}</span>'
    elif mark.kind is MarkKind.SUBSTITUTION:
        marked = (
            f'<span class="deletion"{signed}>{mark.text}</span>'
            f'<span class="insertion"{signed}>{mark.replacement}</span>'
        )
    elif mark.kind is MarkKind.HIGHLIGHT and not _noted(mark):
        marked = f'<mark class="ae-highlight">{mark.text}</mark>'
    else:
        marked = mark.text  # a comment's text, or nothing for a comment alone
    if comment is None or not _noted(mark):
        return marked
    body = html.escape(comment.body or _note(comment), quote=False)
    start = f'<span class="comment-start"{signed}>{body}</span>'
    return f'{start}{marked}<span class="comment-end"></span>'


def show_all(text: str, markup: ReviewMarkup = ReviewMarkup.HTML) -> str:
    """``text`` with every mark as inline HTML: insertions, deletions and comments visible
    (``markup``: as HTML shows them or as Word keeps them)."""
    writer = marked_html if markup is ReviewMarkup.HTML else word_html
    return _rewrite(text, parse(text), writer)


def view(text: str, mode: TrackChanges, markup: ReviewMarkup = ReviewMarkup.HTML) -> str:
    """The markdown to render (or to hand another writer) for ``mode``; ``markup`` says how
    the ``all`` view writes the marks."""
    if "{" not in text:
        return text
    if mode is TrackChanges.ACCEPT:
        return accept_all(text)
    if mode is TrackChanges.REJECT:
        return reject_all(text)
    return show_all(text, markup)


def resolve_all_edits(text: str, accept: bool) -> list[Edit]:
    """The edits, last first, that accept (or reject) every mark: apply them in this order."""
    return [resolve_edit(mark, accept) for mark in reversed(parse(text).marks)]
