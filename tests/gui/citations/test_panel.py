"""The citation panel on the real window: search, insert, cited-only, problems, copy."""

import shutil

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from tests.gui.conftest import type_text


def open_cited(make_window, qtbot, tmp_path, fixtures, body):
    shutil.copy(fixtures / "cite" / "refs.json", tmp_path / "refs.json")
    source = tmp_path / "draft.md"
    source.write_text(f"---\nbibliography: refs.json\n---\n\n{body}\n", encoding="utf-8")
    window = make_window()
    assert window.open_path(source)
    window.citation_panel.show()
    panel = window.citation_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3, timeout=10000)
    return window, panel


def shown_keys(panel):
    return list(panel.model.keys)


def test_search_filters_over_all_fields(make_window, qtbot, tmp_path, fixtures):
    window, panel = open_cited(make_window, qtbot, tmp_path, fixtures, "Text.")
    assert shown_keys(panel) == ["lee2019", "marsh2021", "WHO:2023"]  # by author
    for query, expected in (
        ("okafor", ["marsh2021"]),
        ("2019", ["lee2019"]),
        ("psychopharm", ["marsh2021"]),
        ("10.1177", ["marsh2021"]),
        ("WHO:2023", ["WHO:2023"]),
        ("health org", ["WHO:2023"]),
        ("nothing-like-this", []),
    ):
        panel.search.setText(query)
        qtbot.waitUntil(lambda expected=expected: shown_keys(panel) == expected, timeout=3000)
    panel.search.clear()
    panel.sort.setCurrentIndex(panel.sort.findData("year"))
    qtbot.waitUntil(lambda: shown_keys(panel) == ["WHO:2023", "marsh2021", "lee2019"], timeout=3000)


def test_selected_entry_is_shown_as_the_reference_list_will(make_window, qtbot, tmp_path, fixtures):
    window, panel = open_cited(make_window, qtbot, tmp_path, fixtures, "Text.")
    panel.select_keys(["marsh2021"])
    qtbot.waitUntil(
        lambda: "Marsh, E. and Okafor, S. (2021)" in panel.preview.toPlainText(), timeout=3000
    )


def test_insert_single_with_locator_and_joining_a_cluster(make_window, qtbot, tmp_path, fixtures):
    window, panel = open_cited(make_window, qtbot, tmp_path, fixtures, "As argued")
    editor = window.editor
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.moveCursor(QTextCursor.MoveOperation.PreviousCharacter)  # before the final newline
    type_text(editor, " ")
    panel.select_keys(["marsh2021"])
    panel.locator.setText("414")
    panel.prefix.setText("see")
    panel.insert_selected()
    assert editor.toPlainText().endswith("As argued [see @marsh2021, p. 414]\n")
    # With the cursor inside that cluster, a new citation joins it.
    cursor = editor.textCursor()
    cursor.setPosition(editor.toPlainText().index("414") + 1)
    editor.setTextCursor(cursor)
    panel.select_keys(["lee2019"])
    panel.locator_label.setCurrentIndex(panel.locator_label.findData("chapter"))
    panel.locator.setText("3")
    panel.suppress_author.setChecked(True)
    panel.insert_selected()
    assert editor.toPlainText().endswith("As argued [see @marsh2021, p. 414; -@lee2019, chap. 3]\n")
    # Several selected make one cluster; Enter in the list inserts too.
    editor.moveCursor(QTextCursor.MoveOperation.End)
    panel.select_keys(["lee2019", "WHO:2023"])
    panel.table.setFocus()
    QTest.keyClick(panel.table, Qt.Key.Key_Return)
    assert editor.toPlainText().endswith("[@lee2019; @WHO:2023]")


def test_cited_marker_count_and_cited_only(make_window, qtbot, tmp_path, fixtures):
    window, panel = open_cited(
        make_window, qtbot, tmp_path, fixtures, "See [@marsh2021] and again @marsh2021."
    )
    qtbot.waitUntil(lambda: panel._library.counts == {"marsh2021": 2}, timeout=10000)
    row = panel.model.keys.index("marsh2021")
    assert panel.model.index(row, 0).data() == "● 2"
    panel.cited_only.setChecked(True)
    assert shown_keys(panel) == ["marsh2021"]
    assert "1 of 3 · 1 cited" == panel.count_label.text()


