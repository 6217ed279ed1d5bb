import pytest

from editor.core.citations.syntax import (
    BRACKETED,
    NARRATIVE,
    CitationItem,
    Cluster,
    parse_cluster,
    parse_narrative,
)


@pytest.mark.parametrize(
    ("inner", "items"),
    [
        ("@smith2020", [CitationItem("smith2020")]),
        ("@smith2020, p. 33", [CitationItem("smith2020", locator="33")]),
        ("see @key, pp. 1-3", [CitationItem("key", prefix="see", locator="1-3")]),
        ("@a; @b", [CitationItem("a"), CitationItem("b")]),
        ("-@key", [CitationItem("key", suppress_author=True)]),
        ("@key, chap. 2", [CitationItem("key", locator="2", label="chapter")]),
        ("@key, 33", [CitationItem("key", locator="33")]),
        (
            "@key, p. 33, emphasis added",
            [CitationItem("key", locator="33", suffix=", emphasis added")],
        ),
        (
            "@key, pp. 12, 15 and passim",
            [CitationItem("key", locator="12, 15", suffix=" and passim")],
        ),
        ("@key, iv-x", [CitationItem("key", locator="iv-x")]),
        (
            "see also @a; @b, fig. 2",
            [CitationItem("a", prefix="see also"), CitationItem("b", locator="2", label="figure")],
        ),
        (
            "@Doe:2001.x-y/z#1, sec. 4",
            [CitationItem("Doe:2001.x-y/z#1", locator="4", label="section")],
        ),
        ("@{a key, with commas}", [CitationItem("a key, with commas")]),
    ],
)
def test_bracketed_clusters(inner, items):
    assert parse_cluster(inner) == Cluster(tuple(items))


@pytest.mark.parametrize("inner", ["not a citation", "mail me@example.org", "@a; plain"])
def test_not_citations(inner):
    assert parse_cluster(inner) is None


def test_narrative_with_and_without_locator():
    assert parse_narrative("smith2020") == Cluster((CitationItem("smith2020"),), narrative=True)
    assert parse_narrative("smith2020", "p. 4") == Cluster(
        (CitationItem("smith2020", locator="4"),), narrative=True
    )


def test_finding_citations_in_text():
    text = (
        "As @smith2020 [p. 4] argued, and ann@example.org agrees [see @jones; -@li:2020, "
        "fig. 2]. A [link](https://x.org) and @end."
    )
    assert [m.group("inner") for m in BRACKETED.finditer(text)] == ["see @jones; -@li:2020, fig. 2"]
    narrative = [m.group("key") for m in NARRATIVE.finditer(text)]
    assert narrative[0] == "smith2020" and "example" not in " ".join(narrative)
    assert "end" in narrative  # the full stop after a key is not part of it


def test_citation_text_round_trips():
    from editor.core.citations.syntax import citation_text

    items = (
        CitationItem("marsh2021", prefix="see", locator="414"),
        CitationItem("lee2019", locator="3", label="chapter", suppress_author=True),
        CitationItem("a key"),
        CitationItem("x", locator="1-3"),
    )
    text = citation_text(items)
    assert text == "[see @marsh2021, p. 414; -@lee2019, chap. 3; @{a key}; @x, pp. 1-3]"
    assert parse_cluster(text[1:-1]) == Cluster(items)


def test_cluster_at_finds_the_cluster_around_the_cursor():
    from editor.core.citations.syntax import cluster_at

    line = "Text [@a; @b] and [a link](x) then [see @c]."
    assert cluster_at(line, 7) == (5, 13)
    assert cluster_at(line, 12) == (5, 13)  # just before "]"
    assert cluster_at(line, 13) is None  # after it
    assert cluster_at(line, 20) is None  # a link is no cluster
    assert cluster_at(line, 40) == (35, 43)


@pytest.mark.parametrize("between", [" ", "\n", " \n", "\n  ", "  \n\t"])
def test_a_narrative_locator_may_wrap_to_the_next_line(between):
    """``@levine1997`` at a line's end and ``[pp. 17-19]`` on the next: one citation."""
    match = NARRATIVE.search(f"as @levine1997{between}[pp. 17-19] showed")
    assert match is not None and match.group("locator") == "pp. 17-19"


def test_a_blank_line_ends_the_narrative_citation():
    """A paragraph break is no white space inside a citation: the bracket is not its locator."""
    match = NARRATIVE.search("as @levine1997\n\n[pp. 17-19]")
    assert match is not None and match.group("locator") is None
