"""The CSL 1.0.2 rules our layer follows where citeproc-py did not: text case, numeric content,
page ranges and locators, substitutes, group suppression, quotes, name disambiguation. Each
rule is checked on its own, by value, and against citeproc-js (the oracle in tests/oracle) on
small items made to show it."""

from __future__ import annotations

import pytest
from citeproc.string import MixedString, NoCase, String

from editor.core.citations.csl_case import apply_case
from editor.core.citations.csl_layer import initials
from editor.core.citations.csl_numbers import is_numeric, number_ranges, range_end
from editor.core.citations.csl_text import finish, rich_text
from editor.core.citations.formatter import CitationFormatter, CitationStyle
from editor.core.citations.syntax import CitationItem, Cluster
from tests.oracle.agreement import STYLES, normal

EN_GB_QUOTES = ("‘", "’", "“", "”")


def formatted(items: list[dict], cites: list[list[CitationItem]], style: str):
    """Our clusters and entries (normalised as the oracle comparison does)."""
    library = {item["id"]: item for item in items}
    result = CitationFormatter(library, CitationStyle(STYLES[style], "en-GB")).format(
        [Cluster(tuple(cluster)) for cluster in cites]
    )
    entries = dict(zip(result.bibliography_keys, result.bibliography, strict=True))
    return [normal(text) for text in result.clusters], {
        key: normal(entry) for key, entry in entries.items()
    }


def oracle(citeproc_js, items: list[dict], cites: list[list[CitationItem]], style: str):
    """citeproc-js's clusters and entries for the same."""
    result = citeproc_js(
        items, [Cluster(tuple(cluster)) for cluster in cites], STYLES[style], "en-GB"
    )
    entries = dict(zip(result.bibliography_keys, result.bibliography, strict=True))
    return [normal(text) for text in result.clusters], {
        key: normal(entry) for key, entry in entries.items()
    }


def book(key: str, **fields) -> dict:
    item = {"id": key, "type": "book", "title": "A title", "issued": {"date-parts": [[2020]]}}
    item["author"] = [{"family": key.capitalize(), "given": "Ann"}]
    item.update(fields)
    return item


# Numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2", "2nd", "D2", "2b", "L2d", "2, 3", "2-4", "2 & 4", "12–14"])
def test_numeric_content_is_numbers_with_affixes_in_lists_and_ranges(value):
    assert is_numeric(value)


@pytest.mark.parametrize("value", ["second", "2nd edition", "iv", "", "2.0"])
def test_words_are_not_numeric_content(value):
    assert not is_numeric(value)


@pytest.mark.parametrize(
    ("first", "last", "page_range_format", "end"),
    [
        ("1", "15", "minimal", "15"),  # digits in other positions are not left out
        ("1", "10", "minimal", "10"),
        ("42", "45", "minimal", "5"),
        ("321", "328", "minimal", "8"),
        ("321", "328", "minimal-two", "28"),
        ("321", "28", "expanded", "328"),  # an end written short is expanded
        ("71", "72", "chicago-16", "72"),
        ("101", "108", "chicago-16", "8"),
        ("321", "328", "chicago-16", "28"),
        ("1496", "1504", "chicago-16", "504"),
        ("1496", "1504", "chicago-15", "1504"),
        ("100", "104", "chicago-16", "104"),
        ("321", "28", None, "28"),  # without page-range-format, as written
        ("15", "12", "minimal", "12"),  # not a range upwards: as written
    ],
)
def test_page_ranges_are_abbreviated_as_page_range_format_says(first, last, page_range_format, end):
    assert range_end(first, last, page_range_format) == end


def test_a_locators_number_ranges_take_the_range_delimiter():
    assert number_ranges("3-5", "–") == "3–5"
    assert number_ranges("3-5, 7-9", "-") == "3-5, 7-9"
    assert number_ranges("A-level", "–") == "A-level"


def test_a_minimal_page_range_keeps_digits_in_other_positions(citeproc_js):
    item = {
        "id": "chapter",
        "type": "chapter",
        "title": "Fundamental patterns",
        "author": [{"family": "Carper", "given": "Barbara"}],
        "container-title": "Knowledge development",
        "page": "1-15",
        "issued": {"date-parts": [[2008]]},
    }
    cites = [[CitationItem("chapter")]]
    ours, theirs = formatted([item], cites, "BMJ"), oracle(citeproc_js, [item], cites, "BMJ")
    assert "2008:1–15." in ours[1]["chapter"]
    assert ours == theirs


