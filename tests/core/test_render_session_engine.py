"""The incremental render session against the whole-document renderer: any sequence of line
edits leaves the session, and the other side applying its updates, holding what
``Renderer.render`` gives for the text; and the work of an ordinary edit does not grow with the
document (counted, not timed)."""

from __future__ import annotations

import pickle
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.citations.service import CitationService
from editor.core.render import Renderer
from editor.core.render_process import handle
from editor.core.render_session import RenderSession, RenderUpdate, apply_line_update
from editor.core.text_edits import LineEdit

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CITE = FIXTURES / "cite"  # refs.json: marsh2021, WHO:2023, lee2019

# Lines documents are made of and edits insert: every construct whose settling is
# document-wide, and the ones that make block splitting subtle.
LINES = [
    "",
    "",
    "",
    "",
    "# Introduction",
    "## Methods",
    "# Introduction",
    "Setext heading",
    "==============",
    "Plain words here, and more words.",
    "Text with a note.[^a]",
    "Another[^b] and[^a] again.",
    "[^a]: Note A citing [@lee2019].",
    "[^b]: Note B.",
    "    A note's second paragraph.",
    "See [the site][s] and [x].",
    "[s]: https://example.org",
    "[x]: https://x.example.org",
    "Cited [@marsh2021, p. 4] and @lee2019 says.",
    "Unknown [@nobody2000] here.",
    "Not a citation: `@nobody2000` in code, nor `@lee2019`.",
    "[see @WHO:2023; -@lee2019, chap. 3]",
    "```",
    "~~~",
    "code [@marsh2021] {++not a mark++} [^a]",
    "<div>",
    "</div>",
    '<div markdown="1">',
    "- item one [@marsh2021]",
    "- item two",
    "1. first",
    "    indented",
    "{++added++} and {--gone--} words",
    "{~~old~>new~~} {==this==}{>>Ann 2026-01-01: why?<<}",
    "{++unclosed",
    "::: {#refs}",
    ":::",
    "> a quote with @marsh2021",
    "---",
    "Term",
    ":   Definition",
    "![A figure](figure.svg)",
]
FRONT = ["---", "title: A *test*", "bibliography: refs.json", "---", ""]

# Blocks documents are made of, so that most documents hold several of each construct.
CHUNKS = [
    ["# Introduction"],
    ["# Introduction", "Text under it [@lee2019]."],
    ["## Methods"],
    ["Setext heading", "=============="],
    ["Plain words here, and more words."],
    ["Text with a note.[^a]"],
    ["Another[^b] and[^a] again."],
    ["[^a]: Note A citing [@lee2019].", "", "    A note's second paragraph."],
    ["[^b]: Note B."],
    ["See [the site][s] and [x]."],
    ["[s]: https://example.org"],
    ["Cited [@marsh2021, p. 4] and @lee2019 says."],
    ["Unknown [@nobody2000] here."],
    ["[see @WHO:2023; -@lee2019, chap. 3]"],
    ["```", "code [@marsh2021] {++not a mark++} [^a]", "", "```"],
    ["<div>", "", "Inside [@marsh2021].", "", "</div>"],
    ["- item one [@marsh2021]", "- item two", "", "- item three[^a]"],
    ["1. first", "", "    indented"],
    ["{++added++} and {--gone--} words"],
    ["{~~old~>new~~} {==this==}{>>Ann 2026-01-01: why?<<}"],
    ["::: {#refs}", ":::"],
    ["> a quote with @marsh2021"],
    ["Term", ":   Definition"],
]

_line = st.sampled_from(LINES)
_body = st.lists(st.sampled_from(CHUNKS), min_size=2, max_size=24).map(
    lambda chunks: [line for chunk in chunks for line in (*chunk, "")]
)
_document = st.tuples(st.booleans(), _body).map(
    lambda pair: "\n".join((FRONT if pair[0] else []) + pair[1])
)


@st.composite
def _edit(draw: st.DrawFn, total: int) -> LineEdit:
    """A line edit fitting a text of ``total`` lines: lines replaced, inserted or removed,
    or one character typed into a line."""
    first = draw(st.integers(0, total - 1))
    if draw(st.booleans()):
        removed = 1
        line = draw(_line)
        at = draw(st.integers(0, len(line)))
        lines: tuple[str, ...] = (line[:at] + draw(st.sampled_from("a [@^{#")) + line[at:],)
    elif draw(st.booleans()):
        removed = draw(st.integers(0, min(3, total - first)))
        lines = tuple(draw(st.lists(_line, max_size=3)))
    else:
        removed = draw(st.integers(0, min(2, total - first)))
        lines = ("", *draw(st.sampled_from(CHUNKS)), "")
    new_total = total - removed + len(lines)
    if new_total < 1:
        lines = ("",)
        new_total = total - removed + 1
    return LineEdit(first, removed, lines, new_total)


