"""The markdown editing widget."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QMimeData, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import (
    QMenu,
    QPlainTextDocumentLayout,
    QPlainTextEdit,
    QTextEdit,
    QToolTip,
    QWidget,
)

from editor.core import formatting
from editor.core.textpos import code_point_index
from editor.gui.highlighter import MarkdownHighlighter
from editor.gui.text_regions import apply_to_lines, replace_region, selected_lines

if TYPE_CHECKING:  # they import this module
    from editor.gui.citations.completer import CitationCompleter
    from editor.gui.paste import PasteHandler
    from editor.gui.proofing.spelling import SpellingController

_POPUP_KEYS = (
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
    Qt.Key.Key_Escape,
)


class SpacedLineLayout(QPlainTextDocumentLayout):
    """The plain-text layout with room between lines: Qt's ignores a block format's line
    height, so each laid-out line is moved down by its share of the extra space. Called
    only for blocks on screen (the plain layout measures the document in lines)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.factor = 1.0
        self._moved = False  # lines were moved once: keep placing them ourselves

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:  # noqa: N802 - Qt's API
        rect = super().blockBoundingRect(block)
        layout = block.layout()
        if (self.factor == 1.0 and not self._moved) or not layout.lineCount():
            return rect
        self._moved = True
        y = 0.0
        for index in range(layout.lineCount()):
            line = layout.lineAt(index)
            height = line.height()
            top = y + height * (self.factor - 1) / 2
            if line.position().y() != top:
                line.setPosition(QPointF(line.position().x(), top))
            y += height * self.factor
        if not block.next().isValid():
            y += self.document().documentMargin()
        return QRectF(rect.x(), rect.y(), rect.width(), y)


