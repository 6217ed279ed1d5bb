"""Resolving review marks: accepting or rejecting one or all, and the three views of a text
that export offers (pandoc's ``--track-changes`` words): ``accept``, ``reject`` and ``all``."""

from __future__ import annotations

import html
from dataclasses import dataclass
from enum import Enum

from editor.core.review.criticmarkup import Comment, Mark, MarkKind, Parsed, parse


class TrackChanges(Enum):
    """How review marks are exported: as if accepted, as if rejected, or all shown."""

    ACCEPT = "accept"
    REJECT = "reject"
    ALL = "all"


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


def _rewrite(text: str, parsed: Parsed, piece) -> str:
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
    return f"{who}: {comment.body}" if who else comment.body


def marked_html(mark: Mark) -> str:
    """The ``all`` view of one mark: inline HTML that markdown keeps and the sanitizer admits.

    The marked text stays markdown (python-markdown reads inside inline tags); a comment is
    shown twice: as the highlight's title (on hover) and as a visible note (for print)."""
    parts: list[str] = []
    if mark.kind is MarkKind.INSERTION:
        parts.append(f'<ins class="ae-ins">{mark.text}</ins>')
    elif mark.kind is MarkKind.DELETION:
        parts.append(f'<del class="ae-del">{mark.text}</del>')
    elif mark.kind is MarkKind.SUBSTITUTION:
        parts.append(
            f'<del class="ae-del">{mark.text}</del><ins class="ae-ins">{mark.replacement}</ins>'
        )
    elif mark.kind is MarkKind.HIGHLIGHT:
        if mark.comment is None:
            parts.append(f'<mark class="ae-highlight">{mark.text}</mark>')
        else:
            title = html.escape(_note(mark.comment), quote=True)
            parts.append(f'<mark class="ae-comment" title="{title}">{mark.text}</mark>')
    if mark.comment is not None:
        note = html.escape(_note(mark.comment), quote=True)
        parts.append(f'<span class="ae-note" title="{note}">{note}</span>')
    return "".join(parts)


def show_all(text: str) -> str:
    """``text`` with every mark as inline HTML: insertions, deletions and comments visible."""
    return _rewrite(text, parse(text), marked_html)


def view(text: str, mode: TrackChanges) -> str:
    """The markdown to render (or to hand another writer) for ``mode``."""
    if "{" not in text:
        return text
    if mode is TrackChanges.ACCEPT:
        return accept_all(text)
    if mode is TrackChanges.REJECT:
        return reject_all(text)
    return show_all(text)


def resolve_all_edits(text: str, accept: bool) -> list[Edit]:
    """The edits, last first, that accept (or reject) every mark: apply them in this order."""
    return [resolve_edit(mark, accept) for mark in reversed(parse(text).marks)]
