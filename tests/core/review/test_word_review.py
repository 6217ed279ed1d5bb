"""Review marks in Word: ``export --track-changes all`` writes Word's own tracked changes
(w:ins, w:del) and comments (comments.xml) with the reviewer and date, read back from the XML
and with python-docx; importing that file gives the same review marks back."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from editor.cli import main
from editor.core.import_docx import convert_office
from editor.core.review.criticmarkup import MarkKind, parse
from editor.core.review.resolve import ReviewMarkup, TrackChanges, view

REVIEWED = """---
title: Reviewed
---

The dose was {~~high~>moderate~~}{>>Jane Doe 2026-03-04:<<} and
{++carefully++}{>>Sam Roe 2026-03-05:<<} titrated {--daily--}. Patients
{==tolerated *it*==}{>>Jane Doe 2026-03-04: which source?<<} well. They
{++slept++}{>>Ann Lee 2026-03-06: say how long<<} afterwards.{>>Ann Lee 2026-03-06: cite the
protocol<<}

Second {==paragraph==}{>>Jane Doe 2026-03-07: again<<}.[^1]

[^1]: A note {++with an insertion++}{>>Sam Roe 2026-03-05:<<}.
"""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def reviewed_docx(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("word-review")
    source = folder / "reviewed.md"
    source.write_text(REVIEWED, encoding="utf-8")
    target = folder / "reviewed.docx"
    assert main(["export", str(source), "-o", str(target), "--track-changes", "all"]) == 0
    return target


def _part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def _changes(root: etree._Element, tag: str) -> list[tuple[str, str, str]]:
    """(author, date, text) of each w:ins or w:del."""
    found = []
    for change in root.iter(W + tag):
        text = "".join(change.itertext())
        found.append((change.get(W + "author"), change.get(W + "date") or "", text.strip()))
    return found


def test_changes_are_words_tracked_changes_with_their_reviewer(reviewed_docx):
    body = _part(reviewed_docx, "word/document.xml")
    insertions = _changes(body, "ins")
    deletions = _changes(body, "del")
    assert ("Jane Doe", "2026-03-04T00:00:00Z", "moderate") in insertions
    assert ("Sam Roe", "2026-03-05T00:00:00Z", "carefully") in insertions
    assert ("Ann Lee", "2026-03-06T00:00:00Z", "slept") in insertions
    assert ("Jane Doe", "2026-03-04T00:00:00Z", "high") in deletions  # the substitution's old side
    unsigned = [change for change in deletions if change[2] == "daily"]
    assert len(unsigned) == 1 and unsigned[0][1] == ""  # no date where the mark carries none
    # Deleted text is Word's deleted text, not text struck through by hand.
    assert [t.text for t in body.iter(W + "delText")] and not list(body.iter(W + "strike"))
    visible = "".join(t.text or "" for t in body.iter(W + "t"))
    assert "{++" not in visible and "{>>" not in visible and "Jane Doe" not in visible
    notes = _part(reviewed_docx, "word/footnotes.xml")
    assert ("Sam Roe", "2026-03-05T00:00:00Z", "with an insertion") in _changes(notes, "ins")


def test_comments_are_words_comments_on_their_words(reviewed_docx):
    document = docx.Document(str(reviewed_docx))
    comments = [(c.author, c.text) for c in document.comments]
    assert comments == [
        ("Jane Doe", "which source?"),
        ("Ann Lee", "say how long"),
        ("Ann Lee", "cite the protocol"),
        ("Jane Doe", "again"),
    ]
    dates = [c.get(W + "date") for c in _part(reviewed_docx, "word/comments.xml")]
    assert dates[0] == "2026-03-04T00:00:00Z" and dates[3] == "2026-03-07T00:00:00Z"

    # Each comment covers the words it is about: the text between its range's start and end.
    body = _part(reviewed_docx, "word/document.xml")
    covered: dict[str, str] = {}
    open_ids: list[str] = []
    for node in body.iter():
        if node.tag == W + "commentRangeStart":
            open_ids.append(node.get(W + "id"))
            covered[node.get(W + "id")] = ""
        elif node.tag == W + "commentRangeEnd":
            open_ids.remove(node.get(W + "id"))
        elif node.tag in (W + "t", W + "delText") and node.text:
            for ident in open_ids:
                covered[ident] += node.text
    ids = [c.get(W + "id") for c in _part(reviewed_docx, "word/comments.xml")]
    assert [covered[ident].strip() for ident in ids] == [
        "tolerated it",
        "slept",  # a change's comment covers the change
        "",  # a comment on nothing in particular sits at its place
        "paragraph",
    ]
    references = [r.get(W + "id") for r in body.iter(W + "commentReference")]
    assert references == ids


def test_accept_and_reject_write_no_review_marks(tmp_path):
    source = tmp_path / "reviewed.md"
    source.write_text(REVIEWED, encoding="utf-8")
    for mode, kept, gone in (("accept", "moderate", "high"), ("reject", "high", "moderate")):
        target = tmp_path / f"{mode}.docx"
        assert main(["export", str(source), "-o", str(target), "--track-changes", mode]) == 0
        assert not list(_part(target, "word/comments.xml").iter(W + "comment"))
        body = _part(target, "word/document.xml")
        assert not list(body.iter(W + "ins")) and not list(body.iter(W + "del"))
        text = "".join(body.itertext())
        assert kept in text and gone not in text


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_importing_the_word_file_gives_the_review_marks_back(reviewed_docx, tmp_path):
    imported = convert_office(reviewed_docx, tmp_path).markdown
    assert imported.count("{") == REVIEWED.count("{")
    back = parse(imported).marks
    original = parse(REVIEWED).marks
    assert [m.kind for m in back] == [m.kind for m in original]
    assert [m.author for m in back] == [m.author for m in original]
    assert [_flat(m.comment.body) if m.comment else None for m in back] == [
        _flat(m.comment.body) if m.comment else None for m in original
    ]
    assert [m.comment.date if m.comment else None for m in back] == [
        m.comment.date if m.comment else None for m in original
    ]
    # Word keeps the words (a line break in the markdown is a space in Word); pandoc moves
    # a space at a change's edge outside it.
    assert [_flat(m.text) for m in back] == [_flat(m.text) for m in original]
    assert back[0].kind is MarkKind.SUBSTITUTION and back[0].replacement == "moderate"


def test_the_word_view_writes_pandocs_review_spans():
    shown = view(
        'a {~~b~>c~~}{>>Jo "J" 2026-01-02:<<} {==d==}{>>Ann 2026-01-03: <why><<}'
        " {++e++}{>>f<<} {==g==}",
        TrackChanges.ALL,
        ReviewMarkup.WORD,
    )
    signed = 'data-author="Jo &quot;J&quot;" data-date="2026-01-02T00:00:00Z"'
    assert (
        f'<span class="deletion" {signed}>b</span><span class="insertion" {signed}>c</span>'
    ) in shown
    assert (
        '<span class="comment-start" data-author="Ann" data-date="2026-01-03T00:00:00Z">'
        '&lt;why&gt;</span>d<span class="comment-end"></span>'
    ) in shown
    assert (
        '<span class="comment-start">f</span><span class="insertion">e</span>'
        '<span class="comment-end"></span>'
    ) in shown
    assert '<mark class="ae-highlight">g</mark>' in shown
