"""A line tokenizer for markdown highlighting: which spans of a line are headings, emphasis,
links, code, citations... The GUI's highlighter only maps these kinds to formats.

Offsets are Python string indices (code points); the GUI converts them to Qt's UTF-16 units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    """What a highlighted span is."""

    HEADING = "heading"
    EMPHASIS = "emphasis"
    STRONG = "strong"
    CODE = "code"  # code spans, fenced code and fences
    LINK_TEXT = "link_text"
    URL = "url"
    QUOTE = "quote"
    LIST_MARKER = "list_marker"
    CITATION = "citation"
    FOOTNOTE = "footnote"
    HTML = "html"
    RULE = "rule"
    META = "meta"  # front matter
    META_KEY = "meta_key"


@dataclass(frozen=True)
class Span:
    """``length`` characters from ``start`` are of ``kind``."""

    start: int
    length: int
    kind: Kind


# Line states carried from one line to the next.
NORMAL = 0
FRONT_MATTER = 1
_FENCE_BASE = 100  # 100 + 2 * fence length + (1 for tildes): inside a fenced code block

# A code fence opens or closes: up to three spaces, then three or more backticks or tildes.
# The one home of this rule: block splitting uses it too.
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t].*)?$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE = re.compile(r"^ {0,3}>")
_LIST = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?=[ \t])")
_META_KEY = re.compile(r"^[A-Za-z_][\w-]*:")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_INLINE = [
    (Kind.STRONG, re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")),
    (Kind.EMPHASIS, re.compile(r"(?<![*\w])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![*\w])")),
    (
        Kind.URL,
        re.compile(
            r"<(?:https?|mailto|ftp):[^>\s]+>|\bhttps?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]"
        ),
    ),
    (Kind.FOOTNOTE, re.compile(r"\[\^[^\]\s]+\]")),
    (Kind.CITATION, re.compile(r"(?<![\w@.])-?@[\w][\w:.#$%&\-+?<>~/]*(?<=[\w])")),
    (Kind.HTML, re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")),
]
_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")


def tokenize_line(line: str, state: int, first_line: bool) -> tuple[list[Span], int]:
    """Spans of ``line`` and the state for the next line, given the previous line's state."""
    if first_line and line.rstrip() == "---":
        return [Span(0, len(line), Kind.META)], FRONT_MATTER
    if state == FRONT_MATTER:
        if line.rstrip() in ("---", "..."):
            return [Span(0, len(line), Kind.META)], NORMAL
        meta = [Span(0, len(line), Kind.META)]
        key = _META_KEY.match(line)
        if key:
            meta.append(Span(0, key.end(), Kind.META_KEY))
        return meta, FRONT_MATTER
    if state >= _FENCE_BASE:
        char = "~" if (state - _FENCE_BASE) % 2 else "`"
        length = (state - _FENCE_BASE) // 2
        stripped = line.strip()
        closes = stripped.startswith(char * length) and set(stripped) == {char}
        return [Span(0, len(line), Kind.CODE)], NORMAL if closes else state
    fence = FENCE.match(line)
    if fence:
        marker = fence.group(1)
        next_state = _FENCE_BASE + 2 * len(marker) + (1 if marker[0] == "~" else 0)
        return [Span(0, len(line), Kind.CODE)], next_state
    if _RULE.match(line):
        return [Span(0, len(line), Kind.RULE)], NORMAL
    spans: list[Span] = []
    if _HEADING.match(line):
        spans.append(Span(0, len(line), Kind.HEADING))
    elif _QUOTE.match(line):
        spans.append(Span(0, len(line), Kind.QUOTE))
    else:
        listed = _LIST.match(line)
        if listed:
            spans.append(Span(0, listed.end(), Kind.LIST_MARKER))
    spans.extend(_inline_spans(line))
    return spans, NORMAL


def _inline_spans(line: str) -> list[Span]:
    """Inline spans; nothing inside a code span is highlighted but the code itself."""
    spans: list[Span] = []
    masked = list(line)
    for match in _CODE_SPAN.finditer(line):
        spans.append(Span(match.start(), match.end() - match.start(), Kind.CODE))
        masked[match.start() : match.end()] = " " * (match.end() - match.start())
    text = "".join(masked)
    for match in _LINK.finditer(text):
        spans.append(Span(match.start(1), len(match.group(1)), Kind.LINK_TEXT))
        spans.append(Span(match.start(2), len(match.group(2)), Kind.URL))
    for kind, pattern in _INLINE:
        for match in pattern.finditer(text):
            spans.append(Span(match.start(), match.end() - match.start(), kind))
    return spans
