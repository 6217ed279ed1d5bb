"""Accepting and rejecting review marks, one and all, and the three export views."""

from editor.core.review.criticmarkup import parse
from editor.core.review.resolve import (
    TrackChanges,
    accept_all,
    reject_all,
    resolve_all_edits,
    resolve_edit,
    view,
)

REVIEWED = (
    "The patients{++ (n = 42)++} were {--randomly --}assigned to {~~two~>three~~} groups.\n"
    "The {==primary outcome==}{>>Jane Doe 2026-12-01: define it here<<} was pain."
    "{>>Ann 2026-12-02: cite the protocol<<}\n"
)


def test_accept_all_gives_the_text_as_if_every_change_were_made():
    assert accept_all(REVIEWED) == (
        "The patients (n = 42) were assigned to three groups.\nThe primary outcome was pain.\n"
    )


def test_reject_all_gives_the_original():
    assert reject_all(REVIEWED) == (
        "The patients were randomly assigned to two groups.\nThe primary outcome was pain.\n"
    )


def test_one_mark_at_a_time_leaves_the_others():
    marks = parse(REVIEWED).marks
    edit = resolve_edit(marks[2], accept=False)
    text = REVIEWED[: edit.start] + edit.replacement + REVIEWED[edit.end :]
    assert "assigned to two groups" in text
    assert "{++ (n = 42)++}" in text and "{--randomly --}" in text
    edit = resolve_edit(parse(text).marks[0], accept=True)
    assert (text[: edit.start] + edit.replacement + text[edit.end :]).startswith(
        "The patients (n = 42) were {--randomly"
    )


def test_all_edits_applied_last_first_equal_accept_all():
    text = REVIEWED
    for edit in resolve_all_edits(text, accept=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    assert text == accept_all(REVIEWED)


def test_the_all_view_shows_insertions_deletions_and_comments():
    shown = view(REVIEWED, TrackChanges.ALL)
    assert '<ins class="ae-ins"> (n = 42)</ins>' in shown
    assert '<del class="ae-del">randomly </del>' in shown
    assert '<del class="ae-del">two</del><ins class="ae-ins">three</ins>' in shown
    assert (
        '<mark class="ae-comment" title="Jane Doe, 2026-12-01: define it here">'
        "primary outcome</mark>" in shown
    )
    assert '<span class="ae-note" title="Ann, 2026-12-02: cite the protocol">' in shown
    assert "{++" not in shown and "{>>" not in shown


def test_comment_text_is_escaped_in_the_all_view():
    shown = view('x{>>a "quote" <b>&<<}', TrackChanges.ALL)
    assert "&quot;quote&quot; &lt;b&gt;&amp;" in shown
    assert "<b>" not in shown


def test_views_leave_malformed_markup_as_text():
    text = "keep {++this open"
    for mode in TrackChanges:
        assert view(text, mode) == text


def test_a_signature_alone_is_the_changes_title_not_a_note():
    shown = view("a {++b++}{>>Jo Doe 2026-01-02:<<} c", TrackChanges.ALL)
    assert shown == 'a <ins class="ae-ins" title="Jo Doe, 2026-01-02">b</ins> c'
    from editor.core.review.findings import review_findings

    (finding,) = review_findings("a {++b++}{>>Jo Doe 2026-01-02:<<} c")
    assert finding.message == "unresolved insertion by Jo Doe: 'b'"
