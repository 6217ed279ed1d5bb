"""Autosaving unsaved text to recovery files, and offering it back after a crash."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.fileio import FileError
from editor.core.recovery import RecoveryEntry, RecoveryStore
from editor.gui.document_session import DocumentSession
from editor.gui.settings import Settings

log = logging.getLogger(__name__)

AUTOSAVE_KEY = "recovery/autosave_seconds"


class Autosaver(QObject):
    """Every few seconds (a preference), writes the window's text to its recovery file when
    it changed and is unsaved; a save or a normal close removes the file.

    The GUI thread only takes the document's lines (``session.lines_snapshot()``: no
    character copied); joining and writing them happen on one worker thread, one write at a
    time. A snapshot taken while a write runs waits for it, and a newer one replaces it, so
    the last text is always the one written last."""

    problem = Signal(str)  # the recovery file could not be written
    _written = Signal(int, object)  # job number, error message or None (from the worker)

    def __init__(
        self,
        session: DocumentSession,
        store: RecoveryStore,
        settings: Settings,
        title: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.store = store
        self.settings = settings
        self.title = title
        self.entry_id = store.new_id()
        self._dirty = False
        self._has_files = False
        self._reported = False
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="autosave")
        self._jobs = 0
        self._pending: _Job | None = None
        self._running: tuple[int, Future] | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.autosave)
        self._apply_interval()
        self._written.connect(self._on_written)
        # Not contentsChanged: that also comes for every block the highlighter paints.
        session.document.contentsChange.connect(self._on_contents_change)
        session.document.modificationChanged.connect(self._on_modification_changed)
        settings.changed.connect(self._on_setting_changed)

    @property
    def writing(self) -> bool:
        """Whether a write runs or waits."""
        return self._running is not None or self._pending is not None

    def adopt(self, entry_id: str) -> None:
        """Take over a recovered entry, so its files are replaced by this window's autosaves
        and removed on save or close."""
        self._settle()
        if self._has_files and entry_id != self.entry_id:
            self.store.discard(self.entry_id)
        self.entry_id = entry_id
        self._has_files = True
        self._dirty = True

    def autosave(self) -> None:
        """Hand the text to the writer if it changed since the last autosave and is unsaved."""
        if not self._dirty or not self.session.is_modified():
            return
        self._dirty = False
        self._pending = _Job(
            self.entry_id, self.session.lines_snapshot(), self.session.path, self.title()
        )
        self._start_pending()

    def discard(self) -> None:
        """Remove this window's recovery files (after a save or a normal close); a write
        still running finishes first, so it cannot bring them back."""
        self.timer.stop()
        self._settle()
        self.store.discard(self.entry_id)
        self._has_files = False

    def _start_pending(self) -> None:
        if self._running is not None or self._pending is None:
            return
        job, self._pending = self._pending, None
        self._jobs += 1
        number = self._jobs
        self._has_files = True
        future = self._pool.submit(_write, self.store, job)
        self._running = (number, future)
        future.add_done_callback(lambda done: self._written.emit(number, done.result()))

    def _on_written(self, number: int, error: str | None) -> None:
        if self._running is None or self._running[0] != number:
            return  # settled by a save or close meanwhile
        self._running = None
        if error is not None:
            self._dirty = True  # tried again at the next tick
            if not self._reported:  # once, not every few seconds
                self._reported = True
                self.problem.emit(
                    self.tr("Cannot write a recovery file: {error}").format(error=error)
                )
        else:
            self._reported = False
        self._start_pending()

    def _settle(self) -> None:
        """Drop the waiting snapshot and wait for the running write (tens of milliseconds
        at most): what comes next must not race it."""
        self._pending = None
        running, self._running = self._running, None
        if running is not None:
            running[1].result()

    def _on_contents_change(self, _position: int, removed: int, added: int) -> None:
        if not (removed or added):
            return
        self._dirty = True
        if not self.timer.isActive():
            self.timer.start()

    def _on_modification_changed(self, modified: bool) -> None:
        if not modified:  # saved, or the text replaced by New or Open
            self._settle()
            self.store.discard(self.entry_id)
            self._has_files = False
            self._dirty = False
        elif not self.timer.isActive():
            self._dirty = True
            self.timer.start()

    def _on_setting_changed(self, key: str) -> None:
        if key == AUTOSAVE_KEY:
            self._apply_interval()

    def _apply_interval(self) -> None:
        seconds = max(1, self.settings.get(AUTOSAVE_KEY))
        self.timer.setInterval(seconds * 1000)


@dataclass(frozen=True)
class _Job:
    """One autosave: the lines as they were when the timer fired, and where they go."""

    entry_id: str
    lines: tuple[str, ...]
    path: Path | None
    title: str


def _write(store: RecoveryStore, job: _Job) -> str | None:
    """On the writer thread: join and write the lines; the error's message, or None."""
    try:
        store.write(job.entry_id, "\n".join(job.lines), job.path, job.title)
    except FileError as error:
        return str(error)
    except Exception as error:  # a bug here must not silence every later autosave
        log.exception("autosave failed")
        return str(error)
    return None


