"""The window's proofing: runs the core checker on a worker thread once typing pauses, keeps
the problems' positions true while the text changes, underlines the visible ones and fixes
or ignores them as the Problems panel asks."""

from __future__ import annotations

import bisect
import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QPoint, QTimer, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from editor.core.proofing.checker import Checker, CheckStoppedError, default_rules
from editor.core.proofing.findings import Finding, ProofDocument
from editor.core.proofing.ignore_edit import ignore_edit
from editor.core.proofing.word_rules import SpellingRule
from editor.gui.editor_widget import MarkdownEditor
from editor.gui.proofing.spelling import SpellingController
from editor.gui.settings import Settings

log = logging.getLogger(__name__)

DEBOUNCE_MS = 700  # a check starts once typing has paused this long
POLL_MS = 20  # how often the GUI thread looks for a running check's result
LAYER = "proofing"
# Spelling keeps the highlighter's red wave; the other rules get a dotted line of their own.
UNDERLINE_COLOURS = {
    "variant": "#c77700",
    "citations": "#1f6fd1",
    "citations-hand": "#1f6fd1",
    "placeholder": "#c77700",
    "repeated-word": "#8a3ffc",
    "hyphenation": "#8a3ffc",
    "range": "#8a3ffc",
    "unit-spacing": "#8a3ffc",
    "abbreviation": "#1f6fd1",
    "punctuation": "#8a3ffc",
}
OTHER_COLOUR = "#6b6b6b"


@dataclass(frozen=True)
class Problem:
    """A finding and where it was in the checked text, in Qt's UTF-16 positions."""

    finding: Finding
    start: int
    end: int
    context: str = ""  # the text of the finding's line(s) when it was found

    @property
    def once_key(self) -> tuple[str, str, str]:
        """What Ignore Once remembers: the same finding on the same line, wherever it moves."""
        return self.finding.kind, self.finding.text, self.context

    @property
    def kind(self) -> str:
        return self.finding.kind


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def locate(lines: Sequence[str], findings: list[Finding]) -> list[Problem]:
    """The findings with document positions (``lines`` being the editor's blocks)."""
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + _utf16_len(line) + 1)

    def position(line: int, column: int) -> int:
        row = lines[line - 1]
        return starts[line - 1] + _utf16_len(row[: column - 1])

    return [
        Problem(
            f,
            position(f.line, f.column),
            position(f.last_line, f.end),
            "\n".join(lines[f.line - 1 : f.last_line]),
        )
        for f in findings
    ]


@dataclass(frozen=True)
class CheckResult:
    """One check's problems and the words its spelling rule accepted beyond the dictionary."""

    problems: list[Problem]
    accepted_words: frozenset[str]
    starts: list[int]  # the problems' starts, for finding those in view by bisection
    ignored_once: frozenset[tuple[str, str, str]]  # what was left out as ignored once


