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
    export_html: QAction
    export_pdf: QAction
    export_docx: QAction
    quit: QAction
    toggle_preview: QAction
    sync_scroll: QAction
    about: QAction
    recent_menu: QMenu
    check_spelling: QAction
    next_misspelling: QAction
    medical_terms: QAction
    skip_all_caps: QAction
    language_menu: QMenu
    tools_menu: QMenu
    open_bibliography: QAction
    new_bibliography: QAction
    citation_style: QAction
    preferences: QAction
    edit_menu: QMenu  # filled by edit_menu.fill_edit_menu; the window adds Preferences last
    view_menu: QMenu  # view_actions.ViewController adds zoom, full screen, focus mode
    help_menu: QMenu


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
        export_html=action(tr("&Export as HTML…"), "Ctrl+E"),
        export_pdf=action(tr("Export as P&DF…"), "Ctrl+Shift+E"),
        export_docx=action(tr("Export as &Word…")),
        quit=action(tr("&Quit"), QKeySequence.StandardKey.Quit),
        toggle_preview=action(tr("Show &Preview"), "Ctrl+Shift+P", checkable=True),
        sync_scroll=action(tr("Preview &Follows Editor"), checkable=True),
        about=action(tr("&About Article Editor")),
        recent_menu=QMenu(tr("Open &Recent"), window),
        check_spelling=action(tr("Check &Spelling"), checkable=True),
        next_misspelling=action(tr("&Next Misspelling"), "F7"),
        medical_terms=action(tr("&Medical Terms"), checkable=True),
        skip_all_caps=action(tr("Skip Words in &CAPITALS"), checkable=True),
        language_menu=QMenu(tr("&Language"), window),
        tools_menu=QMenu(tr("&Tools"), window),
        open_bibliography=action(tr("Open &Bibliography…")),
        new_bibliography=action(tr("New Bi&bliography…")),
        citation_style=action(tr("Citation &Style…")),
        preferences=action(tr("Pr&eferences…"), "Ctrl+,"),
        edit_menu=QMenu(tr("&Edit"), window),
        view_menu=QMenu(tr("&View"), window),
        help_menu=QMenu(tr("&Help"), window),
    )
    actions.preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
    actions.language_menu.setObjectName("languageMenu")
    actions.recent_menu.setObjectName("recentMenu")
    file_menu.addAction(actions.new)
    file_menu.addAction(actions.open)
    file_menu.addMenu(actions.recent_menu)
    file_menu.addSeparator()
    file_menu.addAction(actions.save)
    file_menu.addAction(actions.save_as)
    file_menu.addSeparator()
    file_menu.addAction(actions.export_html)
    file_menu.addAction(actions.export_pdf)
    file_menu.addAction(actions.export_docx)
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)

    actions.edit_menu.setObjectName("editMenu")
    bar.addMenu(actions.edit_menu)

    view_menu = actions.view_menu
    bar.addMenu(view_menu)
    view_menu.addAction(actions.toggle_preview)
    view_menu.addAction(actions.sync_scroll)

    tools_menu = actions.tools_menu
    bar.addMenu(tools_menu)
    spelling_menu = tools_menu.addMenu(tr("&Spelling"))
    spelling_menu.addAction(actions.check_spelling)
    spelling_menu.addAction(actions.next_misspelling)
    spelling_menu.addMenu(actions.language_menu)
    spelling_menu.addSeparator()
    spelling_menu.addAction(actions.medical_terms)
    spelling_menu.addAction(actions.skip_all_caps)
    citations_menu = tools_menu.addMenu(tr("&Citations"))
    citations_menu.addAction(actions.open_bibliography)
    citations_menu.addAction(actions.new_bibliography)
    citations_menu.addAction(actions.citation_style)
    tools_menu.addSeparator()  # the window adds the panels' toggles below

    help_menu = actions.help_menu
    bar.addMenu(help_menu)
    help_menu.addAction(actions.about)
    return actions
