"""Finding and replacing in plain text: the options of a find bar, as one compiled pattern.

Qt-free so the window's find bar and any future command share one reading of "whole words",
"regular expression", "match case" and "in selection". Positions are Python code points; the
GUI converts them to Qt's UTF-16 positions where the two meet (``core/textpos``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class FindError(ValueError):
    """The query cannot be searched for (an invalid regular expression); the message says why."""


@dataclass(frozen=True)
class FindQuery:
    """What to look for and how."""

    text: str
    match_case: bool = False
    whole_words: bool = False
    regex: bool = False

    def compile(self) -> re.Pattern[str]:
        """The query as one pattern; raises ``FindError`` for an invalid regular expression."""
        body = self.text if self.regex else re.escape(self.text)
        if self.whole_words:
            # Lookarounds rather than \b, so a query that starts or ends with a non-word
            # character ("-dose", "C++") still means "not inside a longer word".
            body = rf"(?<!\w)(?:{body})(?!\w)"
        flags = re.MULTILINE
        if not self.match_case:
            flags |= re.IGNORECASE
        try:
            return re.compile(body, flags)
        except re.error as error:
            raise FindError(f"invalid regular expression: {error}") from error


@dataclass(frozen=True)
class Match:
    """One match: text[start:end]."""

    start: int
    end: int


def find_all(text: str, query: FindQuery, start: int = 0, end: int | None = None) -> list[Match]:
    """Every non-empty match of ``query`` in ``text[start:end]`` in one pass, in order.

    Empty matches (``^``, ``\\b``) are skipped: a find bar cannot show or step through them.
    """
    if not query.text:
        return []
    pattern = query.compile()
    end = len(text) if end is None else end
    return [
        Match(found.start(), found.end())
        for found in pattern.finditer(text, start, end)
        if found.end() > found.start()
    ]


def expand(text: str, query: FindQuery, match: Match, replacement: str) -> str:
    """What the match at ``match`` becomes: ``replacement`` as written, or, for a regular
    expression, with its groups (``\\1``, ``\\g<name>``) filled in."""
    if not query.regex:
        return replacement
    found = query.compile().match(text, match.start, match.end)
    if found is None or found.end() != match.end:
        # The text moved since the match was found; the caller found it in this text.
        raise FindError("the match is no longer in the text")
    try:
        return found.expand(replacement)
    except (re.error, IndexError) as error:
        raise FindError(f"invalid replacement: {error}") from error


@dataclass(frozen=True)
class Replacement:
    """One splice of a Replace All: text[start:end] becomes ``text``."""

    start: int
    end: int
    text: str


def replace_all(
    text: str, query: FindQuery, replacement: str, start: int = 0, end: int | None = None
) -> list[Replacement]:
    """The splices that replace every match of ``query`` in ``text[start:end]``, in order,
    regex groups expanded; empty matches are left alone, as ``find_all`` skips them, so the
    count the bar shows is the count replaced."""
    if not query.text:
        return []
    pattern = query.compile()
    end = len(text) if end is None else end
    splices = []
    try:
        for found in pattern.finditer(text, start, end):
            if found.end() == found.start():
                continue
            new = found.expand(replacement) if query.regex else replacement
            splices.append(Replacement(found.start(), found.end(), new))
    except (re.error, IndexError) as error:
        raise FindError(f"invalid replacement: {error}") from error
    return splices


def apply(text: str, splices: list[Replacement]) -> str:
    """``text`` with the ordered, non-overlapping ``splices`` made."""
    pieces = []
    position = 0
    for splice in splices:
        pieces.append(text[position : splice.start])
        pieces.append(splice.text)
        position = splice.end
    pieces.append(text[position:])
    return "".join(pieces)
