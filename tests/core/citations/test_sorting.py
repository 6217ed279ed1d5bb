"""Sorting and name disambiguation as citeproc-js (Zotero's and Mendeley's processor) does them:
the sort values of ``csl_sort``, the keys ``csl_layer`` renders from real styles, and whole
reference lists and clusters checked against citeproc-js itself (tests/oracle) where node is
there."""

from __future__ import annotations

import logging

import pytest
from citeproc.source import Date, DateRange, LiteralDate

from editor.core.citations import csl_sort
from editor.core.citations.csl_text import reference
from editor.core.citations.formatter import CitationFormatter, CitationStyle
from editor.core.citations.syntax import CitationItem, Cluster
from tests.oracle.agreement import STYLES, normal

CTR, APA, CHICAGO = "Cite Them Right Harvard", "APA 7th", "Chicago author-date"


def value(text: str) -> csl_sort.SortValue | None:
    return csl_sort.sort_value(text)


def person(family: str, given: str, **parts: str) -> dict:
    return {"family": family, "given": given, **parts}


def book(key: str, *, year=None, author=(), editor=(), title="T", **more) -> dict:
    item = {"id": key, "type": "book", "title": title, "publisher": "P", **more}
    if author:
        item["author"] = [person(*name) for name in author]
    if editor:
        item["editor"] = [person(*name) for name in editor]
    if year is not None:
        item["issued"] = {"date-parts": year if isinstance(year, list) else [[year]]}
    return item


def formatted(items: list[dict], clusters: list[list[str]], style: str):
    library = {item["id"]: item for item in items}
    document = [Cluster(tuple(CitationItem(key) for key in keys)) for keys in clusters]
    return CitationFormatter(library, CitationStyle(STYLES[style], "en-GB")).format(document)


def keys_of(item: dict, style: str, bibliography: bool = True, **options) -> tuple:
    csl = CitationStyle(STYLES[style], "en-GB")._csl
    return csl.sort_keys(reference(item, item["id"]), bibliography, 1, **options)


# ----------------------------------------------------------------------------------------------
# Sort values: citeproc-js's collation


def test_a_name_sorts_part_by_part_so_a_shorter_family_name_comes_first():
    assert value("Loh W.") < value("Lohmann A.")
    assert value("Lee Y.") < value("Leeds A.")
    assert value("Lee M.") < value("Lee Y.")
    # a collation key without the spaces read "leey" after "leeds"
    assert value("Lee, Y.") < value("Leeds, A.")


def test_case_accents_and_punctuation_are_no_part_of_the_comparison():
    assert value("Képes K.") == value("kepes k")
    assert value("O’Brien N.") == value("OBrien N.")
    assert value("situation-aware") == value("situationaware")
    assert value("Ørsted H.") == value("Orsted H.")


def test_digits_compare_as_numbers():
    assert value("Report 9") < value("Report 10")
    assert value("120190000100000000") < value("120200000100000000")


def test_an_empty_key_sorts_last_in_either_direction():
    assert value("") is None and value(None) is None
    some = value("Smith")
    assert csl_sort.compare((None,), (some,), (False,)) == 1
    assert csl_sort.compare((None,), (some,), (True,)) == 1
    assert csl_sort.compare((some,), (None,), (True,)) == -1
    assert csl_sort.compare((value("a"),), (value("b"),), (True,)) == 1


def test_ties_keep_the_order_they_came_in():
    things = ["first", "second", "third"]
    assert csl_sort.sorted_by_keys(things, lambda _: (value("same"),), (False,)) == things


