"""The open document's file: its path, how it was encoded, loading and saving, and the one
way to read the document's text."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextDocument

from editor.core.fileio import (
    FileError,
    Snapshot,
    TextFormat,
    file_stamp,
    load_document,
    remove_stale_temporaries,
    snapshot,
    with_line_endings,
    write_text_atomic,
)
from editor.core.source_text import StandIns
from editor.gui.edit_feed import LineEditFeed


class DiskState(Enum):
    """How the file on disk compares with what this session last loaded or saved."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    DELETED = "deleted"


class DiskChangedError(FileError):
    """Save found the file changed by another program since it was loaded or last saved."""


class DocumentSession(QObject):
    """Ties a ``QTextDocument`` to a file. Errors come out as ``FileError`` with a message
    naming the file; the text in the editor is never touched by a failed save.

    The editor holds ``\\n`` lines; characters Qt cannot hold as themselves (U+2028, U+2029)
    are shown by stand-ins, and the file's own line endings live in its ``TextFormat``.
    ``text()`` undoes the stand-ins: it is the document as the command line reads it, and
    saving lays the file's line endings back over it."""

    pathChanged = Signal(object)  # Path | None
    aboutToReplace = Signal()  # New or Open is about to replace the whole text
    replaced = Signal()  # the whole text was replaced by New or Open
    saved = Signal()  # the text was written to ``path``

    def __init__(self, document: QTextDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.path: Path | None = None
        self._format = TextFormat()
        self._stand_ins = StandIns()
        # What the file held when we last loaded or saved it, to tell other programs'
        # changes from our own saves.
        self._disk: Snapshot | None = None
        # Every change as the lines it touched, and a mirror of the lines kept from them.
        self.edits = LineEditFeed(document, lambda line: self._stand_ins.from_editor(line), self)

    @property
    def display_name(self) -> str:
        return self.path.name if self.path else self.tr("Untitled")

    @property
    def folder(self) -> Path:
        return self.path.parent if self.path else Path.home()

    def is_modified(self) -> bool:
        return self.document.isModified()

    def text(self) -> str:
        """The document's text, as it will be saved (with ``\\n`` lines): what the preview,
        exports, autosave and front-matter edits read. One pass over the text, like Qt's
        ``toPlainText`` (which would turn no-break spaces into spaces)."""
        # Between blocks Qt stores U+2029; the file's own U+2029s are stand-ins.
        raw = self.document.toRawText().replace("\u2029", "\n")
        return self._stand_ins.from_editor(raw)

    def lines_snapshot(self) -> tuple[str, ...]:
        """The document's lines as ``text()`` has them, copied without copying a character:
        for a reader on another thread (autosave), at a cost that does not grow with the
        length of the lines."""
        return self.edits.mirror.snapshot()

    def editor_text(self, text: str) -> str:
        """``text`` (the document's characters) as the editor shows it, for inserting."""
        return self._stand_ins.to_editor(text)

    def new(self) -> None:
        self._replace("", None, TextFormat())

    def load(self, path: Path, encoding: str | None = None) -> None:
        """Open ``path`` (in ``encoding``, else UTF-8); raises ``FileError`` (``EncodingError``
        for a file that is not UTF-8) and leaves the current text when it cannot."""
        loaded = load_document(Path(path), encoding)
        # What a killed save of this file left behind.
        remove_stale_temporaries(Path(path))
        self._replace(loaded.text, Path(path).resolve(), loaded.format)
        self._disk = loaded.snapshot

    def restore(self, text: str, path: Path | None) -> None:
        """Put recovered ``text`` in the editor, marked unsaved; Save writes it to ``path``
        (in the file's own line endings when it still exists)."""
        disk, text_format = None, TextFormat()
        if path is not None and Path(path).is_file():
            try:
                loaded = load_document(Path(path))
            except FileError:
                pass
            else:
                disk, text_format = loaded.snapshot, loaded.format
        self._replace(text, Path(path) if path else None, text_format)
        self._disk = disk
        self.document.setModified(True)

    def save(self, path: Path | None = None) -> None:
        """Save to ``path`` (or the current file) atomically; raises ``FileError``, and
        ``DiskChangedError`` when the file holds something other than what we loaded or last
        saved (another program's change, however recent, on whatever file system)."""
        target = Path(path).resolve() if path else self.path
        if target is None:
            raise ValueError("an untitled document needs a path to be saved")
        if target == self.path and self._disk is not None:
            now = snapshot(target)
            if now is not None and now.digest != self._disk.digest:
                raise DiskChangedError(f"{target}: changed by another program since it was read")
        text = self.text()
        written = write_text_atomic(target, text, self._format)
        self._format = with_line_endings(self._format, text)
        self.document.setModified(False)
        if target != self.path:
            self.path = target
            self.pathChanged.emit(target)
        self._disk = written
        self.saved.emit()

    # Changes made by other programs ---------------------------------------------------------
    def check_disk(self) -> DiskState:
        """Compare the file with what we last loaded or saved: by its bytes, so a touch or
        our own save is no change; the bytes are read only when the stamp moved."""
        if self.path is None:
            return DiskState.UNCHANGED
        stamp = file_stamp(self.path)
        if stamp is None:
            return DiskState.DELETED if self._disk is not None else DiskState.UNCHANGED
        if self._disk is None or stamp == self._disk.stamp:
            return DiskState.UNCHANGED
        now = snapshot(self.path)
        if now is None:
            return DiskState.UNCHANGED  # half-written or unreadable: look again next time
        if now.digest == self._disk.digest:
            self._disk = now
            return DiskState.UNCHANGED
        return DiskState.CHANGED

    def keep_mine(self) -> None:
        """Keep the editor's text over the file's new contents: it is now unsaved."""
        if self.path is not None:
            self._disk = snapshot(self.path) or self._disk
        self.document.setModified(True)

    def file_deleted(self) -> None:
        """The file is gone: keep the text, marked unsaved, and stop expecting the file."""
        self._disk = None
        self.document.setModified(True)

    def _replace(self, text: str, path: Path | None, text_format: TextFormat) -> None:
        self._disk = None
        self._format = text_format
        self._stand_ins = StandIns.for_text(text)
        self.path = path
        self.aboutToReplace.emit()
        self.document.setPlainText(self._stand_ins.to_editor(text))
        self.document.clearUndoRedoStacks()
        self.document.setModified(False)
        self.replaced.emit()
        self.pathChanged.emit(path)
