"""The status bar's word count and reading time, for the document and the selection."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QLocale, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from editor.core.textstats import count_words, reading_minutes

log = logging.getLogger(__name__)


class WordCountLabel(QLabel):
    """“1,234 words · 6 min read”, or “120 of 1,234 words selected” while text is selected.
    A selection is counted on a worker thread (Select All in a book is seconds of counting);
    a count for a selection that has changed since is dropped."""

    _counted = Signal(int, int)  # selection number, words (from the worker)

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="word-count")
        self._selection = 0  # bumped for every selection counted
        self._counted.connect(self._on_counted)
        self.setObjectName("wordCount")
        self._editor = editor
        self._document_words = 0
        self._selected_words = 0
        self._body_start_line = 0
        self._locale = QLocale()
        # Counting a large selection is real work: do it once the selection settles.
        self._selection_timer = QTimer(self, singleShot=True, interval=120)
        self._selection_timer.timeout.connect(self._count_selection)
        editor.selectionChanged.connect(self._selection_timer.start)
        self._show()

    def set_document_words(self, words: int, body_start_line: int = 0) -> None:
        """The document's count, which leaves out the front matter above ``body_start_line``:
        the selection's count leaves it out too, or Select All counts more than the whole."""
        self._document_words = words
        if body_start_line != self._body_start_line:
            self._body_start_line = body_start_line
            self._selection_timer.start()
        self._show()

    def _count_selection(self) -> None:
        cursor = self._editor.textCursor()
        self._selection += 1
        self._selected_words = 0
        if cursor.hasSelection():
            document = self._editor.document()
            body = document.findBlockByNumber(self._body_start_line)
            # Front matter to the end (no body yet): nothing selected counts.
            body_start = body.position() if body.isValid() else document.characterCount()
            start = max(cursor.selectionStart(), body_start)
            end = cursor.selectionEnd()
            if end > start:
                counted = QTextCursor(self._editor.document())
                counted.setPosition(start)
                counted.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                text = counted.selectedText()  # one copy in C++; the counting is the work
                number = self._selection
                self._pool.submit(self._count, number, text)
        self._show()

    def _count(self, number: int, text: str) -> None:
        """On the worker: count and hand the number back (a queued signal)."""
        try:
            words = count_words(text.replace("\u2029", "\n"))
        except Exception:
            log.exception("counting the selection's words failed")
            return
        try:
            self._counted.emit(number, words)
        except RuntimeError:  # the window was deleted while it counted
            pass

    def _on_counted(self, number: int, words: int) -> None:
        if number == self._selection:  # not a selection since changed
            self._selected_words = words
            self._show()

    def _show(self) -> None:
        number = self._locale.toString
        if self._selected_words:
            text = self.tr("{selected} of {total} words selected · {minutes} min read").format(
                selected=number(self._selected_words),
                total=number(self._document_words),
                minutes=number(reading_minutes(self._selected_words)),
            )
        else:
            text = self.tr("{total} words · {minutes} min read").format(
                total=number(self._document_words),
                minutes=number(reading_minutes(self._document_words)),
            )
        self.setText(text)
