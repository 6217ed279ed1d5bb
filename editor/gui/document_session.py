"""The open document's file: its path, how it was encoded, loading and saving."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextDocument

from editor.core.fileio import TextFormat, read_document, write_text_atomic


class DocumentSession(QObject):
    """Ties a ``QTextDocument`` to a file. Errors come out as ``FileError`` with a message
    naming the file; the text in the editor is never touched by a failed save."""

    pathChanged = Signal(object)  # Path | None
    aboutToReplace = Signal()  # New or Open is about to replace the whole text
    replaced = Signal()  # the whole text was replaced by New or Open

    def __init__(self, document: QTextDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.path: Path | None = None
        self._format = TextFormat()

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

    def load(self, path: Path) -> None:
        """Open ``path``; raises ``FileError`` and leaves the current text when it cannot."""
        text, text_format = read_document(Path(path))
        self._replace(text, Path(path).resolve(), text_format)

    def save(self, path: Path | None = None) -> None:
        """Save to ``path`` (or the current file) atomically; raises ``FileError``."""
        target = Path(path).resolve() if path else self.path
        if target is None:
            raise ValueError("an untitled document needs a path to be saved")
        write_text_atomic(target, self.document.toPlainText(), self._format)
        self.document.setModified(False)
        if target != self.path:
            self.path = target
            self.pathChanged.emit(target)

    def _replace(self, text: str, path: Path | None, text_format: TextFormat) -> None:
        self._format = text_format
        self.path = path
        self.aboutToReplace.emit()
        self.document.setPlainText(text)
        self.document.clearUndoRedoStacks()
        self.document.setModified(False)
        self.replaced.emit()
        self.pathChanged.emit(path)
