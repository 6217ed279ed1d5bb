"""The Format menu and its optional toolbar: emphasis, links, images, headings, lists,
quotes, footnotes and tables, each applied to the selection (or the word at the cursor) as
one undo step by the Qt-free transformations of `editor.core.formatting`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from editor.core import formatting
from editor.core.textpos import code_point_index, utf16_length
from editor.gui.editor_widget import MarkdownEditor
from editor.gui.format_dialogs import FormatDialogs, clipboard_url
from editor.gui.paste import PasteHandler
from editor.gui.settings import Settings
from editor.gui.text_regions import apply_to_lines, insert_markdown, selected_lines

TOOLBAR_SETTING = "view/format_toolbar"
INLINE_MARKERS = {"bold": "**", "italic": "*", "strikethrough": "~~", "code": "`"}


class FormatActions(QObject):
    """Builds the Format menu (``menu``) and toolbar (``toolbar``, shown by
    ``toggle_toolbar``) for ``editor`` in ``window``; ``actions`` by name for tests."""

    def __init__(
        self,
        window: QMainWindow,
        editor: MarkdownEditor,
        settings: Settings,
        paste: PasteHandler,
        document_folder: Callable[[], Path | None],
        dialogs: FormatDialogs | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._editor = editor
        self._settings = settings
        self._paste = paste
        self._document_folder = document_folder
        self.dialogs = dialogs or FormatDialogs()
        self.actions: dict[str, QAction] = {}
        self.menu = QMenu(self.tr("F&ormat"), window)
        self.menu.setObjectName("formatMenu")
        self.toolbar = QToolBar(self.tr("Format"), window)
        self.toolbar.setObjectName("formatToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._build()
        editor.reserve_shortcuts(self.actions.values())
        self.toggle_toolbar = self.toolbar.toggleViewAction()
        self.toggle_toolbar.setText(self.tr("Format &Toolbar"))
        self.toggle_toolbar.setObjectName("toggleFormatToolbar")
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.toolbar.setVisible(settings.get(TOOLBAR_SETTING))
        self.toggle_toolbar.toggled.connect(lambda shown: settings.set(TOOLBAR_SETTING, shown))

    def _action(
        self, name: str, text: str, shortcut: str | None, slot, icon_text: str | None = None
    ) -> QAction:
        action = QAction(text, self._window)
        action.setObjectName(f"format_{name}")
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if icon_text:
            action.setIconText(icon_text)
        action.triggered.connect(lambda _checked=False: slot())
        self.actions[name] = action
        self.menu.addAction(action)
        return action

    def _build(self) -> None:
        tr = self.tr
        inline = [
            ("bold", tr("&Bold"), "Ctrl+B", tr("B")),
            ("italic", tr("&Italic"), "Ctrl+I", tr("I")),
            ("strikethrough", tr("&Strikethrough"), "Ctrl+Shift+X", tr("S")),
            ("code", tr("Inline &Code"), "Ctrl+Shift+C", tr("Code")),
        ]
        for name, text, shortcut, short in inline:
            marker = INLINE_MARKERS[name]
            self._action(name, text, shortcut, lambda m=marker: self.toggle_inline(m), short)
        self.menu.addSeparator()
        self._action("link", tr("&Link…"), "Ctrl+K", self.link, tr("Link"))
        self._action("image", tr("I&mage…"), "Ctrl+Shift+I", self.image, tr("Image"))
        self.menu.addSeparator()
        headings = self.menu.addMenu(tr("&Heading"))
        headings.setObjectName("headingMenu")
        for level in range(1, 7):
            action = self._action(
                f"heading_{level}",
                tr("Heading &{level}").format(level=level),
                f"Ctrl+{level}",
                lambda n=level: self.heading(n),
                f"H{level}",
            )
            self.menu.removeAction(action)
            headings.addAction(action)
        self._action("paragraph", tr("&Paragraph"), "Ctrl+0", lambda: self.heading(0), tr("¶"))
        self.menu.addSeparator()
        self._action(
            "bulleted_list", tr("B&ulleted List"), "Ctrl+Shift+L",
            lambda: self.list_kind("bulleted"), tr("• List"),
        )  # fmt: skip
        self._action(
            "numbered_list", tr("&Numbered List"), "Ctrl+Shift+N",
            lambda: self.list_kind("numbered"), tr("1. List"),
        )  # fmt: skip
        self._action(
            "block_quote", tr("Block &Quote"), "Ctrl+Shift+Q",
            lambda: self.list_kind("quote"), tr("Quote"),
        )  # fmt: skip
        self.menu.addSeparator()
        self._action("footnote", tr("&Footnote"), "Ctrl+Alt+F", self.footnote, tr("Note"))
        self._action("table", tr("&Table…"), None, self.table, tr("Table"))

        toolbar_order: list[str | None] = [
            "bold", "italic", "strikethrough", "code", None, "link", "image", None,
            "heading_1", "heading_2", "heading_3", "paragraph", None,
            "bulleted_list", "numbered_list", "block_quote", None, "footnote", "table",
        ]  # fmt: skip
        for button in toolbar_order:
            if button is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(self.actions[button])

    # Commands ------------------------------------------------------------------------------
    def toggle_inline(self, marker: str) -> None:
        apply_to_lines(
            self._editor, lambda text, a, p: formatting.toggle_inline(text, a, p, marker)
        )

    def heading(self, level: int) -> None:
        apply_to_lines(self._editor, lambda text, a, p: formatting.set_heading(text, a, p, level))

    def list_kind(self, kind: str) -> None:
        apply_to_lines(self._editor, lambda text, a, p: formatting.toggle_list(text, a, p, kind))

    def link(self) -> None:
        """Ask for the URL (the link's own, or one on the clipboard) and link the selection or
        the word at the cursor; the text itself is never touched."""
        first, _last, text = selected_lines(self._editor)
        cursor = self._editor.textCursor()
        base = self._editor.document().findBlockByNumber(first).position()
        limit = base + utf16_length(text)
        start = code_point_index(text, min(cursor.selectionStart(), limit) - base)
        end = code_point_index(text, min(cursor.selectionEnd(), limit) - base)
        existing = formatting.link_at(text, start, end)
        if existing is not None:
            label, url = existing[2], existing[3]
        else:
            if start == end:
                start, end = formatting.word_bounds(text, start)
            label, url = text[start:end], clipboard_url()
        answer = self.dialogs.ask_link(self._window, label, url)
        if answer is None:
            return
        apply_to_lines(self._editor, lambda t, a, p: formatting.apply_link(t, a, p, answer))
        self._editor.setFocus()

    def image(self) -> None:
        folder = self._document_folder() or Path.home()
        path = self.dialogs.choose_image(self._window, folder)
        if path is not None:
            self._paste.insert_files([path])
        self._editor.setFocus()

    def footnote(self) -> None:
        """Put the next free ``[^n]`` after the selection and its note at the end of the
        document, with the cursor in the note. One undo step."""
        document = self._editor.toPlainText()
        number = formatting.next_footnote_number(document)
        cursor = self._editor.textCursor()
        spot = cursor.selectionEnd()
        if not cursor.hasSelection():  # after the word the cursor is in, not inside it
            line = cursor.block().text()
            column = code_point_index(line, cursor.positionInBlock())
            _start, end = formatting.word_bounds(line, column)
            spot = cursor.block().position() + utf16_length(line[:end])
        cursor.beginEditBlock()
        cursor.setPosition(spot)
        cursor.insertText(f"[^{number}]")
        cursor.movePosition(QTextCursor.MoveOperation.End)
        definition, _offset = formatting.footnote_definition(self._editor.toPlainText(), number)
        cursor.insertText(definition)
        cursor.endEditBlock()
        self._editor.setTextCursor(cursor)
        self._editor.ensureCursorVisible()

    def table(self) -> None:
        size = self.dialogs.pick_table(self._window)
        if size is None:
            return
        rows, columns = size
        header = self.tr("Column {n}")
        table = formatting.pipe_table(max(rows - 1, 1), columns, header)
        start = insert_markdown(self._editor, table)
        # Select the first heading so typing names the column.
        cursor = self._editor.textCursor()
        cursor.setPosition(start + 2)
        first = utf16_length(header.format(n=1))
        cursor.setPosition(start + 2 + first, QTextCursor.MoveMode.KeepAnchor)
        self._editor.setTextCursor(cursor)
        self._editor.setFocus()
