"""The find and replace bar above the editor (and, for finding only, the preview)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QTextCursor, QTextFormat
from PySide6.QtWebEngineCore import QWebEngineFindTextResult, QWebEnginePage
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.find import FindError, FindQuery, Match, expand, find_all, replace_all
from editor.core.textpos import code_point_index, utf16_positions
from editor.gui.editor_widget import MarkdownEditor
from editor.gui.preview import PreviewView

LAYER = "find"
# Marks past this many on screen at once would only slow painting; the count stays exact.
MAX_VISIBLE_MARKS = 2000
MATCH_COLOUR = QColor(255, 220, 90, 150)
CURRENT_COLOUR = QColor(255, 150, 30, 200)
SCOPE_COLOUR = QColor(120, 160, 255, 45)


class FindBar(QWidget):
    """Find (Ctrl+F) and Replace (Ctrl+H) without a dialog: every match marked as you type,
    "3 of 17", Enter and Shift+Enter to step, Replace and Replace All (one undo step).

    Matching is ``core/find``: one regex pass over the text when the query or the options
    change, and again after edits only while the bar is open (debounced). Only the matches on
    screen are painted. In the preview it finds with the web view's own search (case only).
    """

    closed = Signal()
    replaced = Signal(int)  # how many Replace All changed
    _counted = Signal(int, object)  # text revision, matches or FindError (from the worker)

    def __init__(
        self,
        editor: MarkdownEditor,
        preview: PreviewView,
        lines: Callable[[], Sequence[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self._editor = editor
        self._preview = preview
        # The document's lines as the session keeps them: no character copied to take them.
        self._lines = lines
        self._in_preview = False
        self._matches: list[tuple[int, int]] = []  # UTF-16 (start, end), in order
        # Edits since the matches were counted, (position, removed, added): painting maps
        # the matches on screen through them until the recount (on a worker) comes back.
        self._edits: list[tuple[int, int, int]] = []
        self._revision = 0  # of the text, bumped by every edit while the bar is open
        self._counting = False
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="find")
        self._current = -1
        self._problem = ""
        self._scope: QTextCursor | None = None  # the selection "in selection" searches
        self.preview_match_count = 0
        self.painted_marks = 0  # matches marked on screen now

        self.find_field = QLineEdit(self)
        self.find_field.setObjectName("findField")
        self.find_field.setPlaceholderText(self.tr("Find"))
        self.find_field.setClearButtonEnabled(True)
        self.replace_field = QLineEdit(self)
        self.replace_field.setObjectName("replaceField")
        self.replace_field.setPlaceholderText(self.tr("Replace with"))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("findCount")
        self.count_label.setMinimumWidth(110)

        def option(text: str, tip: str) -> QToolButton:
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.setCheckable(True)
            button.setAutoRaise(True)
            return button

        self.match_case = option(self.tr("Aa"), self.tr("Match case"))
        self.whole_words = option(self.tr("W"), self.tr("Whole words"))
        self.regex = option(self.tr(".*"), self.tr("Regular expression (groups: \\1, \\g<name>)"))
        self.in_selection = option(self.tr("Sel"), self.tr("Only in the selected text"))

        def button(text: str, tip: str = "") -> QToolButton:
            item = QToolButton(self)
            item.setText(text)
            item.setToolTip(tip)
            item.setAutoRaise(True)
            return item

        self.previous_button = button("↑", self.tr("Previous match (Shift+Enter)"))
        self.next_button = button("↓", self.tr("Next match (Enter)"))
        self.replace_button = button(self.tr("Replace"), self.tr("Replace this match (Enter)"))
        self.replace_all_button = button(self.tr("Replace All"))
        self.close_button = button("✕", self.tr("Close (Esc)"))

        find_row = QHBoxLayout()
        find_row.setContentsMargins(0, 0, 0, 0)
        find_row.addWidget(self.find_field, 1)
        for widget in (
            self.count_label,
            self.previous_button,
            self.next_button,
            self.match_case,
            self.whole_words,
            self.regex,
            self.in_selection,
            self.close_button,
        ):
            find_row.addWidget(widget)
        self.replace_row = QWidget(self)
        replace_layout = QHBoxLayout(self.replace_row)
        replace_layout.setContentsMargins(0, 0, 0, 0)
        replace_layout.addWidget(self.replace_field, 1)
        replace_layout.addWidget(self.replace_button)
        replace_layout.addWidget(self.replace_all_button)
        replace_layout.addStretch(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(3)
        layout.addLayout(find_row)
        layout.addWidget(self.replace_row)
        self.hide()

        # Edits while the bar is open move and change matches: recount once they settle.
        self._recount_timer = QTimer(self, singleShot=True, interval=200)
        self._recount_timer.timeout.connect(self._recount_in_background)
        self._counted.connect(self._on_counted)
        self._paint_timer = QTimer(self, singleShot=True, interval=0)
        self._paint_timer.timeout.connect(self._paint)

        self.find_field.textChanged.connect(self._query_changed)
        for toggle in (self.match_case, self.whole_words, self.regex):
            toggle.toggled.connect(self._query_changed)
        self.in_selection.toggled.connect(self._scope_toggled)
        self.next_button.clicked.connect(self.find_next)
        self.previous_button.clicked.connect(self.find_previous)
        self.replace_button.clicked.connect(self.replace_current)
        self.replace_all_button.clicked.connect(self.replace_all)
        self.close_button.clicked.connect(self.close_bar)
        self.find_field.installEventFilter(self)
        self.replace_field.installEventFilter(self)
        editor.document().contentsChange.connect(self._on_contents_change)
        # Not start itself: valueChanged(int) would pick QTimer.start(msec). And never restart
        # a pending paint: while blocks are laid out again after opening (the idle spelling
        # pass re-highlights them), the range and value change on every event-loop pass, and
        # restarting would postpone the paint for as long as that lasts.
        for bar in (editor.verticalScrollBar(), editor.horizontalScrollBar()):
            bar.valueChanged.connect(lambda _value: self._schedule_paint())
        editor.viewport().installEventFilter(self)
        preview.page().findTextFinished.connect(self._on_preview_found)

    # Opening and closing ---------------------------------------------------------------------
    def open_find(self, in_preview: bool = False) -> None:
        """Show the bar for finding in the editor, or in the preview when ``in_preview``."""
        self._open(replace=False, in_preview=in_preview)

    def open_replace(self) -> None:
        self._open(replace=True, in_preview=False)

    def _open(self, replace: bool, in_preview: bool) -> None:
        switched = in_preview != self._in_preview
        if switched and self.isVisible():
            self._clear_target()
        self._in_preview = in_preview
        self.replace_row.setVisible(replace and not in_preview)
        for editor_only in (self.whole_words, self.regex, self.in_selection):
            editor_only.setEnabled(not in_preview)
        cursor = self._editor.textCursor()
        selected = cursor.selectedText()
        if not in_preview and selected and "\u2029" not in selected:
            # A word or phrase selected is what one wants to find; a longer selection is
            # where (with "in selection").
            self.find_field.blockSignals(True)
            self.find_field.setText(selected)
            self.find_field.blockSignals(False)
        self.show()
        self.find_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_field.selectAll()
        self._query_changed()

    def close_bar(self) -> None:
        self._clear_target()
        self.hide()
        if self._in_preview:
            self._preview.setFocus()
        else:
            self._editor.setFocus()
        self.closed.emit()

    def _clear_target(self) -> None:
        self._recount_timer.stop()
        if self._in_preview:
            self._preview.findText("")
        else:
            self._matches, self._current, self._edits = [], -1, []
            self._editor.set_selection_layer(LAYER, [])

    # Queries ---------------------------------------------------------------------------------
    def query(self) -> FindQuery:
        return FindQuery(
            self.find_field.text(),
            match_case=self.match_case.isChecked(),
            whole_words=self.whole_words.isChecked() and not self._in_preview,
            regex=self.regex.isChecked() and not self._in_preview,
        )

    @property
    def match_count(self) -> int:
        return len(self._matches)

    @property
    def current_index(self) -> int:
        """0-based index of the current match, -1 when there is none."""
        return self._current

    def _query_changed(self) -> None:
        if not self.isVisible():
            return
        if self._in_preview:
            self._find_in_preview(backward=False)
            return
        self._recount()
        self._current = self._index_from_cursor(forward=True)
        self._show_count()
        self._paint()

    def _scope_toggled(self, on: bool) -> None:
        self._scope = None
        if on:
            cursor = self._editor.textCursor()
            if not cursor.hasSelection():
                self.in_selection.blockSignals(True)
                self.in_selection.setChecked(False)
                self.in_selection.blockSignals(False)
                self._problem = self.tr("Select the text to search first")
                self._show_count()
                return
            # A cursor of its own: its ends move with edits made before or inside it.
            self._scope = QTextCursor(cursor)
        self._query_changed()

    def _scope_span(self) -> tuple[int, int] | None:
        if self._scope is None:
            return None
        return self._scope.selectionStart(), self._scope.selectionEnd()

    def _recount(self) -> None:
        """Find every match now: one pass of the pattern over the text (or the selected
        part). For a change of the query or an action; edits recount in the background."""
        self._recount_timer.stop()
        self._revision += 1  # a count running on the worker is older than this one
        self._apply_count(count_matches(self._lines(), self.query(), self._scope_span()))

    def _apply_count(self, result: list[tuple[int, int]] | FindError) -> None:
        self._edits = []
        if isinstance(result, FindError):
            self._matches = []
            self._problem = str(result).capitalize()
        else:
            self._matches = result
            self._problem = ""

    def _recount_in_background(self) -> None:
        """After edits: count on the worker, from the lines as they are now."""
        if self._counting:
            return  # _on_counted starts the next one
        self._counting = True
        revision = self._revision
        future = self._pool.submit(count_matches, self._lines(), self.query(), self._scope_span())
        future.add_done_callback(lambda done: self._deliver(revision, done.result()))

    def _deliver(self, revision: int, result: list[tuple[int, int]] | FindError) -> None:
        """On the worker: hand the count to the GUI thread (a queued signal)."""
        try:
            self._counted.emit(revision, result)
        except RuntimeError:  # the window was deleted while it counted
            pass

    def _on_counted(self, revision: int, result: list[tuple[int, int]] | FindError) -> None:
        self._counting = False
        if not self.isVisible() or self._in_preview:
            return
        if revision != self._revision:
            if self._edits:
                self._recount_in_background()  # edited meanwhile: these are stale
            return
        if self._recount_timer.isActive():
            return  # a newer count is coming
        self._apply_count(result)
        self._current = self._index_from_cursor(forward=True)
        self._show_count()
        self._paint()

    @property
    def counting(self) -> bool:
        """Whether a recount after edits is pending or running."""
        return self._counting or self._recount_timer.isActive()

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        # With the bar closed nothing is searched: edits cost the find bar nothing.
        if (removed or added) and self.isVisible() and not self._in_preview:
            self._revision += 1
            self._edits.append((position, removed, added))
            self._recount_timer.start()
            self._schedule_paint()

    def _mapped(self, start: int, end: int) -> tuple[int, int] | None:
        """Where a counted match is now, or None when an edit since touched it."""
        for position, removed, added in self._edits:
            if end <= position:
                continue
            if start >= position + removed:
                start, end = start + added - removed, end + added - removed
            else:
                return None
        return start, end

    def _index_from_cursor(self, forward: bool) -> int:
        """The match at or after the cursor (before it, going backward), wrapping round."""
        if not self._matches:
            return -1
        index = bisect.bisect_left(self._matches, (self._editor.textCursor().selectionStart(), -1))
        return (index if forward else index - 1) % len(self._matches)

    # Stepping --------------------------------------------------------------------------------
    def find_next(self) -> None:
        self._step(forward=True)

    def find_previous(self) -> None:
        self._step(forward=False)

    def _step(self, forward: bool) -> None:
        if not self.isVisible():
            self.open_find(self._in_preview)
            return
        if self._in_preview:
            self._find_in_preview(backward=not forward)
            return
        if self._edits or self.counting:
            self._recount()  # the writer steps now: the matches must be where they are
        if not self._matches:
            self._show_count()
            return
        if self._current_is_selected():
            self._current = (self._current + (1 if forward else -1)) % len(self._matches)
        else:
            self._current = self._index_from_cursor(forward)
        self._select_current()

    def _current_is_selected(self) -> bool:
        if not 0 <= self._current < len(self._matches):
            return False
        cursor = self._editor.textCursor()
        return (cursor.selectionStart(), cursor.selectionEnd()) == self._matches[self._current]

    def _select_current(self) -> None:
        start, end = self._matches[self._current]
        cursor = self._editor.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self._editor.setTextCursor(cursor)
        self._editor.ensureCursorVisible()
        self._show_count()
        self._paint()

    # Replacing -------------------------------------------------------------------------------
    def replace_current(self) -> None:
        """Replace the selected match and go to the next; with none selected, go to it."""
        if self._in_preview or not self.isVisible():
            return
        if self._edits or self.counting:
            self._recount()
        if not self._current_is_selected():
            self._step(forward=True)
            return
        start, end = self._matches[self._current]
        text = self._editor.document().toRawText().replace("\u2029", "\n")
        units = utf16_positions(text)
        match_start = code_point_index(text, start) if units else start
        match_end = code_point_index(text, end) if units else end
        try:
            new = expand(text, self.query(), Match(match_start, match_end), self._replacement())
        except FindError as error:
            self._problem = str(error).capitalize()
            self._show_count()
            return
        cursor = self._editor.textCursor()
        cursor.insertText(new)
        self._editor.setTextCursor(cursor)
        self._recount()
        self._current = self._index_from_cursor(forward=True)
        if self._matches:
            self._select_current()
        else:
            self._show_count()
            self._paint()

    def replace_all(self) -> int:
        """Replace every match (in the selection, with "in selection") as one undo step;
        returns how many were replaced."""
        if self._in_preview:
            return 0
        text = self._editor.document().toRawText().replace("\u2029", "\n")
        start, end = 0, len(text)
        units = utf16_positions(text)
        if self._scope is not None:
            start, end = self._scope.selectionStart(), self._scope.selectionEnd()
            if units:
                start, end = code_point_index(text, start), code_point_index(text, end)
        try:
            splices = replace_all(text, self.query(), self._replacement(), start, end)
        except FindError as error:
            self._problem = str(error).capitalize()
            self._show_count()
            return 0
        if splices:
            cursor = QTextCursor(self._editor.document())
            # One edit block: one undo step, one change signal, one render.
            cursor.beginEditBlock()
            for splice in reversed(splices):
                first = units[splice.start] if units else splice.start
                last = units[splice.end] if units else splice.end
                cursor.setPosition(first)
                cursor.setPosition(last, QTextCursor.MoveMode.KeepAnchor)
                cursor.insertText(splice.text)
            cursor.endEditBlock()
        self._recount()
        self._current = self._index_from_cursor(forward=True)
        self._show_count(replaced=len(splices))
        self._paint()
        self.replaced.emit(len(splices))
        return len(splices)

    def _replacement(self) -> str:
        return self.replace_field.text()

    # The preview -----------------------------------------------------------------------------
    def _find_in_preview(self, backward: bool) -> None:
        flags = QWebEnginePage.FindFlag(0)
        if self.match_case.isChecked():
            flags |= QWebEnginePage.FindFlag.FindCaseSensitively
        if backward:
            flags |= QWebEnginePage.FindFlag.FindBackward
        text = self.find_field.text()
        self._preview.findText(text, flags)
        if not text:
            self.count_label.setText("")

    def _on_preview_found(self, result: QWebEngineFindTextResult) -> None:
        if not self._in_preview or not self.isVisible():
            return
        total = result.numberOfMatches()
        self.preview_match_count = total
        if not self.find_field.text():
            self.count_label.setText("")
        elif total:
            self.count_label.setText(
                self.tr("{current} of {total}").format(current=result.activeMatch(), total=total)
            )
        else:
            self.count_label.setText(self.tr("No matches"))

    # Showing ---------------------------------------------------------------------------------
    def _show_count(self, replaced: int | None = None) -> None:
        error = bool(self._problem)
        self.find_field.setProperty("error", error)
        self.find_field.setStyleSheet("QLineEdit { color: #c0392b; }" if error else "")
        if error:
            self.count_label.setText(self._problem)
        elif replaced is not None:
            self.count_label.setText(self.tr("Replaced {count}").format(count=replaced))
        elif not self.find_field.text():
            self.count_label.setText("")
        elif not self._matches:
            self.count_label.setText(self.tr("No matches"))
        else:
            self.count_label.setText(
                self.tr("{current} of {total}").format(
                    current=self._current + 1, total=len(self._matches)
                )
            )

    def _schedule_paint(self) -> None:
        if not self._paint_timer.isActive():
            self._paint_timer.start()

    def _paint(self) -> None:
        """Mark the matches on screen (and the searched selection) as extra selections."""
        if not self.isVisible() or self._in_preview:
            return
        editor = self._editor
        viewport = editor.viewport()
        first = editor.cursorForPosition(QPoint(0, 0)).position()
        last = editor.cursorForPosition(QPoint(viewport.width(), viewport.height())).position()
        # Counted before the edits since: look that much further either way.
        slack = sum(abs(added - removed) for _p, removed, added in self._edits)
        low = bisect.bisect_left(self._matches, (first - slack, -1))
        # A match that started just above the top still shows its tail.
        low = max(low - 1, 0)
        high = bisect.bisect_right(self._matches, (last + slack + 1, -1))
        selections: list[QTextEdit.ExtraSelection] = []
        if self._scope is not None:
            scope = QTextEdit.ExtraSelection()
            scope.cursor = QTextCursor(self._scope)
            scope.format.setBackground(SCOPE_COLOUR)
            scope.format.setProperty(QTextFormat.Property.FullWidthSelection, False)
            selections.append(scope)
        for index in range(low, min(high, low + MAX_VISIBLE_MARKS)):
            span = self._mapped(*self._matches[index])
            if span is None:
                continue
            start, end = span
            mark = QTextEdit.ExtraSelection()
            cursor = QTextCursor(editor.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            mark.cursor = cursor
            mark.format.setBackground(CURRENT_COLOUR if index == self._current else MATCH_COLOUR)
            selections.append(mark)
        self.painted_marks = len(selections) - (1 if self._scope is not None else 0)
        editor.set_selection_layer(LAYER, selections)

    # Keys ------------------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's API
        if watched is self._editor.viewport():
            if event.type() == QEvent.Type.Resize:
                self._paint_timer.start()
            return False
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                if watched is self.replace_field and not shift:
                    self.replace_current()
                elif shift:
                    self.find_previous()
                else:
                    self.find_next()
                return True
        if event.type() == QEvent.Type.ShortcutOverride and event.matches(
            QKeySequence.StandardKey.Cancel
        ):
            event.accept()
        return super().eventFilter(watched, event)


def count_matches(
    lines: Sequence[str], query: FindQuery, scope: tuple[int, int] | None
) -> list[tuple[int, int]] | FindError:
    """Every match of ``query`` in the text of ``lines`` (within ``scope``, UTF-16 positions)
    as UTF-16 (start, end) spans, or the query's error. Safe on a worker thread."""
    if not query.text:
        return []
    text = "\n".join(lines)
    units = utf16_positions(text)
    start, end = 0, len(text)
    if scope is not None:
        start, end = scope
        if units:
            start, end = code_point_index(text, start), code_point_index(text, end)
    try:
        found = find_all(text, query, start, end)
    except FindError as error:
        return error
    if units is None:
        return [(m.start, m.end) for m in found]
    return [(units[m.start], units[m.end]) for m in found]
