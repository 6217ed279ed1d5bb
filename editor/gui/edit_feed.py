"""Turns the editor's changes into line edits: the lines a change touched, read from the
changed blocks alone, so what a keystroke costs the GUI thread does not grow with the document.

Qt's ``contentsChange(position, removed, added)`` says where the document changed; the blocks
from the one holding ``position`` to the one holding ``position + added`` are the changed
lines as they are now, and the change in the block count says how many lines they replace.
A mirror of the lines is kept in step, for readers that need the whole text without stopping
the GUI thread (autosave) and to put a renderer back in step."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextDocument

from editor.core.text_edits import LineEdit, TextLines


class LineEditFeed(QObject):
    """Emits ``edited(LineEdit)`` for every change of ``document``. ``to_document`` turns a
    line as the editor holds it into the document's characters (the session's stand-ins)."""

    edited = Signal(object)  # LineEdit

    def __init__(
        self,
        document: QTextDocument,
        to_document: Callable[[str], str] = lambda line: line,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._to_document = to_document
        # Qt reports changes only to a document that has a layout (an editor's always has).
        document.documentLayout()
        self._block_count = document.blockCount()
        self.mirror = TextLines.of_lines(self._block_lines(0, self._block_count - 1))
        document.contentsChange.connect(self._on_contents_change)

    def set_mapping(self, to_document: Callable[[str], str]) -> None:
        """Lines are read through ``to_document`` from now on (a new document's stand-ins);
        the mirror is read again, since the old mapping made it."""
        self._to_document = to_document
        self.resync()

    def resync(self) -> None:
        """Read every line again (after the mapping changed; never per keystroke)."""
        self._block_count = self._document.blockCount()
        self.mirror = TextLines.of_lines(self._block_lines(0, self._block_count - 1))

    def text(self) -> str:
        """The whole text from the mirror (the document's characters, ``\\n`` lines)."""
        return self.mirror.text()

    def _on_contents_change(self, position: int, _removed: int, added: int) -> None:
        document = self._document
        count = document.blockCount()
        first_block = document.findBlock(position)
        if not first_block.isValid():
            first_block = document.lastBlock()
        last_block = document.findBlock(position + added)
        if not last_block.isValid():
            last_block = document.lastBlock()
        first, last = first_block.blockNumber(), last_block.blockNumber()
        # The blocks first..last are what the change left; the lines they replace are as
        # many, less the lines the change added.
        removed = (last - first + 1) - (count - self._block_count)
        edit = LineEdit(first, removed, tuple(self._block_lines(first, last)), count)
        self._block_count = count
        self.mirror.apply(edit)
        self.edited.emit(edit)

    def _block_lines(self, first: int, last: int) -> list[str]:
        lines = []
        block = self._document.findBlockByNumber(first)
        while block.isValid() and block.blockNumber() <= last:
            lines.append(self._to_document(block.text()))
            block = block.next()
        return lines