@pytest.mark.parametrize(
    ("style", "wanted"),
    [
        ("APA 7th", ["(Ann, 2020, Chapter 2)", "(Ann, 2020, Line 12)", "(Ann, 2020, pp. 321–328)"]),
        ("Chicago author-date", ["(Ann 2020, ch. 2)", "(Ann 2020, line 12)", "(Ann 2020, 321–28)"]),
        ("AMA", ["<sup>1(ch2)</sup>", "<sup>1(l12)</sup>", "<sup>1(pp321-328)</sup>"]),
    ],
)
def test_locators_are_labelled_and_ranged_as_the_style_says(citeproc_js, style, wanted):
    """A numeric chapter or line locator keeps its label (the styles test is-numeric on it);
    a page range takes the style's page-range-format and the locale's (or AMA's "-")
    page-range-delimiter, as citeproc-js prints them."""
    items = [book("ann")]
    cites = [
        [CitationItem("ann", locator="2", label="chapter")],
        [CitationItem("ann", locator="12", label="line")],
        [CitationItem("ann", locator="321-28", label="page")],
    ]
    ours = formatted(items, cites, style)[0]
    assert ours == wanted
    assert ours == oracle(citeproc_js, items, cites, style)[0]


# Text case ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("nurse-led follow-up after discharge", "Nurse-Led Follow-up after Discharge"),
        ("burnout among community nurses", "Burnout among Community Nurses"),
        ("a web-based tool: the case for it", "A Web-Based Tool: The Case for It"),
        ("what nurses are up to", "What Nurses Are up To"),
        ("it’s just part of the job", "It’s Just Part of the Job"),
        ("mRNA vaccines in the NHS", "mRNA Vaccines in the NHS"),
        ("discours préliminaire de l’encyclopédie", "Discours Préliminaire de l’encyclopédie"),
        ("we’re here with o’brien’s children’s work", "We’re Here with o’brien’s Children’s Work"),
        ("p value thresholds", "P Value Thresholds"),  # the first word, even one letter
        ("thresholds for p values", "Thresholds for p Values"),  # one letter: as citeproc-js
        ("covid-19 and you &amp; me", "Covid-19 and You &amp; Me"),
        ("4th edition", "4th Edition"),
    ],
)
def test_title_case_capitalises_lowercase_words_but_stop_words(text, title):
    assert str(apply_case(String(text), "title")) == title


def test_title_case_splits_words_at_quotes_and_leaves_nocase_and_superscripts():
    quoted = rich_text('saying "no": boundaries')
    assert finish(str(apply_case(String(quoted), "title")), EN_GB_QUOTES) == (
        "Saying ‘No’: Boundaries"
    )
    mixed = MixedString([String("the "), NoCase("iphone"), String(" in care")])
    cased = apply_case(mixed, "title")
    assert isinstance(cased, MixedString) and isinstance(list(cased)[1], NoCase)
    assert str(cased) == "The iphone in Care"
    assert str(apply_case(String("co\uf714two\uf715 levels"), "title")) == (
        "Co\uf714two\uf715 Levels"
    )


def test_title_case_is_for_english_only_and_other_cases_touch_lowercase_words_only():
    assert str(apply_case(String("le monde"), "title", english=False)) == "le monde"
    assert str(apply_case(String("eds"), "capitalize-first")) == "Eds"
    assert str(apply_case(String("iPhone apps"), "capitalize-first")) == "iPhone apps"
    assert str(apply_case(String("\uf706no\uf707 way"), "capitalize-first")) == "\uf706No\uf707 way"
    assert str(apply_case(String("in the NHS"), "capitalize-all")) == "In The NHS"