def test_a_date_key_is_its_start_and_end_as_fixed_width_numbers():
    assert csl_sort.date_key(Date(year=2019, month=3), ("year", "month", "day")) == (
        "120190300" + "100000000"
    )
    assert csl_sort.date_key(Date(year=2019, month=3), ("year",)) == "120190000100000000"
    caesar = DateRange(begin=Date(year=-100), end=Date(year=-44))
    assert csl_sort.date_key(caesar, ("year",)) == "098990000099550000"  # citeproc-js's own
    assert csl_sort.date_key(LiteralDate("spring"), ("year",)) is None
    # a range sorts by its start: 2018–2020 before 2019
    span = DateRange(begin=Date(year=2018), end=Date(year=2020))
    assert value(csl_sort.date_key(span, ("year",))) < value(
        csl_sort.date_key(Date(year=2019), ("year",))
    )


def test_grouped_cites_stand_together_in_the_place_of_their_first():
    # (author shown, year): a plain year sort would part the two of A
    cites = [("A", 2019), ("B", 2018), ("A", 2017)]

    def keys(cite):
        return (value(str(cite[1])),)

    assert csl_sort.sorted_by_keys(cites, keys, (False,)) == [("A", 2017), ("B", 2018), ("A", 2019)]
    assert csl_sort.grouped(cites, keys, lambda cite: cite[0], (False,)) == [
        ("A", 2017),
        ("A", 2019),
        ("B", 2018),
    ]


# ----------------------------------------------------------------------------------------------
# Keys rendered from real styles (CSL 1.0.2's sorting on macros)


def test_a_name_key_has_no_label_and_no_et_al_or_and():
    edited = book("ed", year=2015, editor=[("Harrison", "Kate")])
    assert keys_of(edited, CTR)[0] == "Harrison K."  # CTR prints "Harrison, K. (ed.)"
    assert keys_of(edited, APA)[0] == "Harrison K."
    two = book("two", year=2015, author=[("Harrison", "Kate"), ("Abel", "Tom")])
    assert keys_of(two, APA)[0] == "Harrison K., Abel T."  # APA prints "Harrison, K., & Abel"
    many = book("many", year=2014, author=[(f"Family{n}", "Given") for n in range(6)])
    assert keys_of(many, CTR)[0] == "Family0 G."  # the bibliography's et-al-use-first, no "et al."


def test_particles_sort_as_the_style_demotes_them():
    berg = book(
        "berg",
        year=2019,
        author=[
            (
                "Berg",
                "Anna",
            )
        ],
    )
    berg["author"][0]["non-dropping-particle"] = "van der"
    assert keys_of(berg, CTR)[0] == "Berg A. van der"
    assert keys_of(berg, APA)[0] == "van der Berg A."  # demote-non-dropping-particle="never"
    alembert = book("dal", year=1751, author=[("Alembert", "Jean le Rond")])
    alembert["author"][0]["non-dropping-particle"] = "d’"
    assert keys_of(alembert, CTR)[0] == "Alembert J. le R. d"  # the apostrophe dropped


def test_a_macro_holding_a_date_sorts_on_the_date_alone():
    dated, undated = (
        book("d", year=2014, author=[("Lee", "Min")]),
        book("u", author=[("Lee", "Min")]),
    )
    assert keys_of(dated, CTR)[1] == "120140000100000000"  # CTR prints "2014"
    assert keys_of(undated, CTR)[1] is None  # CTR prints "no date": sorts last
    assert keys_of(book("bc", year=[[-100], [-44]], author=[("Caesar", "Julius")]), CTR)[1] == (
        "098990000099550000"
    )


def _variable_keys_style(tmp_path):
    path = tmp_path / "variables.csl"
    path.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"
       initialize-with=". ">
  <info>
    <title>Variable keys</title><id>variable-keys</id><updated>2024-01-01T00:00:00Z</updated>
  </info>
  <citation disambiguate-add-year-suffix="true">
    <sort><key variable="issued"/></sort>
    <layout prefix="(" suffix=")" delimiter="; ">
      <group delimiter=" ">
        <names variable="author"><name form="short"/></names>
        <date variable="issued"><date-part name="year"/></date><text variable="year-suffix"/>
      </group>
    </layout>
  </citation>
  <bibliography>
    <sort><key variable="author"/><key variable="issued" sort="descending"/></sort>
    <layout><names variable="author"><name/></names><text variable="title" prefix=". "/></layout>
  </bibliography>
