"""Citations in the live preview: typed into the real editor, read back from the real DOM."""

import shutil

from PySide6.QtGui import QTextCursor

from tests.gui.conftest import type_text


def test_typed_citation_is_formatted_with_its_reference(make_window, page, tmp_path, fixtures):
    shutil.copy(fixtures / "cite" / "refs.json", tmp_path / "refs.json")
    source = tmp_path / "draft.md"
    source.write_text(
        "---\ntitle: Draft\nbibliography: refs.json\n---\n\nOpening.\n", encoding="utf-8"
    )
    window = make_window()
    assert window.open_path(source)
    view = page(window)
    view.wait_for("document.querySelector('h1.title') !== null")
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(window.editor, "\nAs argued [see @marsh2021, p. 414].")
    citation = view.wait_for(
        "(document.querySelector('span.citation[data-cites=\"marsh2021\"]') || {}).textContent"
    )
    assert citation == "(see Marsh and Okafor, 2021, p. 414)"
    entry = view.wait_for("(document.querySelector('#ref-marsh2021') || {}).innerText")
    assert entry.startswith("Marsh, E. and Okafor, S. (2021) ‘Ketamine and the therapeutic")
    assert view.js("document.querySelector('#ref-marsh2021 a').href") == (
        "https://doi.org/10.1177/0269881121991566"
    )

    type_text(window.editor, " And [@ghost2024].")
    assert (
        view.wait_for("(document.querySelector('.citation-missing') || {}).textContent")
        == "@ghost2024?"
    )


def test_preview_follows_a_bibliography_rewritten_on_disk(make_window, page, tmp_path, fixtures):
    refs = tmp_path / "refs.json"
    shutil.copy(fixtures / "cite" / "refs.json", refs)
    source = tmp_path / "draft.md"
    source.write_text("---\nbibliography: refs.json\n---\n\nSee @lee2019.\n", encoding="utf-8")
    window = make_window()
    assert window.open_path(source)
    view = page(window)
    view.wait_for("(document.querySelector('#ref-lee2019') || {}).innerText")
    # A reference manager re-exports: a new file renamed over the old one.
    fresh = tmp_path / "refs.json.new"
    fresh.write_text(
        refs.read_text().replace("Psychedelic-assisted therapy", "Integration"), encoding="utf-8"
    )
    fresh.replace(refs)
    assert "Integration" in view.wait_for(
        "(document.querySelector('#ref-lee2019') || {}).innerText.includes('Integration') && "
        "document.querySelector('#ref-lee2019').innerText"
    )


def test_a_numbered_list_sets_each_number_beside_its_hanging_text(
    make_window, page, tmp_path, fixtures
):
    # Nature: second-field-align, numbers written "1." with no space after them
    shutil.copy(fixtures / "cite" / "refs.json", tmp_path / "refs.json")
    source = tmp_path / "numbered.md"
    source.write_text(
        "---\nbibliography: refs.json\ncsl: nature\n---\n\n"
        "As shown [@marsh2021] and [@lee2019; @WHO:2023].\n",
        encoding="utf-8",
    )
    window = make_window()
    assert window.open_path(source)
    view = page(window)
    view.wait_for("document.querySelector('#ref-marsh2021 .csl-right-inline') !== null")
    boxes = view.js(
        "((box) => Array.from(document.querySelectorAll('.csl-entry')).map(e => {"
        " const m = box(e.querySelector('.csl-left-margin'));"
        " const r = box(e.querySelector('.csl-right-inline'));"
        " return [e.querySelector('.csl-left-margin').textContent, m.top, m.right, r.top, r.left,"
        " e.innerText]; }))((element) => { const range = document.createRange();"
        " range.selectNodeContents(element); return range.getClientRects()[0]; })"  # its text
    )
    assert [box[0] for box in boxes] == ["1.", "2.", "3."]
    assert len({box[4] for box in boxes}) == 1  # one column for the text of every entry
    for _, margin_top, margin_right, text_top, text_left, _ in boxes:
        assert abs(margin_top - text_top) < 1  # side by side, on the same line
        assert text_left - margin_right > 3  # a gap between the number and the text
    assert boxes[0][5].split()[:2] == ["1.", "Marsh,"]  # never "1.Marsh,"
