"""The Review dock: every change and comment in document order, from each render (the
preview's own reading, no second parse on the GUI thread); click one to go to it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.review.findings import ReviewFinding
from editor.core.textpos import utf16_length
from editor.gui.editor_widget import MarkdownEditor
from editor.gui.live_document import Rendered

FINDING_ROLE = Qt.ItemDataRole.UserRole


class ReviewPanel(QDockWidget):
    """The open review marks, with buttons for the actions the Review menu also holds."""

    def __init__(self, editor: MarkdownEditor, actions, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Review"), parent)
        self.setObjectName("reviewPanel")
        self._editor = editor
        self._findings: list[ReviewFinding] = []
        self._seen: object = None  # the findings object last shown: the same one is no change
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.list = QListWidget(body)
        self.list.setObjectName("reviewList")
        self.list.setWordWrap(True)
        layout.addWidget(self.list)
        buttons = QHBoxLayout()
        for action in (actions.accept, actions.reject, actions.accept_all, actions.reject_all):
            button = QPushButton(action.text().replace("&", ""), body)
            button.clicked.connect(action.trigger)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.setWidget(body)
        self.list.itemClicked.connect(self._jump)
        self.list.itemActivated.connect(self._jump)

    @property
    def findings(self) -> list[ReviewFinding]:
        return list(self._findings)

    def show_document(self, document: Rendered) -> None:
        """List ``document``'s review marks; nothing is rebuilt when they did not change (the
        same list as before is known at once)."""
        if document.review is self._seen:
            return
        self._seen = document.review
        if list(document.review) == self._findings:
            return
        self._findings = list(document.review)
        self.list.clear()
        for finding in self._findings:
            label = self._label(finding)
            item = QListWidgetItem(label, self.list)
            item.setData(FINDING_ROLE, finding)
            item.setToolTip(finding.text)

    def _label(self, finding: ReviewFinding) -> str:
        kinds = {
            "change": self.tr("Change"),
            "comment": self.tr("Comment"),
            "review-syntax": self.tr("Markup"),
        }
        message = finding.message.removeprefix("unresolved ")
        return self.tr("{kind}, line {line}: {message}").format(
            kind=kinds.get(finding.kind, finding.kind), line=finding.line, message=message
        )

    def _jump(self, item: QListWidgetItem) -> None:
        finding = item.data(FINDING_ROLE)
        if isinstance(finding, ReviewFinding):
            go_to(self._editor, finding.line, finding.column)
            self._editor.setFocus()


def go_to(editor: MarkdownEditor, line: int, column: int) -> None:
    """Put ``editor``'s cursor at 1-based ``line`` and code point ``column``."""
    block = editor.document().findBlockByNumber(line - 1)
    if not block.isValid():
        return
    cursor = editor.textCursor()
    cursor.setPosition(block.position() + utf16_length(block.text()[: column - 1]))
    editor.setTextCursor(cursor)
    editor.centerCursor()
