"""Open review marks reported for ``check``: where, what kind, what."""

from editor.core.review.findings import review_findings


def test_each_change_and_comment_with_line_columns_and_text():
    text = "Intro.\n\nThe {++new ++}text {~~is~>was~~} {==here==}{>>Jo 2026-01-01: why?<<}.\n"
    found = review_findings(text)
    assert [(f.line, f.column, f.end_line, f.end, f.kind) for f in found] == [
        (3, 5, 3, 15, "change"),
        (3, 20, 3, 33, "change"),
        (3, 34, 3, 69, "comment"),
    ]
    assert found[0].text == "{++new ++}"
    assert found[0].message == "unresolved insertion: 'new'"
    assert found[1].message == "unresolved substitution: 'is' -> 'was'"
    assert found[2].message == "unresolved comment by Jo: 'why?'"


def test_malformed_markup_is_a_review_syntax_finding_in_order():
    found = review_findings("a {--gone--} then {++never closed\nnext line")
    assert [(f.kind, f.line, f.column) for f in found] == [
        ("change", 1, 3),
        ("review-syntax", 1, 19),
    ]
    assert "unclosed insertion" in found[1].message


def test_a_clean_text_has_no_findings():
    assert review_findings("Clean {braces} and `{++code++}`.") == []
