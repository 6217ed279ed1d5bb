"""Help → Keyboard Shortcuts (read from the real menus) and the Markdown and Citations Guide."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from editor.gui.shortcuts_dialog import GuideDialog, ShortcutsDialog
from tests.gui.test_find_bar import open_text, press


def shown_dialog(qtbot, kind):
    qtbot.waitUntil(
        lambda: any(isinstance(w, kind) and w.isVisible() for w in QApplication.topLevelWidgets())
    )
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible())


def test_keyboard_shortcuts_lists_every_menu_action_and_searches(make_window, qtbot, tmp_path):
    window = open_text(make_window, qtbot, tmp_path, "text")
    # An action another part of the program adds later appears without being registered.
    late = QAction("Late Command", window)
    late.setShortcut("Ctrl+Alt+L")
    window.menu_actions.tools_menu.addAction(late)
    press("Ctrl+/")
    dialog = shown_dialog(qtbot, ShortcutsDialog)
    commands = dialog.visible_commands()
    for expected in ("Find", "Replace", "Go to Line", "Undo", "Outline", "Late Command", "Save"):
        assert expected in commands
    rows = {entry.command: entry for entry in dialog.entries}
    assert rows["Find"].keys == "Ctrl+F" and rows["Find"].menu == "Edit"
    assert rows["Next Misspelling"].menu == "Tools › Spelling"
    QTest.keyClicks(dialog.search, "ctrl+h")
    assert dialog.visible_commands() == ["Replace"]
    dialog.search.clear()
    QTest.keyClicks(dialog.search, "late")
    assert dialog.visible_commands() == ["Late Command"]
    dialog.close()


def test_the_guide_teaches_markdown_and_citations(make_window, qtbot, tmp_path):
    open_text(make_window, qtbot, tmp_path, "text")
    press("F1")
    dialog = shown_dialog(qtbot, GuideDialog)
    text = dialog.browser.toPlainText()
    for topic in ("Front matter", "Footnotes", "Tables", "Citations", "bibliography:"):
        assert topic in text
    assert "[@berman2000, p. 4]" in text
    # Rendered, not shown as source: the table is a table, the heading a heading.
    html = dialog.browser.toHtml()
    assert "<table" in html
    assert "# Front matter" not in text
    dialog.close()
