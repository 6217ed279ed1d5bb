"""The Review menu and its status-bar indicator: Track Changes, comments, accepting and
rejecting marks, moving from one to the next, and the Review panel."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import QInputDialog, QLabel, QMainWindow, QMenu

from editor.core.review.criticmarkup import (
    CLOSERS,
    OPENERS,
    MarkKind,
    mark_at,
    parse,
    signed_comment,
)
from editor.core.review.resolve import resolve_all_edits, resolve_edit
from editor.core.textpos import utf16_length
from editor.gui.editor_widget import MarkdownEditor
from editor.gui.review.comment_tips import CommentTips
from editor.gui.review.paragraph import paragraph_at
from editor.gui.review.review_panel import ReviewPanel, go_to
from editor.gui.review.track_changes import TrackChanges
from editor.gui.settings import Settings

AUTHOR_SETTING = "review/author"


class ReviewActions(QObject):
    """Owns Track Changes, the Review menu, the panel and the indicator for one window."""

    def __init__(
        self,
        window: QMainWindow,
        editor: MarkdownEditor,
        settings: Settings,
        ask_comment: Callable[[], str | None] | None = None,
        today: Callable[[], datetime.date] = datetime.date.today,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._editor = editor
        self._settings = settings
        self._ask_comment = ask_comment or self._comment_dialog
        self._today = today
        self.tracking = TrackChanges(editor)
        self.tips = CommentTips(editor)
        editor.tip_sources.append(self.tips.tip_at)
        self.menu = QMenu(self.tr("Revie&w"), window)
        self.menu.setObjectName("reviewMenu")

        def action(text: str, slot, shortcut: str = "") -> QAction:
            item = QAction(text, window)
            if shortcut:
                item.setShortcut(QKeySequence(shortcut))
            item.triggered.connect(slot)
            self.menu.addAction(item)
            return item

        self.track = action(self.tr("&Track Changes"), lambda: None, "Ctrl+Shift+R")
        self.track.setCheckable(True)
        self.track.toggled.connect(self.tracking.set_enabled)
        self.comment = action(self.tr("&Comment…"), self.add_comment, "Ctrl+Alt+M")
        self.menu.addSeparator()
        self.next = action(self.tr("&Next Change"), lambda: self.step(forward=True), "Ctrl+Alt+N")
        self.previous = action(
            self.tr("&Previous Change"), lambda: self.step(forward=False), "Ctrl+Alt+P"
        )
        self.menu.addSeparator()
        self.accept = action(self.tr("&Accept"), lambda: self.resolve_at_cursor(True))
        self.reject = action(self.tr("R&eject"), lambda: self.resolve_at_cursor(False))
        self.accept_all = action(self.tr("Accept A&ll"), lambda: self.resolve_all(True))
        self.reject_all = action(self.tr("Re&ject All"), lambda: self.resolve_all(False))
        self.menu.addSeparator()
        self.panel = ReviewPanel(editor, self, window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        self.panel.hide()
        toggle = self.panel.toggleViewAction()
        toggle.setText(self.tr("Re&view Panel"))
        toggle.setObjectName("toggleReviewPanel")
        self.menu.addAction(toggle)
        editor.reserve_shortcuts([self.track, self.comment, self.next, self.previous])

        self.indicator = QLabel(self.tr("Tracking changes"), window)
        self.indicator.setObjectName("trackChangesIndicator")
        self.indicator.setToolTip(self.tr("Track Changes is on: edits are kept as suggestions"))
        self.indicator.setStyleSheet("QLabel { color: #b00020; font-weight: bold; }")
        self.indicator.setVisible(False)
        self.tracking.enabledChanged.connect(self.indicator.setVisible)
        self.tracking.editRefused.connect(self._refused)

    # Comments --------------------------------------------------------------------------------
    def add_comment(self) -> None:
        body = self._ask_comment()
        if body:
            self.insert_comment(body)

    def _comment_dialog(self) -> str | None:
        text, accepted = QInputDialog.getMultiLineText(
            self._window, self.tr("Comment"), self.tr("Comment on the selection:")
        )
        return text.strip() if accepted else None

    def insert_comment(self, body: str) -> None:
        """Wrap the selection in a highlight with a signed comment (or put a lone comment at
        the cursor), as one undo step."""
        author = self._settings.get(AUTHOR_SETTING)
        comment = signed_comment(" ".join(body.split()), author, self._today().isoformat())
        cursor = self._editor.textCursor()
        selected = cursor.selectedText().replace("\u2029", "\n")
        cursor.beginEditBlock()
        if selected:
            high = f"{OPENERS[MarkKind.HIGHLIGHT]}{selected}{CLOSERS[MarkKind.HIGHLIGHT]}"
            cursor.insertText(high + comment)
        else:
            cursor.insertText(comment)
        cursor.endEditBlock()
        self._editor.setTextCursor(cursor)

    # Accept and reject -----------------------------------------------------------------------
    def resolve_at_cursor(self, accept: bool) -> bool:
        """Accept (or reject) the mark at the cursor; only its paragraph is read."""
        cursor = self._editor.textCursor()
        paragraph = paragraph_at(self._editor.document(), cursor.position())
        segment = paragraph.text
        mark = mark_at(parse(segment).marks, paragraph.offset)
        if mark is None:
            self._window.statusBar().showMessage(
                self.tr("No change or comment at the cursor"), 3000
            )
            return False
        edit = resolve_edit(mark, accept)
        base = paragraph.base
        cursor.beginEditBlock()
        cursor.setPosition(base + utf16_length(segment[: edit.start]))
        cursor.setPosition(
            base + utf16_length(segment[: edit.end]), QTextCursor.MoveMode.KeepAnchor
        )
        cursor.insertText(edit.replacement)
        cursor.endEditBlock()
        self._editor.setTextCursor(cursor)
        return True

    def resolve_all(self, accept: bool) -> int:
        """Accept (or reject) every mark, as one undo step; how many there were."""
        text = self._editor.toPlainText()
        edits = resolve_all_edits(text, accept)
        if not edits:
            return 0
        cursor = QTextCursor(self._editor.document())
        cursor.beginEditBlock()
        for edit in edits:  # last first: earlier offsets stay true
            cursor.setPosition(utf16_length(text[: edit.start]))
            cursor.setPosition(utf16_length(text[: edit.end]), QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(edit.replacement)
        cursor.endEditBlock()
        return len(edits)

    # Moving ----------------------------------------------------------------------------------
    def step(self, forward: bool) -> None:
        """Go to the next (or previous) change or comment the last render found."""
        cursor = self._editor.textCursor()
        here = (cursor.blockNumber() + 1, cursor.positionInBlock() + 1)
        findings = self.panel.findings
        if forward:
            ahead = [f for f in findings if (f.line, f.column) > here]
            target = ahead[0] if ahead else None
        else:
            behind = [f for f in findings if (f.line, f.column) < here]
            target = behind[-1] if behind else None
        if target is None:
            self._window.statusBar().showMessage(self.tr("No more changes or comments"), 3000)
            return
        go_to(self._editor, target.line, target.column)

    def _refused(self, reason: str) -> None:
        self._window.statusBar().showMessage(self.tr("Not tracked: {}").format(reason), 5000)