</style>
""",
        encoding="utf-8",
    )
    return path


def test_variable_keys_sort_names_and_dates(tmp_path, caplog):
    """``<key variable="author"/>`` (124 of the bundled styles): citeproc-py's own name key
    raised, so those reference lists came out unsorted."""
    path = _variable_keys_style(tmp_path)
    items = [
        book("lohmann", year=2016, author=[("Lohmann", "Anna")]),
        book("loh-old", year=2010, author=[("Loh", "Wei")]),
        book("loh-new", year=2018, author=[("Loh", "Wei")]),
        book("lee", year=2020, author=[("Lee", "Yoon")]),
    ]
    library = {item["id"]: item for item in items}
    document = [Cluster(tuple(CitationItem(item["id"]) for item in items))]
    with caplog.at_level(logging.ERROR):
        result = CitationFormatter(library, CitationStyle(path, "en-GB")).format(document)
    assert not caplog.records
    assert result.bibliography_keys == ["lee", "loh-new", "loh-old", "lohmann"]
    csl = CitationStyle(path, "en-GB")._csl
    # a citation sort has the year suffix's number after the date's key, as citeproc-js
    assert csl.sort_keys(reference(items[0], "x"), False, 1, year_suffix=2) == (
        "120160000100000000",
        "2",
    )
    assert csl.descending(False) == (False, False)
    assert csl.descending(True) == (False, True)


# ----------------------------------------------------------------------------------------------
# Whole documents


NAMES = [
    book("loh", year=2018, author=[("Loh", "Wei")]),
    book("lohmann", year=2016, author=[("Lohmann", "Anna")]),
    book("lee", year=2020, author=[("Lee", "Yoon")]),
    book("leeds", year=2019, author=[("Leeds", "Alan")]),
    book("lee-nodate", author=[("Lee", "Min")]),
    book("harrison-ed", year=2015, editor=[("Harrison", "Kate")], title="Acute medicine"),
    book("harrison-abel", year=2015, author=[("Harrison", "Kate"), ("Abel", "Tom")]),
    book("harrison", year=2014, author=[("Harrison", "Kate")]),
    book("span", year=[[2013], [2016]], author=[("Harrison", "Kate")], title="Annual"),
]


@pytest.mark.parametrize("style", [CTR, APA])
def test_reference_list_order(style):
    """ "Harrison, K." (the editor: "(ed.)" is no part of the key) before "Harrison, K. and
    Abel"; a range by its start year; "Lee, Y." before "Leeds, A."; "Loh" before "Lohmann";
    the undated last of its author in CTR ("no date" is no date), first in APA (its
    date-sort-group)."""
    result = formatted(NAMES, [[item["id"]] for item in NAMES], style)
    assert result.bibliography_keys == [
        "span",
        "harrison",
        "harrison-ed",
        "harrison-abel",
        "lee-nodate",
        "lee",
        "leeds",
        "loh",
        "lohmann",
    ]


# (Chicago's editor as author is worded differently still, and sorts by that wording: the
# oracle's fixture comparison, test_citeproc_js.py, lists it)
@pytest.mark.parametrize("style", [CTR, APA])
def test_reference_lists_and_clusters_sort_as_citeproc_js_sorts_them(style, citeproc_js):
    clusters = [[item["id"] for item in NAMES], *([item["id"]] for item in NAMES)]
    ours = formatted(NAMES, clusters, style)
    document = [Cluster(tuple(CitationItem(key) for key in keys)) for keys in clusters]
    theirs = citeproc_js(NAMES, document, STYLES[style], "en-GB")
    assert ours.bibliography_keys == theirs.bibliography_keys
    assert [normal(c) for c in ours.clusters] == [normal(c) for c in theirs.clusters]


def test_a_family_name_two_people_share_shows_initials_in_every_cite():
    """APA and Chicago's primary-name rules expand ambiguous names in unambiguous cites."""
    result = formatted(NAMES, [["lee-nodate"], ["lee"], ["leeds"]], APA)
    assert [normal(cite) for cite in result.clusters] == [
        "(M. Lee, n.d.)",
        "(Y. Lee, 2020)",
        "(Leeds, 2019)",
    ]


