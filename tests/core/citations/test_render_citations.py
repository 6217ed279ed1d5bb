"""Citations through the whole renderer: marks, formatting, reference list placement, caching.

Expected texts are what pandoc 2.17's citeproc gives for tests/fixtures/cite/article.md with
the same CSL file (Cite Them Right) and lang en-GB:
    pandoc article.md --citeproc --csl harvard-cite-them-right.csl -M lang=en-GB -t plain
but for "ch.", which pandoc words "chap." (its built-in locale) and citeproc-js, as we do,
"ch." (the locale file's).
"""

import os
import re
import shutil
import time

from editor.core.citations.service import CitationOverrides, CitationService
from editor.core.render import Renderer, plain_text


def squash(text):
    return re.sub(r"\s+", " ", text).strip()


def render(path, **kwargs):
    return Renderer().render(path.read_text(encoding="utf-8"), folder=path.parent, **kwargs)


def test_citations_and_reference_list_match_pandoc(fixtures):
    document = render(fixtures / "cite" / "article.md")
    body = squash(plain_text("".join(document.block_html)))
    assert "Ketamine opens a window (Marsh and Okafor, 2021, p. 414)." in body
    assert (
        "As Lee (2019) argues, integration matters (2019, ch. 3; see World Health "
        "Organization, 2023)." in body
    )
    assert "[@marsh2021] in code" in body  # not inside code
    assert "ann@example.org" in body
    references = [
        squash(plain_text(entry))
        for entry in re.findall(
            r'<div id="ref-[^"]+" class="csl-entry"[^>]*>(.*?)</div>',
            document.references_html,
            re.S,
        )
    ]
    assert references == [
        "Lee, J. (2019) Psychedelic-assisted therapy. 2nd edn. Oxford: Oxford University Press.",
        "Marsh, E. and Okafor, S. (2021) ‘Ketamine and the therapeutic window’, Journal of "
        "Psychopharmacology, 35(4), pp. 412–420. Available at: "
        "https://doi.org/10.1177/0269881121991566.",
        "World Health Organization (2023) Depression and other common mental disorders. "
        "Geneva: WHO.",
    ]
    assert 'href="https://doi.org/10.1177/0269881121991566"' in document.references_html
    assert 'data-cites="marsh2021"' in document.block_html[0]
    # The reference list follows the final "References" heading: it comes after the blocks.
    fragments = document.fragments()
    assert fragments.index(document.references_html) == len(document.block_html) + 1


def test_unknown_key_is_visible_and_reported_with_its_line(fixtures):
    document = render(fixtures / "cite" / "article.md")
    assert '<span class="citation-missing">@nobody2000?</span>' in "".join(document.block_html)
    assert [(p.line, p.message) for p in document.problems] == [
        (7, "unknown citation key 'nobody2000'")
    ]
    assert document.cited_keys == ["marsh2021", "lee2019", "WHO:2023", "nobody2000"]


def test_refs_div_places_the_reference_list(tmp_path, fixtures):
    shutil.copy(fixtures / "cite" / "refs.json", tmp_path / "refs.json")
    source = tmp_path / "a.md"
    source.write_text(
        "---\nbibliography: refs.json\n---\n\nSee [@lee2019].\n\n::: {#refs}\n:::\n\n"
        "# Appendix\n\nMore.\n",
        encoding="utf-8",
    )
    document = render(source)
    assert document.references_html == ""
    assert document.block_html[1].startswith('<div id="refs"')
    assert "Lee, J. (2019)" in plain_text(document.block_html[1])
    assert "Appendix" in document.block_html[2]


def test_without_a_bibliography_citations_stay_as_written(tmp_path):
    source = tmp_path / "a.md"
    source.write_text("Follow @someone and [see @key, p. 2].", encoding="utf-8")
    document = render(source)
    assert plain_text(document.block_html[0]) == "Follow @someone and [see @key, p. 2]."
    assert document.references_html == "" and document.problems == []


