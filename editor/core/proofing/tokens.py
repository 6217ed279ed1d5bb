"""Which words of a markdown document to spell-check: the prose, never code, addresses, citation
keys, labels or markup. Qt-free; offsets are code points, as in ``md_syntax``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from editor.core.md_syntax import FRONT_MATTER, NORMAL, tokenize_line
from editor.core.review.criticmarkup import MarkKind, parse


@dataclass(frozen=True)
class WordSpan:
    """One word to check: ``line[start:end] == word``."""

    start: int
    end: int
    word: str


# Combining marks belong to the letter before them (a decomposed "é" is one word, not two).
_MARK = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_LETTER = rf"(?:[^\W_]|[{_MARK}])"
# Apostrophes join letters ("don't", "ketamine’s"); hyphens, dots and slashes split words, so
# "double-blind" is checked as "double" and "blind".
_WORD = re.compile(rf"{_LETTER}+(?:['’]{_LETTER}+)*")

_PATH_STOP = r"\s\[\]()<>\"'`"
_PATH_CHAR = f"[^{_PATH_STOP}]"

# Text that is never prose, each pattern with the text a line must hold for it to be tried
# (most prose lines hold none, and the scans are the cost of a full check). Masks may overlap.
# Each pattern is anchored (a literal or a lookbehind) so that a long line without spaces,
# such as a data URI, stays linear.
_NOT_PROSE = tuple(
    (triggers, re.compile(pattern))
    for triggers, pattern in (
        ("`", r"(`+)(?!`).*?(?<!`)\1(?!`)"),  # code span
        ("$", r"\$\$.+?\$\$|(?<![\\$\w])\$(?=[^\s$])(?:\\.|[^$\\])*?(?<=[^\s\\])\$(?!\d)"),  # math
        ("\\", r"\\[A-Za-z]+"),  # a TeX command outside math
        ("<", r"<[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*>|<[^<>\s@]+@[^<>\s@]+>"),  # autolink
        (("://", "www.", "mailto:"), r"\b(?:(?:https?|ftp)://|www\.|mailto:)\S+"),  # bare URL
        ("@", r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+"),  # e-mail address
        ("@", r"(?<![\w@.])-?@(?:\{[^}]*\}|\w[\w:.#$%&\-+?<>~/]*)"),  # citation key
        ("10.", r"(?i:\bdoi:\s*)?\b10\.\d{4,9}/\S+"),  # DOI
        ("[^", r"\[\^[^\]\s]*\]"),  # footnote label, also of a definition
        ("](", r"\]\((?:[^()]|\([^()]*\))*\)"),  # link or image target and title
        ("][", r"\]\[[^\]]*\]"),  # reference link label
        # The opening bracket of those links (their text stays prose), so that the bracket
        # check does not see it alone once the closing one is blanked with the target.
        (("](", "]["), r"!?\[(?=[^\[\]]*\][(\[])"),
        ("]:", r"^ {0,3}\[(?!\^)[^\]]+\]:[ \t]*\S*"),  # reference definition: label and URL
        ("<", r"</?[A-Za-z][A-Za-z0-9\-]*(?:\s[^<>]*)?/?>"),  # HTML tag with its attributes
        ("&", r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);"),  # HTML entity
        ("{", r"\{[#.=:\-][^{}]*\}|\{[A-Za-z][\w\-]*=[^{}]*\}"),  # attributes {#id .c k=v}
        # A path: /usr/x, ~/x, ./x, or two slashes (mg/kg/day); "and/or" is prose.
        (
            "/",
            rf"(?<!{_PATH_CHAR})(?:~|\.{{1,2}})?/{_PATH_CHAR}+"
            rf"|(?<!{_PATH_CHAR})[^/{_PATH_STOP}]*/[^/{_PATH_STOP}]*/{_PATH_CHAR}*",
        ),
        # A domain or file name without a scheme: example.org, refs.bib, figure.svg.
        (
            re.compile(r"\w\.\w"),
            r"(?i)(?<![\w.\-])[\w\-]+(?:\.[\w\-]+)*\.(?:com|org|net|edu|gov|int|io|info|uk"
            r"|eu|de|fr|nl|au|ca|bib|csl|json|ya?ml|md|markdown|svg|png|jpe?g|gif|pdf|html?|css"
            r"|js|csv|tsv|txt|py|tex|docx?|xlsx?|pptx?|odt|zip)\b",
        ),
    )
)

_FRONT_MATTER_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w\-]*)[ \t]*:(?=\s|$)")
# Front-matter keys whose values are paths, codes or options, not prose.
_UNCHECKED_KEYS = frozenset(
    """bibliography csl lang date nocite header-includes include-before include-after
    documentclass classoption geometry papersize fontfamily mainfont sansfont monofont fontsize
    linestretch linkcolor urlcolor citecolor css output template link-citations orcid doi url
    """.split()
)


def spell_spans(
    line: str, state: int, first_line: bool, skip_all_caps: bool = True
) -> tuple[list[WordSpan], int]:
    """Words of one line to check, and the next line's state: the state machine of
    ``md_syntax.tokenize_line``, so the highlighter can keep one state per line for both.

    ``skip_all_caps`` leaves out acronyms (TRD, SSRIs) and mixed-case symbols (mRNA, IgG).
    """
    prose, next_state = prose_text(line, state, first_line)
    if prose is None:
        return [], next_state
    return prose_words(prose, skip_all_caps), next_state


def prose_text(line: str, state: int, first_line: bool) -> tuple[str | None, int]:
    """``line`` with all that is not prose blanked out (offsets unchanged), or ``None`` for a
    line holding no prose (code, fences, unchecked front-matter keys); and the next state."""
    _, next_state = tokenize_line(line, state, first_line)
    plain = (NORMAL, FRONT_MATTER)
    if state not in plain or next_state not in plain:
        return None, next_state  # a fenced code block, its fences and the info string
    if state == FRONT_MATTER:
        if next_state != FRONT_MATTER:
            return None, next_state  # the closing fence
        key = _FRONT_MATTER_KEY.match(line)
        if key and key.group(1).lower() in _UNCHECKED_KEYS:
            return None, next_state
        return _mask_non_prose(line, key.end() if key else 0), next_state
    if next_state == FRONT_MATTER:
        return None, next_state  # the opening fence
    prose = _mask_non_prose(line, 0)
    if "{--" in line or "{~~" in line:
        prose = _mask_deleted(prose, line)  # words on their way out are not the article's
    return prose, next_state


def prose_lines(text: str) -> list[str | None]:
    """``prose_text`` of every line of a document (split on ``\\n``, as the editor's blocks)."""
    state = NORMAL
    found: list[str | None] = []
    for number, line in enumerate(text.split("\n")):
        prose, state = prose_text(line, state, number == 0)
        found.append(prose)
    return found


def document_words(text: str, skip_all_caps: bool = True) -> Iterator[tuple[int, WordSpan]]:
    """(0-based line number, span) for every word to check in a whole document.

    Lines are split on ``\\n`` only, as the editor's blocks are, so numbers match the editor's.
    """
    for number, prose in enumerate(prose_lines(text)):
        if prose is not None:
            for span in prose_words(prose, skip_all_caps):
                yield number, span


def prose_words(text: str, skip_all_caps: bool) -> list[WordSpan]:
    """The words of a line already masked to its prose."""
    return list(_prose_words(text, skip_all_caps))


# Per line, cached: a re-check after typing (the window's worker) finds most lines unchanged,
# and tokenising is most of what no dictionary cache saves. Both functions are pure.
@lru_cache(maxsize=1 << 16)
def _prose_words(text: str, skip_all_caps: bool) -> tuple[WordSpan, ...]:
    spans = []
    for match in _WORD.finditer(text):
        word = match.group()
        if _should_skip(word, skip_all_caps):
            continue
        spans.append(WordSpan(match.start(), match.end(), word))
    return tuple(spans)


@lru_cache(maxsize=1 << 16)
def _mask_non_prose(line: str, start: int) -> str:
    """``line`` with everything that is not prose blanked out, offsets unchanged."""
    chars: list[str] | None = None
    for triggers, pattern in _NOT_PROSE:
        if not _may_hold(line, triggers):
            continue
        for match in pattern.finditer(line):
            if chars is None:
                chars = list(line)
            chars[match.start() : match.end()] = " " * (match.end() - match.start())
    if start:
        chars = chars if chars is not None else list(line)
        chars[:start] = " " * start
    return line if chars is None else "".join(chars)


def _mask_deleted(text: str, line: str) -> str:
    """``text`` with review deletions and a substitution's old side blanked: words on their
    way out are not the article's to check."""
    chars = list(text)
    for mark in parse(line).marks:
        if mark.kind in (MarkKind.DELETION, MarkKind.SUBSTITUTION):
            # The mark's opener is three characters; the old text follows it.
            start = mark.start + 3
            chars[start : start + len(mark.text)] = " " * len(mark.text)
    return "".join(chars)


def _may_hold(line: str, triggers: str | tuple[str, ...] | re.Pattern[str]) -> bool:
    if isinstance(triggers, str):
        return triggers in line
    if isinstance(triggers, tuple):
        return any(trigger in line for trigger in triggers)
    return triggers.search(line) is not None


def _should_skip(word: str, skip_all_caps: bool) -> bool:
    if word.isalpha() and (word.islower() or word.istitle()):
        return len(word) < 2  # most words: no digit, no apostrophe, no inner capital
    letters = sum(1 for char in word if char.isalpha())
    if letters < 2 or any(char.isnumeric() for char in word):
        return True  # single letters (list labels, variables), numbers, "2nd", "COVID19"
    return skip_all_caps and (_is_acronym(word) or _has_inner_capital(word))


def _is_acronym(word: str) -> bool:
    """TRD, NMDA, and their plurals and possessives: SSRIs, RCT's."""
    core = word
    if core[-2:] in ("'s", "’s"):
        core = core[:-2]
    elif core.endswith("s") and core[:-1].isupper():
        core = core[:-1]
    return core.isupper() and sum(1 for char in core if char.isalpha()) >= 2


def _has_inner_capital(word: str) -> bool:
    """mRNA, CoV, IgG, eGFR, PubMed: names and symbols, not misspelt prose."""
    return any(a.islower() and b.isupper() for a, b in zip(word, word[1:], strict=False))