def test_problems_list_jumps_to_each_use_of_a_missing_key(make_window, qtbot, tmp_path, fixtures):
    window, panel = open_cited(
        make_window, qtbot, tmp_path, fixtures, "First [@ghost].\n\nLater @ghost again."
    )
    qtbot.waitUntil(lambda: panel.problems.count() >= 1, timeout=10000)
    item = panel.problems.item(0)
    assert item.text() == "Cited but missing: @ghost (2×)"
    window.editor.moveCursor(QTextCursor.MoveOperation.Start)
    panel.problems.itemClicked.emit(item)
    first = window.editor.textCursor()
    assert first.selectedText() == "@ghost" and first.blockNumber() == 4
    panel.problems.itemClicked.emit(item)
    assert window.editor.textCursor().blockNumber() == 6
    assert "2 entries never cited" not in [
        panel.problems.item(i).text() for i in range(panel.problems.count())
    ]


def test_copy_puts_rich_and_plain_text_on_the_clipboard(make_window, qtbot, tmp_path, fixtures):
    window, panel = open_cited(make_window, qtbot, tmp_path, fixtures, "Text.")
    panel.select_keys(["lee2019"])
    panel.copy_selected()
    data = QApplication.clipboard().mimeData()
    assert data.text().startswith("Lee, J. (2019) Psychedelic-assisted therapy. 2nd edn.")
    assert "<i>Psychedelic-assisted therapy</i>" in data.html()
    # Qt's offscreen platform crashes at exit with mime data still on its clipboard (the xcb
    # platform, a real desktop, does not): leave it empty.
    QApplication.clipboard().clear()


def test_typing_at_pops_up_keys_and_enter_inserts(make_window, qtbot, tmp_path, fixtures):
    window, panel = open_cited(make_window, qtbot, tmp_path, fixtures, "Start")
    editor = window.editor
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(editor, "As [@ok")  # "ok" matches Okafor, an author of marsh2021
    popup = window.completer.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    first = window.completer.model.stringList()[0]
    assert first.startswith("marsh2021 — Marsh and Okafor (2021) Ketamine and the")
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert editor.toPlainText().endswith("As [@marsh2021")
    assert not popup.isVisible()
    type_text(editor, "] or mail ann@ex")  # an e-mail address is not a key
    assert not popup.isVisible()


def test_hovering_a_key_shows_its_reference(make_window, qtbot, tmp_path, fixtures):
    window, panel = open_cited(make_window, qtbot, tmp_path, fixtures, "Read @lee2019 now.")
    editor = window.editor
    cursor = editor.textCursor()
    cursor.setPosition(editor.toPlainText().index("lee2019") + 2)
    point = editor.cursorRect(cursor).center()
    # The real hover path: the viewport gets Qt's tooltip event, the editor asks the completer.
    viewport = editor.viewport()
    QToolTip.hideText()
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    )
    qtbot.waitUntil(QToolTip.isVisible, timeout=5000)
    assert "Lee, J. (2019) <i>Psychedelic-assisted therapy" in QToolTip.text()
    QToolTip.hideText()


def test_adding_a_bibliography_writes_the_front_matter_as_one_undo_step(
    make_window, qtbot, tmp_path, fixtures
):
    from editor.gui.citations.bibliography_actions import add_to_front_matter, relative_name

    shutil.copy(fixtures / "cite" / "refs.json", tmp_path / "refs.json")
    source = tmp_path / "draft.md"
    source.write_text("---\ntitle: Draft\n---\n\nAs @lee2019 says.\n", encoding="utf-8")
    window = make_window()
    window.open_path(source)
    name = relative_name(tmp_path / "refs.json", tmp_path)
    assert name == "refs.json"
    add_to_front_matter(window.session, name)
    assert window.editor.toPlainText().startswith(
        "---\ntitle: Draft\nbibliography: refs.json\n---\n"
    )
    window.citation_panel.show()
    qtbot.waitUntil(lambda: window.citation_panel.model.rowCount() == 3, timeout=10000)
    window.editor.undo()
    assert window.editor.toPlainText() == source.read_text(encoding="utf-8")


def test_new_bibliography_creates_an_empty_csl_json_file(tmp_path):
    from editor.core.citations.entry_store import create_bibliography

    path = tmp_path / "mine.json"
    create_bibliography(path)
    assert path.read_text(encoding="utf-8") == "[]\n"