class RecoveryDialog(QDialog):
    """Lists the documents a crash left unsaved, shows the text of the chosen one and lets the
    user recover it, discard it, or decide later (the files stay)."""

    recoverRequested = Signal(object)  # RecoveryEntry

    def __init__(
        self, store: RecoveryStore, entries: list[RecoveryEntry], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.setWindowTitle(self.tr("Recover Unsaved Documents"))
        self.store = store
        self.recovered: list[RecoveryEntry] = []
        explanation = QLabel(
            self.tr(
                "These documents had unsaved changes when the editor last stopped. "
                "Recover a document to open it with its text, or discard it."
            ),
            self,
        )
        explanation.setWordWrap(True)
        self.list = QListWidget(self)
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setObjectName("recoveryPreview")
        self.recover_button = QPushButton(self.tr("&Recover"), self)
        self.discard_button = QPushButton(self.tr("&Discard"), self)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.recover_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.later_button = buttons.addButton(
            self.tr("&Later"), QDialogButtonBox.ButtonRole.RejectRole
        )
        # Enter must never throw work away: it recovers.
        for button in (self.discard_button, self.later_button):
            button.setAutoDefault(False)
        self.recover_button.setDefault(True)

        middle = QHBoxLayout()
        middle.addWidget(self.list, 1)
        middle.addWidget(self.preview, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(middle)
        layout.addWidget(buttons)
        self.resize(860, 480)

        for entry in entries:
            when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(entry.saved_at))
            item = QListWidgetItem(f"{entry.name} — {when}", self.list)
            item.setData(Qt.ItemDataRole.UserRole, entry)
            if entry.original:
                item.setToolTip(str(entry.original))
        self.list.currentItemChanged.connect(self._show_selected)
        self.recover_button.clicked.connect(self.recover_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        self.later_button.clicked.connect(self.reject)
        self.list.setCurrentRow(0)

    def entries(self) -> list[RecoveryEntry]:
        """The entries still listed."""
        return [
            self.list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.list.count())
        ]

    def selected(self) -> RecoveryEntry | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def recover_selected(self) -> None:
        entry = self.selected()
        if entry is not None:
            self._take_selected()
            self.recovered.append(entry)
            self.recoverRequested.emit(entry)

    def discard_selected(self) -> None:
        entry = self.selected()
        if entry is not None:
            self._take_selected()
            self.store.discard(entry.id)

    def _take_selected(self) -> None:
        self.list.takeItem(self.list.currentRow())
        if self.list.count() == 0:
            self.accept()

    def _show_selected(self) -> None:
        entry = self.selected()
        self.recover_button.setEnabled(entry is not None)
        self.discard_button.setEnabled(entry is not None)
        if entry is None:
            self.preview.clear()
            return
        try:
            self.preview.setPlainText(entry.text())
        except FileError as error:
            self.preview.setPlainText(str(error))


def offer_recovery(
    store: RecoveryStore,
    recover: Callable[[RecoveryEntry], object],
    parent: QWidget | None = None,
    run: Callable[[RecoveryDialog], object] = RecoveryDialog.exec,
) -> list[RecoveryEntry]:
    """At startup: when a crash left recovery files, ask about each; ``recover`` opens a
    window for a recovered entry. ``run`` shows the dialog (tests drive it instead)."""
    entries = store.list_recoverable()
    if not entries:
        return []
    dialog = RecoveryDialog(store, entries, parent)
    dialog.recoverRequested.connect(recover)
    run(dialog)
    recovered = list(dialog.recovered)
    dialog.deleteLater()
    return recovered
