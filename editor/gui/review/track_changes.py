"""Track Changes in the editor: while on, each edit (typing, Enter, deleting, joining lines,
replacing a selection, pasting, cutting) is rewritten by ``core.review.tracking`` into review
marks and applied in one edit block, so one undo takes back one edit with its markup."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QKeySequence, QTextCursor

from editor.core.review.tracking import TrackedEdit, TrackingError, delete, insert, replace
from editor.core.textpos import code_point_index, utf16_length
from editor.gui.editor_widget import MarkdownEditor

_PLAIN_MODIFIERS = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
_ENTER_MODIFIERS = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)


class TrackChanges(QObject):
    """Records the author's edits in ``editor`` as review marks while ``enabled``."""

    enabledChanged = Signal(bool)
    editRefused = Signal(str)  # why an edit could not be recorded (it was not made)

    def __init__(self, editor: MarkdownEditor) -> None:
        super().__init__(editor)
        self._editor = editor
        self._enabled = False
        editor.installEventFilter(self)
        editor.review_hook = self

    @property
    def enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        if enabled != self._enabled:
            self._enabled = enabled
            self.enabledChanged.emit(enabled)

    # Qt's entry points ----------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's API
        if not self._enabled or watched is not self._editor or self._editor.isReadOnly():
            return False
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(event)
        if event.type() == QEvent.Type.InputMethod and isinstance(event, QInputMethodEvent):
            # A composed character arrives committed; the preedit stays Qt's to show.
            if event.commitString() and not event.preeditString():
                self.type_text(event.commitString())
                return True
        return False

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if event.matches(QKeySequence.StandardKey.Cut):
            # QPlainTextEdit cuts from its own key handling without calling cut().
            return self.cut()
        if key == Qt.Key.Key_Backspace and event.modifiers() in _PLAIN_MODIFIERS:
            self.delete(backward=True)
            return True
        if key == Qt.Key.Key_Delete and event.modifiers() in _PLAIN_MODIFIERS:
            self.delete(backward=False)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() in _ENTER_MODIFIERS:
            # The editor's own Enter (a list's next marker, the indentation), recorded.
            cursor, text = self._editor.enter_edit()
            self._editor.setTextCursor(cursor)
            self.type_text(text)
            return True
        text = event.text()
        if (
            text
            and text.isprintable()
            and event.modifiers() in _PLAIN_MODIFIERS
            and key not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            self.type_text(text)
            return True
        return False  # navigation, shortcuts: the editor's own

    def cut(self) -> bool:
        """Cut while tracking: the text goes to the clipboard and is marked deleted."""
        if not self._enabled or not self._editor.textCursor().hasSelection():
            return False
        self._editor.copy()
        self.delete(backward=True)
        return True

    def insert_from_mime(self, text: str) -> bool:
        """A paste or drop while tracking, as plain text, marked inserted."""
        if not self._enabled:
            return False
        if text:
            self.type_text(text.replace("\r\n", "\n"))
        return True

    # The edits ------------------------------------------------------------------------------
    def type_text(self, text: str) -> None:
        cursor = self._editor.textCursor()
        segment, base, start, end = self._segment(cursor)
        if start == end:
            self._apply(insert(segment, start, text), segment, base)
        else:
            self._replace(segment, base, start, end, text)

    def delete(self, backward: bool) -> None:
        cursor = self._editor.textCursor()
        if not cursor.hasSelection() and (cursor.atStart() if backward else cursor.atEnd()):
            return
        # At a line's edge the line break goes: the line beside it is read too.
        joins = not cursor.hasSelection() and (
            cursor.atBlockStart() if backward else cursor.atBlockEnd()
        )
        segment, base, start, end = self._segment(
            cursor, joins and backward, joins and not backward
        )
        if start != end:
            self._replace(segment, base, start, end, "")
            return
        edit = delete(segment, start, backward)
        if edit is not None:
            self._apply(edit, segment, base)

    def _replace(self, segment: str, base: int, start: int, end: int, text: str) -> None:
        try:
            edit = replace(segment, start, end, text)
        except TrackingError as error:
            self.editRefused.emit(str(error))
            return
        self._apply(edit, segment, base)

    def _segment(
        self, cursor: QTextCursor, line_above: bool = False, line_below: bool = False
    ) -> tuple[str, int, int, int]:
        """The lines the cursor's selection touches (and the line above or below it, when
        asked), with all the lines of any review mark on them; where they start, and the
        selection in them as code point offsets."""
        document = self._editor.document()
        first = document.findBlock(cursor.selectionStart())
        last = document.findBlock(cursor.selectionEnd())
        if line_above and first.previous().isValid():
            first = first.previous()
        if line_below and last.next().isValid():
            last = last.next()
        # A mark may go on over several lines: the highlighter's line states say how far.
        highlighter = self._editor.highlighter
        highlighter.settle()
        while highlighter.carries_into(first):
            first = first.previous()
        while highlighter.carries_out(last) and last.next().isValid():
            last = last.next()
        whole = QTextCursor(document)
        whole.setPosition(first.position())
        whole.setPosition(last.position() + last.length() - 1, QTextCursor.MoveMode.KeepAnchor)
        segment = whole.selectedText().replace("\u2029", "\n")
        base = first.position()
        start = code_point_index(segment, cursor.selectionStart() - base)
        end = code_point_index(segment, cursor.selectionEnd() - base)
        return segment, base, start, end

    def _apply(self, edit: TrackedEdit, segment: str, base: int) -> None:
        cursor = self._editor.textCursor()
        if edit.start != edit.end or edit.replacement:
            cursor.beginEditBlock()
            cursor.setPosition(base + utf16_length(segment[: edit.start]))
            cursor.setPosition(
                base + utf16_length(segment[: edit.end]), QTextCursor.MoveMode.KeepAnchor
            )
            cursor.insertText(edit.replacement)
            cursor.endEditBlock()
        after = segment[: edit.start] + edit.replacement + segment[edit.end :]
        cursor.setPosition(base + utf16_length(after[: edit.cursor]))
        self._editor.setTextCursor(cursor)
        self._editor.ensureCursorVisible()
