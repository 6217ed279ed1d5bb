"""Help → Show Log Folder: opens the state folder's log folder (created if no log was written
yet), or says in the status bar where it is when nothing can open it."""

from __future__ import annotations

from tests.gui.test_find_bar import open_text


def test_show_log_folder_opens_the_state_folder_creating_it(
    make_window, qtbot, tmp_path, monkeypatch
):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    opened = []

    def recorder(url):
        opened.append(url)
        return True

    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", recorder)
    window = open_text(make_window, qtbot, tmp_path, "text")
    (action,) = [
        a for a in window.menu_actions.help_menu.actions() if a.text() == "Show &Log Folder"
    ]
    folder = tmp_path / "state" / "article-editor"
    assert not folder.exists()
    action.trigger()
    assert [url.toLocalFile() for url in opened] == [str(folder)]
    assert folder.is_dir()


def test_show_log_folder_says_where_the_log_is_when_nothing_opens_it(
    make_window, qtbot, tmp_path, monkeypatch
):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", lambda url: False)
    window = open_text(make_window, qtbot, tmp_path, "text")
    window.show_log_folder.trigger()
    message = window.statusBar().currentMessage()
    assert "Could not open the log folder" in message
    assert str(tmp_path / "state" / "article-editor") in message
