"""The Problems panel: every proofing finding grouped by rule, to go to, fix or ignore."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from editor.gui.proofing.problems import Problem, ProblemsController
from editor.gui.proofing.spelling import SpellingController

PROBLEM_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
_ROOT = QModelIndex()
_TOP = 0  # internal id of a group's row; a problem's row has its group's row + 1

Item = tuple[Problem, int, int]  # a problem at its current span
Index = QModelIndex | QPersistentModelIndex


class ProblemsModel(QAbstractItemModel):
    """The problems under their rules, two levels deep. The view asks only for the rows it
    shows, so a book's twenty thousand findings cost a reset, not twenty thousand items."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.groups: list[tuple[str, str, list[Item]]] = []  # kind, title, items

    def set_groups(self, groups: list[tuple[str, str, list[Item]]]) -> None:
        self.beginResetModel()
        self.groups = groups
        self.endResetModel()

    def group_index(self, kind: str) -> QModelIndex:
        for row, (group_kind, _title, _items) in enumerate(self.groups):
            if group_kind == kind:
                return self.index(row, 0)
        return QModelIndex()

    def item(self, index: Index) -> Item | None:
        """The problem a child row shows (None for a group's row)."""
        if not index.isValid() or index.internalId() == _TOP:
            return None
        return self.groups[index.internalId() - 1][2][index.row()]

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt's API
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == _TOP and parent.column() == 0:
            return len(self.groups[parent.row()][2])
        return 0

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt's API
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _TOP:
            kind, title, items = self.groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{title} ({len(items)})"
            return kind if role == KIND_ROLE else None
        kind = self.groups[index.internalId() - 1][0]
        item = self.item(index)
        assert item is not None
        finding = item[0].finding
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{finding.line}: {finding.message}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return finding.message
        if role == PROBLEM_ROLE:
            return item[0]
        return kind if role == KIND_ROLE else None