class _OtherSide:
    """What the GUI keeps, changed only by updates."""

    def __init__(self) -> None:
        self.fragments: list[str] = []
        self.block_lines: list[int] = []
        self.lists: dict[str, tuple] = {}
        self.facts = None

    def take(self, update: RenderUpdate) -> None:
        if update.full:
            self.fragments, self.block_lines = [], []
        update.fragments.apply(self.fragments)
        apply_line_update(self.block_lines, update.block_lines, update.line_shift)
        for name in ("headings", "review", "cited_keys", "citation_uses", "problems"):
            value = getattr(update, name)
            if value is not None:
                self.lists[name] = value
        self.facts = update.facts


_citations = CitationService()
_reference = Renderer(_citations)


def _assert_same(session: RenderSession, side: _OtherSide) -> None:
    expected = _reference.render(session.text, CITE)
    view = session.document
    assert view.fragments() == expected.fragments()
    assert view.block_lines == expected.block_lines
    assert view.headings == expected.headings
    assert view.review == expected.review
    assert view.cited_keys == expected.cited_keys
    assert view.citation_uses == expected.citation_uses
    assert view.problems == expected.problems
    assert view.word_count == expected.word_count
    assert view.notices == expected.notices
    assert view.metadata == expected.metadata and view.title_text == expected.title_text
    # The other side, from updates alone.
    assert side.fragments == expected.fragments()
    assert side.block_lines == expected.block_lines
    assert list(side.lists["headings"]) == expected.headings
    assert list(side.lists["review"]) == expected.review
    assert list(side.lists["cited_keys"]) == expected.cited_keys
    assert list(side.lists["citation_uses"]) == expected.citation_uses
    assert list(side.lists["problems"]) == expected.problems
    assert side.facts is not None and side.facts.word_count == expected.word_count


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=_document, data=st.data())
def test_any_edits_leave_the_session_as_rendering_the_whole_text(
    text: str, data: st.DataObject
) -> None:
    session = RenderSession(Renderer(_citations))
    side = _OtherSide()
    side.take(session.reset(text, CITE))
    _assert_same(session, side)
    for _ in range(data.draw(st.integers(1, 6))):
        total = session.text.count("\n") + 1
        edits = [data.draw(_edit(total))]
        if data.draw(st.booleans()):  # two edits in one request
            edits.append(data.draw(_edit(edits[0].total)))
        side.take(session.edit(edits, CITE))
        _assert_same(session, side)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_document, visible=st.tuples(st.integers(0, 40), st.integers(1, 6)), data=st.data())
def test_visible_first_then_complete_is_the_whole_rendering(
    text: str, visible: tuple[int, int], data: st.DataObject
) -> None:
    session = RenderSession(Renderer(_citations))
    side = _OtherSide()
    first, height = visible
    update = session.reset(text, CITE, visible=(first, first + height))
    side.take(update)
    if data.draw(st.booleans()):
        total = session.text.count("\n") + 1
        edit = session.edit([data.draw(_edit(total))], CITE)
        assert edit.partial == update.partial
        side.take(edit)
    done = session.complete(CITE)
    assert not done.partial
    side.take(done)
    _assert_same(session, side)


_VOCABULARY = (
    "dose response trial safety careful review ketamine evidence cohort patients outcome "
    "relapse monitoring consent structured analysis service referral primary care nursing"
).split()


def _paragraph(seed: int, words: int = 100) -> str:
    chosen = [_VOCABULARY[(seed * 7 + n * n + n) % len(_VOCABULARY)] for n in range(words)]
    return " ".join(chosen).capitalize() + "."


_VARIANTS = [_paragraph(seed) for seed in range(60)]


