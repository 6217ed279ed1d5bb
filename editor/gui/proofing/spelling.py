"""Spell-checking in the window: which checker and language, the background pass that checks
blocks without holding up typing, and the operations the menus and the panel share."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QTimer, Signal
from PySide6.QtGui import QTextBlock, QTextCursor

from editor.core.proofing.spelling import (
    NullSpellChecker,
    SpellChecker,
    SpellingUnavailable,
    available_languages,
    choose_language,
    personal_dictionary_path,
)
from editor.core.textpos import utf16_positions
from editor.gui.editor_widget import MarkdownEditor
from editor.gui.highlighter import block_spelling
from editor.gui.settings import Settings

SLICE_SECONDS = 0.008  # background checking gives the event loop back this often


@dataclass(frozen=True)
class Occurrence:
    """A misspelled word in the editor: document positions in Qt's UTF-16 units."""

    word: str
    start: int
    end: int


class SpellingController(QObject):
    """Owns the window's spell checker and keeps the editor's underlines current."""

    checkerChanged = Signal()
    resultsChanged = Signal()  # some block's misspellings changed
    problem = Signal(str)

    def __init__(
        self,
        editor: MarkdownEditor,
        settings: Settings,
        personal_path: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self._editor = editor
        self._highlighter = editor.highlighter
        self._settings = settings
        self._personal_path = personal_path or personal_dictionary_path()
        self.checker: SpellChecker | NullSpellChecker = NullSpellChecker()
        self.language: str | None = None
        self._options: tuple | None = None  # what the current checker was built for
        self.document_path: Path | None = None
        self.front_matter_lang = ""
        self._next: QTextBlock | None = None
        self._stop_at = -1
        self._wrapped = False
        self._pass = QTimer(self, interval=0)
        self._pass.timeout.connect(self._check_slice)
        self._results = QTimer(self, singleShot=True, interval=250)
        self._results.timeout.connect(self.resultsChanged)
        editor.document().contentsChange.connect(self._on_contents_change)
        self._highlighter.restyled.connect(self.start_pass)
        settings.changed.connect(self._on_setting_changed)

    # Which checker -------------------------------------------------------------------------
    @property
    def enabled(self) -> bool:
        return self._settings.get("spelling/enabled")

    def languages(self) -> list[str]:
        return available_languages()

    def document_changed(self, path: Path | None) -> None:
        """A new document (or a new path for it): its remembered language may differ, and
        words ignored in the previous one are no longer ignored."""
        self.document_path = path
        self.front_matter_lang = ""
        self.checker.clear_ignored()
        self._highlighter.document_words = frozenset()  # the rebuild below re-checks
        self.rebuild(force_recheck=True)

    def set_document_words(self, words: frozenset[str]) -> None:
        """The words the document itself makes right (from the proofing check): waved no
        more. Re-checks the blocks in the background, and only when the set changed."""
        if self._highlighter.set_document_words(words):
            self.start_pass()

    def set_front_matter_lang(self, lang: str) -> None:
        if lang != self.front_matter_lang:
            self.front_matter_lang = lang
            self.rebuild()

    def choose_language(self, language: str) -> None:
        """The user picked ``language`` for this document from the menu."""
        self._settings.set_document_language(self.document_path, language)
        if self.document_path is None:
            self._settings.set("spelling/language", language)
        self.rebuild()

    def rebuild(self, force_recheck: bool = False) -> None:
        """Choose the language and, when it or an option changed, build the checker again;
        then re-check everything that needs it."""
        if not self.enabled:
            self._install(NullSpellChecker(), None)
            return
        available = self.languages()
        chosen = self._settings.document_language(self.document_path)
        wanted = [chosen, self.front_matter_lang, self._settings.get("spelling/language")]
        choice = choose_language(wanted, QLocale.system().name(), available)
        for candidate in choice.missing:
            self.problem.emit(
                self.tr("No spelling dictionary for “{lang}” (installed: {all}).").format(
                    lang=candidate, all=", ".join(available) or self.tr("none")
                )
            )
        language = choice.language
        if language is None:
            self.problem.emit(self.tr("Spelling is off: no dictionaries are installed."))
            self._install(NullSpellChecker(), None)
            return
        medical = self._settings.get("spelling/medical")
        skip_all_caps = self._settings.get("spelling/skip_all_caps")
        options = (language, medical, skip_all_caps)
        if options == self._options:
            # Loading a dictionary takes tens of milliseconds: keep the one we have.
            if force_recheck:
                self._highlighter.set_checker(self.checker)
                self.start_pass()
            return
        try:
            checker = SpellChecker(
                language,
                personal_path=self._personal_path,
                use_medical=medical,
                skip_all_caps=skip_all_caps,
            )
        except SpellingUnavailable as error:
            self.problem.emit(self.tr("Spelling is off: {reason}").format(reason=str(error)))
            self._install(NullSpellChecker(), None)
            return
        self._install(checker, language, options)

    def _install(self, checker, language: str | None, options: tuple | None = None) -> None:
        self._options = options
        self.checker = checker
        self.language = language
        self._highlighter.set_checker(None if isinstance(checker, NullSpellChecker) else checker)
        self.checkerChanged.emit()
        self.start_pass()

    def _on_setting_changed(self, key: str) -> None:
        if key.startswith("spelling/"):
            self.rebuild()

    # Loading and the background pass ------------------------------------------------------
    def before_replace(self) -> None:
        """Paint the coming document without checking; the pass checks it afterwards."""
        self._highlighter.deferred = True

    def after_replace(self) -> None:
        self._highlighter.deferred = False
        self.start_pass()

    def start_pass(self) -> None:
        """Check every block that needs it, beginning with those on screen."""
        first = self._editor.firstVisibleBlock()
        if not first.isValid():
            first = self._editor.document().firstBlock()
        self._next = first
        self._stop_at = first.blockNumber()
        self._wrapped = False
        self._pass.start()

    @property
    def checking(self) -> bool:
        return self._pass.isActive()

    def _check_slice(self) -> None:
        deadline = time.perf_counter() + SLICE_SECONDS
        # What is on screen first, wherever the pass has got to (scrolled or typed there).
        changed = self._paint_visible(deadline)
        block = self._next
        done = False
        while time.perf_counter() < deadline:
            if block is None or not block.isValid():
                if self._wrapped:
                    done = True
                    break
                self._wrapped = True
                block = self._editor.document().firstBlock()
                continue
            if self._wrapped and block.blockNumber() >= self._stop_at:
                done = True
                break
            if self._highlighter.needs_check(block):
                self._highlighter.paint(block)
                changed = True
            block = block.next()
        self._next = block
        if done:
            self._pass.stop()
        if changed or done:
            self._results.start()

    def _paint_visible(self, deadline: float) -> bool:
        """Paint the blocks on screen that need it; whether any did."""
        editor = self._editor
        block = editor.firstVisibleBlock()
        bottom = editor.viewport().height()
        offset = editor.contentOffset()
        changed = False
        while block.isValid() and time.perf_counter() < deadline:
            if self._highlighter.needs_check(block):
                self._highlighter.paint(block)
                changed = True
            if editor.blockBoundingGeometry(block).translated(offset).bottom() >= bottom:
                break
            block = block.next()
        return changed

    def _on_contents_change(self, _position: int, removed: int, added: int) -> None:
        if removed or added:
            self._results.start()

    # Reading results -----------------------------------------------------------------------
    def occurrences(self) -> list[Occurrence]:
        """Every misspelled word in the document, in order."""
        found = []
        block = self._editor.document().firstBlock()
        while block.isValid():
            spelling = block_spelling(block)
            if spelling is not None and spelling.errors:
                found.extend(_block_occurrences(block, spelling.errors))
            block = block.next()
        return found

    def occurrence_at(self, position: int) -> Occurrence | None:
        """The misspelled word at document ``position`` (UTF-16), if any."""
        block = self._editor.document().findBlock(position)
        spelling = block_spelling(block)
        if spelling is None:
            return None
        for occurrence in _block_occurrences(block, spelling.errors):
            if occurrence.start <= position <= occurrence.end:
                return occurrence
        return None

    def next_occurrence(self, after: int, word: str | None = None) -> Occurrence | None:
        """The first misspelling (of ``word``, if given) starting after ``after``, wrapping.
        Walks from the block at ``after``, so the next word costs what lies before it."""
        document = self._editor.document()
        start = document.findBlock(after)
        if not start.isValid():
            start = document.firstBlock()
        last = start.blockNumber()
        block, wrapped = start, False
        while True:
            spelling = block_spelling(block)
            if spelling is not None and spelling.errors:
                for occurrence in _block_occurrences(block, spelling.errors):
                    if (word is None or occurrence.word == word) and (
                        wrapped or occurrence.start >= after
                    ):
                        return occurrence
            block = block.next()
            if not block.isValid():
                if wrapped:
                    return None
                block, wrapped = document.firstBlock(), True
            if wrapped and block.blockNumber() > last:
                return None

    # Acting on words -----------------------------------------------------------------------
    def select(self, occurrence: Occurrence) -> None:
        cursor = self._editor.textCursor()
        cursor.setPosition(occurrence.start)
        cursor.setPosition(occurrence.end, QTextCursor.MoveMode.KeepAnchor)
        self._editor.setTextCursor(cursor)
        self._editor.centerCursor()

    def go_to_next(self) -> Occurrence | None:
        """Select the next misspelling after the cursor (F7)."""
        occurrence = self.next_occurrence(self._editor.textCursor().selectionEnd())
        if occurrence is not None:
            self.select(occurrence)
        return occurrence

    def replace(self, occurrence: Occurrence, replacement: str) -> None:
        cursor = self._editor.textCursor()
        cursor.setPosition(occurrence.start)
        cursor.setPosition(occurrence.end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(replacement)

    def replace_all(self, word: str, replacement: str) -> int:
        """Replace every misspelled ``word`` in one undoable step; returns how many."""
        targets = [o for o in self.occurrences() if o.word == word]
        cursor = self._editor.textCursor()
        cursor.beginEditBlock()
        for occurrence in reversed(targets):
            cursor.setPosition(occurrence.start)
            cursor.setPosition(occurrence.end, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(replacement)
        cursor.endEditBlock()
        return len(targets)

    def add_to_dictionary(self, word: str) -> None:
        self.checker.add_to_personal(word)
        self._recheck_word(word)

    def ignore(self, word: str) -> None:
        self.checker.ignore(word)
        self._recheck_word(word)

    def _recheck_word(self, word: str) -> None:
        block = self._editor.document().firstBlock()
        while block.isValid():
            spelling = block_spelling(block)
            if spelling is not None and any(e.word == word for e in spelling.errors):
                self._highlighter.rehighlightBlock(block)
            block = block.next()
        self._results.start()


def _block_occurrences(block: QTextBlock, errors) -> list[Occurrence]:
    positions = utf16_positions(block.text())
    base = block.position()
    found = []
    for error in errors:
        start, end = error.start, error.end
        if positions is not None:
            start, end = positions[start], positions[end]
        found.append(Occurrence(error.word, base + start, base + end))
    return found