class ProblemsPanel(QDockWidget):
    """A dock listing the problems under their rules. It selects a problem in the editor only
    when the writer picks it, and after a replacement or fix it moves on to the next problem
    of the same kind, never back to the top."""

    def __init__(
        self,
        problems: ProblemsController,
        spelling: SpellingController,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Problems"), parent)
        self.setObjectName("problemsPanel")
        self._problems = problems
        self._spelling = spelling
        self._current: tuple[Problem, int, int] | None = None
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.summary = QLabel(body)
        self.summary.setWordWrap(True)
        self.model = ProblemsModel(self)
        self.tree = QTreeView(body)
        self.tree.setObjectName("problems")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)  # rows measured once, not one by one
        self.tree.setModel(self.model)
        self.message = QLabel(body)
        self.message.setWordWrap(True)
        self.suggestions = QListWidget(body)
        self.suggestions.setObjectName("suggestions")
        self.suggestions.setMaximumHeight(110)
        # Mnemonics are unique across the window (menus, this panel and the citation panel).
        self.replace_button = QPushButton(self.tr("Re&place"), body)
        self.fix_button = QPushButton(self.tr("Fi&x"), body)
        self.fix_all_button = QPushButton(self.tr("Fix A&ll"), body)
        self.add_button = QPushButton(self.tr("Add to &Dictionary"), body)
        self.ignore_once_button = QPushButton(self.tr("I&gnore Once"), body)
        self.ignore_once_button.setToolTip(
            self.tr("Ignore this occurrence until the document is closed (the file is unchanged)")
        )
        self.ignore_button = QPushButton(self.tr("Ignore Ever&ywhere"), body)
        self.ignore_button.setToolTip(
            self.tr("Ignore this text for this rule in this document (in its front matter)")
        )
        self.ignore_rule_button = QPushButton(self.tr("Ignore R&ule"), body)
        self.ignore_rule_button.setToolTip(
            self.tr("Turn this rule off for this document (in its front matter)")
        )
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.suggestions)
        for buttons in (
            (self.replace_button, self.add_button),
            (self.fix_button, self.fix_all_button),
            (self.ignore_once_button, self.ignore_button, self.ignore_rule_button),
        ):
            row = QHBoxLayout()
            for button in buttons:
                row.addWidget(button)
            layout.addLayout(row)
        self.setWidget(body)

        self.tree.clicked.connect(self._picked)
        self.tree.activated.connect(self._picked)
        self._selection = self.tree.selectionModel()
        self._selection.currentChanged.connect(self._on_current_changed)
        self.suggestions.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.suggestions.itemDoubleClicked.connect(lambda _item: self.replace_current())
        self.replace_button.clicked.connect(self.replace_current)
        self.fix_button.clicked.connect(self.fix_current)
        self.fix_all_button.clicked.connect(self.fix_all)
        self.add_button.clicked.connect(self.add_to_dictionary)
        self.ignore_once_button.clicked.connect(self.ignore_once)
        self.ignore_button.clicked.connect(lambda: self._ignore(text=True))
        self.ignore_rule_button.clicked.connect(lambda: self._ignore(text=False))
        problems.changed.connect(self.refresh)
        self.refresh()

    # The list ------------------------------------------------------------------------------
    def current(self) -> tuple[Problem, int, int] | None:
        """The problem the writer picked, at its current span (None if edited away)."""
        if self._current is None:
            return None
        span = self._problems.span(self._current[0])
        return (self._current[0], *span) if span is not None else None

    def refresh(self) -> None:
        """Rebuild the list from the latest results, keeping the picked problem if it is
        still there (by kind and place); never picking one of its own accord."""
        if not self.isVisible():
            return  # nobody is looking: showEvent refreshes
        keep = self.current()
        expanded = {
            self.model.data(self.model.index(row, 0), KIND_ROLE)
            for row in range(self.model.rowCount())
            if self.tree.isExpanded(self.model.index(row, 0))
        }
        titles = {rule.id: rule.title for rule in self._problems.rules}
        grouped: dict[str, list[Item]] = {}
        for item in self._problems.problems():
            grouped.setdefault(item[0].kind, []).append(item)
        order = [rule.id for rule in self._problems.rules if rule.id in grouped]
        order += sorted(set(grouped) - set(order))
        self._selection.blockSignals(True)
        self.model.set_groups([(kind, titles.get(kind, kind), grouped[kind]) for kind in order])
        chosen = QModelIndex()
        if keep is not None:
            for row, item in enumerate(grouped.get(keep[0].kind, [])):
                if item[1] == keep[1]:
                    chosen = self.model.index(row, 0, self.model.group_index(item[0].kind))
                    self._current = item
                    break
        for row, kind in enumerate(order):
            if kind in expanded or len(order) == 1:
                self.tree.expand(self.model.index(row, 0))
        if not chosen.isValid():
            self._current = None
        self._set_current_index(chosen)
        self._selection.blockSignals(False)
        self._show_details(keep_suggestion=chosen.isValid())
        total = sum(len(items) for items in grouped.values())
        if total:
            self.summary.setText(
                self.tr("{total} problems, {rules} rules.").format(total=total, rules=len(order))
            )
        else:
            checking = self.tr(" (still checking…)") if self._problems.checking else ""
            self.summary.setText(self.tr("No problems{checking}.").format(checking=checking))

    def _on_current_changed(self, index: QModelIndex, _previous: QModelIndex) -> None:
        """Arrow keys in the list pick a problem as a click does."""
        if index.isValid():
            self._picked(index)

    def _picked(self, index: QModelIndex) -> None:
        """The writer picked the row at ``index``: select its problem in the editor."""
        item = self.model.item(index)
        if item is None:
            self._current = None
            self._show_details()
            return
        span = self._problems.span(item[0])
        if span is None:
            return  # edited since the check; the next results will list it anew
        self._current = (item[0], *span)
        self._problems.show(*span)
        self._show_details()

    def _show_details(self, keep_suggestion: bool = False) -> None:
        chosen = self.suggestions.currentItem()
        kept = chosen.text() if keep_suggestion and chosen is not None else None
        self.suggestions.blockSignals(True)
        self.suggestions.clear()
        current = self.current()
        if current is None:
            self.message.clear()
        else:
            finding = current[0].finding
            self.message.setText(finding.message)
            suggestions = list(finding.suggestions)
            if finding.kind == "spelling" and not suggestions:
                suggestions = self._spelling.checker.suggest(finding.text)
            self.suggestions.addItems(suggestions)
            # No suggestion is preselected: a second press of Replace must not change a word
            # the writer has not chosen a replacement for.
            for row in range(self.suggestions.count()):
                if self.suggestions.item(row).text() == kept:
                    self.suggestions.setCurrentRow(row)
        self.suggestions.blockSignals(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        current = self.current()
        kind = current[0].kind if current is not None else None
        self.replace_button.setEnabled(
            current is not None and self.suggestions.currentItem() is not None
        )
        self.fix_button.setEnabled(current is not None and current[0].finding.fix is not None)
        self.fix_all_button.setEnabled(
            kind is not None
            and any(item[0].finding.fix is not None for item in self._problems.problems(kind))
        )
        self.add_button.setEnabled(kind == "spelling")
        self.ignore_once_button.setEnabled(current is not None)
        self.ignore_button.setEnabled(current is not None)
        self.ignore_rule_button.setEnabled(current is not None)

    # Acting --------------------------------------------------------------------------------
    def replace_current(self) -> None:
        """Replace the picked problem's text with the chosen suggestion, then go on."""
        current, chosen = self.current(), self.suggestions.currentItem()
        if current is None or chosen is None:
            return
        self._replace(current, chosen.text())

    def fix_current(self) -> None:
        current = self.current()
        if current is not None and current[0].finding.fix is not None:
            self._replace(current, current[0].finding.fix.replacement)

    def _replace(self, current: tuple[Problem, int, int], replacement: str) -> None:
        problem, start, end = current
        self._problems.replace(start, end, replacement)
        after = start + len(replacement.encode("utf-16-le")) // 2
        self._go_to_next(problem.kind, after)

    def _go_to_next(self, kind: str, after: int, skip_text: str | None = None) -> None:
        """Pick the next problem of ``kind`` after ``after`` in the document (not one of
        ``skip_text``, which is being ignored or added), or none."""
        following = self._problems.next_problem(kind, after, skip_text)
        self._current = following
        self._selection.blockSignals(True)
        self._set_current_index(self._index_for(following))
        self._selection.blockSignals(False)
        if following is not None:
            self._problems.show(following[1], following[2])
        self._show_details()
        self.tree.setFocus()  # off the button, so that Enter does not replace again

    def _index_for(self, wanted: Item | None) -> QModelIndex:
        if wanted is None:
            return QModelIndex()
        group = self.model.group_index(wanted[0].kind)
        if not group.isValid():
            return QModelIndex()
        items = self.model.groups[group.row()][2]
        for row, item in enumerate(items):
            if item[0] is wanted[0]:
                return self.model.index(row, 0, group)
        return QModelIndex()

    def _set_current_index(self, index: QModelIndex) -> None:
        self.tree.setCurrentIndex(index)  # an invalid one: no current problem
        if index.isValid():
            self.tree.scrollTo(index)

    def fix_all(self) -> None:
        current = self.current()
        if current is not None:
            self._problems.fix_all(current[0].kind)
            self._current = None
            self._show_details()

    def add_to_dictionary(self) -> None:
        current = self.current()
        if current is not None and current[0].kind == "spelling":
            self._spelling.add_to_dictionary(current[0].finding.text)
            self._go_to_next("spelling", current[2], current[0].finding.text)
            self._problems.schedule(0)

    def ignore_once(self) -> None:
        """Hide the picked occurrence for this session and go on to the next of its kind."""
        current = self.current()
        if current is None:
            return
        problem, _start, end = current
        self._problems.ignore_once(problem)
        self._go_to_next(problem.kind, end)

    def _ignore(self, text: bool) -> None:
        current = self.current()
        if current is None:
            return
        finding = current[0].finding
        self._problems.ignore(finding.kind, finding.text if text else None)
        moved = self._problems.span(current[0])  # the front matter above it grew
        after = moved[1] if moved is not None else 0
        if text:
            self._go_to_next(finding.kind, after, finding.text)
        else:
            self._go_to_next("", after)  # the whole rule goes: nothing of it to pick

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's API
        super().showEvent(event)
        self.refresh()
