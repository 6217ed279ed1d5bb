"""The window's actions and menus, built in one place."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu


@dataclass
class WindowActions:
    new: QAction
    open: QAction
    save: QAction
    save_as: QAction
    quit: QAction
    toggle_preview: QAction
    sync_scroll: QAction
    about: QAction
    recent_menu: QMenu


def build_menus(window: QMainWindow) -> WindowActions:
    """Create the menu bar of ``window``; the window connects the actions' ``triggered``."""
    tr = window.tr
    bar = window.menuBar()

    def action(text: str, shortcut=None, checkable: bool = False) -> QAction:
        item = QAction(text, window)
        if shortcut is not None:
            item.setShortcut(QKeySequence(shortcut))
        item.setCheckable(checkable)
        return item

    file_menu = bar.addMenu(tr("&File"))
    actions = WindowActions(
        new=action(tr("&New"), QKeySequence.StandardKey.New),
        open=action(tr("&Open…"), QKeySequence.StandardKey.Open),
        save=action(tr("&Save"), QKeySequence.StandardKey.Save),
        save_as=action(tr("Save &As…"), QKeySequence.StandardKey.SaveAs),
        quit=action(tr("&Quit"), QKeySequence.StandardKey.Quit),
        toggle_preview=action(tr("Show &Preview"), "Ctrl+Shift+P", checkable=True),
        sync_scroll=action(tr("Preview &Follows Editor"), checkable=True),
        about=action(tr("&About Article Editor")),
        recent_menu=QMenu(tr("Open &Recent"), window),
    )
    actions.recent_menu.setObjectName("recentMenu")
    file_menu.addAction(actions.new)
    file_menu.addAction(actions.open)
    file_menu.addMenu(actions.recent_menu)
    file_menu.addSeparator()
    file_menu.addAction(actions.save)
    file_menu.addAction(actions.save_as)
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)

    view_menu = bar.addMenu(tr("&View"))
    view_menu.addAction(actions.toggle_preview)
    view_menu.addAction(actions.sync_scroll)

    help_menu = bar.addMenu(tr("&Help"))
    help_menu.addAction(actions.about)
    return actions
