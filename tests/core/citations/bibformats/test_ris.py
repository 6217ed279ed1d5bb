"""The RIS reader: records between TY and ER, tagless continuation lines, ``nan`` values, old
and new tags, the date forms of each exporter, made-up keys, and files that are not RIS."""

from __future__ import annotations

from pathlib import Path

from editor.core.citations.bibformats import read_ris
from editor.core.citations.bibliography import load_bibliography

BIB = Path(__file__).resolve().parents[3] / "fixtures" / "bib"


def test_sample_records():
    library = load_bibliography(BIB / "sample.ris")
    entries = library.entries
    assert list(entries) == [
        "vandeSchoot2021",
        "Smith2014",
        "Smith2014a",
        "Doe2019",
        "pubmed123",
        "Smith2014b",
        "Author",
        "Unknown",
    ]
    first = entries["vandeSchoot2021"]
    assert first["type"] == "article-journal"
    assert first["author"] == [
        {"non-dropping-particle": "van de", "family": "Schoot", "given": "Rens"},
        {"non-dropping-particle": "de", "family": "Bruin", "given": "Jonathan"},
        {"family": "Liu", "given": "R."},
    ]
    assert first["issued"] == {"date-parts": [[2021, 2, 1]]}
    assert "issue" not in first  # "nan"
    assert first["page"] == "125-133"
    assert first["DOI"] == "10.1038/s42256-020-00287-7"
    assert first["keyword"] == "Machine learning, Systematic reviews, Active learning"
    assert first["abstract"] == "The abstract runs over two lines."
    assert first["note"] == "A note with HTML"
    assert first["container-title-short"] == "Nat Mach Intell"

    old = entries["Smith2014"]
    assert (old["title"], old["container-title"]) == ("Old Tags from Embase", "Journal of Old Tags")
    assert old["issued"] == {"date-parts": [[2014]]}
    assert old["page"] == "349-69"  # an abbreviated range, kept as given
    book = entries["Smith2014a"]
    assert (book["type"], book["ISBN"], book["edition"]) == ("book", "978-3-16-148410-0", "2")
    chapter = entries["Doe2019"]
    assert chapter["editor"] == [{"family": "Editor", "given": "Ed"}]
    assert chapter["container-title"] == "The Edited Book"
    assert chapter["issued"] == {"date-parts": [[2019, 3, 1]]}  # DA "Mar 1" with PY 2019
    pubmed = entries["pubmed123"]
    assert pubmed["issued"] == {"date-parts": [[2011, 6]]}
    assert "edition" not in pubmed  # EndNote's ET holds the e-publication date
    assert entries["Author"]["type"] == "webpage"

    assert [(problem.line, problem.message) for problem in library.problems] == [
        (78, "record has no 'TY  -' line; skipped"),
        (82, "record 'Unknown': unknown RIS type 'NOTATYPE'; read as a document"),
        (82, "record 'Unknown': year '10 15' is not a date; left out"),
    ]
    assert library.locations["Doe2019"] == (BIB / "sample.ris", 46)


def test_bom_crlf_and_a_missing_er(tmp_path):
    path = tmp_path / "export.ris"
    path.write_bytes(
        b"\xef\xbb\xbfTY  - JOUR\r\nAU  - Harrison, Warren\r\nPY  - 2001/09/01/\r\nER  -\r\n"
        b"\r\nTY  - BOOK\r\nTI  - Cut short\r\n"
    )
    library = load_bibliography(path)
    assert list(library.entries) == ["Harrison2001", "Cut"]
    assert library.entries["Harrison2001"]["issued"] == {"date-parts": [[2001, 9, 1]]}
    assert [str(problem) for problem in library.problems] == [
        f"{path}:6: record has no 'ER  -' line (is the file cut short?)"
    ]


def test_repeated_ids_keep_both_records():
    text = "TY  - JOUR\nID  - 1\nTI  - A\nER  -\nTY  - JOUR\nID  - 1\nTI  - B\nER  -\n"
    result = read_ris(text)
    assert [entry.key for entry in result.entries] == ["1", "1a"]
    assert result.problems == [
        (5, "record '1a': ID '1' is used by an earlier record; key '1a' given")
    ]


def test_web_of_science_is_not_ris():
    result = read_ris("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Smith, J\nER\n")
    assert result.entries == []
    assert result.problems == [
        (
            None,
            "not a RIS file: this is Web of Science's tagged format; "
            "export the records as RIS (or BibTeX) instead",
        )
    ]


def test_an_author_with_no_comma_is_an_organisation():
    """'AU  - Yale Medicine' cannot be RIS's "Last, First": it stays whole, not "Medicine, Y."."""
    text = (
        "TY  - ELEC\nID  - yale\nAU  - Yale Medicine\nAU  - Smith, Jane\nAU  - Liu RJ\n"
        "TI  - Ketamine\nER  -\n"
    )
    (entry,) = read_ris(text).entries
    assert entry.item["author"] == [
        {"literal": "Yale Medicine"},
        {"family": "Smith", "given": "Jane"},
        {"family": "Liu", "given": "RJ"},
    ]
