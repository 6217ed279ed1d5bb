"""The find bar's matching: case, whole words, regular expressions, a range, Replace All."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editor.core.find import FindError, FindQuery, Match, apply, expand, find_all, replace_all

TEXT = "Dose the dosing dose. DOSE again; overdose is not a dose-response.\n"


def spans(text, query, *args):
    return [text[m.start : m.end] for m in find_all(text, query, *args)]


def test_plain_text_ignores_case_by_default():
    assert spans(TEXT, FindQuery("dose")) == ["Dose", "dose", "DOSE", "dose", "dose"]


def test_match_case():
    assert spans(TEXT, FindQuery("dose", match_case=True)) == ["dose", "dose", "dose"]


def test_whole_words_skip_longer_words_but_not_hyphenated_parts():
    found = find_all(TEXT, FindQuery("dose", whole_words=True))
    assert [TEXT[m.start : m.end] for m in found] == ["Dose", "dose", "DOSE", "dose"]
    assert found[-1].start == TEXT.index("dose-response")


def test_whole_words_with_punctuation_at_the_edges():
    text = "C++ and C+++ and xC++"
    assert spans(text, FindQuery("C++", whole_words=True)) == ["C++", "C++"]
    assert [m.start for m in find_all(text, FindQuery("C++", whole_words=True))] == [0, 8]


def test_plain_text_is_not_a_pattern():
    assert spans("a.b axb (x)", FindQuery("a.b")) == ["a.b"]
    assert spans("a.b axb (x)", FindQuery("(x)")) == ["(x)"]


def test_regular_expressions_per_line():
    text = "# One\ntext\n## Two\n"
    assert spans(text, FindQuery(r"^#+ \w+", regex=True)) == ["# One", "## Two"]


def test_empty_matches_are_skipped():
    assert find_all("abc", FindQuery("x*", regex=True)) == []
    assert replace_all("abc", FindQuery("x*", regex=True), "-") == []


def test_invalid_regex_says_why():
    with pytest.raises(FindError, match="invalid regular expression"):
        find_all("abc", FindQuery("(", regex=True))


def test_range_limits_matches_to_the_selection():
    text = "cat cat cat cat"
    found = find_all(text, FindQuery("cat"), 4, 11)
    assert [(m.start, m.end) for m in found] == [(4, 7), (8, 11)]
    # A match running past the end of the range is not in the selection.
    assert find_all(text, FindQuery("cat"), 4, 10) == [Match(4, 7)]


def test_replace_all_with_groups():
    text = "Smith 2020, Jones 1999"
    query = FindQuery(r"(\w+) (\d{4})", regex=True)
    splices = replace_all(text, query, r"\2 (\1)")
    assert apply(text, splices) == "2020 (Smith), 1999 (Jones)"
    named = FindQuery(r"(?P<name>\w+) (?P<year>\d{4})", regex=True)
    assert apply(text, replace_all(text, named, r"\g<name>, \g<year>")) == (
        "Smith, 2020, Jones, 1999"
    )


def test_replace_all_plain_replacement_is_literal():
    text = "a.b a.b"
    assert apply(text, replace_all(text, FindQuery("a.b"), r"\1")) == r"\1 \1"


def test_replace_all_in_a_range():
    text = "cat cat cat cat"
    assert apply(text, replace_all(text, FindQuery("cat"), "dog", 4, 11)) == "cat dog dog cat"


def test_bad_group_reference_is_a_find_error():
    with pytest.raises(FindError, match="invalid replacement"):
        replace_all("ab", FindQuery("(a)", regex=True), r"\2")


def test_expand_one_match():
    text = "Smith 2020"
    query = FindQuery(r"(\w+) (\d+)", regex=True)
    assert expand(text, query, find_all(text, query)[0], r"\2") == "2020"
    assert expand(text, FindQuery("Smith"), Match(0, 5), r"\2") == r"\2"


@given(
    st.text(alphabet="ab .\n", max_size=40),
    st.text(alphabet="ab.", min_size=1, max_size=3),
    st.booleans(),
)
def test_replace_all_agrees_with_re_sub(text, needle, whole):
    # The oracle is Python's own substitution with the same pattern.
    query = FindQuery(needle, whole_words=whole)
    pattern = query.compile()
    assert apply(text, replace_all(text, query, "<>")) == pattern.sub("<>", text)
    assert len(find_all(text, query)) == len(pattern.findall(text))
