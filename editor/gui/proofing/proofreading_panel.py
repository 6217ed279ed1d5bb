"""The proofreading panel: every misspelled word with its count, and the means to fix it."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.gui.proofing.spelling import SpellingController

_WORD = Qt.ItemDataRole.UserRole


class ProofreadingPanel(QDockWidget):
    """A dock listing misspellings; click a word to go to it, pick a suggestion to replace it.
    The list follows the text as it changes."""

    def __init__(self, spelling: SpellingController, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Proofreading"), parent)
        self.setObjectName("proofreadingPanel")
        self._spelling = spelling
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.summary = QLabel(body)
        self.summary.setWordWrap(True)
        self.words = QListWidget(body)
        self.words.setObjectName("misspelledWords")
        self.suggestions = QListWidget(body)
        self.suggestions.setObjectName("suggestions")
        self.suggestions.setMaximumHeight(140)
        # Mnemonics are unique across the window (menus, this panel and the citation panel),
        # or Qt picks neither when both panels are open.
        self.replace_button = QPushButton(self.tr("Re&place"), body)
        self.replace_all_button = QPushButton(self.tr("Replace A&ll"), body)
        self.add_button = QPushButton(self.tr("Add to &Dictionary"), body)
        self.ignore_button = QPushButton(self.tr("I&gnore All"), body)
        layout.addWidget(self.summary)
        layout.addWidget(self.words, 1)
        layout.addWidget(QLabel(self.tr("Suggestions:"), body))
        layout.addWidget(self.suggestions)
        row = QHBoxLayout()
        row.addWidget(self.replace_button)
        row.addWidget(self.replace_all_button)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.ignore_button)
        layout.addLayout(row)
        self.setWidget(body)

        self.words.currentItemChanged.connect(self._show_suggestions)
        self.words.itemClicked.connect(self._jump_to)
        self.words.itemActivated.connect(self._jump_to)
        self.suggestions.itemDoubleClicked.connect(lambda _item: self.replace_current())
        self.replace_button.clicked.connect(self.replace_current)
        self.replace_all_button.clicked.connect(self.replace_all)
        self.add_button.clicked.connect(lambda: self._act(spelling.add_to_dictionary))
        self.ignore_button.clicked.connect(lambda: self._act(spelling.ignore))
        spelling.resultsChanged.connect(self.refresh)
        spelling.checkerChanged.connect(self.refresh)
        self.refresh()

    def current_word(self) -> str | None:
        item = self.words.currentItem()
        return item.data(_WORD) if item is not None else None

    def refresh(self) -> None:
        """Rebuild the list from the editor's current results, keeping the selected word."""
        if not self.isVisible():
            return  # nobody is looking: showEvent refreshes
        counts = Counter(occurrence.word for occurrence in self._spelling.occurrences())
        keep = self.current_word()
        self.words.blockSignals(True)
        self.words.clear()
        for word, count in sorted(counts.items(), key=lambda item: (-item[1], item[0].lower())):
            item = QListWidgetItem(f"{word}  ({count})" if count > 1 else word)
            item.setData(_WORD, word)
            self.words.addItem(item)
            if word == keep:
                self.words.setCurrentItem(item)
        self.words.blockSignals(False)
        if self.words.currentItem() is None and self.words.count():
            self.words.setCurrentRow(0)
        self._show_suggestions()
        self._update_summary(counts)

    def _update_summary(self, counts: Counter) -> None:
        if self._spelling.language is None:
            self.summary.setText(self.tr("Spelling is off."))
        elif not counts:
            checking = self.tr(" (still checking…)") if self._spelling.checking else ""
            self.summary.setText(self.tr("No misspellings{checking}.").format(checking=checking))
        else:
            self.summary.setText(
                self.tr("{words} misspelled words, {total} in all ({lang}).").format(
                    words=len(counts), total=sum(counts.values()), lang=self._spelling.language
                )
            )
        enabled = bool(counts)
        for button in (
            self.replace_button,
            self.replace_all_button,
            self.add_button,
            self.ignore_button,
        ):
            button.setEnabled(enabled)

    def _show_suggestions(self, *_args) -> None:
        self.suggestions.clear()
        word = self.current_word()
        if word:
            self.suggestions.addItems(self._spelling.checker.suggest(word))
            if self.suggestions.count():
                self.suggestions.setCurrentRow(0)

    def _jump_to(self, item: QListWidgetItem) -> None:
        """Select the next occurrence of the word after the cursor."""
        word = item.data(_WORD)
        editor_cursor = self._spelling.editor.textCursor()
        occurrence = self._spelling.next_occurrence(editor_cursor.selectionEnd(), word)
        if occurrence is not None:
            self._spelling.select(occurrence)

    def replace_current(self) -> None:
        """Replace the selected occurrence (or the next one) with the chosen suggestion."""
        word, replacement = self.current_word(), self._chosen_suggestion()
        if not word or replacement is None:
            return
        cursor = self._spelling.editor.textCursor()
        occurrence = self._spelling.occurrence_at(cursor.selectionStart())
        if occurrence is None or occurrence.word != word:
            occurrence = self._spelling.next_occurrence(cursor.selectionStart(), word)
        if occurrence is not None:
            self._spelling.replace(occurrence, replacement)
            self.refresh()

    def replace_all(self) -> None:
        word, replacement = self.current_word(), self._chosen_suggestion()
        if word and replacement is not None:
            self._spelling.replace_all(word, replacement)
            self.refresh()

    def _chosen_suggestion(self) -> str | None:
        item = self.suggestions.currentItem()
        return item.text() if item is not None else None

    def _act(self, action) -> None:
        word = self.current_word()
        if word:
            action(word)
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's API
        super().showEvent(event)
        self.refresh()
