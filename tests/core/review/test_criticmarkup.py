"""The CriticMarkup parser: every form, comments with and without a signature, code left
alone, nesting refused, unclosed marks kept as text and reported."""

from editor.core.review.criticmarkup import (
    Comment,
    MarkKind,
    mark_at,
    parse,
    parse_comment,
    signed_comment,
)


def only(text):
    parsed = parse(text)
    assert parsed.problems == []
    assert len(parsed.marks) == 1
    return parsed.marks[0]


def test_every_form_with_its_offsets_and_text():
    text = "a {++in++} b {--out--} c {~~old~>new~~} d {==look==} e {>>note<<} f"
    kinds = [(m.kind, m.text, m.replacement, text[m.start : m.end]) for m in parse(text).marks]
    assert kinds == [
        (MarkKind.INSERTION, "in", "", "{++in++}"),
        (MarkKind.DELETION, "out", "", "{--out--}"),
        (MarkKind.SUBSTITUTION, "old", "new", "{~~old~>new~~}"),
        (MarkKind.HIGHLIGHT, "look", "", "{==look==}"),
        (MarkKind.COMMENT, "", "", "{>>note<<}"),
    ]
    assert parse(text).marks[4].comment == Comment("note")


def test_a_comment_after_a_mark_belongs_to_it_with_author_and_date():
    text = "The {==dose==}{>>Jane Doe 2026-12-01: which units?<<} was given."
    mark = only(text)
    assert mark.kind is MarkKind.HIGHLIGHT
    assert text[mark.start : mark.end] == "{==dose==}{>>Jane Doe 2026-12-01: which units?<<}"
    assert mark.comment == Comment("which units?", "Jane Doe", "2026-12-01")
    assert mark.author == "Jane Doe"
    change = only("x {--very --}{>>Ann 2026-01-02: filler<<}y")
    assert change.kind is MarkKind.DELETION and change.comment.author == "Ann"


def test_an_unsigned_comment_is_all_body_even_with_a_colon():
    assert parse_comment("Note: see table 2") == Comment("Note: see table 2")
    assert parse_comment("Jane 2026-12-01 no colon") == Comment("Jane 2026-12-01 no colon")
    assert parse_comment(" Dr. A. Smith 2026-03-04:  ok ") == Comment(
        "ok", "Dr. A. Smith", "2026-03-04"
    )


def test_signed_comment_writes_the_documented_form_that_parses_back():
    markup = signed_comment("too long", "Jane Doe", "2026-12-01")
    assert markup == "{>>Jane Doe 2026-12-01: too long<<}"
    assert only(markup).comment == Comment("too long", "Jane Doe", "2026-12-01")
    assert signed_comment("x", "", "2026-12-01") == "{>>x<<}"


def test_marks_may_span_lines_of_a_paragraph_but_not_a_blank_line():
    mark = only("one {++two\nthree++} four")
    assert mark.text == "two\nthree"
    parsed = parse("one {++two\n\nthree++} four")
    assert parsed.marks == []
    assert [p.start for p in parsed.problems] == [4]
    assert "unclosed insertion" in parsed.problems[0].message


def test_code_spans_fenced_code_and_front_matter_are_not_marks():
    text = (
        "---\ntitle: '{++x++}'\n---\n\nUse `{--x--}` here {++but this++}.\n\n```\n{~~a~>b~~}\n```\n"
    )
    mark = only(text)
    assert mark.text == "but this"
    # A closer inside a code span does not close a mark outside it.
    parsed = parse("{++a `++}` b")
    assert parsed.marks == [] and len(parsed.problems) == 1


def test_nesting_is_refused_the_inner_mark_still_counts():
    text = "{++a {--b--} c++}"
    parsed = parse(text)
    assert [(m.kind, m.text) for m in parsed.marks] == [(MarkKind.DELETION, "b")]
    assert parsed.problems[0].start == 0
    assert "do not nest" in parsed.problems[0].message


def test_unclosed_and_malformed_marks_are_text_and_reported():
    parsed = parse("an {++open insertion and a {~~sub without arrow~~} end")
    assert parsed.marks == []
    messages = [p.message for p in parsed.problems]
    assert "unclosed insertion" in messages[0]
    assert "without '~>'" in messages[1]
    # The opener is reported where it is, so an editor can point at it.
    assert [p.start for p in parsed.problems] == [3, 27]


def test_empty_marks_and_plain_braces():
    assert only("{++++}").text == ""
    assert parse("a {b} {+c+} {-d-}").marks == []
    assert parse("no marks at all").marks == []


def test_mark_at_finds_the_mark_under_a_position():
    marks = parse("ab {++cd++} ef {--gh--}").marks
    assert mark_at(marks, 5) is marks[0]
    assert mark_at(marks, 3) is marks[0] and mark_at(marks, 11) is marks[0]
    assert mark_at(marks, 12) is None
    assert mark_at(marks, 20) is marks[1]
