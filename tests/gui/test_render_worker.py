"""Edits queued behind a request in flight go together, and typing on in one line queues that
line once: composing two edits gives what applying both gives."""

from __future__ import annotations

import random

from editor.core.text_edits import LineEdit, TextLines
from editor.gui.render_worker import _compose


def _random_edit(rng: random.Random, text: TextLines) -> LineEdit:
    count = len(text)
    first = rng.randint(0, count - 1)
    removed = rng.randint(0, min(3, count - first))
    lines = tuple(f"new {rng.randint(0, 99)}" for _ in range(rng.randint(0, 3)))
    if count - removed + len(lines) < 1:
        lines = ("kept",)
    return LineEdit(first, removed, lines, count - removed + len(lines))


def test_a_composed_edit_does_what_the_two_do():
    rng = random.Random(18)
    composed = 0
    for _ in range(2000):
        text = TextLines.of_lines(f"line {n}" for n in range(rng.randint(1, 8)))
        first = _random_edit(rng, text)
        middle = TextLines.of_lines(text.lines())
        middle.apply(first)
        then = _random_edit(rng, middle)
        wanted = TextLines.of_lines(middle.lines())
        wanted.apply(then)
        merged = _compose(first, then)
        if merged is None:
            continue  # it touches lines the first did not write: both are sent
        got = TextLines.of_lines(text.lines())
        got.apply(merged)
        assert got.lines() == wanted.lines(), (first, then, merged)
        composed += 1
    assert composed > 500


def test_typing_on_in_one_line_carries_that_line_once():
    line = "A paragraph being written"
    edits = [LineEdit(40, 1, (line + "!" * n,), 100) for n in range(1, 30)]
    merged = edits[0]
    for edit in edits[1:]:
        merged = _compose(merged, edit)
    assert merged == LineEdit(40, 1, (line + "!" * 29,), 100)
    # Enter in it, then more typing on the new line: one edit of the two lines.
    enter = _compose(merged, LineEdit(40, 1, (line, "!" * 29), 101))
    typed = _compose(enter, LineEdit(41, 1, ("!" * 29 + " more",), 101))
    assert typed == LineEdit(40, 1, (line, "!" * 29 + " more"), 101)
    # A change elsewhere is sent as its own edit.
    assert _compose(typed, LineEdit(7, 1, ("elsewhere",), 101)) is None
