"""The scale benchmark's generator makes what it says: documents of the asked length from a
real vocabulary with citations at the asked density, and libraries our readers load whole."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from benchmarks.synthetic import (
    COMMON_WORDS,
    HUNSPELL_GB,
    make_document,
    write_library,
)
from editor.core.citations.bibliography import MAX_BIBLIOGRAPHY_BYTES, load_bibliography
from editor.core.render import Renderer

pytestmark = pytest.mark.skipif(not HUNSPELL_GB.is_file(), reason="needs hunspell-en-gb")


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("library")
    keys, files = write_library(folder, 2_000)
    return folder, keys, files


def test_a_document_has_the_words_citations_and_blocks_it_promises(library):
    folder, keys, files = library
    text = make_document(30_000, keys, files["bib"].name)
    (folder / "book.md").write_text(text, encoding="utf-8")
    rendered = Renderer().render(text, folder)

    # The length as the editor counts it, and the density of cited items, in every stretch.
    assert 30_000 <= rendered.word_count <= 30_600
    assert 6.5 <= len(rendered.citation_uses) / rendered.word_count * 1000 <= 7.5
    halves = text[: len(text) // 2], text[len(text) // 2 :]
    assert all(80 <= len(re.findall(r"@[\w-]+", half)) <= 130 for half in halves)
    # Every cited key is in the library: no "unknown key" problems, a reference list.
    assert rendered.problems == [] and rendered.notices == []
    assert len(rendered.cited_keys) > 100 and "csl-bib-body" in rendered.references_html
    # pandoc's citation forms, not only the bracketed one.
    assert re.search(r"\[@[\w-]+; @[\w-]+\]", text) and re.search(r"\[see @[\w-]+, pp\. ", text)
    assert re.search(r"(?<![\[\w;] )(?<!\[)@[\w-]+ ", text)  # narrative

    # A book's blocks: chapters, sections, subsections, lists, quotes, a table, footnotes.
    html = "".join(rendered.block_html)
    levels = Counter(heading.level for heading in rendered.headings)
    assert levels[1] >= 2 and levels[2] >= 8 and levels[3] >= 10
    assert "<ul>" in html and "<ol>" in html and "<blockquote>" in html and "<table>" in html
    notes = len(re.findall(r"^\[\^fn\d+\]:", text, re.M))
    assert 25 <= notes <= 75 and rendered.footnotes_html.count("<li") == notes

    # A real vocabulary: thousands of distinct dictionary words, the commonest words most.
    words = re.findall(r"\b[a-z]+\b", "\n".join(line for line in text.split("\n")[7:]))
    counts = Counter(words)
    assert len(counts) > 8_000
    top = {word for word, _ in counts.most_common(20)}
    assert len(top & set(COMMON_WORDS)) >= 15
    # It ends where a writer goes on: a plain paragraph, then the end of the file.
    assert re.match(r"[A-Z@]", text.rstrip("\n").split("\n")[-1])


def test_the_same_arguments_give_the_same_document(library):
    _folder, keys, _files = library
    assert make_document(5_000, keys, seed=3) == make_document(5_000, keys, seed=3)
    assert make_document(5_000, keys, seed=3) != make_document(5_000, keys, seed=4)


def test_libraries_load_whole_as_bibtex_and_csl_json(library):
    _folder, keys, files = library
    loaded = {suffix: load_bibliography(path) for suffix, path in files.items()}
    for result in loaded.values():
        assert result.problems == []
        assert list(result.entries) == keys
    # The two formats hold the same references.
    some = keys[::97]
    for key in some:
        bib, json = loaded["bib"].entries[key], loaded["json"].entries[key]
        assert bib["type"] == json["type"] and bib["issued"] == json["issued"]
        assert bib.get("DOI") == json.get("DOI")
    # 100,000 entries stay under the editor's 64 MB bibliography limit in both formats.
    for path in files.values():
        assert path.stat().st_size / 2_000 * 100_000 < 0.95 * MAX_BIBLIOGRAPHY_BYTES
