"""File → Open of a Word file in the real window: new unsaved markdown saving beside it, the
Word file untouched, its images shown from images/."""

from __future__ import annotations

import hashlib

from editor.gui.office_import import markdown_path_for
from tests.core.test_import_docx import _word_file


def test_opening_a_docx_gives_unsaved_markdown_saved_beside_it(qtbot, make_window, tmp_path):
    source = _word_file(tmp_path / "shared")
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    window = make_window()
    assert window.open_path(source)
    text = window.session.text()
    assert "# Methods" in text and "[^1]: The note's text." in text
    assert window.session.is_modified()
    assert window.session.path == source.with_suffix(".md")
    assert "draft.docx" in window.statusBar().currentMessage()
    images = list((source.parent / "images").iterdir())
    assert len(images) == 1 and f"images/{images[0].name}" in text
    assert window.save()
    assert source.with_suffix(".md").read_text(encoding="utf-8") == text
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before


def test_an_existing_markdown_beside_it_is_never_the_save_target(tmp_path):
    source = tmp_path / "draft.docx"
    (tmp_path / "draft.md").write_text("mine", encoding="utf-8")
    assert markdown_path_for(source) == tmp_path / "draft (2).md"


def test_a_broken_docx_is_shown_and_the_text_kept(make_window, tmp_path):
    window = make_window()
    window.editor.setPlainText("keep me")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    shown: list[str] = []
    window.dialogs.show_error = lambda _parent, _title, text: shown.append(text)
    assert not window.open_path(broken, confirmed=True)
    assert shown and str(broken) in shown[0]
    assert window.session.text() == "keep me"
