"""File handling, prompts, the title and persistence of the main window."""

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from editor.gui.app import run_app
from editor.gui.dialogs import Dialogs, UnsavedChoice
from editor.gui.main_window import MainWindow
from tests.gui.conftest import type_text


def answer_next_message_box(qtbot, button):
    """Press ``button`` on the next modal message box, as a person would."""
    pressed = []

    def press():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(button).click()
            pressed.append(box.text())
        else:
            QTimer.singleShot(20, press)

    QTimer.singleShot(20, press)
    return pressed


def test_open_edit_save_round_trip_and_title(make_window, article, qtbot):
    window = make_window()
    assert window.open_path(article)
    assert window.windowTitle().startswith("features.md[*]")
    qtbot.waitUntil(lambda: "Dosing and titration" in window.windowTitle(), timeout=10000)
    assert not window.isWindowModified()
    type_text(window.editor, "Typed. ")
    assert window.isWindowModified()
    assert window.save()
    assert not window.isWindowModified()
    assert article.read_text(encoding="utf-8").startswith("Typed. ---")


def test_save_as_moves_the_document_and_remembers_it(make_window, article, tmp_path):
    window = make_window()
    window.open_path(article)
    target = tmp_path / "copy.md"
    assert window.save_as(target)
    assert window.session.path == target.resolve()
    assert target.read_text(encoding="utf-8") == article.read_text(encoding="utf-8")
    assert window.windowTitle().startswith("copy.md[*]")
    assert window.settings.recent_files()[0] == target.resolve()


def test_close_with_unsaved_changes_asks_and_cancel_keeps_the_window(make_window, qtbot):
    window = make_window()
    type_text(window.editor, "Unsaved words")
    asked = answer_next_message_box(qtbot, QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert asked and "Untitled" in asked[0]
    assert window.isVisible() and window.editor.toPlainText() == "Unsaved words"
    answer_next_message_box(qtbot, QMessageBox.StandardButton.Discard)
    assert window.close()


def test_opening_another_file_asks_about_unsaved_changes(make_window, article, qtbot, tmp_path):
    window = make_window()
    type_text(window.editor, "Draft")
    answer_next_message_box(qtbot, QMessageBox.StandardButton.Cancel)
    assert not window.open_path(article)
    assert window.editor.toPlainText() == "Draft"
    answer_next_message_box(qtbot, QMessageBox.StandardButton.Discard)
    assert window.open_path(article)
    assert window.editor.toPlainText().startswith("---\ntitle:")


def test_choosing_save_in_the_prompt_saves(make_window, article, qtbot):
    window = make_window()
    window.open_path(article)
    type_text(window.editor, "Keep me. ")
    answer_next_message_box(qtbot, QMessageBox.StandardButton.Save)
    assert window.close()
    assert article.read_text(encoding="utf-8").startswith("Keep me. ")


def answer_encoding_dialog(qtbot, choice):
    """Pick ``choice`` in the real encoding question (None: cancel); returns what it offered."""
    offered = []

    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        offered.extend(dialog.comboBoxItems())
        if choice is None:
            dialog.reject()
        else:
            dialog.setTextValue(choice)
            dialog.accept()

    QTimer.singleShot(20, answer)
    return offered


def test_a_file_that_is_not_utf8_is_refused_cleanly(make_window, tmp_path, qtbot):
    window = make_window()
    type_text(window.editor, "Mine")
    window.editor.document().setModified(False)
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"caf\xe9\n")
    offered = answer_encoding_dialog(qtbot, None)
    assert not window.open_path(bad)
    assert offered[:1] == ["cp1252"]
    assert window.editor.toPlainText() == "Mine"
    assert "not valid UTF-8" in window.statusBar().currentMessage()


def test_a_chosen_encoding_reads_the_file_and_saves_it_back_the_same_way(
    make_window, tmp_path, qtbot
):
    window = make_window()
    latin = tmp_path / "latin.md"
    latin.write_bytes(b"caf\xe9 au lait\n")
    answer_encoding_dialog(qtbot, "cp1252")
    assert window.open_path(latin)
    assert window.editor.toPlainText() == "café au lait\n"
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(window.editor, "Na")
    window.editor.insertPlainText("ï")
    type_text(window.editor, "ve.")
    assert window.save()
    assert latin.read_bytes() == b"caf\xe9 au lait\nNa\xefve."  # never mojibake


def test_geometry_splitter_and_recent_files_survive_a_restart(make_window, article, qtbot):
    first = make_window()
    first.resize(700, 500)  # inside the offscreen screen (800 x 600), so nothing is clamped
    first.splitter.setSizes([250, 450])
    first.open_path(article)
    sizes = first.splitter.sizes()
    first.close()

    second = make_window()
    qtbot.waitUntil(lambda: second.size().width() == 700, timeout=3000)
    assert second.size().height() == 500
    assert second.splitter.sizes() == sizes
    assert second.settings.recent_files() == [article.resolve()]
    second.menu_actions.recent_menu.aboutToShow.emit()
    entries = [a.text() for a in second.menu_actions.recent_menu.actions() if a.text()]
    assert entries[0] == "features.md"
    second.menu_actions.recent_menu.actions()[0].trigger()
    assert second.session.path == article.resolve()


def test_preferences_are_typed_and_announced(make_window, settings_path):
    window = make_window()
    changed = []
    window.settings.changed.connect(changed.append)
    window.menu_actions.toggle_preview.setChecked(False)
    assert changed == ["preview/visible"]
    assert window.preview.isHidden()
    assert QSettings(str(settings_path), QSettings.Format.IniFormat).value("preview/visible") in (
        False,
        "false",
    )
    assert window.settings.get("editor/font_size") == 11
    window.settings.set("editor/font_size", "14")
    assert window.settings.get("editor/font_size") == 14
    assert window.editor.font().pointSize() == 14


def test_a_file_named_on_the_command_line_opens(qapp, article, tmp_path):
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    seen = []

    def inspect_then_quit():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        window = next(w for w in windows if w.session.path is not None)
        seen.append(window.session.path)
        window.close()
        QApplication.sendPostedEvents()
        QApplication.quit()

    QTimer.singleShot(500, inspect_then_quit)
    assert run_app([article]) == 0
    assert seen == [article.resolve()]


def test_real_unsaved_changes_dialog_maps_its_buttons(qapp, qtbot):
    dialogs = Dialogs()
    for button, choice in (
        (QMessageBox.StandardButton.Save, UnsavedChoice.SAVE),
        (QMessageBox.StandardButton.Discard, UnsavedChoice.DISCARD),
        (QMessageBox.StandardButton.Cancel, UnsavedChoice.CANCEL),
    ):
        answer_next_message_box(qtbot, button)
        assert dialogs.ask_unsaved_changes(None, "a.md") is choice
