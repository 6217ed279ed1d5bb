"""Documents that used to crash or stall the renderer: lists and quotes nested absurdly deep,
emphasis nested past Python's recursion limit, long runs of marks. The block is shown as plain
text with a problem naming its line; the rest of the document renders."""

from __future__ import annotations

import time

import pytest

from editor.core.render import MAX_NESTING, Renderer, plain_text
from editor.core.textstats import count_words
from tests.hostile_inputs import deep_indented_lists, deep_list_on_one_line


def _render(body: str, limit: float = 5.0):
    start = time.monotonic()
    document = Renderer().render(f"# Before\n\nFirst paragraph.\n\n{body}\nLast paragraph.\n")
    assert time.monotonic() - start < limit, "took too long"
    return document


@pytest.mark.parametrize(
    ("body", "line"),
    [
        (deep_list_on_one_line(), 5),
        (deep_indented_lists(), 5 + MAX_NESTING),
        ("".join(">" * depth + " quoted\n" for depth in range(1, 2000)), 5 + MAX_NESTING),
    ],
    ids=["50000-deep-list-on-one-line", "1000-deep-indented-lists", "2000-deep-quotes"],
)
def test_absurd_nesting_is_plain_text_with_a_problem_and_the_rest_renders(body, line):
    document = _render(body)
    [problem] = document.problems
    assert problem.line == line
    assert problem.message == (
        f"lists or block quotes nested more than {MAX_NESTING} deep; "
        "this block is shown as plain text"
    )
    html = document.body_html()
    assert "<h1" in html and "<p>First paragraph.</p>" in html and "<p>Last paragraph.</p>" in html
    refused = document.block_html[2]
    assert refused.startswith('<pre class="ae-refused">')
    assert body.split("\n")[0][-12:].replace(">", "&gt;") in refused  # the text is kept


def test_a_refused_block_is_reported_again_when_it_comes_from_the_cache():
    renderer = Renderer()
    text = f"Intro.\n\n{deep_list_on_one_line()}\nEnd.\n"
    assert len(renderer.render(text).problems) == 1
    again = renderer.render(text + "\nMore.\n")
    assert renderer.converted_blocks == 1  # only the new paragraph
    assert [problem.line for problem in again.problems] == [3]


def test_nesting_within_the_limit_renders_as_lists():
    document = _render("- " * MAX_NESTING + "deep but fine\n")
    assert document.problems == []
    assert document.block_html[2].count("<ul>") == MAX_NESTING


def test_emphasis_nested_past_the_recursion_limit_is_plain_text():
    document = _render("*" * 20_000 + "x" + "*" * 20_000 + "\n", limit=10.0)
    [problem] = document.problems
    assert problem.line == 5
    assert "nested too deeply to render" in problem.message
    assert "Last paragraph." in plain_text(document.body_html())


def test_a_long_run_of_marks_is_counted_in_linear_time():
    text = "".join(">" * depth + " word\n" for depth in range(1, 2000))
    start = time.monotonic()
    assert count_words(text) == 1999
    assert time.monotonic() - start < 2.0
    assert count_words("-- a_b >x _ __ 1 é") == 4
