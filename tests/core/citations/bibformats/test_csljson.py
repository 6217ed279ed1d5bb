"""The CSL-JSON reader: ids, names and dates repaired into the shapes CSL expects, odd values
tolerated, each item's line found, and a syntax error costing only what follows it."""

from __future__ import annotations

from pathlib import Path

from editor.core.citations.bibformats import read_csl_json
from editor.core.citations.bibliography import load_bibliography

BIB = Path(__file__).resolve().parents[3] / "fixtures" / "bib"


def test_items_are_cleaned_and_faults_reported_by_line():
    library = load_bibliography(BIB / "items.json")
    assert list(library.entries) == ["smith2020", "42", "keyonly", "excess", "notype"]
    entries = library.entries
    smith = entries["smith2020"]
    assert smith["issued"] == {"date-parts": [[2020, 5, 1]]}  # strings read as numbers
    assert smith["ISSN"] == "1234-5678, 8765-4321"  # a list of ISSNs joined
    assert smith["volume"] == "12"
    assert smith["author"][1] == {"literal": "World Health Organization"}
    assert entries["42"]["id"] == "42"
    assert entries["42"]["editor"] == [{"literal": "Plain String Editor"}]
    assert entries["42"]["issued"]["date-parts"] == [[1999, 3]]  # from "raw"
    assert "issued" not in entries["keyonly"]
    assert entries["excess"]["issued"] == {"date-parts": [[2018, 10, 21]]}
    assert "subtitle" not in entries["excess"]  # an empty list
    assert "reference" not in entries["excess"]  # Crossref's nested lists are not CSL
    assert entries["excess"]["custom-flag"] is True  # unknown simple keys stay
    assert entries["notype"]["type"] == "document"
    assert entries["notype"]["issued"] == {"date-parts": [[2014, 12, 31], [0]]}
    assert [(problem.line, problem.message) for problem in library.problems] == [
        (22, "item 'keyonly': issued has no usable date-parts ([[null]]); dropped"),
        (28, "item 'excess': issued [2018, 10, 21, 13] has more than 3 parts; kept the date"),
        (37, "item 'notype': no type; read as a document"),
        (42, "item 6 has no id; skipped"),
        (45, "item 7 is not a JSON object; skipped"),
        (46, "duplicate key 'smith2020' (first at line 2); this entry is ignored"),
    ]
    assert library.locations["excess"] == (BIB / "items.json", 28)


def test_a_syntax_error_keeps_the_items_before_it():
    text = '[\n  {"id": "a", "type": "book"},\n  {"id": "b", "type": "book"}\n  {"id": "c"}\n]'
    result = read_csl_json(text)
    assert [entry.key for entry in result.entries] == ["a", "b"]
    assert result.problems == [
        (4, "not valid JSON (Expecting ',' delimiter); the 2 items before it were read")
    ]


def test_items_object_and_single_item_forms():
    wrapped = read_csl_json('{"items": [{"id": "a", "type": "book"}]}')
    single = read_csl_json('{"id": "b", "type": "book", "title": "Alone"}')
    assert [entry.key for entry in wrapped.entries] == ["a"]
    assert single.entries[0].item == {"id": "b", "type": "book", "title": "Alone"}


def test_not_json_at_all_is_one_problem():
    result = read_csl_json("TY  - JOUR\nER  -\n")
    assert result.entries == []
    assert result.problems == [(1, "not CSL-JSON: expected a list of items")]


def test_id_wins_over_citation_key_as_pandoc_reads_it():
    result = read_csl_json(
        '[{"id": "http://zotero.org/1", "citation-key": "smith", "type": "book"}]'
    )
    assert result.entries[0].key == "http://zotero.org/1"
