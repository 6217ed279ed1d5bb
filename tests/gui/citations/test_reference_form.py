"""The reference form on the real window: validation as you type, the live preview, saving
into CSL-JSON and BibTeX files without touching other entries, and the panel following."""

import json
import shutil

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from editor.gui.citations.reference_form import ReferenceForm
from tests.gui.conftest import type_text

BIB = """\
% A small library, hand-written.
@book{hall2018,
  author    = {Hall, Margaret},
  title     = {Ward Rounds},
  publisher = {Faber},
  year      = {2018},
}

@article{ng2020,
  author  = {Ng, Wei and Park, Soo},
  title   = {Sleep and memory},
  journal = {Nature},
  year    = {2020},
  volume  = {5},
}

@misc{note1,
  title = {A {NOTE} kept as it is},
  note  = {hand spacing   here},
}
"""


def open_with(make_window, qtbot, tmp_path, bibliography, rows):
    source = tmp_path / "draft.md"
    source.write_text(f"---\nbibliography: {bibliography}\n---\n\nText.\n", encoding="utf-8")
    window = make_window()
    assert window.open_path(source)
    window.citation_panel.show()
    panel = window.citation_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == rows, timeout=10000)
    return window, panel


def italic(browser, text):
    found = browser.document().find(text)
    return not found.isNull() and found.charFormat().fontItalic()


def raw_items(text):
    """Each top-level item of a CSL-JSON file, as its raw text, by id."""
    decoder = json.JSONDecoder()
    items, position = {}, text.index("[") + 1
    while True:
        while text[position] in " \t\r\n,":
            position += 1
        if text[position] == "]":
            return items
        value, end = decoder.raw_decode(text, position)
        items[value["id"]] = text[position:end]
        position = end


def test_new_book_validates_previews_and_saves(make_window, qtbot, tmp_path, fixtures):
    shutil.copy(fixtures / "cite" / "refs.json", tmp_path / "refs.json")
    window, panel = open_with(make_window, qtbot, tmp_path, "refs.json", 3)
    assert panel.add_button.isEnabled()
    before = (tmp_path / "refs.json").read_text(encoding="utf-8")

    form = ReferenceForm(window.library, parent=window)
    qtbot.addWidget(form)
    form.type_combo.setCurrentIndex(form.type_combo.findData("book"))
    type_text(form.authors_edit, "Hughes, Anna\nWorld Health Organization")
    type_text(form.line_edits["title"], "Quiet minds")
    type_text(form.line_edits["year"], "20x1")
    assert "four digits" in form.problem_text("year")
    assert not form.save_button.isEnabled()
    assert not form.save()  # Save refuses while there are problems
    assert (tmp_path / "refs.json").read_text(encoding="utf-8") == before

    form.line_edits["year"].clear()
    type_text(form.line_edits["year"], "2021")
    assert form.problem_text("year") == ""
    assert form.save_button.isEnabled()
    assert form.key_edit.text() == "hughes2021"  # suggested, as nothing was typed there
    type_text(form.line_edits["publisher"], "Calm Press")
    qtbot.waitUntil(lambda: "Calm Press" in form.preview.toPlainText(), timeout=3000)
    assert italic(form.preview, "Quiet minds")  # a book's title, in the document's style
    assert form.preview.toPlainText().startswith("Hughes, A. and World Health Organization (2021)")

    assert form.save()
    assert form.saved_key == "hughes2021"
    after = (tmp_path / "refs.json").read_text(encoding="utf-8")
    old_items, new_items = raw_items(before), raw_items(after)
    assert list(new_items) == [*old_items, "hughes2021"]
    for key, raw in old_items.items():
        assert new_items[key] == raw  # untouched entries keep their bytes
    assert after.startswith(before[: before.rindex("}") + 1])
    assert json.loads(after)[:3] == json.loads(before)
    added = json.loads(after)[3]
    assert added["title"] == "Quiet minds" and added["issued"] == {"date-parts": [[2021]]}
    assert added["author"] == [
        {"family": "Hughes", "given": "Anna"},
        {"literal": "World Health Organization"},
    ]
    qtbot.waitUntil(lambda: "hughes2021" in panel.model.keys, timeout=10000)


def test_a_typed_key_is_kept_and_a_taken_key_is_a_problem(make_window, qtbot, tmp_path, fixtures):
    shutil.copy(fixtures / "cite" / "refs.json", tmp_path / "refs.json")
    window, panel = open_with(make_window, qtbot, tmp_path, "refs.json", 3)
    form = ReferenceForm(window.library, parent=window)
    qtbot.addWidget(form)
    type_text(form.authors_edit, "Lee, Min")
    type_text(form.line_edits["year"], "2019")
    assert form.key_edit.text() == "lee2019a"  # lee2019 is taken
    form.key_edit.selectAll()
    type_text(form.key_edit, "lee2019")
    assert "already used" in form.problem_text("key")
    type_text(form.key_edit, "-min")
    type_text(form.line_edits["title"], "Another title")
    assert form.key_edit.text() == "lee2019-min"  # typed by hand: no longer suggested
    assert form.problem_text("key") == "" and form.save_button.isEnabled()


def test_save_error_is_shown_and_nothing_typed_is_lost(make_window, qtbot, tmp_path, fixtures):
    shutil.copy(fixtures / "cite" / "refs.json", tmp_path / "refs.json")
    window, panel = open_with(make_window, qtbot, tmp_path, "refs.json", 3)
    form = ReferenceForm(window.library, parent=window)
    qtbot.addWidget(form)
    form.show()
    type_text(form.authors_edit, "Roe, Kim")
    type_text(form.line_edits["title"], "Lost and found")
    # The file goes bad behind the form's back.
    (tmp_path / "refs.json").write_text('{"not": "a list"}', encoding="utf-8")
    assert not form.save()
    assert form.error_label.isVisible() and "refs.json" in form.error_label.text()
    assert form.line_edits["title"].text() == "Lost and found"
    assert form.authors_edit.toPlainText() == "Roe, Kim"


