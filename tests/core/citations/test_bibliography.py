"""Loading bibliographies through the public entry points: choosing the reader, encodings,
duplicate keys within and across files, problems that name file and line, and the real-world
corpus in ../shared/corpus (skipped when it is not beside the checkout)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from editor.core.citations.bibliography import (
    BibProblem,
    Library,
    load_bibliographies,
    load_bibliography,
)

BIB = Path(__file__).resolve().parents[2] / "fixtures" / "bib"


def _messages(library: Library) -> list[tuple[int | None, str]]:
    return [(problem.line, problem.message) for problem in library.problems]


def test_problem_text_names_file_and_line():
    assert str(BibProblem(Path("refs.bib"), 12, "entry has no citation key")) == (
        "refs.bib:12: entry has no citation key"
    )
    assert str(BibProblem(Path("refs.bib"), None, "no such file")) == "refs.bib: no such file"


def test_a_missing_file_or_a_folder_is_one_problem(tmp_path):
    missing = load_bibliography(tmp_path / "nowhere.bib")
    assert missing.entries == {}
    assert missing.paths == [tmp_path / "nowhere.bib"]
    assert [str(problem) for problem in missing.problems] == [
        f"{tmp_path}/nowhere.bib: no such file"
    ]
    folder = load_bibliography(tmp_path)
    assert _messages(folder) == [(None, "is a folder, not a file")]


def test_an_unknown_format_is_one_problem(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Just some notes, no references here.\n", encoding="utf-8")
    library = load_bibliography(path)
    assert library.entries == {}
    assert _messages(library) == [
        (None, "not a bibliography this editor reads (BibTeX, CSL-JSON or RIS)")
    ]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("TY  - JOUR\nAU  - Smith, John\nPY  - 2020\nER  - \n", "Smith2020"),
        ("@article{smith2020, title = {T}}\n", "smith2020"),
        ('[{"id": "smith2020", "type": "book"}]', "smith2020"),
    ],
)
def test_other_names_are_read_by_what_they_contain(tmp_path, text, key):
    path = tmp_path / "export.txt"
    path.write_text(text, encoding="utf-8")
    library = load_bibliography(path)
    assert list(library.entries) == [key]
    assert library.problems == []


def test_bom_and_crlf_are_read_as_utf8_with_right_lines(tmp_path):
    path = tmp_path / "windows.bib"
    path.write_bytes(
        "\ufeff% Zotero export\r\n\r\n@book{a,\r\n  title = {Ärger},\r\n}\r\n".encode()
    )
    library = load_bibliography(path)
    assert library.entries["a"]["title"] == "Ärger"
    assert library.locations["a"] == (path, 3)
    assert library.problems == []


def test_utf16_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "endnote.ris"
    path.write_bytes("TY  - BOOK\nTI  - Über\nER  - \n".encode("utf-16"))
    library = load_bibliography(path)
    assert [item["title"] for item in library.entries.values()] == ["Über"]


def test_latin1_is_read_and_reported_at_the_first_bad_byte(tmp_path):
    path = tmp_path / "legacy.bib"
    path.write_bytes("@book{a,\n  author = {Müller, Hans},\n}\n".encode("latin-1"))
    library = load_bibliography(path)
    assert library.entries["a"]["author"] == [{"family": "Müller", "given": "Hans"}]
    assert _messages(library) == [
        (
            2,
            "not valid UTF-8 (read as Latin-1, so accented letters may be wrong); "
            "re-export the file as UTF-8",
        )
    ]


def test_windows_1252_quotes_survive(tmp_path):
    path = tmp_path / "word.bib"
    path.write_bytes("@book{a, title = {“Quoted” – text}}\n".encode("cp1252"))
    assert load_bibliography(path).entries["a"]["title"] == "“Quoted” – text"


def test_a_declared_encoding_is_honoured(tmp_path):
    path = tmp_path / "jabref.bib"
    path.write_bytes(
        "% Encoding: windows-1250\n@book{a, author = {Dvořák, Antonín}}\n".encode("cp1250")
    )
    library = load_bibliography(path)
    assert library.entries["a"]["author"] == [{"family": "Dvořák", "given": "Antonín"}]
    assert _messages(library) == [
        (2, "not UTF-8; read as windows-1250, the encoding the file declares")
    ]


def test_first_of_two_files_wins_and_both_places_are_named(tmp_path):
    first = tmp_path / "first.bib"
    second = tmp_path / "second.json"
    first.write_text(
        "@book{shared, title = {First}}\n@book{only1, title = {One}}\n", encoding="utf-8"
    )
    second.write_text(
        json.dumps(
            [{"id": "only2", "type": "book"}, {"id": "shared", "type": "book", "title": "Second"}]
        ),
        encoding="utf-8",
    )
    library = load_bibliographies([first, second])
    assert list(library.entries) == ["shared", "only1", "only2"]
    assert library.entries["shared"]["title"] == "First"
    assert library.paths == [first, second]
    assert library.locations["only2"] == (second, 1)
    assert [str(problem) for problem in library.problems] == [
        f"{second}:1: duplicate key 'shared' (first in {first}:1); this entry is ignored"
    ]


def test_a_file_named_twice_is_read_once(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text("@book{a, title = {A}}\n", encoding="utf-8")
    library = load_bibliographies([path, tmp_path / "." / "refs.bib"])
    assert list(library.entries) == ["a"]
    assert library.problems == []
    assert library.paths == [path]


def test_made_up_ris_keys_are_renamed_rather_than_lost(tmp_path):
    for name in ("a.ris", "b.ris"):
        (tmp_path / name).write_text(
            f"TY  - JOUR\nAU  - Smith, John\nTI  - From {name}\nPY  - 2020\nER  - \n",
            encoding="utf-8",
        )
    library = load_bibliographies([tmp_path / "a.ris", tmp_path / "b.ris"])
    assert list(library.entries) == ["Smith2020", "Smith2020a"]
    assert library.entries["Smith2020a"]["id"] == "Smith2020a"
    assert library.entries["Smith2020a"]["title"] == "From b.ris"
    assert library.problems == []


def test_a_reader_bug_is_a_problem_not_an_exception(tmp_path, monkeypatch):
    # No file makes a reader raise today; this stands for a future bug.
    from editor.core.citations import bibliography

    def broken(text):
        raise RuntimeError("reader bug")

    monkeypatch.setattr(bibliography, "read_ris", broken)
    path = tmp_path / "x.ris"
    path.write_text("TY  - JOUR\nER  - \n", encoding="utf-8")
    library = load_bibliography(path)
    assert library.entries == {}
    assert _messages(library) == [(None, "could not be read (RuntimeError: reader bug)")]


def test_the_library_keeps_file_order_and_ids_match_keys():
    library = load_bibliography(BIB / "types.bib")
    assert list(library.entries)[:3] == ["article", "magazine", "newspaper"]
    assert all(item["id"] == key for key, item in library.entries.items())
    assert library.locations["article"] == (BIB / "types.bib", 3)


# -- the real-world corpus (../shared/corpus/SOURCES.md describes each file) -------------------

CORPUS_COUNTS = {
    "bibtex/biblatex-examples.bib": 92,
    "bibtex/jabref-authors.bib": 212,
    "bibtex/xampl.bib": 36,
    "bibtex/zotero-bbt-export-bunge-901.bibtex": 36,
    "bibtex/zotero-bbt-export-particles-313.biblatex": 53,
    "csl-json/zotero-bbt-export-1179.csl.json": 26,
    "csl-json/zotero-bbt-dates-360-811.csl.json": 15,
    "csl-json/manubot-crossref-deep-review-raw.json": 1,
    "ris/asreview-baseline_zotero.ris": 100,
    "ris/asreview-pubmed_endnote.ris": 6,
    "ris/asreview-embase.ris": 6,
    # 988 entries: 14 repeat an earlier key and one has a brace never closed
    "malformed/bib-paren-entries-unbalanced-873.bib": 973,
    "malformed/bib-endnote-missing-key.bib": 0,
    "malformed/bib-edge-cases-empty-and-paren.bib": 0,
    "malformed/bib-mendeley-web_page.bib": 1,
    "malformed/bib-gbk-encoded.bib": 1,
    "malformed/bib-latin1-encoded.bib": 1,
    "malformed/ris-faulty-year.ris": 1,
    "malformed/ris-citavi-multiline-U3.ris": 7,
    "malformed/ris-ovid-record-numbers.ris": 6,
    "malformed/ris-jabref-corrupted-no-TY.ris": 0,
    "malformed/ris-extraneous-provider-headers.ris": 2,
    "malformed/not-ris-web-of-science.txt": 0,
    "malformed/csljson-null-date-parts.json": 1,
    "malformed/csljson-empty-date-parts.json": 1,
    "malformed/csljson-excess-date-parts.json": 1,
}
CLEAN = [name for name in CORPUS_COUNTS if not name.startswith("malformed/")]


@pytest.mark.parametrize("name", sorted(CORPUS_COUNTS))
def test_corpus_file_loads_with_its_entry_count(shared_corpus, name):
    library = load_bibliography(shared_corpus / name)
    assert len(library.entries) == CORPUS_COUNTS[name]
    assert all(item["id"] == key and item["type"] for key, item in library.entries.items())
    if name in CLEAN:
        assert library.problems == []


def test_corpus_biblatex_examples(shared_corpus):
    entries = load_bibliography(shared_corpus / "bibtex/biblatex-examples.bib").entries
    assert entries["aksin"]["author"][0] == {"family": "Aksın", "given": "Özge"}
    assert entries["aksin"]["author"][3] == {"family": "Çetinkaya", "given": "Bekir"}
    assert entries["vangennep"]["author"] == [
        {"family": "Gennep", "given": "Arnold", "non-dropping-particle": "van"}
    ]
    assert entries["geer"]["author"] == [
        {"family": "Geer", "given": "Ingrid", "dropping-particle": "de"}
    ]
    assert entries["jaffe"]["issued"] == {"date-parts": [[1885], [1888]]}
    assert entries["ctan"]["accessed"] == {"date-parts": [[2006, 10, 1]]}
    assert entries["bertram"]["container-title"] == "J.\u00a0Amer. Math. Soc."  # @string, ~
    assert entries["loh"]["genre"] == "Master’s thesis"
    assert entries["knuth:ct:a"]["volume-title"] == "The TeXbook"
    assert entries["sigfridsson"]["page"] == "377-395"


def test_corpus_jabref_and_xampl(shared_corpus):
    jabref = load_bibliography(shared_corpus / "bibtex/jabref-authors.bib").entries
    assert jabref["GustafssonJohansson2015"]["author"][1] == {
        "family": "Johansson",
        "given": "Håkan",
    }
    pre_adders = jabref["IngemarssonKallstromGustafsson2012"]
    assert pre_adders["editor"][2] == {"family": "Tørresen", "given": "Jim"}
    assert pre_adders["title"] == (
        "Using DSP block pre-adders in pipeline SDF FFT implementations in contemporary FPGAs"
    )
    xampl = load_bibliography(shared_corpus / "bibtex/xampl.bib").entries
    # crossref = {WHOLE-JOURNAL}: BibTeX matches keys without regard to case
    assert xampl["article-crossref"]["volume"] == "41"
    assert xampl["inbook-full"]["issued"] == {"date-parts": [[1973, 10]]}  # \noopsort, month
    assert xampl["whole-set"]["issued"] == {"literal": "1968–90"}  # \switchargs from @preamble
    assert xampl["mastersthesis-full"]["author"] == [{"family": "Masterly", "given": "Édouard"}]


def test_corpus_better_bibtex_exports(shared_corpus):
    particles = load_bibliography(
        shared_corpus / "bibtex/zotero-bbt-export-particles-313.biblatex"
    ).entries
    assert particles["name_FormattingOfParticles"]["author"] == [
        {"family": "Meer", "given": "Gerard", "non-dropping-particle": "van der"}
    ]
    assert particles["bennett_citations_2013"]["author"] == [
        {"family": "Bennett", "given": "Frank G.", "suffix": "Jr."}
    ]
    assert particles["disambiguate_FailWithYearSuffix"]["author"] == [
        {"literal": "Caritas Europa"},
        {"literal": "JRS-Europe"},
    ]
    assert particles["bugreports_GreekStyleProblems"]["author"] == [
        {"family": "Καρυωτάκης", "given": "Κώστας"}
    ]
    assert particles["nameorder_Long"]["author"] == [
        {
            "family": "Martinière",
            "given": "Gérard",
            "non-dropping-particle": "de la",
            "suffix": "III",
        }
    ]
    bunge = load_bibliography(shared_corpus / "bibtex/zotero-bbt-export-bunge-901.bibtex").entries
    assert bunge["Agazzi-1988-ProbabilitySciences"]["accessed"] == {"date-parts": [[2017, 7, 18]]}
    assert bunge["Agassi-1982-Scientificphilosophytoday"]["issued"] == {"date-parts": [[1982]]}


def test_corpus_unbalanced_file_recovers_after_the_fault(shared_corpus):
    path = shared_corpus / "malformed/bib-paren-entries-unbalanced-873.bib"
    library = load_bibliography(path)
    assert "Thiebaux:93" not in library.entries
    assert library.entries["Wellman:WALRAS"]["author"] == [
        {"family": "Wellman", "given": "Michael P."}
    ]
    assert library.locations["Wellman:WALRAS"] == (path, 6534)
    fault = [problem for problem in library.problems if "never closed" in problem.message]
    assert [(problem.line, problem.message.split(":")[0]) for problem in fault] == [
        (6524, "entry 'Thiebaux")
    ]
    duplicates = [problem for problem in library.problems if "duplicate key" in problem.message]
    assert len(duplicates) == 14
    assert (duplicates[0].line, duplicates[0].message) == (
        866,
        "duplicate key 'Schank:80' (first at line 161); this entry is ignored",
    )


def test_corpus_malformed_bibtex_problems(shared_corpus):
    endnote = load_bibliography(shared_corpus / "malformed/bib-endnote-missing-key.bib")
    assert _messages(endnote) == [(2, "@article entry has no citation key; entry skipped")]
    edge = load_bibliography(shared_corpus / "malformed/bib-edge-cases-empty-and-paren.bib")
    assert _messages(edge) == [
        (1, "@foo entry has no citation key; entry skipped"),
        (3, "@article entry has no citation key; entry skipped"),
    ]
    mendeley = load_bibliography(shared_corpus / "malformed/bib-mendeley-web_page.bib")
    assert mendeley.entries["Shapiro2018"]["type"] == "webpage"
    assert mendeley.problems == []
    gbk = load_bibliography(shared_corpus / "malformed/bib-gbk-encoded.bib")
    assert gbk.entries["凯撒2013"]["container-title"] == "测试期刊"
    assert _messages(gbk) == [
        (1, "not UTF-8; read as GBK (Chinese), which it looks like; re-export the file as UTF-8")
    ]
    latin1 = load_bibliography(shared_corpus / "malformed/bib-latin1-encoded.bib")
    assert latin1.entries["test1"]["title"] == "Söme title"
    assert _messages(latin1) == [(7, "not UTF-8; read as latin-1, the encoding the file declares")]


def test_corpus_csl_json(shared_corpus):
    export = load_bibliography(shared_corpus / "csl-json/zotero-bbt-export-1179.csl.json").entries
    assert {"jackson2013", "jackson2013a", "timeusa2019", "timeusa2019a"} <= set(export)
    assert {"literal": "Court of Arbitration for Sport"} in [
        name for item in export.values() for name in item.get("author", [])
    ]
    assert export["brittain2004"]["issued"] == {"date-parts": [[2004]]}  # was [["2004"]]
    dates = load_bibliography(shared_corpus / "csl-json/zotero-bbt-dates-360-811.csl.json").entries
    assert dates["t5"]["issued"] == {"date-parts": [[-334]]}
    assert dates["t3"]["issued"] == {"date-parts": [[2014, 12, 31], [0]]}
    assert dates["doe13_season_2017"]["issued"] == {
        "date-parts": [[2017]],
        "season": 4,
        "circa": True,
    }
    crossref = load_bibliography(
        shared_corpus / "csl-json/manubot-crossref-deep-review-raw.json"
    ).entries["PZMP42Ak"]
    assert crossref["ISSN"] == "1742-5689, 1742-5662"
    assert crossref["issued"] == {"date-parts": [[2018, 4]]}
    assert len(crossref["author"]) == 36
    assert "reference" not in crossref and "subtitle" not in crossref

    null = load_bibliography(shared_corpus / "malformed/csljson-null-date-parts.json")
    assert _messages(null) == [
        (2, "item 'WDvu1SAV': issued has no usable date-parts ([[null]]); dropped")
    ]
    empty = load_bibliography(shared_corpus / "malformed/csljson-empty-date-parts.json")
    assert "issued" not in empty.entries["WDvu1SAV"]
    excess = load_bibliography(shared_corpus / "malformed/csljson-excess-date-parts.json")
    assert excess.entries["excess-date-parts-csl"]["issued"] == {"date-parts": [[2018, 10, 21]]}


def test_corpus_ris(shared_corpus):
    zotero = load_bibliography(shared_corpus / "ris/asreview-baseline_zotero.ris").entries
    first = next(iter(zotero.values()))
    assert first["id"] == "vandeSchoot2021"
    assert first["author"][0] == {
        "non-dropping-particle": "van de",
        "family": "Schoot",
        "given": "Rens",
    }
    assert first["issued"] == {"date-parts": [[2021, 2, 1]]}
    # about 60 fields hold the text "nan": none of it survives
    assert not any(value == "nan" for item in zotero.values() for value in item.values())
    assert not any("nan" in json.dumps(item.get("issued", "")) for item in zotero.values())

    endnote = load_bibliography(shared_corpus / "ris/asreview-pubmed_endnote.ris").entries
    record = endnote["369"]  # EndNote's ID
    assert record["issued"] == {"date-parts": [[2011, 6]]}  # DA "Jun", PY 2011
    assert record["page"] == "349-69"
    assert record["keyword"].startswith("Animals, Anti-Inflammatory Agents/")  # tagless lines
    assert "Schubert-Zsilavecz, Manfred" in record["note"]

    embase = load_bibliography(shared_corpus / "ris/asreview-embase.ris").entries
    liu = embase["Liu2014"]  # behind a byte order mark, with A1/T1/Y1/JF
    assert liu["author"][0] == {"family": "Liu", "given": "R."}
    assert liu["title"].startswith("Duplication cysts")
    assert liu["container-title"] == "Endoscopic Ultrasound"

    ovid = load_bibliography(shared_corpus / "malformed/ris-ovid-record-numbers.ris")
    assert ovid.problems == []
    assert ovid.entries["2019-65183-001"]["DOI"] == "10.1002/cpp.2398"
    assert "page" not in ovid.entries["2019-65183-001"]  # "No" / "Specified"

    no_type = load_bibliography(shared_corpus / "malformed/ris-jabref-corrupted-no-TY.ris")
    assert _messages(no_type) == [(2, "record has no 'TY  -' line; skipped")]
    faulty = load_bibliography(shared_corpus / "malformed/ris-faulty-year.ris")
    assert _messages(faulty) == [(1, "record 'Value': year '10 15' is not a date; left out")]
    wos = load_bibliography(shared_corpus / "malformed/not-ris-web-of-science.txt")
    assert len(wos.problems) == 1 and "Web of Science" in wos.problems[0].message
