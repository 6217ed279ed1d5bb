"""The markdown editing widget."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QGuiApplication,
    QTextBlock,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QMenu, QPlainTextDocumentLayout, QPlainTextEdit, QTextEdit, QWidget

from editor.gui.highlighter import MarkdownHighlighter

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
        self.spelling = None  # the window's SpellingController, for the context menu
        self.completer = None  # the window's CitationCompleter: key popup and tooltips
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
        if event.type() == QEvent.Type.ToolTip and self.completer is not None:
            if self.completer.show_reference(event.pos(), event.globalPos()):
                return True
        return super().viewportEvent(event)

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
        # Keep the indentation of the current line on Enter: lists and quotes continue easily.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            text = self.textCursor().block().text()
            indent = text[: len(text) - len(text.lstrip(" \t"))]
            super().keyPressEvent(event)
            if indent:
                self.insertPlainText(indent)
            return
        super().keyPressEvent(event)


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
        menu.insertAction(first, action)
