"""Open review marks as findings for ``check``: every unresolved change and comment, and
markup that is not a mark, so an article is never submitted with review marks by accident."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from editor.core.review.criticmarkup import Mark, MarkKind, parse

_SNIPPET = 60


@dataclass(frozen=True)
class ReviewFinding:
    """One finding. ``line``/``column`` are 1-based, in code points, where it starts;
    ``end_line``/``end`` where it ends (the column just past it). ``kind`` is ``change``,
    ``comment`` or ``review-syntax``."""

    line: int
    column: int
    end_line: int
    end: int
    kind: str
    message: str
    text: str


def describe(mark: Mark) -> str:
    """A short sentence saying what ``mark`` is, for ``check`` and the Review panel."""
    by = f" by {mark.comment.author}" if mark.comment and mark.comment.author else ""
    if mark.kind is MarkKind.INSERTION:
        what = f"insertion{by}: '{_snippet(mark.text)}'"
    elif mark.kind is MarkKind.DELETION:
        what = f"deletion{by}: '{_snippet(mark.text)}'"
    elif mark.kind is MarkKind.SUBSTITUTION:
        what = f"substitution{by}: '{_snippet(mark.text)}' -> '{_snippet(mark.replacement)}'"
    elif mark.kind is MarkKind.HIGHLIGHT and mark.comment is None:
        what = f"highlight: '{_snippet(mark.text)}'"
    else:
        what = f"comment{by}: '{_snippet(mark.comment.body if mark.comment else '')}'"
    if mark.is_change and mark.comment is not None and mark.comment.body:
        what += f" (comment: '{_snippet(mark.comment.body)}')"
    return what


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _SNIPPET else flat[: _SNIPPET - 1] + "…"


def review_findings(text: str) -> list[ReviewFinding]:
    """Every open review mark and malformed piece of review markup in ``text``, in order."""
    parsed = parse(text)
    if not parsed.marks and not parsed.problems:
        return []
    starts = [0]
    starts.extend(index + 1 for index, char in enumerate(text) if char == "\n")

    def where(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    found: list[tuple[int, ReviewFinding]] = []
    for mark in parsed.marks:
        line, column = where(mark.start)
        end_line, end = where(mark.end)
        kind = "change" if mark.is_change else "comment"
        message = f"unresolved {describe(mark)}"
        found.append(
            (
                mark.start,
                ReviewFinding(
                    line, column, end_line, end, kind, message, text[mark.start : mark.end]
                ),
            )
        )
    for problem in parsed.problems:
        line, column = where(problem.start)
        end_line, end = where(problem.end)
        found.append(
            (
                problem.start,
                ReviewFinding(
                    line,
                    column,
                    end_line,
                    end,
                    "review-syntax",
                    problem.message,
                    text[problem.start : problem.end],
                ),
            )
        )
    return [finding for _, finding in sorted(found, key=lambda pair: pair[0])]
