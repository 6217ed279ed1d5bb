"""The Edit menu: undo, the clipboard, find and replace, go to line."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu, QWidget

from editor.gui.editor_widget import MarkdownEditor
from editor.gui.find_bar import FindBar
from editor.gui.preview import PreviewView


@dataclass
class EditActions:
    undo: QAction
    redo: QAction
    cut: QAction
    copy: QAction
    paste: QAction
    paste_plain: QAction
    select_all: QAction
    find: QAction
    replace: QAction
    find_next: QAction
    find_previous: QAction
    go_to_line: QAction


def fill_edit_menu(
    menu: QMenu, window: QWidget, editor: MarkdownEditor, preview: PreviewView, find_bar: FindBar
) -> EditActions:
    """Fill ``menu`` with the editing actions of ``window`` and connect them to ``editor``."""
    tr = window.tr

    def action(text: str, *shortcuts, slot) -> QAction:
        item = QAction(text, window)
        # Every binding the platform knows for a standard key (Redo is Ctrl+Y and
        # Ctrl+Shift+Z on some), the first shown in the menu.
        keys: list[QKeySequence] = []
        for shortcut in shortcuts:
            if isinstance(shortcut, QKeySequence.StandardKey):
                keys.extend(QKeySequence.keyBindings(shortcut))
            else:
                keys.append(QKeySequence(shortcut))
        item.setShortcuts(list(dict.fromkeys(keys)))
        item.triggered.connect(slot)
        menu.addAction(item)
        return item

    def preview_has_focus() -> bool:
        focused = QApplication.focusWidget()
        return focused is not None and (focused is preview or preview.isAncestorOf(focused))

    actions = EditActions(
        undo=action(tr("&Undo"), QKeySequence.StandardKey.Undo, slot=editor.undo),
        redo=action(tr("&Redo"), QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z", slot=editor.redo),
        cut=action(tr("Cu&t"), QKeySequence.StandardKey.Cut, slot=editor.cut),
        copy=action(tr("&Copy"), QKeySequence.StandardKey.Copy, slot=editor.copy),
        paste=action(tr("&Paste"), QKeySequence.StandardKey.Paste, slot=editor.paste),
        paste_plain=action(
            tr("Paste as Plain Te&xt"), "Ctrl+Shift+V", slot=editor.paste_plain_text
        ),
        select_all=action(
            tr("Select &All"), QKeySequence.StandardKey.SelectAll, slot=editor.selectAll
        ),
        # Written out, not StandardKey: the platforms disagree (X11 binds Find Next to F3
        # and Ctrl+G, Windows gives Ctrl+H no meaning), and these are what writers expect.
        find=action(
            tr("&Find…"), "Ctrl+F", slot=lambda: find_bar.open_find(in_preview=preview_has_focus())
        ),
        replace=action(tr("R&eplace…"), "Ctrl+H", slot=find_bar.open_replace),
        find_next=action(tr("Find &Next"), "F3", slot=find_bar.find_next),
        find_previous=action(tr("Find Pre&vious"), "Shift+F3", slot=find_bar.find_previous),
        go_to_line=action(tr("&Go to Line…"), "Ctrl+G", slot=lambda: go_to_line(window, editor)),
    )
    # Keep the order of the dataclass but with the usual separators between groups.
    menu.insertSeparator(actions.cut)
    menu.insertSeparator(actions.select_all)
    menu.insertSeparator(actions.find)
    menu.insertSeparator(actions.go_to_line)

    actions.undo.setEnabled(False)
    actions.redo.setEnabled(False)
    actions.cut.setEnabled(False)
    actions.copy.setEnabled(False)
    editor.undoAvailable.connect(actions.undo.setEnabled)
    editor.redoAvailable.connect(actions.redo.setEnabled)
    editor.copyAvailable.connect(actions.cut.setEnabled)
    editor.copyAvailable.connect(actions.copy.setEnabled)
    return actions


def go_to_line(parent: QWidget, editor: MarkdownEditor) -> None:
    """Ask for a line number (1-based, as the status bar and messages count) and go there."""
    document = editor.document()
    current = editor.textCursor().blockNumber() + 1
    line, accepted = QInputDialog.getInt(
        parent,
        parent.tr("Go to Line"),
        parent.tr("Line (1–{count}):").format(count=document.blockCount()),
        current,
        1,
        document.blockCount(),
    )
    if accepted:
        editor.go_to_line(line - 1)
        editor.setFocus()