BREITENBUCHER = [person("Breitenbücher", "Uwe"), person("Hirmer", "Pascal")] + [
    person(family, given)
    for family, given in (("Képes", "Kálmán"), ("Kopp", "Oliver"), ("Leymann", "Frank"))
]
TRIO = [
    {
        "id": "a",
        "type": "chapter",
        "title": "A",
        "container-title": "Book",
        "publisher": "P",
        "author": [*BREITENBUCHER, person("Wieland", "Matthias")],
        "editor": [person(f"Editor{n}", "E") for n in range(5)],
        "issued": {"date-parts": [[2014]]},
    },
    {
        "id": "b",
        "type": "article-journal",
        "title": "B",
        "container-title": "J",
        "author": [BREITENBUCHER[0], person("Binz", "Tobias"), *BREITENBUCHER[2:]],
        "issued": {"date-parts": [[2014]]},
    },
    {
        "id": "c",
        "type": "article-journal",
        "title": "C",
        "container-title": "J",
        "author": [*BREITENBUCHER[:4], person("Xylo", "Xavier")],
        "issued": {"date-parts": [[2014]]},
    },
]


def test_each_cite_gets_only_the_names_it_needs():
    result = formatted(TRIO, [["b"], ["a"], ["c"]], CTR)
    assert [normal(cite) for cite in result.clusters] == [
        "(Breitenbücher, Binz, <i>et al.</i>, 2014)",
        "(Breitenbücher, Hirmer, Képes, Kopp, Leymann, <i>et al.</i>, 2014)",
        "(Breitenbücher, Hirmer, Képes, Kopp and Xylo, 2014)",
    ]
    entries = dict(zip(result.bibliography_keys, result.bibliography, strict=True))
    assert normal(entries["b"]).startswith("Breitenbücher, U., Binz, T., <i>et al.</i> (2014)")
    # the added names are the authors': the five editors stay "E. Editor0 et al."
    assert "in E. Editor0 et al. (eds)" in normal(entries["a"])


@pytest.mark.parametrize("style", [CTR, APA, CHICAGO])
def test_names_added_and_cites_grouped_as_citeproc_js_does(style, citeproc_js):
    clusters = [["a", "b", "c"], ["a"], ["b"], ["c"]]
    ours = formatted(TRIO, clusters, style)
    document = [Cluster(tuple(CitationItem(key) for key in keys)) for keys in clusters]
    theirs = citeproc_js(TRIO, document, STYLES[style], "en-GB")
    assert [normal(c) for c in ours.clusters] == [normal(c) for c in theirs.clusters]
    assert ours.bibliography_keys == theirs.bibliography_keys


def test_an_unsorted_style_collapses_only_cites_side_by_side():
    items = [
        book("s20", year=2020, author=[("Smith", "Jane")]),
        book("j15", year=2015, author=[("Jones", "Rhys")]),
        book("s19", year=2019, author=[("Smith", "Jane")], title="U"),
    ]
    chicago = formatted(items, [["s20", "j15", "s19"], ["s20", "s19", "j15"]], CHICAGO)
    assert [normal(cite) for cite in chicago.clusters] == [
        "(Smith 2020; Jones 2015; Smith 2019)",
        "(Smith 2020, 2019; Jones 2015)",
    ]
    # a style that sorts its cites brings them together first
    ctr = formatted(items, [["s20", "j15", "s19"]], CTR)
    assert normal(ctr.clusters[0]) == "(Jones, 2015; Smith, 2019, 2020)"