def test_typing_prose_runs_no_citeproc_and_a_changed_file_reloads(tmp_path, fixtures):
    shutil.copy(fixtures / "cite" / "refs.json", tmp_path / "refs.json")
    text = "---\nbibliography: refs.json\n---\n\nAs @lee2019 said [@marsh2021].\n\nProse"
    service = CitationService()
    renderer = Renderer(citations=service)
    renderer.render(text, folder=tmp_path)
    assert service.formatted_runs == 1
    for extra in (" goes", " on", " and on."):
        text += extra
        renderer.render(text, folder=tmp_path)
    assert service.formatted_runs == 1  # same citations: citeproc did not run again
    renderer.render(text.replace("[@marsh2021]", "[@marsh2021, p. 3]"), folder=tmp_path)
    assert service.formatted_runs == 2

    refs = tmp_path / "refs.json"
    refs.write_text(refs.read_text().replace("Psychedelic-assisted therapy", "Renamed book"))
    os.utime(refs, (time.time() + 5, time.time() + 5))  # a reference manager re-exported it
    document = renderer.render(text, folder=tmp_path)
    assert "Renamed book" in document.references_html


def test_command_line_overrides_win_over_front_matter(tmp_path, fixtures):
    other = tmp_path / "other.json"
    other.write_text(
        '[{"id": "lee2019", "type": "book", "title": "Another title", '
        '"author": [{"family": "Lee", "given": "Ann"}], '
        '"issued": {"date-parts": [[2018]]}}]',
        encoding="utf-8",
    )
    document = render(
        fixtures / "cite" / "article.md", overrides=CitationOverrides(bibliography=(other,))
    )
    assert "Lee, A. (2018) Another title." in squash(plain_text(document.references_html))
    assert "marsh2021" in " ".join(p.message for p in document.problems)


def test_citations_inside_footnotes_are_formatted(tmp_path, fixtures):
    shutil.copy(fixtures / "cite" / "refs.json", tmp_path / "refs.json")
    source = tmp_path / "a.md"
    source.write_text(
        "---\nbibliography: refs.json\n---\n\nText.[^1]\n\n[^1]: As shown by @lee2019.\n",
        encoding="utf-8",
    )
    document = render(source)
    assert "As shown by Lee (2019)." in plain_text(document.footnotes_html)
    assert "Lee, J. (2019)" in plain_text(document.references_html)


def test_front_matter_csl_and_lang_choose_the_style(tmp_path, fixtures):
    shutil.copy(fixtures / "cite" / "refs.json", tmp_path / "refs.json")
    shutil.copy(fixtures / "citations" / "numeric.csl", tmp_path / "numeric.csl")
    source = tmp_path / "a.md"
    source.write_text(
        "---\nbibliography: refs.json\ncsl: numeric.csl\n---\n\n"
        "First [@marsh2021], then [@lee2019; @marsh2021].\n",
        encoding="utf-8",
    )
    document = render(source)
    text = plain_text(document.block_html[0])
    assert re.fullmatch(r"First \[1\], then \[1, ?2\]\.|First \[1\], then \[1–2\]\.", text), text
    assert document.notices == []

    broken = tmp_path / "b.md"
    broken.write_text(
        "---\nbibliography: refs.json\ncsl: missing.csl\n---\n\n[@lee2019]\n", encoding="utf-8"
    )
    document = render(broken)
    assert "missing.csl" in " ".join(document.notices)  # reported, and the default style used
    assert plain_text(document.block_html[0]) == "(Lee, 2019)"


def test_a_narrative_locator_on_the_next_line_stays_with_its_citation(fixtures, tmp_path):
    """``@lee2019`` ending a line and ``[p. 17]`` starting the next: pandoc's one citation."""
    shutil.copy(fixtures / "cite" / "refs.json", tmp_path / "refs.json")
    path = tmp_path / "wrapped.md"
    path.write_text(
        "---\nbibliography: refs.json\n---\n\nAs @lee2019\n[pp. 17-19] argues, it matters.\n",
        encoding="utf-8",
    )
    body = squash(plain_text("".join(render(path).block_html)))
    assert "As Lee (2019, pp. 17–19) argues, it matters." in body
    assert "[pp. 17-19]" not in body