def test_terms_are_cased_and_titles_in_another_language_are_not(citeproc_js):
    """APA's editor label is "(Eds)" (text-case="title" on a term); a French title in
    Chicago keeps its case, an English one is title-cased with its hyphenated words."""
    items = [
        {
            "id": "edited",
            "type": "book",
            "title": "The handbook",
            "editor": [{"family": "Clarke", "given": "Tom"}, {"family": "Evans", "given": "Ruth"}],
            "issued": {"date-parts": [[2012]]},
        },
        book("french", title="discours préliminaire de l'encyclopédie", language="fr"),
        book("english", title="nurse-led follow-up after discharge: a review"),
    ]
    cites = [[CitationItem(item["id"])] for item in items]
    apa = formatted(items, cites, "APA 7th")[1]
    assert "Clarke, T., & Evans, R. (Eds). (2012)." in apa["edited"]
    chicago = formatted(items, cites, "Chicago author-date")[1]
    assert "<i>discours préliminaire de l’encyclopédie</i>" in chicago["french"]
    assert "<i>Nurse-Led Follow-up after Discharge: A Review</i>" in chicago["english"]
    assert apa == oracle(citeproc_js, items, cites, "APA 7th")[1]
    assert chicago == oracle(citeproc_js, items, cites, "Chicago author-date")[1]


# Quotes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "printed"),
    [
        ("\"It's the job\": nurses' 'moral distress'", "‘It’s the job’: nurses’ “moral distress”"),
        ("'a' and \"b\"", "‘a’ and “b”"),
        ("\"a 'b' c\"", "‘a “b” c’"),
        ("“curly” and ‘single’", "“curly” and ‘single’"),
        ('an "unpaired quote', 'an "unpaired quote'),
    ],
)
def test_the_quote_kind_met_first_is_a_fields_outer_quote(title, printed):
    """As citeproc-js: a quote of the other kind beside the first (not in it) is an inner
    quote."""
    assert finish(rich_text(title), EN_GB_QUOTES) == printed


def test_inside_the_styles_quotes_a_fields_quotes_are_all_inner():
    field = rich_text("'a' and \"b\" and \"c 'd'\"")
    assert finish(f"\uf706{field}\uf707", EN_GB_QUOTES) == "‘“a” and “b” and “c ‘d’”’"


def test_quotes_print_as_citeproc_js_prints_them(citeproc_js):
    items = [
        book(
            "article",
            type="article-journal",
            title="\"It's the job\": nurses' experiences of 'moral distress'",
            **{"container-title": "Nursing Ethics"},
        ),
        book("plain", title='saying "no" in practice'),
    ]
    cites = [[CitationItem("article")], [CitationItem("plain")]]
    for style in ("APA 7th", "Chicago author-date", "Vancouver (Elsevier)"):
        assert formatted(items, cites, style)[1] == oracle(citeproc_js, items, cites, style)[1]
    apa = formatted(items, cites, "APA 7th")[1]
    assert "‘It’s the job’: nurses’ experiences of “moral distress”" in apa["article"]


def test_a_quoted_word_is_title_cased_as_any_other():
    """CSL title-cases each lowercase word; citeproc-js leaves some after a straight quote
    ("and “yes” in", "‘moral’ and" at the start), which is not kept here."""
    items = [book("plain", title="'moral' and 'yes' in practice")]
    entry = formatted(items, [[CitationItem("plain")]], "Chicago author-date")[1]["plain"]
    assert "<i>‘Moral’ and ‘Yes’ in Practice</i>" in entry


# Names, substitutes, groups -----------------------------------------------------------------


def test_an_editor_stands_in_for_the_author_with_the_authors_name_options(citeproc_js):
    """Chicago's substitute lists editor-translator, editor, translator in one choose branch:
    the first that renders wins, formatted as the author would be, with its label; the
    translator still shows where the style puts it."""
    items = [
        {
            "id": "edited",
            "type": "book",
            "title": "Power and knowledge",
            "editor": [{"family": "Sheridan", "given": "Alan"}],
            "translator": [{"family": "Gordon", "given": "Colin"}],
            "publisher": "Pantheon",
            "issued": {"date-parts": [[1980]]},
        }
    ]
    cites = [[CitationItem("edited")]]
    ours = formatted(items, cites, "Chicago author-date")
    assert ours[0] == ["(Sheridan 1980)"]
    assert ours[1]["edited"] == (
        "Sheridan, Alan, ed. 1980. <i>Power and Knowledge</i>. Translated by Colin Gordon. "
        "Pantheon."
    )
    assert ours == oracle(citeproc_js, items, cites, "Chicago author-date")


