"""Pandoc's citation syntax: ``[see @key, pp. 1-3; -@other]`` and ``@key [p. 4]`` in running
text, parsed into clusters of citation items. Qt-free and independent of any style."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CitationItem:
    """One cited work inside a cluster."""

    key: str
    prefix: str = ""  # "see"
    locator: str = ""  # "33", "1-3", "iv"
    label: str = "page"  # the CSL locator term: page, chapter, section...
    suffix: str = ""  # text after the locator, e.g. ", emphasis added"
    suppress_author: bool = False  # [-@key]


@dataclass(frozen=True)
class Cluster:
    """The items of one citation: ``[@a; @b]`` or, ``narrative``, ``@a`` in running text."""

    items: tuple[CitationItem, ...]
    narrative: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.items)


# A key starts with a letter, digit or underscore; inside it pandoc also allows :.#$%&-+?<>~/,
# but not at its end, so "see @smith2020." cites smith2020. "@{any key}" is the escape hatch.
KEY = r"[^\W](?:[\w:.#$%&\-+?<>~/]*\w)?"
_BRACED_KEY = r"\{[^{}]+\}"

# A cluster in brackets: [@a], [see @a, p. 4; -@b]. Not a link's text, which goes on "(" or "[".
BRACKETED = re.compile(r"\[(?P<inner>[^\[\]]*?-?@[^\[\]]*)\](?![(\[])")
# A key in running text, but not in an e-mail address (ann@example.org) or after "]": with an
# optional locator in brackets after it: @smith2020 [p. 4]. As in pandoc, the white space
# between them may hold one line break, so a locator wrapped to the next line still belongs.
NARRATIVE = re.compile(
    rf"(?<![\w@.\]\\])@(?P<key>{KEY}|{_BRACED_KEY})"
    r"(?:(?:[ \t]+\n?|\n)[ \t]*\[(?P<locator>[^\[\]@]*)\])?"
)

_ITEM = re.compile(
    # The prefix, if any, ends in white space: "email@x" is no citation.
    rf"^(?P<prefix>(?:.*?\s)?)(?P<suppress>-?)@(?P<key>{KEY}|{_BRACED_KEY})(?P<rest>.*)$",
    re.DOTALL,
)

# Locator terms as authors write them, and the CSL locator each one means.
_TERMS = {
    "page": ("p.", "pp.", "p", "pp", "page", "pages", "pg.", "pgs."),
    "chapter": ("chap.", "chaps.", "chap", "ch.", "chapter", "chapters"),
    "section": ("sec.", "secs.", "section", "sections", "§", "§§"),
    "paragraph": ("para.", "paras.", "paragraph", "paragraphs", "¶", "¶¶"),
    "figure": ("fig.", "figs.", "figure", "figures"),
    "volume": ("vol.", "vols.", "volume", "volumes"),
    "line": ("l.", "ll.", "line", "lines"),
    "note": ("n.", "nn.", "note", "notes"),
    "column": ("col.", "cols.", "column", "columns"),
    "book": ("bk.", "bks.", "book", "books"),
    "issue": ("no.", "nos.", "issue", "issues"),
    "opus": ("op.", "opp.", "opus", "opera"),
    "part": ("pt.", "pts.", "part", "parts"),
    "verse": ("v.", "vv.", "verse", "verses"),
    "sub-verbo": ("s.v.", "s.vv.", "sub verbo"),
    "folio": ("fol.", "fols.", "folio", "folios"),
}
_LABELS = {term: label for label, terms in _TERMS.items() for term in terms}
_TERM_PATTERN = "|".join(re.escape(term) for term in sorted(_LABELS, key=len, reverse=True))
# A locator: a term (or none: a bare number is a page) and a value such as "33", "1-3",
# "iv-x" or "12, 15"; a comma followed by a word that is not a number starts the suffix.
_VALUE = r"[\w\-–—/.:]*\d[\w\-–—/.:]*|[ivxlcdmIVXLCDM]+(?:[-–][ivxlcdmIVXLCDM]+)?"
_LOCATOR = re.compile(
    rf"^\s*,?\s*(?:(?P<term>(?i:{_TERM_PATTERN}))(?:\s+|(?=\d)))?"
    rf"(?P<value>(?:{_VALUE})(?:\s*(?:,|&|and)\s*(?:{_VALUE}))*)(?P<suffix>.*)$",
    re.DOTALL,
)


def parse_cluster(inner: str) -> Cluster | None:
    """The cluster written between brackets (``see @a, p. 4; -@b``); ``None`` when it is not
    a citation (every part separated by ";" must hold a key, as in pandoc)."""
    items = []
    for part in inner.split(";"):
        match = _ITEM.match(part.strip())
        if match is None:
            return None
        locator, label, suffix = split_locator(match.group("rest"))
        items.append(
            CitationItem(
                key=_unbrace(match.group("key")),
                prefix=match.group("prefix").strip(),
                locator=locator,
                label=label,
                suffix=suffix,
                suppress_author=bool(match.group("suppress")),
            )
        )
    return Cluster(tuple(items)) if items else None


def parse_narrative(key: str, locator_text: str | None = None) -> Cluster:
    """The cluster of ``@key`` in running text, with an optional ``[p. 4]`` after it."""
    locator, label, suffix = split_locator(locator_text or "")
    return Cluster((CitationItem(_unbrace(key), "", locator, label, suffix),), narrative=True)


def split_locator(rest: str) -> tuple[str, str, str]:
    """(locator, label, suffix) from what follows a key: ", pp. 1-3, emphasis added"."""
    text = rest.rstrip()
    if not text.strip():
        return "", "page", ""
    match = _LOCATOR.match(text)
    if match is None:
        return "", "page", text
    stripped = text.lstrip()
    term = match.group("term")
    # A term, or a comma, must introduce the locator: "@a 33" is a suffix, as in pandoc.
    if term is None and not stripped.startswith(",") and not stripped[:1].isdigit():
        return "", "page", text
    label = _LABELS.get(term.lower(), "page") if term else "page"
    return match.group("value").strip(), label, match.group("suffix")


def _unbrace(key: str) -> str:
    return key[1:-1] if key.startswith("{") and key.endswith("}") else key


def citation_text(items: list[CitationItem] | tuple[CitationItem, ...]) -> str:
    """The pandoc text of a cluster of ``items``: ``[see @a, p. 4; -@b]``."""
    return f"[{'; '.join(item_text(item) for item in items)}]"


def item_text(item: CitationItem) -> str:
    """One item as written inside brackets: ``see -@key, chap. 2``."""
    key = item.key if re.fullmatch(KEY, item.key) else f"{{{item.key}}}"
    text = f"{'-' if item.suppress_author else ''}@{key}"
    if item.prefix:
        text = f"{item.prefix} {text}"
    if item.locator:
        term = _TERMS.get(item.label, ("p.",))[0]
        if item.label == "page" and re.search(r"[-–,&]", item.locator):
            term = "pp."
        text += f", {term} {item.locator}"
    return text + item.suffix


def cluster_at(line: str, column: int) -> tuple[int, int] | None:
    """The span [start, end) of the bracketed citation cluster of ``line`` that holds
    ``column`` (a cursor just before the closing bracket counts as inside), if any."""
    for match in BRACKETED.finditer(line):
        if match.start() < column <= match.end() - 1 and parse_cluster(match.group("inner")):
            return match.start(), match.end()
    return None
