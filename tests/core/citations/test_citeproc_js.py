"""Our formatting against citeproc-js (Zotero's and Mendeley's processor), run at test time on
the same items, clusters, style and locale files (tests/oracle), in nine styles.

The fixture (tests/fixtures/citations/oracle/document.md) holds every citation form and every
item type a clinician cites. What still differs is listed, each with its reason, in
known_differences.json (written by ``python -m tests.oracle.known``): the test fails on any
new difference and on any listed one that is gone, so the list stays exact.
"""

from __future__ import annotations

import json
import re

import pytest

from editor.core.citations.formatter import CitationFormatter, CitationStyle
from editor.core.citations.syntax import CitationItem, Cluster
from tests.oracle import format_with_citeproc_js
from tests.oracle.agreement import FIXTURES, STYLES, clusters, compare, library, normal

KNOWN = json.loads((FIXTURES / "oracle" / "known_differences.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", list(STYLES))
def test_differences_from_citeproc_js_are_exactly_the_known_ones(name, citeproc_js):
    agreement = compare(STYLES[name])
    found = {what: (ours, js) for what, ours, js in agreement.differences}
    known = {what: (item["ours"], item["citeproc-js"]) for what, item in KNOWN[name].items()}
    assert found == known
    assert all(item["reason"] for item in KNOWN[name].values())


def test_the_comparison_covers_every_item_type_and_citation_form(citeproc_js):
    from tests.oracle.agreement import clusters, library

    cited = {key for cluster in clusters() for key in cluster.keys}
    types = {item["type"] for item in library() if item["id"] in cited}
    assert {
        "article-journal",
        "book",
        "chapter",
        "webpage",
        "report",
        "article",
        "thesis",
        "dataset",
    } <= types
    items = [item for cluster in clusters() for item in cluster.items]
    assert any(c.narrative and c.items[0].locator for c in clusters())
    assert any(item.prefix for item in items) and any(item.suffix for item in items)
    assert any(item.suppress_author for item in items)
    assert {"page", "chapter", "section", "figure", "volume", "line", "paragraph"} <= {
        item.label for item in items if item.locator
    }


def test_cite_them_right_agrees_but_for_the_listed_differences(citeproc_js):
    """The issue's fixes hold: locale terms, the collapse delimiter, particles, full stops."""
    names = {what for what in KNOWN["Cite Them Right Harvard"]}
    for fixed in (
        "citation 7 (wilson2014)",
        "citation 53 (daly2018 daly2019)",
        "citation 49 (dalembert1751)",
        "entry dalembert1751",
        "entry breitenbucher2014a",
    ):
        assert fixed not in names


def _fields(entry: str) -> tuple[str, ...]:
    """An entry's second-field-align elements: the number's and the text's (or the entry)."""
    entry = re.sub(r"</div>\s+<div", "</div><div", entry.strip())
    found = re.fullmatch(
        r'<div class="csl-left-margin">(.*?)</div><div class="csl-right-inline">(.*)</div>', entry
    )
    return (normal(found.group(1)), normal(found.group(2))) if found else (normal(entry),)


@pytest.mark.parametrize(
    "name", ["AMA", "Vancouver (Elsevier)", "IEEE", "Nature", "BMJ", "The Lancet"]
)
def test_a_numbered_entry_has_its_number_apart_as_citeproc_js_writes_it(name, citeproc_js):
    """second-field-align: the number in csl-left-margin, the rest in csl-right-inline (which
    the style sheet sets side by side), the very elements citeproc-js writes."""
    items = library()
    document = clusters()
    formatted = CitationFormatter(
        {item["id"]: item for item in items}, CitationStyle(STYLES[name], "en-GB")
    ).format(document)
    theirs = format_with_citeproc_js(items, document, STYLES[name], "en-GB")
    assert theirs.second_field_align == "flush"
    ours = dict(zip(formatted.bibliography_keys, formatted.bibliography, strict=True))
    for key, entry in zip(theirs.bibliography_keys, theirs.bibliography, strict=True):
        mine, js = _fields(ours[key]), _fields(entry)
        assert len(mine) == len(js) == 2, (key, ours[key])
        assert mine[0] == js[0]  # "1." or "[1]", as the style writes the number
        assert f"entry {key}" in KNOWN[name] or mine[1] == js[1]


@pytest.mark.parametrize("name", ["Cite Them Right Harvard", "APA 7th", "Chicago author-date"])
def test_date_ranges_print_as_citeproc_js_prints_them(name, citeproc_js):
    """The era once when both ends share it ("100–44 BC", "79–85 AD"); a range within one
    year, in a style showing only years, is that year (citeproc-py printed nothing)."""
    ranges = {"bc": [[-100], [-44]], "ad": [[79], [85]], "year": [[-44, 3], [-44, 5]]}
    ranges["modern"] = [[2019, 3], [2019, 5]]
    items = [
        {"id": key, "type": "book", "title": "T", "author": [{"family": key}], "issued": parts}
        for key, parts in {key: {"date-parts": value} for key, value in ranges.items()}.items()
    ]
    document = [Cluster((CitationItem(item["id"]),)) for item in items]
    ours = CitationFormatter(
        {item["id"]: item for item in items}, CitationStyle(STYLES[name], "en-GB")
    ).format(document)
    theirs = format_with_citeproc_js(items, document, STYLES[name], "en-GB")
    assert [normal(cite) for cite in ours.clusters] == [normal(c) for c in theirs.clusters]
    assert [normal(entry) for entry in ours.bibliography] == [
        normal(entry) for entry in theirs.bibliography
    ]
    assert any("100–44" in normal(cite) for cite in ours.clusters)


def test_a_range_across_the_eras_keeps_both():
    # citeproc-js prints [-20]–[30] as "20–30 BC", fifty years off; both eras are kept here
    item = {"id": "y", "type": "book", "title": "T", "issued": {"date-parts": [[-20], [30]]}}
    formatted = CitationFormatter({"y": item}, CitationStyle()).format(
        [Cluster((CitationItem("y"),))]
    )
    assert "20 BC–30 AD" in formatted.clusters[0]