def test_names_without_a_name_element_are_formatted_by_our_layer(citeproc_js):
    """AMA's author names have no <name>: the particle still joins ("d’Alembert") and the
    given name is initialised as the style says ("J hoon" without the hyphen)."""
    items = [
        book(
            "alembert",
            author=[{"family": "Alembert", "given": "Jean le Rond", "non-dropping-particle": "d’"}],
        ),
        book("kim", author=[{"family": "Kim", "given": "Ji-hoon"}]),
    ]
    cites = [[CitationItem("alembert")], [CitationItem("kim")]]
    ours = formatted(items, cites, "AMA")[1]
    assert ours["alembert"].startswith("1.d’Alembert J le R.")
    assert ours["kim"].startswith("2.Kim J hoon.")
    assert ours == oracle(citeproc_js, items, cites, "AMA")[1]
    assert initials("Ji-hoon", "", hyphen=False) == "J hoon"
    assert initials("Ji-hoon", ".", hyphen=True) == "J."


def test_a_group_counts_only_the_branch_taken(citeproc_js):
    """APA prints "(Publication No. 12)" for a thesis with a number and nothing without one;
    a macro of terms only ("n.d.") counts as printed, as in citeproc-js."""
    thesis = {
        "id": "thesis",
        "type": "thesis",
        "genre": "PhD thesis",
        "title": "Compassion fatigue",
        "author": [{"family": "Okafor", "given": "Chidi"}],
        "publisher": "University of Leeds",
        "issued": {"date-parts": [[2019]]},
    }
    numbered = dict(thesis, id="numbered", number="12")
    undated = {
        "id": "undated",
        "type": "webpage",
        "title": "A guide",
        "container-title": "Nursing Times",
        "author": [{"family": "Lee", "given": "Min"}],
        "URL": "https://example.org/guide",
    }
    items = [thesis, numbered, undated]
    cites = [[CitationItem(item["id"])] for item in items]
    apa = formatted(items, cites, "APA 7th")[1]
    assert "(Publication" not in apa["thesis"]
    assert "(Publication No. 12) [PhD thesis]" in apa["numbered"]
    assert apa == oracle(citeproc_js, items, cites, "APA 7th")[1]
    vancouver = formatted(items, cites, "Vancouver (Elsevier)")[1]
    assert "Nursing Times n.d." in vancouver["undated"]
    assert vancouver == oracle(citeproc_js, items, cites, "Vancouver (Elsevier)")[1]


def test_names_of_different_people_are_told_apart_in_every_cite(citeproc_js):
    """APA and Chicago disambiguate names, not only cites: two Lees, cited apart, show their
    initials (APA) or given names as needed (Chicago's primary-name compares the first
    names of cites only: a second author Evans does not expand the first author Evans)."""
    items = [
        book("minlee", author=[{"family": "Lee", "given": "Min"}]),
        book(
            "yoonlee", author=[{"family": "Lee", "given": "Yoon"}], issued={"date-parts": [[2021]]}
        ),
        book(
            "samelee", author=[{"family": "Lee", "given": "Min"}], issued={"date-parts": [[2022]]}
        ),
        book("evans", author=[{"family": "Evans", "given": "Rhian"}]),
        book(
            "pair",
            author=[{"family": "Clarke", "given": "Tom"}, {"family": "Evans", "given": "Ruth"}],
        ),
    ]
    cites = [[CitationItem(item["id"])] for item in items]
    apa = formatted(items, cites, "APA 7th")[0]
    assert apa[:3] == ["(M. Lee, 2020)", "(Y. Lee, 2021)", "(M. Lee, 2022)"]
    assert apa[3] == "(Evans, 2020)"
    assert apa == oracle(citeproc_js, items, cites, "APA 7th")[0]
    chicago = formatted(items, cites, "Chicago author-date")[0]
    assert chicago[:2] == ["(M. Lee 2020)", "(Y. Lee 2021)"]
    assert chicago[3:] == ["(Evans 2020)", "(Clarke and Evans 2020)"]
    assert chicago == oracle(citeproc_js, items, cites, "Chicago author-date")[0]


