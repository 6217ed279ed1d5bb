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