def test_editing_a_bib_entry_changes_only_its_text(make_window, qtbot, tmp_path):
    path = tmp_path / "library.bib"
    path.write_text(BIB, encoding="utf-8")
    window, panel = open_with(make_window, qtbot, tmp_path, "library.bib", 3)
    panel.select_keys(["ng2020"])
    assert panel.edit_button.isEnabled()

    form = ReferenceForm(window.library, "ng2020", parent=window)
    qtbot.addWidget(form)
    assert form.line_edits["title"].text() == "Sleep and memory"
    assert form.authors_edit.toPlainText() == "Ng, Wei\nPark, Soo"
    assert form.key_edit.text() == "ng2020"
    title = form.line_edits["title"]
    title.selectAll()
    type_text(title, "Sleep and remembering")
    assert form.key_edit.text() == "ng2020"  # an existing key is never re-suggested
    assert form.save()
    after = path.read_text(encoding="utf-8")
    start, end = BIB.index("@article{ng2020"), BIB.index("@misc{note1")
    new_end = after.index("@misc{note1")
    assert after[:start] == BIB[:start]
    assert after[new_end:] == BIB[end:]
    edited = after[start:new_end]
    assert "title   = {Sleep and remembering}," in edited
    assert "journal = {Nature}," in edited and "volume  = {5}," in edited
    qtbot.waitUntil(
        lambda: window.library.library.entries["ng2020"]["title"] == "Sleep and remembering",
        timeout=10000,
    )


def test_panel_add_button_opens_the_form_and_selects_the_new_entry(
    make_window, qtbot, tmp_path, fixtures
):
    shutil.copy(fixtures / "cite" / "refs.json", tmp_path / "refs.json")
    window, panel = open_with(make_window, qtbot, tmp_path, "refs.json", 3)
    panel.search.setText("okafor")  # the new entry will not match: the panel must clear it
    qtbot.waitUntil(lambda: panel.model.keys == ["marsh2021"], timeout=3000)
    filled = []

    def fill():
        form = QApplication.activeModalWidget()
        if not isinstance(form, ReferenceForm):
            QTimer.singleShot(20, fill)
            return
        type_text(form.authors_edit, "Zed, Ada")
        type_text(form.line_edits["title"], "Last in line")
        type_text(form.line_edits["year"], "2024")
        filled.append(form.key_edit.text())
        form.save_button.click()

    QTimer.singleShot(0, fill)
    panel.add_button.click()  # runs the modal form until fill() saves it
    assert filled == ["zed2024"]
    qtbot.waitUntil(lambda: panel.selected_keys() == ["zed2024"], timeout=10000)
    assert panel.search.text() == ""


def test_with_several_files_the_new_entry_goes_to_the_chosen_one(
    make_window, qtbot, tmp_path, fixtures
):
    shutil.copy(fixtures / "cite" / "refs.json", tmp_path / "refs.json")
    (tmp_path / "library.bib").write_text(BIB, encoding="utf-8")
    before = (tmp_path / "refs.json").read_text(encoding="utf-8")
    window, panel = open_with(make_window, qtbot, tmp_path, "[refs.json, library.bib]", 6)
    form = ReferenceForm(window.library, parent=window)
    qtbot.addWidget(form)
    assert [form.file_combo.itemText(i) for i in range(form.file_combo.count())] == [
        "refs.json",
        "library.bib",
    ]
    form.file_combo.setCurrentIndex(1)
    type_text(form.authors_edit, "Hall, Margaret")
    type_text(form.line_edits["title"], "More rounds")
    type_text(form.line_edits["year"], "2018")
    assert form.key_edit.text() == "hall2018a"  # keys are unique across both files
    assert form.save()
    assert (tmp_path / "refs.json").read_text(encoding="utf-8") == before
    after = (tmp_path / "library.bib").read_text(encoding="utf-8")
    assert after.startswith(BIB) and "@article{hall2018a," in after
    qtbot.waitUntil(lambda: "hall2018a" in panel.model.keys, timeout=10000)


def test_a_brace_typed_in_the_title_keeps_the_reference(make_window, qtbot, tmp_path):
    """The audit's case: a '{' typed into the form was written as '\\{', which BibTeX counts
    as an unclosed brace, so the reader skipped the entry and it left the panel."""
    path = tmp_path / "library.bib"
    path.write_text(BIB, encoding="utf-8")
    window, panel = open_with(make_window, qtbot, tmp_path, "library.bib", 3)
    panel.select_keys(["ng2020"])
    form = ReferenceForm(window.library, "ng2020", parent=window)
    qtbot.addWidget(form)
    title = form.line_edits["title"]
    title.selectAll()
    type_text(title, "Sleep { and } memory: f(x) = {x} \\ 100% ~ ^ 'quoted' -- ok")
    assert form.save()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3, timeout=10000)
    qtbot.waitUntil(
        lambda: (
            window.library.library.entries.get("ng2020", {}).get("title")
            == "Sleep { and } memory: f(x) = {x} \\ 100% ~ ^ 'quoted' -- ok"
        ),
        timeout=10000,
    )
    assert window.library.library.problems == []
    assert "ng2020" in panel.model.keys
    row = panel.model.keys.index("ng2020")
    shown = panel.model.data(panel.model.index(row, 3))
    assert shown == "Sleep { and } memory: f(x) = {x} \\ 100% ~ ^ 'quoted' -- ok"
