"""Completing citation keys as you type ``@`` or ``[@``, and showing a key's reference when
the mouse rests on it."""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, QPoint, QStringListModel
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QToolTip

from editor.core.citations.syntax import KEY
from editor.gui.citations.library_service import LibraryService
from editor.gui.editor_widget import MarkdownEditor

# The key being typed just before the cursor: "@" and what follows, not in an e-mail address.
_TYPING = re.compile(r"(?<![\w@.])-?@(?P<prefix>[\w:.#$%&\-+?<>~/]*)$")
_KEY_AT = re.compile(rf"(?<![\w@.])-?@(?P<key>{KEY})")
_SHOWN = 50  # suggestions; the index ranks, so more would only be scrolled past


class CitationCompleter(QObject):
    """A popup of matching references while a key is typed; Enter or Tab inserts the key."""

    def __init__(self, editor: MarkdownEditor, library: LibraryService) -> None:
        super().__init__(editor)
        self._editor = editor
        self._library = library
        self._keys: list[str] = []
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setWidget(editor)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(10)
        # PySide6's stubs do not type the [str] choice of an overloaded signal.
        self.completer.activated[str].connect(self._insert)  # type: ignore[index]
        # Not textChanged: that also comes for every block the highlighter paints, and would
        # bring back a popup the writer closed.
        editor.document().contentsChange.connect(self._on_contents_change)
        # The editor calls show_reference and popup_visible: event filters on a widget
        # being destroyed call back into Python half-way through, which crashes PySide.
        editor.completer = self

    def _typed_prefix(self) -> str | None:
        cursor = self._editor.textCursor()
        before = cursor.block().text()[: cursor.positionInBlock()]
        match = _TYPING.search(before)
        return match.group("prefix") if match else None

    def _on_contents_change(self, _position: int, removed: int, added: int) -> None:
        if removed or added:
            self._update()

    def _update(self) -> None:
        if not self._editor.hasFocus() or not len(self._library.index):
            return
        prefix = self._typed_prefix()
        if prefix is None:
            self._popup().hide()
            return
        self._keys = self._library.index.complete(prefix, _SHOWN)
        if not self._keys:
            self._popup().hide()
            return
        self.model.setStringList([self._label(key) for key in self._keys])
        rect = self._editor.cursorRect()
        rect.setWidth(min(640, self._editor.viewport().width()))
        self.completer.complete(rect)
        # The popup shows the completer's own proxy model, not ours.
        self._popup().setCurrentIndex(self.completer.completionModel().index(0, 0))

    def _label(self, key: str) -> str:
        row = self._library.index.row(key)
        if row is None:
            return key
        return f"{key} — {row.authors} ({row.year}) {row.title}"

    def _insert(self, label: str) -> None:
        key = label.split(" — ", 1)[0]
        prefix = self._typed_prefix() or ""
        cursor = self._editor.textCursor()
        cursor.movePosition(
            QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, len(prefix)
        )
        cursor.insertText(key)
        self._editor.setTextCursor(cursor)
        self._popup().hide()

    def _popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None  # QCompleter makes its list view when first asked for it
        return popup

    def popup_visible(self) -> bool:
        return self._popup().isVisible()

    def show_reference(self, pos: QPoint, global_pos: QPoint) -> bool:
        """A tooltip with the formatted reference of the citation key under the mouse."""
        cursor = self._editor.cursorForPosition(pos)
        text = cursor.block().text()
        column = cursor.positionInBlock()
        for match in _KEY_AT.finditer(text):
            if match.start() <= column <= match.end():
                entry = self._library.format_entry(match.group("key"))
                if entry:
                    QToolTip.showText(
                        global_pos, f"<p style='max-width: 32em'>{entry}</p>", self._editor
                    )
                    return True
        QToolTip.hideText()
        return False
