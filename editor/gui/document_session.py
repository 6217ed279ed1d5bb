"""The open document's file: its path, how it was encoded, loading and saving."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextDocument

from editor.core.fileio import FileError, TextFormat, read_document, write_text_atomic


class DiskState(Enum):
    """How the file on disk compares with what this session last loaded or saved."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    DELETED = "deleted"


class DocumentSession(QObject):
    """Ties a ``QTextDocument`` to a file. Errors come out as ``FileError`` with a message
    naming the file; the text in the editor is never touched by a failed save."""

    pathChanged = Signal(object)  # Path | None
    aboutToReplace = Signal()  # New or Open is about to replace the whole text
    replaced = Signal()  # the whole text was replaced by New or Open
    saved = Signal()  # the text was written to ``path``

    def __init__(self, document: QTextDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.path: Path | None = None
        self._format = TextFormat()
        # What the file held when we last loaded or saved it, to tell other programs'
        # changes from our own saves.
        self._disk_text: str | None = None
        self._disk_stamp: tuple[int, int, int] | None = None

    @property
    def display_name(self) -> str:
        return self.path.name if self.path else self.tr("Untitled")

    @property
    def folder(self) -> Path:
        return self.path.parent if self.path else Path.home()

    def is_modified(self) -> bool:
        return self.document.isModified()

    def new(self) -> None:
        self._replace("", None, TextFormat())

    def load(self, path: Path, encoding: str | None = None) -> None:
        """Open ``path`` (in ``encoding``, else UTF-8); raises ``FileError`` (``EncodingError``
        for a file that is not UTF-8) and leaves the current text when it cannot."""
        text, text_format = read_document(Path(path), encoding)
        self._replace(text, Path(path).resolve(), text_format)
        self._remember_disk(text)

    def restore(self, text: str, path: Path | None) -> None:
        """Put recovered ``text`` in the editor, marked unsaved; Save writes it to ``path``
        (in the file's own line endings when it still exists)."""
        disk_text, text_format = None, TextFormat()
        if path is not None and Path(path).is_file():
            try:
                disk_text, text_format = read_document(Path(path))
            except FileError:
                pass
        self._replace(text, Path(path) if path else None, text_format)
        self._remember_disk(disk_text)
        self.document.setModified(True)

    def save(self, path: Path | None = None) -> None:
        """Save to ``path`` (or the current file) atomically; raises ``FileError``."""
        target = Path(path).resolve() if path else self.path
        if target is None:
            raise ValueError("an untitled document needs a path to be saved")
        text = self.document.toPlainText()
        write_text_atomic(target, text, self._format)
        self.document.setModified(False)
        if target != self.path:
            self.path = target
            self.pathChanged.emit(target)
        self._remember_disk(text)
        self.saved.emit()

    # Changes made by other programs ---------------------------------------------------------
    def check_disk(self) -> DiskState:
        """Compare the file with what we last loaded or saved (the text, not just the time,
        so a touch or our own save is no change)."""
        if self.path is None:
            return DiskState.UNCHANGED
        stamp = _stamp(self.path)
        if stamp is None:
            return DiskState.DELETED if self._disk_stamp is not None else DiskState.UNCHANGED
        if stamp == self._disk_stamp:
            return DiskState.UNCHANGED
        try:
            text = read_document(self.path)[0]
        except FileError:
            return DiskState.UNCHANGED  # half-written or unreadable: look again next time
        if text == self._disk_text:
            self._disk_stamp = stamp
            return DiskState.UNCHANGED
        return DiskState.CHANGED

    def keep_mine(self) -> None:
        """Keep the editor's text over the file's new contents: it is now unsaved."""
        if self.path is not None and _stamp(self.path) is not None:
            try:
                self._remember_disk(read_document(self.path)[0])
            except FileError:
                pass
        self.document.setModified(True)

    def file_deleted(self) -> None:
        """The file is gone: keep the text, marked unsaved, and stop expecting the file."""
        self._remember_disk(None)
        self.document.setModified(True)

    def _remember_disk(self, text: str | None) -> None:
        self._disk_text = text
        self._disk_stamp = _stamp(self.path) if text is not None and self.path else None

    def _replace(self, text: str, path: Path | None, text_format: TextFormat) -> None:
        self._remember_disk(None)
        self._format = text_format
        self.path = path
        self.aboutToReplace.emit()
        self.document.setPlainText(text)
        self.document.clearUndoRedoStacks()
        self.document.setModified(False)
        self.replaced.emit()
        self.pathChanged.emit(path)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size, status.st_ino)
