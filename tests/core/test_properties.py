"""Random text thrown at everything that reads what the user types or imports: no exception
escapes, and every position reported stays inside the text it describes."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from editor.core.citations import syntax as citation_syntax
from editor.core.citations.bibliography import load_bibliography
from editor.core.citations.entry_draft import (
    ENTRY_TYPES,
    EntryDraft,
    csl_to_draft,
    draft_to_csl,
    validate,
)
from editor.core.citations.entry_store import save_entry
from editor.core.md_syntax import NORMAL, tokenize_line
from editor.core.proofing.tokens import document_words, spell_spans
from editor.core.render import Renderer

# Any unicode but lone surrogates (which no file or editor can hold), and text made mostly of
# the characters markdown, pandoc's citations and front matter care about.
_ANY = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
_MARKDOWNISH = st.lists(
    st.sampled_from(
        [*"*_[]()@#>|-:{}\n`!^~=+.;,'\"<>/\\ \tabcxyzé1", "---\n", "@key", "```", "[^n]", "\r\n"]
    ),
    max_size=120,
).map("".join)
_TEXT = st.one_of(_ANY, _MARKDOWNISH)
_LINE = _TEXT.map(lambda text: text.replace("\n", " ").replace("\r", " "))

_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@_SETTINGS
@given(text=_TEXT, front_matter=st.booleans())
def test_renderer_survives_anything(text, front_matter):
    if front_matter:
        text = f"---\ntitle: {text[:40]}\n---\n{text}"
    document = Renderer().render(text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    assert len(document.block_lines) == len(document.block_html)
    assert all(0 <= line < lines for line in document.block_lines)
    assert document.block_lines == sorted(set(document.block_lines))
    assert document.word_count >= 0
    assert "<script" not in document.body_html().lower()


@_SETTINGS
@given(first=_TEXT, second=_TEXT)
def test_renderer_cache_survives_edits(first, second):
    renderer = Renderer()
    renderer.render(first)
    again = renderer.render(first + second)
    fresh = Renderer().render(first + second)
    assert again.block_html == fresh.block_html


@_SETTINGS
@given(inner=_LINE)
def test_citation_parsers_survive_anything(inner):
    cluster = citation_syntax.parse_cluster(inner)
    if cluster is not None:
        assert cluster.items and all(item.key for item in cluster.items)
    narrative = citation_syntax.parse_narrative(inner or "k", inner)
    assert narrative.narrative


@_SETTINGS
@given(line=_LINE, data=st.data())
def test_cluster_at_stays_inside_the_line(line, data):
    column = data.draw(st.integers(min_value=0, max_value=len(line)))
    span = citation_syntax.cluster_at(line, column)
    if span is not None:
        start, end = span
        assert 0 <= start < column <= end <= len(line)
        assert line[start] == "[" and line[end - 1] == "]"


@_SETTINGS
@given(text=_TEXT)
def test_spelling_tokens_stay_inside_their_lines(text):
    lines = text.split("\n")
    for number, span in document_words(text):
        line = lines[number]
        assert 0 <= span.start < span.end <= len(line)
        assert line[span.start : span.end] == span.word
    spans, _state = spell_spans(lines[0], NORMAL, True, skip_all_caps=False)
    assert all(lines[0][s.start : s.end] == s.word for s in spans)


@_SETTINGS
@given(text=_TEXT)
def test_highlighter_spans_stay_inside_their_lines(text):
    state = NORMAL
    for number, line in enumerate(text.split("\n")):
        spans, state = tokenize_line(line, state, number == 0)
        for span in spans:
            assert 0 <= span.start and span.length >= 0
            assert span.start + span.length <= len(line)


_BIB_BYTES = st.one_of(
    st.binary(max_size=400),
    _TEXT.map(lambda text: text.encode("utf-8")),
    st.lists(
        st.sampled_from([*'@{}=,"\n []', "article", "book", "author", "TY  - ", "ER  -", "AU  - "]),
        max_size=120,
    ).map(lambda parts: "".join(parts).encode("utf-8")),
)


@settings(max_examples=200, deadline=None, database=None)
@given(data=_BIB_BYTES, suffix=st.sampled_from([".bib", ".json", ".ris", ".txt"]))
def test_bibliography_loading_reports_problems_never_raises(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"refs{suffix}"
        path.write_bytes(data)
        library = load_bibliography(path)
    assert isinstance(library.entries, dict)
    for problem in library.problems:
        assert problem.line is None or problem.line >= 1
        assert str(problem).startswith(str(path))
    for key, item in library.entries.items():
        assert item["id"] == key


# What a user may type into the reference form: any text, and text made of the characters
# BibTeX, LaTeX and pandoc's readers treat specially. Control characters other than white
# space are refused by the form (a text file holding a NUL does not open again).
_TYPED = st.one_of(
    st.text(
        st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n\r"),
        max_size=40,
    ),
    st.lists(
        st.sampled_from(
            [*"{}\\%#&$_~^'\"`-,;:.!?<>|@=()[]/* \t", "and", "AND", "--", "``", "''", "{}"]
            + [*"aZé漢😀\u00a0\u2019ĳ", "Ø", "DNA", "von", "de", "d'", "Jr", "J.R.", "\\&"]
        ),
        max_size=16,
    ).map("".join),
)
_NAME_PART = _TYPED.map(lambda text: text.replace(",", " "))
_AUTHOR = st.one_of(
    st.builds(lambda family, given: f"{family}, {given}", _NAME_PART, _NAME_PART),
    _NAME_PART,
)
_VERBATIM = st.text(
    st.characters(exclude_categories=("Cs", "Zs", "Zl", "Zp", "Cc")), min_size=1, max_size=20
)


@st.composite
def _drafts(draw):
    draft = EntryDraft(
        key="k1",
        type=draw(st.sampled_from([value for value, _label in ENTRY_TYPES])),
        authors=draw(st.lists(_AUTHOR, max_size=3)),
        title=draw(_TYPED),
        container=draw(_TYPED),
        year=draw(st.sampled_from(["", "1999", "2021", "n.d."])),
        volume=draw(_TYPED),
        issue=draw(_TYPED),
        pages=draw(st.sampled_from(["", "12", "101-118", "e123", "iv-xii", "5, 7-9"])),
        doi=draw(
            st.sampled_from(["", "10.1000/", "https://doi.org/10.5555/"]).flatmap(
                lambda prefix: st.just("") if not prefix else _VERBATIM.map(prefix.__add__)
            )
        ),
        url=draw(
            st.sampled_from(["", "https://example.org/"]).flatmap(
                lambda prefix: st.just("") if not prefix else _VERBATIM.map(prefix.__add__)
            )
        ),
        accessed=draw(st.sampled_from(["", "2023-02-28"])),
        publisher=draw(_TYPED),
        place=draw(_TYPED),
        edition=draw(_TYPED),
    )
    assume(not validate(draft, set()))
    return draft


@settings(max_examples=300, deadline=None, database=None)
@given(draft=_drafts(), suffix=st.sampled_from([".json", ".bib", ".bibtex"]))
def test_every_field_the_reference_form_writes_reads_back_as_typed(draft, suffix):
    """The form's draft, written into a new file and loaded with the project's loader, gives
    back every value as the form normalises it (spaces trimmed and collapsed), and the form
    reopened on it shows the same draft."""
    item = draft_to_csl(draft)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"refs{suffix}"
        path.write_text("[]\n" if suffix == ".json" else "", encoding="utf-8")
        save_entry(path, item)
        library = load_bibliography(path)
        written = path.read_text(encoding="utf-8")
    assert library.problems == [], written
    assert list(library.entries) == ["k1"], written
    read_back = library.entries["k1"]
    same = {name: read_back.get(name) for name in item if name != "author"}
    assert same == {name: value for name, value in item.items() if name != "author"}, written
    assert csl_to_draft(read_back) == csl_to_draft(item), written