def test_stop_phrases_are_lowercase_only_as_phrases():
    """The CSL schema lists "according to", "due to"...: lowercase together, capitalised alone
    (citeproc-js, matching single words, writes "According to")."""
    assert str(apply_case(String("knowledge according to maimonides"), "title")) == (
        "Knowledge according to Maimonides"
    )
    assert str(apply_case(String("due process and due to care"), "title")) == (
        "Due Process and due to Care"
    )


def test_curly_quotes_stay_as_typed_outside_the_styles_quotes(citeproc_js):
    """As citeproc-js: a curly quote outside any quote is printed as typed, and quotes inside it
    flip from there; inside the style's own quotes it takes the inner quote."""
    assert finish(rich_text("“curly ‘b’ c” then"), EN_GB_QUOTES) == "“curly ‘b’ c” then"
    assert finish(rich_text("“curly 'x' y”"), EN_GB_QUOTES) == "“curly ‘x’ y”"
    assert finish(f"\uf706{rich_text('“a ‘b’ c”')}\uf707", EN_GB_QUOTES) == "‘“a ‘b’ c”’"
    items = [
        book("book", title="Aristotle’s “De motu animalium”"),
        book("article", type="article-journal", title="“a ‘b’ c” then"),
    ]
    cites = [[CitationItem("book")], [CitationItem("article")]]
    for style in ("APA 7th", "Vancouver (Elsevier)"):
        assert formatted(items, cites, style)[1] == oracle(citeproc_js, items, cites, style)[1]
    assert "<i>Aristotle’s “De motu animalium”</i>" in formatted(items, cites, "APA 7th")[1]["book"]


def test_newer_variables_and_counts_print_as_citeproc_js_prints_them(citeproc_js):
    """CSL 1.0.2's volume-title (citeproc-py knew no such variable), a count's plural label
    ("2 vols."), a hyphenated number variable ("Vols 1–2") and a report number's range
    ("Nos 99–02") as citeproc-js prints them."""
    items = [
        book(
            "volume", title="Computers & typesetting", volume="A", **{"volume-title": "The TeXbook"}
        ),
        book("set", **{"number-of-volumes": "2", "edition": "2"}),
        book("report", type="report", genre="Technical Report", number="99-02"),
    ]
    cites = [[CitationItem(item["id"])] for item in items]
    apa = formatted(items, cites, "APA 7th")[1]
    assert "<i>Computers & typesetting: A. The TeXbook</i>" in apa["volume"]
    assert "(2nd edn, Vols 1–2)" in apa["set"]
    assert "(Technical Report Nos 99–02)" in apa["report"]
    assert apa == oracle(citeproc_js, items, cites, "APA 7th")[1]
    chicago = formatted(items, cites, "Chicago author-date")[1]
    assert "2 vols." in chicago["set"]
    assert chicago == oracle(citeproc_js, items, cites, "Chicago author-date")[1]


def test_a_number_the_substitute_printed_is_not_printed_again(citeproc_js):
    """APA's title stands in for a missing author, with its edition: the edition is not
    repeated after the date."""
    items = [
        {
            "id": "manual",
            "type": "book",
            "title": "The Chicago manual of style",
            "edition": "15",
            "publisher": "University of Chicago Press",
            "issued": {"date-parts": [[2003]]},
        }
    ]
    cites = [[CitationItem("manual")]]
    entry = formatted(items, cites, "APA 7th")[1]["manual"]
    assert entry.count("15th edn") == 1
    assert formatted(items, cites, "APA 7th") == oracle(citeproc_js, items, cites, "APA 7th")


def test_a_straight_quote_after_a_letter_opens_nothing_and_a_quoted_question_ends_the_title(
    citeproc_js,
):
    assert finish(rich_text('__"theory of truth" in search'), EN_GB_QUOTES) == (
        '__"theory of truth" in search'
    )
    assert finish(rich_text('a 5" screen'), EN_GB_QUOTES) == 'a 5" screen'
    items = [
        book(
            "question",
            type="article-journal",
            title="What is wrong with accounts of function?",
            **{"container-title": "Pacific Philosophical Quarterly"},
        ),
    ]
    cites = [[CitationItem("question")]]
    chicago = formatted(items, cites, "Chicago author-date")
    assert "‘What Is Wrong with Accounts of Function?’ <i>Pacific" in chicago[1]["question"]
    assert chicago == oracle(citeproc_js, items, cites, "Chicago author-date")
