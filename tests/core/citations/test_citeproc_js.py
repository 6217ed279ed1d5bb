"""Our formatting against citeproc-js (Zotero's and Mendeley's processor), run at test time on
the same items, clusters, style and locale files (tests/oracle), in nine styles.

The fixture (tests/fixtures/citations/oracle/document.md) holds every citation form and every
item type a clinician cites. What still differs is listed, each with its reason, in
known_differences.json (written by ``python -m tests.oracle.known``): the test fails on any
new difference and on any listed one that is gone, so the list stays exact.
"""

from __future__ import annotations

import json

import pytest

from tests.oracle.agreement import FIXTURES, STYLES, compare

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
