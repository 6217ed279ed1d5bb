"""The reference index behind the citation panel and the ``@`` completer: display rows, search
over every field (accents and case ignored), completion ranking, sorting and citation counts,
on the test fixtures and on the real-world corpus in ../shared/corpus (skipped when absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from editor.core.citations.bibliography import load_bibliography
from editor.core.citations.reference_index import (
    ReferenceIndex,
    ReferenceRow,
    citation_counts,
    fold,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _items(path: Path) -> dict[str, dict]:
    return {item["id"]: item for item in json.loads(path.read_text(encoding="utf-8"))}


@pytest.fixture
def nursing() -> ReferenceIndex:
    return ReferenceIndex(_items(FIXTURES / "citations" / "library.json"))


@pytest.fixture
def examples(shared_corpus) -> ReferenceIndex:
    library = load_bibliography(shared_corpus / "bibtex" / "biblatex-examples.bib")
    return ReferenceIndex(library.entries)


# Rows -------------------------------------------------------------------------------------


def test_rows_show_family_names_year_title_container_and_doi():
    index = ReferenceIndex(_items(FIXTURES / "cite" / "refs.json"))
    assert index.row("marsh2021") == ReferenceRow(
        key="marsh2021",
        authors="Marsh and Okafor",
        year="2021",
        title="Ketamine and the therapeutic window",
        container="Journal of Psychopharmacology",
        doi="10.1177/0269881121991566",
    )
    assert index.row("WHO:2023").authors == "World Health Organization"
    assert index.row("nowhere") is None
    assert len(index) == 3
    assert index.keys() == ["marsh2021", "WHO:2023", "lee2019"]
    assert "lee2019" in index and "nowhere" not in index


def test_rows_of_the_nursing_library(nursing):
    assert nursing.row("nguyen2017").authors == "Nguyen et al."
    assert nursing.row("patel2018").authors == "Patel and O'Connor"
    assert nursing.row("vanderberg2019").authors == "van der Berg"
    assert nursing.row("lee-nodate").year == "n.d."
    assert nursing.row("nhs-workplace").authors == ""  # no author, no editor
    assert nursing.row("nhs-workplace").container == "NHS website"


def test_row_text_is_plain_single_line_and_dois_lose_their_link_prefix():
    index = ReferenceIndex(
        {
            "a": {
                "id": "a",
                "title": 'The <i>E. coli</i>\n  genome &amp; <span class="nocase">DNA</span>',
                "container-title": "<i>Nature</i>",
                "DOI": "https://doi.org/10.1000/XYZ",
                "issued": {"date-parts": [["2019", 4]]},
            }
        }
    )
    row = index.row("a")
    assert row.title == "The E. coli genome & DNA"
    assert row.container == "Nature"
    assert row.doi == "10.1000/XYZ"
    assert row.year == "2019"
    assert index.search("10.1000/xyz") == ["a"]


def test_names_particles_literals_mononyms_and_editors():
    items = {
        "gennep": {
            "author": [{"family": "Gennep", "given": "Arnold", "non-dropping-particle": "van"}]
        },
        "brandt": {
            "author": [{"family": "Brandt", "given": "Ahasver", "dropping-particle": "von"}]
        },
        "aubignac": {"author": [{"family": "Aubignac", "non-dropping-particle": "d’"}]},
        "plato": {"author": [{"given": "Plato"}]},
        "edited": {"editor": [{"family": "Preece", "given": "Warren"}, {"family": "Goetz"}]},
        "both": {"author": [{"family": "Hyman"}], "editor": [{"family": "O’Meara"}]},
        "odd": {"author": ["A string name", 7, {"family": None}]},
    }
    index = ReferenceIndex(items)
    shown = {key: index.row(key).authors for key in items}
    assert shown == {
        "gennep": "van Gennep",
        "brandt": "Brandt",
        "aubignac": "d’Aubignac",
        "plato": "Plato",
        "edited": "Preece and Goetz",
        "both": "Hyman",
        "odd": "A string name",
    }
    # given names, dropping particles and editors are searchable though not shown
    assert index.search("ahasver von") == ["brandt"]
    assert index.search("omeara") == []
    assert index.search("o'meara") == ["both"]


@pytest.mark.parametrize(
    ("issued", "year"),
    [
        ({"date-parts": [[2021, 3, 4]]}, "2021"),
        ({"date-parts": [[1984], [1986]]}, "1984–1986"),
        ({"date-parts": [[1984, 1], [1984, 6]]}, "1984"),
        ({"raw": "2011-05-25"}, "2011"),
        ("2009", "2009"),
        ({"literal": "1968–90"}, "1968–90"),
        ({"date-parts": [[-350]]}, "350 BC"),
        ({"date-parts": []}, "n.d."),
        ({"date-parts": [[None]]}, "n.d."),
        (None, "n.d."),
    ],
)
def test_years(issued, year):
    item = {"title": "T"} if issued is None else {"title": "T", "issued": issued}
    assert ReferenceIndex({"k": item}).row("k").year == year


# Search -----------------------------------------------------------------------------------


def test_fold_ignores_case_and_accents():
    assert fold("Müller") == "muller"
    assert fold("ØSTERGAARD") == "ostergaard"
    assert fold("Aksın") == "aksin"
    assert fold("Straße") == "strasse"
    assert fold("Hemingway’s") == "hemingway's"
    assert fold("Mu\u0308ller") == "muller"  # decomposed ü


def test_search_matches_every_word_somewhere(nursing):
    assert nursing.search("") == nursing.keys()
    assert nursing.search("   ") == nursing.keys()
    assert nursing.search("ketamine") == ["patel2018"]
    assert nursing.search("KETAMINE lancet") == ["patel2018"]  # title and journal
    assert nursing.search("ketamine 2019") == []
    assert nursing.search("harris 2010") == ["harris2010warning", "harris2010staffing"]
    assert nursing.search("har 201 staff") == ["harris2010staffing"]  # prefixes
    assert nursing.search("10.1136") == ["nguyen2017"]  # DOI
    assert nursing.search("taylorj") == ["taylorJ2021"]  # key, case ignored
    assert nursing.search("odegaard") == ["Mixed:Case.Key#1$2%3&4-5+6?7<8>9~0/x"]
    assert nursing.search("n.d.") == ["lee-nodate", "nhse-psirf", "nhse-staffing"]
    assert nursing.search("jane smith") == ["smith2019", "smith2020"]  # given names


def test_search_within_keys_keeps_their_order(nursing):
    cited = ["smith2020", "nowhere", "patel2018", "smith2019"]
    assert nursing.search("smith", cited) == ["smith2020", "smith2019"]
    assert nursing.search("", cited) == ["smith2020", "patel2018", "smith2019"]


def test_search_words_do_not_run_across_fields():
    index = ReferenceIndex({"k": {"title": "Cycling", "container-title": "Health"}})
    assert index.search("cycling") == ["k"]
    assert index.search("cyclinghealth") == []
    assert index.search("g h") == ["k"]


def test_search_the_corpus_with_accents_particles_and_missing_dates(examples):
    assert examples.search("aksin") == ["aksin"]  # Aksın, dotless i
    assert examples.search("ozge") == ["aksin"]  # Özge, a given name
    assert examples.search("Vázques") == examples.search("vazques") == ["vazques-de-parga"]
    assert examples.search("van gennep") == ["vangennep", "vangennep:trans", "vangennep:related"]
    assert examples.search("gennep 1960") == ["vangennep:trans"]
    assert examples.search("jaffé") == examples.search("jaffe")
    assert "jaffe" in examples.search("jaffe")
    assert examples.search("hemingway's") == ["doody"]  # typed straight, stored curly
    assert examples.row("vangennep").authors == "van Gennep"
    assert examples.row("aksin").authors == "Aksın et al."
    assert examples.row("baez/article").authors == "Baez and Lauda"
    assert examples.row("jaffe").authors == "Jaffé"  # an editor when no author
    assert examples.row("knuth:ct").year == "1984–1986"
    undated = examples.search("n.d.")
    assert undated and all(examples.row(key).year == "n.d." for key in undated)
    assert examples.row("set") == ReferenceRow("set", "", "n.d.", "", "", "")


def test_search_the_corpus_with_corporate_authors(shared_corpus):
    entries = load_bibliography(
        shared_corpus / "bibtex" / "zotero-bbt-export-particles-313.biblatex"
    ).entries
    index = ReferenceIndex(entries)
    census = index.search("bureau census")
    assert census
    assert all("Census" in index.row(key).authors for key in census)
    assert any(index.row(key).authors == "U.S. Bureau of the Census" for key in census)


def test_every_corpus_file_indexes(shared_corpus):
    for path in sorted(shared_corpus.glob("*/*")):
        entries = load_bibliography(path).entries
        index = ReferenceIndex(entries)
        assert index.keys() == list(entries)
        for key in entries:
            row = index.row(key)
            assert "\n" not in row.title and row.year
        assert index.search("") == list(entries)


# Completion -------------------------------------------------------------------------------


def test_complete_ranks_keys_then_names_then_titles_then_anywhere():
    items = {
        "zeta": {"title": "Smiling through", "author": [{"family": "Zed"}]},  # title word
        "yank": {"title": "T", "author": [{"family": "Smithers", "given": "Ann"}]},  # name
        "smithB": {"title": "T", "author": [{"family": "Jones"}]},  # key
        "smithA": {"title": "T", "author": [{"family": "Jones"}]},  # key
        "xray": {"title": "Blacksmiths", "author": [{"family": "Q"}]},  # inside a word
        "other": {"title": "Nothing", "author": [{"family": "Q"}]},
    }
    index = ReferenceIndex(items)
    assert index.complete("smi") == ["smithA", "smithB", "yank", "zeta", "xray"]
    assert index.complete("SMI", limit=3) == ["smithA", "smithB", "yank"]
    assert index.complete("") == list(items)
    assert index.complete("", limit=2) == ["zeta", "yank"]
    assert index.complete("smi ann") == ["yank"]  # further words filter
    assert index.complete("nowhere") == []


def test_complete_in_the_corpus(examples):
    assert examples.complete("kull") == ["kullback", "kullback:related", "kullback:reprint"]
    gennep = examples.complete("genn")  # no key starts so; the name does
    assert gennep[:3] == ["vangennep", "vangennep:trans", "vangennep:related"]
    aristotle = examples.complete("aristot", limit=8)
    assert aristotle[:4] == [
        "aristotle:anima",
        "aristotle:physics",
        "aristotle:poetics",
        "aristotle:rhetoric",
    ]
    # then works whose titles name him
    assert {"nussbaum", "hyman"} <= set(aristotle[4:])
    assert examples.complete("1909")[:2] == ["vangennep", "vangennep:related"]


# Sorting ----------------------------------------------------------------------------------


def test_sort_by_author_then_year_then_title(nursing):
    keys = ["okafor2019", "smith2020", "nhs-workplace", "ahmed2012", "smith2019", "patel2018"]
    assert nursing.sorted_keys(keys, "author") == [
        "ahmed2012",
        "okafor2019",
        "patel2018",
        "smith2019",
        "smith2020",
        "nhs-workplace",  # no names: last
    ]
    jones = nursing.sorted_keys(["jones2015walk", "jones2015cycle"], "author")
    assert jones == ["jones2015cycle", "jones2015walk"]  # same author and year: by title


def test_sort_by_year_newest_first_then_author(nursing):
    keys = ["lee-nodate", "wilson2014", "taylorJ2021", "hinsliff2022", "taylorA2021", "ahmed2012"]
    assert nursing.sorted_keys(keys, "year") == [
        "hinsliff2022",
        "taylorA2021",  # Taylor 2021 twice: by title (Burnout, Shift)
        "taylorJ2021",
        "wilson2014",
        "ahmed2012",
        "lee-nodate",  # undated last
    ]


def test_sort_by_recent_use_then_author(nursing):
    keys = ["wilson2014", "smith2019", "ahmed2012", "patel2018", "unknown"]
    recent = {"smith2019": 100.0, "patel2018": 300.0, "elsewhere": 500.0}
    assert nursing.sorted_keys(keys, "recent", recent) == [
        "patel2018",
        "smith2019",
        "ahmed2012",
        "wilson2014",
    ]
    assert nursing.sorted_keys(keys, "recent") == nursing.sorted_keys(keys, "author")
    with pytest.raises(ValueError, match="cannot sort references by 'title'"):
        nursing.sorted_keys(keys, "title")


def test_sort_the_corpus_ignores_accents(examples):
    ordered = examples.sorted_keys(examples.keys(), "author")
    assert ordered[0] == "aksin"  # Aksın before Almendro
    assert ordered.index("jaffe") < ordered.index("kant:kpv")  # Jaffé among the Js
    assert ordered.index("aristotle:rhetoric") < ordered.index("aristotle:anima")  # 1877, 1907
    by_year = examples.sorted_keys(examples.keys(), "year")
    assert by_year[0] == "jcg"  # 2011, the newest
    assert all(examples.row(key).year == "n.d." for key in by_year[-2:])


# Citation counts --------------------------------------------------------------------------


def test_citation_counts_in_first_citation_order():
    counts = citation_counts(["b", "a", "b", "c", "b"])
    assert counts == {"b": 3, "a": 1, "c": 1}
    assert list(counts) == ["b", "a", "c"]
    assert citation_counts([]) == {}
