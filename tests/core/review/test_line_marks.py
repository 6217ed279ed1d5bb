"""The highlighter's line-at-a-time reading of review marks agrees with the parser's reading
of the whole text: marks across lines are painted on each of their lines, unclosed ones not
at all, and a line tells when the lines above it need painting again."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.review.criticmarkup import MarkKind, parse
from editor.core.review.line_marks import Carry, LineMarks, line_marks


def paint_lines(text: str) -> tuple[list[tuple[int, int, MarkKind]], list[LineMarks]]:
    """Paint ``text`` as the highlighter does, line after line with the carried state; the
    paints in the text's offsets."""
    lines = text.split("\n")
    carry = Carry.NONE
    paints: list[tuple[int, int, MarkKind]] = []
    results = []
    base = 0
    for number, line in enumerate(lines):
        result = line_marks(line, carry, iter(lines[number + 1 :]), number == 0)
        results.append(result)
        paints.extend((base + p.start, base + p.end, p.kind) for p in result.paints)
        carry = result.carry
        base += len(line) + 1
    return paints, results


def expected_paints(text: str) -> list[tuple[int, int, MarkKind]]:
    """What the parser's marks paint, line by line (a line break itself is never painted)."""
    starts, position = [], 0
    for line in text.split("\n"):
        starts.append((position, position + len(line)))
        position += len(line) + 1
    pieces = []
    for mark in parse(text).marks:
        own = mark.start + 6 + len(mark.text)
        if mark.kind is MarkKind.SUBSTITUTION:
            own += 2 + len(mark.replacement)
        if mark.kind is MarkKind.COMMENT:
            own = mark.end
        parts = [(mark.start, own, mark.kind)]
        if mark.kind is MarkKind.SUBSTITUTION:
            parts.append((own - 3 - len(mark.replacement), own - 3, MarkKind.INSERTION))
        if own < mark.end:
            parts.append((own, mark.end, MarkKind.COMMENT))
        pieces.append(parts)
    # Line by line, in the order the highlighter paints: each line's marks in order.
    out = []
    for line_start, line_end in starts:
        for parts in pieces:
            for start, end, kind in parts:
                start, end = max(start, line_start), min(end, line_end)
                if start < end:
                    out.append((start, end, kind))
    return out


def test_a_mark_across_lines_is_painted_on_each_line():
    text = "The {++new\ntext++} and {~~old\nside~>new\nside~~}{>>Jo 2026-01-01: a\nnote<<} end"
    paints, results = paint_lines(text)
    assert paints == expected_paints(text)
    assert [r.carry for r in results] == [
        Carry.INSERTION,
        Carry.OLD,
        Carry.NEW,
        Carry.COMMENT,
        Carry.NONE,
    ]
    first = results[0].paints
    assert [(p.start, p.end, p.kind) for p in first] == [(4, 10, MarkKind.INSERTION)]


def test_an_unclosed_opener_stays_text_and_later_marks_are_read():
    text = "a {++never closed\nb {--gone--} c\n\nd++} {==x==}"
    paints, results = paint_lines(text)
    assert paints == expected_paints(text)
    assert [p[2] for p in paints] == [MarkKind.DELETION, MarkKind.HIGHLIGHT]
    assert all(r.carry is Carry.NONE for r in results)
    assert results[3].stray_closer  # "++}" outside a mark: an opener above may reach it


def test_a_carried_mark_that_no_longer_closes_is_reported_broken():
    # The first line was painted for a mark closing below; the closer has since gone.
    result = line_marks("more text and no closer", Carry.INSERTION, iter(["last line"]))
    assert result.broken
    assert line_marks("", Carry.DELETION, iter([])).broken  # a blank line ends every mark
    closes = line_marks("more++} after", Carry.INSERTION, iter([]))
    assert not closes.broken and closes.carry is Carry.NONE
    assert [(p.start, p.end) for p in closes.paints] == [(0, 7)]


def test_only_the_lines_a_mark_needs_are_read():
    read: list[str] = []

    def below():
        for line in ["one++}", "two", "three"]:
            read.append(line)
            yield line

    assert line_marks("x {++open", Carry.NONE, below()).carry is Carry.INSERTION
    assert read == ["one++}"]
    read.clear()
    assert line_marks("no marks here", Carry.NONE, below()).paints == []
    assert read == []


def test_code_is_not_read_for_marks():
    text = "a {++b `++}` c\nd++} e"
    paints, _ = paint_lines(text)
    assert paints == expected_paints(text)
    assert paints[0] == (2, 14, MarkKind.INSERTION)  # the closer in code does not close it


_PIECES = st.sampled_from(
    [
        "{++",
        "++}",
        "{--",
        "--}",
        "{~~",
        "~>",
        "~~}",
        "{==",
        "==}",
        "{>>",
        "<<}",
        "a",
        "bc",
        " ",
        "\n",
        "\n\n",
        "`",
        "Jo 2026-01-01: ",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30))
def test_line_by_line_agrees_with_the_parser(pieces):
    text = "".join(pieces)
    paints, results = paint_lines(text)
    assert paints == expected_paints(text)
    assert not any(r.broken for r in results)  # painted in order, nothing is stale