def _book(words: int) -> str:
    """A document of about ``words`` words in 100-word paragraphs (60 texts repeated, so a
    test renders a million words in seconds), chapters, citations and footnotes, and a
    reference list."""
    out = ["---", "title: Book", "bibliography: refs.json", "---", ""]
    keys = ["marsh2021", "lee2019", "WHO:2023"]
    for number in range(words // 100):
        if number % 40 == 0:
            out += [f"# Chapter {number // 40}", ""]
        text = _VARIANTS[number % len(_VARIANTS)]
        if number % 50 == 3:
            text += f" As [@{keys[number % 3]}, p. {number % 90 + 1}] shows."
        if number % 500 == 3:
            text += f"[^n{number}]"
            out += [text, "", f"[^n{number}]: The note of paragraph {number}.", ""]
        else:
            out += [text, ""]
    out += ["# References", "", "::: {#refs}", ":::"]
    return "\n".join(out)


def _one_character_edit(words: int) -> tuple[RenderSession, RenderUpdate, dict[str, int]]:
    text = _book(words)
    session = RenderSession(Renderer())
    session.reset(text, CITE)
    lines = text.split("\n")
    middle = next(i for i in range(len(lines) // 2, len(lines)) if lines[i][-1:] == ".")
    # A first edit there (moving the gap of block lines to it), then the one measured.
    session.edit([LineEdit(middle, 1, (lines[middle] + "x",), len(lines))], CITE)
    before = vars(session.counters).copy()
    runs = session._renderer.citations.formatted_runs
    update = session.edit([LineEdit(middle, 1, (lines[middle] + "xy",), len(lines))], CITE)
    done = {key: value - before[key] for key, value in vars(session.counters).items()}
    done["citeproc_runs"] = session._renderer.citations.formatted_runs - runs
    return session, update, done


def test_a_one_character_edit_costs_the_same_at_2k_and_at_1m_words() -> None:
    small_session, small, small_work = _one_character_edit(2_000)
    large_session, large, large_work = _one_character_edit(1_000_000)
    assert large_session.document.word_count > 1_000_000 > 400 * small_session.document.word_count
    assert small.blocks_rendered == large.blocks_rendered == 1
    assert small_work == large_work
    assert large_work["blocks_rendered"] == 1
    assert large_work["blocks_settled"] <= 2  # the block before it is split again too
    assert large_work["citation_passes"] == large_work["settle_passes"] == 0
    assert large_work["citeproc_runs"] == 0 and large_work["gap_moves"] == 0
    assert large_work["blocks_split"] <= 2
    # What is sent back: a few hundred bytes and the block's HTML, whatever the size.
    for update in (small, large):
        assert update.fragments.removed == 1 and len(update.fragments.inserted) == 1
        assert update.headings is None and update.problems is None
        assert update.cited_keys is None and update.review is None
        block_html = len(update.fragments.inserted[0].encode("utf-8"))
        assert len(pickle.dumps(update)) < block_html + 900
    assert abs(len(pickle.dumps(large)) - len(pickle.dumps(small))) < 100


def test_citations_are_formatted_again_only_when_a_citation_changes() -> None:
    text = _book(20_000)
    session = RenderSession(Renderer())
    session.reset(text, CITE)
    citations = session._renderer.citations
    passes, runs = session.counters.citation_passes, citations.formatted_runs
    lines = text.split("\n")
    line = next(i for i, value in enumerate(lines) if "[@marsh2021" in value)
    # Words around a citation change: nothing reformatted, the formatted one reused.
    update = session.edit([LineEdit(line, 1, ("New " + lines[line],), len(lines))], CITE)
    assert (session.counters.citation_passes, citations.formatted_runs) == (passes, runs)
    assert update.cited_keys is None
    assert '<span class="citation" data-cites="marsh2021">' in update.fragments.inserted[0]
    # A new citation: one pass over every citation, and citeproc runs.
    changed = lines[line].replace("[@marsh2021", "[@lee2019")
    update = session.edit([LineEdit(line, 1, (changed,), len(lines))], CITE)
    assert session.counters.citation_passes == passes + 1
    assert citations.formatted_runs == runs + 1
    assert update.citation_uses is not None


def test_the_render_process_answers_reset_with_visible_lines_and_complete() -> None:
    text = _book(40_000)
    partial = handle(("reset", (text, (0, 20)), CITE, None))
    assert isinstance(partial, RenderUpdate) and partial.partial
    shown = [fragment for fragment in partial.fragments.inserted if fragment]
    assert 1 < len(shown) < 50
    done = handle(("complete", None, CITE, None))
    assert isinstance(done, RenderUpdate) and not done.partial
    assert done.blocks_rendered > 50
    again = handle(("complete", None, CITE, None))
    assert isinstance(again, RenderUpdate) and again.fragments.empty
