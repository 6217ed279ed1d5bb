import re

from editor.core.blocks import split_blocks
from editor.core.render import Renderer, pandoc_identifier, plain_text


def squash(html):
    return re.sub(r">\s+<", "><", html).strip()


def test_title_block_from_front_matter(fixtures):
    document = Renderer().render((fixtures / "features.md").read_text())
    assert document.title_text == "Dosing and titration"
    assert document.title_html.startswith('<header id="title-block-header">')
    assert '<h1 class="title">Dosing <em>and</em> titration</h1>' in document.title_html
    assert '<p class="subtitle">A worked example</p>' in document.title_html
    assert document.title_html.count('class="author"') == 2
    assert '<p class="date">2026-11-27</p>' in document.title_html
    assert document.metadata.extra == {"keywords": ["dosing"]}


def test_pandoc_markdown_features(fixtures):
    html = Renderer().render((fixtures / "features.md").read_text()).body_html()
    assert '<h1 id="intro">Introduction</h1>' in html
    assert '<h2 id="introduction">Introduction</h2>' in html
    assert '<th style="text-align:right">Baseline</th>' in html
    assert "<dt>Titration</dt>" in html and "<dd>Raising a dose step by step.</dd>" in html
    assert '<code class="language-python">' in html
    assert "<blockquote>" in html
    assert '<a href="https://example.org/protocol">protocol</a>' in html
    assert '<a href="https://example.org/a">https://example.org/a</a>' in html
    assert "<figcaption>Scores by week</figcaption>" in html


def test_smart_typography_outside_code(fixtures):
    html = Renderer().render((fixtures / "features.md").read_text()).body_html()
    text = plain_text(html)
    assert "The “first” trial – small – found ‘modest’ effects—at best…" in text
    assert 'dose = "unchanged -- here"' in plain_text(html)


def test_heading_ids_like_pandoc_and_unique():
    assert pandoc_identifier("1.2 What we mean: TRD!") == "what-we-mean-trd"
    assert pandoc_identifier("Ketamine’s effects") == "ketamines-effects"
    assert pandoc_identifier("!!!") == "section"
    html = Renderer().render("# Notes\n\n# Notes\n\n# Notes").body_html()
    assert re.findall(r'id="([^"]+)"', html) == ["notes", "notes-1", "notes-2"]


def test_footnotes_numbered_by_first_reference_and_gathered_at_the_end():
    text = (
        "Alpha[^b] and beta[^a], again[^b]; not `[^a]` in code; undefined[^zz].\n\n"
        "[^a]: Note A.\n\n[^b]: Note B with *emphasis*.\n\n    Its second paragraph.\n\n"
        "[^unused]: Never referenced.\n\nEnd."
    )
    document = Renderer().render(text)
    first = document.block_html[0]
    assert re.findall(r'href="#fn:(\w+)" role="doc-noteref">(\d)', first) == [
        ("b", "1"),
        ("a", "2"),
        ("b", "1"),
    ]
    assert 'id="fnref2:b"' in first  # a second reference gets its own id
    assert "<code>[^a]</code>" in first
    assert "undefined[^zz]" in plain_text(first)
    notes = document.footnotes_html
    assert notes.index('id="fn:b"') < notes.index('id="fn:a"')
    assert "Its second paragraph." in notes and "<em>emphasis</em>" in notes
    assert "Never referenced" not in notes
    assert 'class="footnote-backref" href="#fnref:b"' in notes


def test_raw_html_is_kept_but_sanitised():
    html = (
        Renderer()
        .render(
            '<span class="note">kept</span> <script>alert(1)</script>'
            '<img src="x.png" onerror="alert(2)"> <a href="javascript:alert(3)">link</a>\n\n'
            '<iframe src="https://evil.example"></iframe>'
        )
        .body_html()
    )
    assert '<span class="note">kept</span>' in html
    assert "script" not in html and "alert" not in html
    assert "onerror" not in html and "javascript:" not in html and "iframe" not in html


def test_block_rendering_matches_rendering_the_whole_document(fixtures):
    """Rendering block by block must give what python-markdown gives for the whole text."""
    text = (fixtures / "features.md").read_text()
    renderer = Renderer()
    document = renderer.render(text)
    body = "\n".join(text.split("\n")[split_blocks(text).front_matter.end_line :])
    whole = Renderer()._convert(body)
    assert squash(document.body_html().replace(document.title_html, "")) == squash(whole)


def test_a_keystroke_reconverts_only_the_changed_block(fixtures):
    text = (fixtures / "features.md").read_text()
    renderer = Renderer()
    first = renderer.render(text)
    assert renderer.converted_blocks > 5
    edited = renderer.render(text.replace("A quoted line.", "A quoted line!"))
    assert renderer.converted_blocks == 1
    assert first.block_html != edited.block_html
    pairs = zip(first.block_html, edited.block_html, strict=True)
    assert sum(before != after for before, after in pairs) == 1


def test_word_count_excludes_front_matter():
    document = Renderer().render("---\ntitle: Many words in the title\n---\n\nTwo words.")
    assert document.word_count == 2


def test_malformed_front_matter_still_renders_the_body():
    document = Renderer().render("---\ntitle: [oops\n---\n\nBody text.")
    assert document.problems and document.problems[0].line == 2
    assert "<p>Body text.</p>" in document.body_html()


def test_word_count_of_blocks_equals_counting_the_whole_body(fixtures):
    from editor.core.textstats import count_words

    text = (fixtures / "features.md").read_text()
    body = "\n".join(text.split("\n")[split_blocks(text).front_matter.end_line :])
    renderer = Renderer()
    assert renderer.render(text).word_count == count_words(body)
    edited = text.replace("A quoted line.", "A longer quoted line now.")
    assert renderer.render(edited).word_count == count_words(body) + 2
