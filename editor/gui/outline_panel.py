"""The outline dock: the document's headings as a tree that follows the text and the cursor."""

from __future__ import annotations

import bisect

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QTreeWidget, QTreeWidgetItem, QWidget

from editor.core.render import Heading
from editor.gui.editor_widget import MarkdownEditor
from editor.gui.live_document import Rendered

HEADING_ROLE = Qt.ItemDataRole.UserRole


class OutlinePanel(QDockWidget):
    """Headings from each render (the preview's own reading, no second parser); click one to
    go to it; the section holding the cursor is highlighted; branches collapse and stay
    collapsed across edits."""

    def __init__(self, editor: MarkdownEditor, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Outline"), parent)
        self.setObjectName("outlinePanel")
        self._editor = editor
        self._headings: list[Heading] = []
        self._seen: object = None  # the headings object last shown: the same one is no change
        self._lines: list[int] = []  # each heading's source line, for finding the section
        self._items: list[QTreeWidgetItem] = []
        self._collapsed: set[str] = set()  # heading ids the author folded
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("outlineTree")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setExpandsOnDoubleClick(False)
        self.setWidget(self.tree)
        self.tree.itemClicked.connect(self._jump)
        self.tree.itemActivated.connect(self._jump)
        self.tree.itemCollapsed.connect(lambda item: self._collapsed.add(self._id_of(item)))
        self.tree.itemExpanded.connect(lambda item: self._collapsed.discard(self._id_of(item)))
        # The cursor moves on every keystroke: follow it once it rests.
        self._follow_timer = QTimer(self, singleShot=True, interval=60)
        self._follow_timer.timeout.connect(self.follow_cursor)
        editor.cursorPositionChanged.connect(self._follow_timer.start)

    @property
    def headings(self) -> list[Heading]:
        return list(self._headings)

    def show_document(self, document: Rendered) -> None:
        """Show ``document``'s headings; nothing is rebuilt when they did not change (the
        same list as before is known at once, whatever the document's length)."""
        if document.headings is self._seen:
            return
        self._seen = document.headings
        if list(document.headings) == self._headings:
            return
        same_tree = [(h.level, h.text, h.id) for h in document.headings] == [
            (h.level, h.text, h.id) for h in self._headings
        ]
        self._headings = list(document.headings)
        self._lines = [heading.line for heading in self._headings]
        if same_tree:
            # Only lines moved (text typed above a heading): the items stand; update targets.
            for item, heading in zip(self._items, self._headings, strict=True):
                item.setData(0, HEADING_ROLE, heading)
        else:
            self._rebuild()
        self.follow_cursor()

    def _rebuild(self) -> None:
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        self._items = []
        parents: list[tuple[int, QTreeWidgetItem]] = []  # (level, item) of open ancestors
        for heading in self._headings:
            while parents and parents[-1][0] >= heading.level:
                parents.pop()
            parent = parents[-1][1] if parents else self.tree.invisibleRootItem()
            item = QTreeWidgetItem(parent, [heading.text or self.tr("(untitled)")])
            item.setData(0, HEADING_ROLE, heading)
            item.setToolTip(0, self.tr("Line {line}").format(line=heading.line + 1))
            self._items.append(item)
            parents.append((heading.level, item))
        for item in self._items:
            item.setExpanded(self._id_of(item) not in self._collapsed)
        self.tree.setUpdatesEnabled(True)

    def follow_cursor(self) -> None:
        """Highlight the heading of the section the cursor is in (none above the first)."""
        index = bisect.bisect_right(self._lines, self._editor.textCursor().blockNumber()) - 1
        self.tree.blockSignals(True)
        if index < 0:
            # Qt takes nullptr for no current item; PySide6's stubs leave None out.
            self.tree.setCurrentItem(None)  # type: ignore[call-overload]
            self.tree.clearSelection()
        else:
            item = self._items[index]
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)
        self.tree.blockSignals(False)

    def current_heading(self) -> Heading | None:
        item = self.tree.currentItem()
        return item.data(0, HEADING_ROLE) if item is not None else None

    def _jump(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        heading: Heading = item.data(0, HEADING_ROLE)
        self._editor.go_to_line(heading.line)
        self._editor.setFocus()

    @staticmethod
    def _id_of(item: QTreeWidgetItem) -> str:
        return item.data(0, HEADING_ROLE).id