class ProblemsController(QObject):
    """The document's problems: ``problems()`` in document order at their current positions.
    ``changed`` says a new check's results are in."""

    changed = Signal()

    def __init__(
        self,
        editor: MarkdownEditor,
        spelling: SpellingController,
        settings: Settings,
        lines: Callable[[], Sequence[str]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        # The document's lines as the session's line feed keeps them: copying them copies
        # no character, so a check costs the GUI thread nothing that grows with the text.
        self._lines = lines
        self._spelling = spelling
        self._settings = settings
        self._document_path: Path | None = None
        # Ignore Once, for this session and document only: never written to the file.
        self._ignored_once: set[tuple[str, str, str]] = set()
        self._checker = self._make_checker()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="proofing")
        self._revision = 0
        self._checked_revision = -1
        self._running = False
        self._stale = threading.Event()  # set when the running check's text has changed
        self._closed = False
        self._problems: list[Problem] = []
        self._starts: list[int] = []
        # Edits since the shown results were checked: (position, removed, added).
        self._edits: list[tuple[int, int, int]] = []
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.check_now)
        # The worker never touches Qt: the GUI thread looks for its result. A signal emitted
        # from the worker could meet a window being deleted mid-emit, and crash.
        self._check: tuple[int, Future] | None = None
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._collect)
        editor.document().contentsChange.connect(self._on_contents_change)
        editor.verticalScrollBar().valueChanged.connect(self.update_underlines)
        spelling.checkerChanged.connect(self.rules_changed)
        settings.changed.connect(self._on_setting_changed)

    @property
    def document_path(self) -> Path | None:
        return self._document_path

    @document_path.setter
    def document_path(self, path: Path | None) -> None:
        """Another document (or path): what was ignored once is forgotten, as spelling's
        Ignore All is."""
        self._document_path = path
        self._ignored_once.clear()

    # Checking ------------------------------------------------------------------------------
    @property
    def rules(self) -> list:
        return self._checker.rules

    @property
    def checking(self) -> bool:
        return self._running or self._timer.isActive()

    def enabled_rules(self) -> set[str]:
        off = {part for part in self._settings.get("proofing/off_rules").split(",") if part}
        return {rule.id for rule in self._checker.rules if rule.default_on} - off

    def _make_checker(self) -> Checker:
        # Suggestions are asked for one word at a time when the panel shows it.
        return Checker(default_rules(self._spelling.checker, suggest=False))

    def rules_changed(self) -> None:
        """The spelling checker or the rule choice changed: check again."""
        self._checker = self._make_checker()
        self.schedule(0)

    def _on_setting_changed(self, key: str) -> None:
        if key == "proofing/off_rules":
            self.schedule(0)

    def schedule(self, delay: int = DEBOUNCE_MS) -> None:
        self._timer.start(delay)

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        if not (removed or added):
            return  # a format change (the highlighter's), not the text
        self._revision += 1
        self._edits.append((position, removed, added))
        self._stale.set()  # a check running now is for an older text: it may stop
        self.schedule()

    def check_now(self) -> None:
        """Check the current text on the worker; a check already running finishes first and
        its results, being stale, are dropped."""
        if self._running:
            return  # _on_finished starts the next one
        self._running = True
        self._stale = stale = threading.Event()
        # A copy of the list of lines, not of their characters: joining is the worker's.
        lines = self._lines()
        revision = self._revision
        checker, enabled = self._checker, self.enabled_rules()
        language = self._spelling.language
        folder = self.document_path.parent if self.document_path is not None else None
        ignored = frozenset(self._ignored_once)

        def work() -> CheckResult:
            document = ProofDocument("\n".join(lines), language, folder)
            found = locate(lines, checker.check_document(document, enabled, stale.is_set))
            problems = [problem for problem in found if problem.once_key not in ignored]
            # Asked even when the spelling rule is off: the editor's wave still needs them.
            accepted = frozenset().union(
                *(
                    rule.accepted_words(document)
                    for rule in checker.rules
                    if isinstance(rule, SpellingRule)
                )
            )
            return CheckResult(problems, accepted, [p.start for p in problems], ignored)

        self._check = (revision, self._pool.submit(work))
        self._poll.start()

    def _collect(self) -> None:
        """On the GUI thread: take the worker's result once it is there."""
        if self._check is None or not self._check[1].done():
            return
        (revision, future), self._check = self._check, None
        self._poll.stop()
        try:
            result = future.result()
        except CheckStoppedError:
            result = None  # stale: _on_finished starts another once typing pauses
        except Exception:
            log.exception("proofing check failed")
            result = None
        if not self._closed:
            self._on_finished(revision, result)

    def _on_finished(self, revision: int, result: CheckResult | None) -> None:
        self._running = False
        if revision != self._revision:
            # Typed meanwhile: these results are stale. Check again once typing has paused
            # (the edits restarted the debounce timer; if it fired during this check, the
            # pause has come), not at once: a check of a book takes seconds, and one after
            # another while typing would keep a thread of this process busy (and the GUI
            # thread waiting for the interpreter) for as long as one types.
            if not self._timer.isActive():
                self.check_now()
            return
        if result is not None:
            problems, starts = result.problems, result.starts
            if self._ignored_once != result.ignored_once:  # ignored once during the check
                problems = [p for p in problems if p.once_key not in self._ignored_once]
                starts = [problem.start for problem in problems]
            self._spelling.set_document_words(result.accepted_words)
            self._problems = problems
            self._starts = starts
            self._edits = []
            self._checked_revision = revision
        self.update_underlines()
        self.changed.emit()

    def shutdown(self) -> None:
        self._closed = True  # a check still running delivers to nobody
        self._stale.set()
        self._timer.stop()
        self._poll.stop()
        self._check = None
        self._pool.shutdown(wait=False, cancel_futures=True)

    # Positions -----------------------------------------------------------------------------
    def span(self, problem: Problem) -> tuple[int, int] | None:
        """Where ``problem`` is now, or ``None`` when an edit since the check touched it."""
        start, end = problem.start, problem.end
        for position, removed, added in self._edits:
            if end <= position:
                continue
            if start >= position + removed:
                start, end = start + added - removed, end + added - removed
            else:
                return None
        return start, end

    def problems(self, kind: str | None = None) -> list[tuple[Problem, int, int]]:
        """The problems (of ``kind``) still where they were found, at their current spans."""
        found = []
        for problem in self._problems:
            if kind is not None and problem.kind != kind:
                continue
            span = self.span(problem)
            if span is not None:
                found.append((problem, *span))
        return found

    def next_problem(
        self, kind: str, after: int, skip_text: str | None = None
    ) -> tuple[Problem, int, int] | None:
        """The first problem of ``kind`` starting at or after ``after``, in document order
        (not one whose text is ``skip_text``)."""
        for item in self.problems(kind):
            if item[1] >= after and item[0].finding.text != skip_text:
                return item
        return None

    # Underlines ----------------------------------------------------------------------------
    def update_underlines(self) -> None:
        """Underline the problems in view (not spelling: the highlighter waves those)."""
        editor = self.editor
        viewport = editor.viewport()
        first = editor.cursorForPosition(QPoint(0, 0)).position()
        last = editor.cursorForPosition(QPoint(viewport.width(), viewport.height())).position()
        slack = sum(abs(added - removed) for _p, removed, added in self._edits)
        low = bisect.bisect_left(self._starts, first - slack - 1000)
        high = bisect.bisect_right(self._starts, last + slack)
        selections = []
        for problem in self._problems[low:high]:
            if problem.kind == "spelling":
                continue
            span = self.span(problem)
            if span is None or span[1] < first or span[0] > last:
                continue
            selection = QTextEdit.ExtraSelection()
            selection.cursor = self._cursor(*span)
            selection.format = underline_format(problem.kind)
            selections.append(selection)
        editor.set_selection_layer(LAYER, selections)

    def _cursor(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor

    # Acting --------------------------------------------------------------------------------
    def show(self, start: int, end: int) -> None:
        """Select [start, end) in the editor and scroll it into view (the focus stays)."""
        self.editor.setTextCursor(self._cursor(start, end))
        self.editor.centerCursor()

    def replace(self, start: int, end: int, replacement: str) -> None:
        cursor = self._cursor(start, end)
        cursor.insertText(replacement)

    def fix_all(self, kind: str) -> int:
        """Apply every certain fix of ``kind`` as one undo step; returns how many."""
        targets = [item for item in self.problems(kind) if item[0].finding.fix is not None]
        if not targets:
            return 0
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        for problem, start, end in reversed(targets):
            fix = problem.finding.fix
            assert fix is not None
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(fix.replacement)
        cursor.endEditBlock()
        return len(targets)

    def ignore_once(self, problem: Problem) -> None:
        """Hide ``problem`` (this occurrence: its text on its line) for this session; the
        file is not touched, and an edit elsewhere does not bring it back."""
        self._ignored_once.add(problem.once_key)
        self._problems = [p for p in self._problems if p.once_key != problem.once_key]
        self._starts = [p.start for p in self._problems]
        self.update_underlines()
        self.changed.emit()

    def ignore(self, kind: str, text: str | None = None) -> bool:
        """Write ``proofing: ignore`` (or ``ignore-text`` for ``text``) into the front matter,
        changing those lines only, as one undo step; False when there is nothing to write."""
        document = self.editor.document()
        # The editor's own characters (stand-ins included): the edit is written back into it.
        edit = ignore_edit(document.toRawText().replace("\u2029", "\n"), kind, text)
        if edit is None:
            return False
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        if edit.first < edit.last:
            cursor.setPosition(document.findBlockByNumber(edit.first).position())
            last = document.findBlockByNumber(edit.last - 1)
            cursor.setPosition(last.position() + last.length() - 1, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText("\n".join(edit.lines))
        else:
            cursor.setPosition(document.findBlockByNumber(edit.first).position())
            cursor.insertText("\n".join(edit.lines) + "\n")
        cursor.endEditBlock()
        self.schedule(0)
        return True


def underline_format(kind: str) -> QTextCharFormat:
    """A dotted underline in the kind's colour."""
    style = QTextCharFormat()
    style.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    style.setUnderlineColor(QColor(UNDERLINE_COLOURS.get(kind, OTHER_COLOUR)))
    return style
