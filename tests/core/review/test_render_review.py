"""Review marks through the renderer: the preview shows them all, an export chooses, code is
left alone, the word count counts the accepted text."""

from editor.core.render import Renderer
from editor.core.review.resolve import TrackChanges
from editor.core.textstats import count_words

TEXT = (
    "Dose {--was --}{++is ++}*high*{>>Jo 2026-02-03: source?<<}.\n\n"
    "Keep `{++code++}` as code.\n\n"
    "A note.[^1]\n\n[^1]: Seen {~~once~>twice~~}.\n"
)


def test_the_preview_shows_every_mark_as_sanitized_html():
    document = Renderer().render(TEXT)
    first = document.block_html[0]
    assert '<del class="ae-del">was </del><ins class="ae-ins">is </ins><em>high</em>' in first
    assert (
        '<span class="ae-note" title="Jo, 2026-02-03: source?">Jo, 2026-02-03: source?</span>'
        in first
    )
    assert "<code>{++code++}</code>" in document.block_html[1]
    assert (
        '<del class="ae-del">once</del><ins class="ae-ins">twice</ins>' in document.footnotes_html
    )


def test_an_export_mode_resolves_blocks_and_footnotes():
    renderer = Renderer()
    accepted = renderer.render(TEXT, track_changes=TrackChanges.ACCEPT)
    assert accepted.block_html[0] == "<p>Dose is <em>high</em>.</p>"
    assert "Seen twice." in accepted.footnotes_html
    # The same renderer, its cache warm with the other mode, still gives each its own view.
    rejected = renderer.render(TEXT, track_changes=TrackChanges.REJECT)
    assert rejected.block_html[0] == "<p>Dose was <em>high</em>.</p>"
    assert "Seen once." in rejected.footnotes_html


def test_word_counts_count_the_text_as_accepted():
    assert (
        count_words("one {--two --}three {++four++} {~~five~>six seven~~}{>>many words here<<}")
        == 5
    )
    assert Renderer().render("a {--b c d--} e{>>x y z<<}").word_count == 2