class MarkdownEditor(QPlainTextEdit):
    """A plain-text editor for markdown with highlighting, soft wrap and a readable font.

    ``topLineChanged`` tells which source line is at the top of the view and how far through
    it (0..1), so the preview can follow.
    """

    topLineChanged = Signal(int, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spelling: SpellingController | None = None  # the window's, for the context menu
        self.completer: CitationCompleter | None = None  # the key popup and tooltips
        self.paste_handler: PasteHandler | None = None  # HTML, images and files
        self.review_hook: Any = None  # the window's TrackChanges: while on, edits become marks
        # Tooltips for what lies under the mouse (a review comment...): each takes a document
        # position and gives rich text or None; the first that answers is shown.
        self.tip_sources: list[Callable[[int], str | None]] = []
        # Key combinations that belong to the window's actions even where QPlainTextEdit has
        # a binding of its own (Ctrl+K deletes to the end of the line under X11).
        self._reserved_keys: dict[int, QAction] = {}
        self.setObjectName("markdownEditor")
        # The layout must be in place before the editor takes the document.
        document = QTextDocument(self)
        self._layout = SpacedLineLayout(document)
        document.setDocumentLayout(self._layout)
        self.setDocument(document)
        self.highlighter = MarkdownHighlighter(self.document())
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.document().setDocumentMargin(12)
        self.setCenterOnScroll(False)
        self.line_width = 0  # characters; 0: as wide as the window
        self.center_text = True
        # The margins beside limited lines belong to the scroll area: fill them like the text.
        self.setAutoFillBackground(True)
        self.verticalScrollBar().valueChanged.connect(self._announce_top_line)
        # Several features mark text at once (find matches, ...): each owns a named layer.
        self._selection_layers: dict[str, list[QTextEdit.ExtraSelection]] = {}

    def set_selection_layer(self, name: str, selections: list[QTextEdit.ExtraSelection]) -> None:
        """Show ``selections`` as the layer ``name``, keeping the other layers' marks."""
        if not selections and name not in self._selection_layers:
            return
        self._selection_layers[name] = selections
        self.setExtraSelections(
            [item for layer in self._selection_layers.values() for item in layer]
        )

    def paste_plain_text(self) -> None:
        """Paste the clipboard's plain text only, whatever richer forms it also holds."""
        text = QGuiApplication.clipboard().text()
        if text and not self.isReadOnly():
            self.insertPlainText(text)

    def apply_font(self, family: str, size: int, zoom: int = 100) -> None:
        """Use ``family`` (the system's fixed-width font when empty) at ``size`` points,
        scaled by ``zoom`` per cent."""
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        if family:
            font = QFont(family)
        font.setPointSizeF(max(1.0, size * zoom / 100))
        if font == self.font():
            return
        self.setFont(font)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        self._update_margins()

    def set_line_width(self, characters: int, centred: bool) -> None:
        """Keep lines at most ``characters`` wide (0: no limit), centred in the view or at
        its left, as the font's average character measures them."""
        self.line_width, self.center_text = max(0, characters), centred
        self._update_margins()

    def set_line_spacing(self, percent: int) -> None:
        """Lines ``percent`` per cent of their natural height apart (100: as the font has)."""
        factor = max(100, percent) / 100
        if factor == self._layout.factor:
            return
        self._layout.factor = factor
        self.viewport().update()
        self.ensureCursorVisible()

    def line_spacing(self) -> float:
        return self._layout.factor

    def _update_margins(self) -> None:
        total = self.width() - 2 * self.frameWidth()
        scrollbar = self.verticalScrollBar()
        if scrollbar.isVisible():
            total -= scrollbar.width()
        spare = 0
        if self.line_width:
            margin = 2 * self.document().documentMargin()
            wanted = int(self.fontMetrics().averageCharWidth() * self.line_width + margin + 1)
            spare = max(0, total - wanted)
        left = spare // 2 if self.center_text else 0
        self.setViewportMargins(left, 0, spare - left, 0)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's API
        super().resizeEvent(event)
        self._update_margins()

    def set_soft_wrap(self, enabled: bool) -> None:
        self.setLineWrapMode(
            QPlainTextEdit.LineWrapMode.WidgetWidth
            if enabled
            else QPlainTextEdit.LineWrapMode.NoWrap
        )

    def top_line(self) -> tuple[int, float]:
        """The source line at the top of the view, and the fraction of it scrolled past."""
        block = self.firstVisibleBlock()
        if not block.isValid():
            return 0, 0.0
        geometry = self.blockBoundingGeometry(block).translated(self.contentOffset())
        height = max(geometry.height(), 1.0)
        fraction = min(max(-geometry.top() / height, 0.0), 1.0)
        return block.blockNumber(), fraction

    def fraction_through(self, start_line: int, end_line: int) -> float:
        """How far (0..1) the top of the view is through source lines [start_line, end_line),
        measured in pixels, so a long wrapped paragraph counts by its height on screen."""
        document = self.document()
        offset = self.contentOffset()
        start = document.findBlockByNumber(start_line)
        if not start.isValid():
            return 0.0
        top = self.blockBoundingGeometry(start).translated(offset).top()
        end = document.findBlockByNumber(end_line)
        if end.isValid():
            bottom = self.blockBoundingGeometry(end).translated(offset).top()
        else:
            last = document.lastBlock()
            bottom = self.blockBoundingGeometry(last).translated(offset).bottom()
        if bottom <= top:
            return 0.0
        return min(max(-top / (bottom - top), 0.0), 1.0)

    def at_end(self) -> bool:
        """Whether the document's last line is on screen (in a scrolled document)."""
        if self.verticalScrollBar().maximum() == 0:
            return False
        last = self.document().lastBlock()
        top = self.blockBoundingGeometry(last).translated(self.contentOffset()).top()
        return top < self.viewport().height()

    def go_to_line(self, line: int) -> None:
        """Put the cursor at the start of 0-based ``line`` and show it."""
        block = self.document().findBlockByNumber(max(0, line))
        cursor = self.textCursor()
        cursor.setPosition(block.position())
        self.setTextCursor(cursor)
        self.centerCursor()

    def _announce_top_line(self) -> None:
        line, fraction = self.top_line()
        self.topLineChanged.emit(line, fraction)

    def build_context_menu(self, pos) -> QMenu:
        """The context menu for viewport position ``pos``: spelling suggestions first when a
        misspelled word is there, then the standard editing actions."""
        menu = self.createStandardContextMenu(pos)
        if self.spelling is not None:
            occurrence = self.spelling.occurrence_at(self.cursorForPosition(pos).position())
            if occurrence is not None:
                add_spelling_actions(menu, self.spelling, occurrence)
        return menu

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt's API
        menu = self.build_context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    def viewportEvent(self, event) -> bool:  # noqa: N802 - Qt's API
        if event.type() == QEvent.Type.ToolTip:
            if self.completer is not None and self.completer.show_reference(
                event.pos(), event.globalPos()
            ):
                return True
            position = self.cursorForPosition(event.pos()).position()
            for source in self.tip_sources:
                tip = source(position)
                if tip:
                    QToolTip.showText(event.globalPos(), tip, self.viewport())
                    return True
            QToolTip.hideText()  # the mouse left what the last tip was about
        return super().viewportEvent(event)

    def reserve_shortcuts(self, actions) -> None:
        """Let the shortcuts of ``actions`` win over the editor's own key bindings."""
        for action in actions:
            sequence = action.shortcut()
            if sequence.count() == 1:
                self._reserved_keys[sequence[0].toCombined()] = action

    def event(self, event) -> bool:  # noqa: N802 - Qt's API
        # QPlainTextEdit accepts ShortcutOverride for every key it binds, so a window shortcut
        # on the same keys would never fire; ignoring it hands the key to the shortcut.
        if event.type() == QEvent.Type.ShortcutOverride and self._reserved_keys:
            if event.keyCombination().toCombined() in self._reserved_keys:
                event.ignore()
                return False
        return super().event(event)

    def cut(self) -> None:
        if self.review_hook is not None and self.review_hook.cut():
            return
        super().cut()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's API
        # QCompleter hands its popup's keys to the editor first; these are the popup's to act
        # on (take the suggestion, or close), so the editor must leave them alone.
        if (
            self.completer is not None
            and self.completer.popup_visible()
            and event.key() in _POPUP_KEYS
        ):
            event.ignore()
            return
        action = self._reserved_keys.get(event.keyCombination().toCombined())
        if action is not None:
            # The shortcut did not take the key (its window was not active, say): the key is
            # still the action's, never QPlainTextEdit's own binding.
            if action.isEnabled():
                action.trigger()
            return
        key, modifiers = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not modifiers:
            self._new_line()
            return
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and self._on_list_items():
            outdent = key == Qt.Key.Key_Backtab
            apply_to_lines(
                self, lambda text, a, p: formatting.indent_lines(text, a, p, outdent=outdent)
            )
            return
        super().keyPressEvent(event)

    def _on_list_items(self) -> bool:
        _first, _last, text = selected_lines(self)
        lines = [line for line in text.split("\n") if line.strip()]
        return bool(lines) and all(formatting.is_list_item(line) for line in lines)

    def _enter_action(self) -> tuple[str, str]:
        """What Enter does at the cursor: ``("end", line)``, an empty list item or quote
        ends and its line becomes ``line``; ``("continue", prefix)``, a new line starting
        with ``prefix`` (the next item's marker, or the line's indentation)."""
        cursor = self.textCursor()
        text = cursor.block().text()
        column = code_point_index(text, cursor.positionInBlock())
        action = None if cursor.hasSelection() else formatting.continuation(text, column)
        if action is not None:
            return action
        prefix = text[: len(text) - len(text.lstrip(" \t"))]
        return "continue", prefix[:column] if column < len(prefix) else prefix

    def enter_edit(self) -> tuple[QTextCursor, str]:
        """Enter as an edit (for Track Changes): the cursor whose selection it replaces and
        the text it puts there."""
        cursor = self.textCursor()
        kind, text = self._enter_action()
        if kind == "end":
            block = cursor.block()
            cursor.setPosition(block.position())
            cursor.setPosition(
                block.position() + block.length() - 1, QTextCursor.MoveMode.KeepAnchor
            )
            return cursor, text
        return cursor, "\n" + text

    def _new_line(self) -> None:
        """Enter: a list item or quote continues on the new line (an empty one ends the
        list); any other line keeps its indentation."""
        cursor = self.textCursor()
        block = cursor.block()
        kind, prefix = self._enter_action()
        if kind == "end":
            end = len(prefix)
            replace_region(
                self, block.position(), block.text(), formatting.Region(prefix, end, end)
            )
            return
        cursor.beginEditBlock()
        cursor.insertBlock()
        if prefix:
            cursor.insertText(prefix)
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    # Clipboard and drops ---------------------------------------------------------------------
    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 - Qt's API
        # Only the markdown itself: Qt would add an HTML rendering of the plain text, which a
        # paste here (or in a word processor) would then take for formatted text.
        data = QMimeData()
        data.setText(self.textCursor().selection().toPlainText())
        return data

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 - Qt's API
        if self.paste_handler is not None and self.paste_handler.can_insert(source):
            return True
        return super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt's API
        if self.review_hook is not None and self.review_hook.insert_from_mime(source.text()):
            return
        if self.paste_handler is not None and self.paste_handler.insert(source):
            return
        super().insertFromMimeData(source)


def add_spelling_actions(menu: QMenu, spelling, occurrence) -> None:
    """Put the suggestions for a misspelled word, then Add and Ignore, atop ``menu``."""
    first = menu.actions()[0] if menu.actions() else None
    suggestions = spelling.checker.suggest(occurrence.word)[:7]
    entries = []
    for suggestion in suggestions:
        action = menu.addAction(suggestion)
        font = action.font()
        font.setBold(True)
        action.setFont(font)
        action.triggered.connect(
            lambda _checked=False, s=suggestion: spelling.replace(occurrence, s)
        )
        entries.append(action)
    if not suggestions:
        none = menu.addAction(menu.tr("No suggestions"))
        none.setEnabled(False)
        entries.append(none)
    add = menu.addAction(menu.tr("Add “{word}” to Dictionary").format(word=occurrence.word))
    add.triggered.connect(lambda: spelling.add_to_dictionary(occurrence.word))
    ignore = menu.addAction(menu.tr("Ignore All"))
    ignore.triggered.connect(lambda: spelling.ignore(occurrence.word))
    separator = menu.addSeparator()
    for action in [*entries, add, ignore, separator]:
        menu.removeAction(action)
        if first is None:
            menu.addAction(action)
        else:
            menu.insertAction(first, action)
