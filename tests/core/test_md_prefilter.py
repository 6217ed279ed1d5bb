"""The needles that let python-markdown's slow inline patterns skip text (md_prefilter)."""

import itertools
import random

import markdown

from editor.core.md_prefilter import NEEDLES, NeedledPattern, add_needles
from editor.core.render import Renderer

# Texts full of what the patterns look for, at every distance from the search position.
_PIECES = [
    "`code`",
    "\\`",
    "\\\\`x`",
    "--",
    "---",
    "----",
    "...",
    "....",
    "'90s",
    "don't",
    "'quoted'",
    '"double"',
    "\"'",
    "'\"",
    '&nbsp;"a',
    "—'b",
    "@smith2020",
    "a@b.org",
    "@{odd key}",
    "@jones [p. 4]",
    "word",
    " ",
    "\n",
    "(",
    "[",
]


def _texts():
    rng = random.Random(18)
    for pair in itertools.product(_PIECES, repeat=2):
        yield "".join(pair)
    for _ in range(600):
        yield "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 12)))


def _needled_patterns(md: markdown.Markdown) -> list[NeedledPattern]:
    registries = [md.inlinePatterns, md.treeprocessors["smarty"].inlinePatterns]
    return [
        processor.compiled_re
        for registry in registries
        for processor in registry
        if isinstance(processor.compiled_re, NeedledPattern)
    ]


def test_every_slow_pattern_of_the_renderer_gets_its_needle():
    # A python-markdown that changed a pattern leaves it without one: slower, and said here.
    patterns = _needled_patterns(Renderer()._md)
    assert len(patterns) == len(NEEDLES)
    assert {pattern.pattern for pattern in patterns} == set(NEEDLES)


def test_a_needled_pattern_finds_exactly_what_its_expression_finds():
    patterns = _needled_patterns(Renderer()._md)
    checked = 0
    for text in _texts():
        for pattern in patterns:
            for position in range(len(text) + 1):
                plain = [m.span() for m in pattern.compiled.finditer(text, position)]
                assert [m.span() for m in pattern.finditer(text, position)] == plain, (
                    pattern.pattern,
                    text,
                    position,
                )
                found = pattern.compiled.search(text, position)
                needled = pattern.search(text, position)
                assert (needled and needled.span()) == (found and found.span())
                checked += bool(plain)
    assert checked > 10_000  # the texts did hold matches of every kind


def test_a_pattern_not_listed_is_left_alone():
    md = markdown.Markdown(extensions=["smarty"])
    before = {id(processor.compiled_re) for processor in md.inlinePatterns}
    given = add_needles(md)
    assert given == len(_needled_patterns(md))
    untouched = [p for p in md.inlinePatterns if not isinstance(p.compiled_re, NeedledPattern)]
    assert untouched and all(id(p.compiled_re) in before for p in untouched)
