"""Giving a document a bibliography: an existing file, or a new CSL-JSON one for authors
without a reference manager. Both are written into the front matter, as pandoc reads it."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from editor.core.citations.entry_store import create_bibliography
from editor.core.citations.frontmatter_edit import add_bibliography_to_front_matter
from editor.core.fileio import FileError
from editor.core.textpos import smallest_splice, utf16_length
from editor.gui.document_session import DocumentSession

BIBLIOGRAPHY_FILTER = (
    "Bibliographies (*.bib *.bibtex *.biblatex *.json *.ris);;"
    "BibTeX and BibLaTeX (*.bib *.bibtex *.biblatex);;CSL-JSON (*.json);;RIS (*.ris);;"
    "All files (*)"
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Bibliography", text)


def relative_name(path: Path, folder: Path | None) -> str:
    """How the front matter should name ``path``: relative to the document when it can."""
    if folder is None:
        return str(path)
    try:
        return Path(os.path.relpath(path, folder)).as_posix()
    except ValueError:  # another drive
        return str(path)


def add_to_front_matter(session: DocumentSession, name: str) -> None:
    """Add ``name`` to the front matter's bibliography as one undoable edit of just the
    changed text, so the cursor and the rest of the document stay put."""
    old = session.text()
    replace_text(session, old, add_bibliography_to_front_matter(old, name))


def replace_text(session: DocumentSession, old: str, new: str) -> None:
    """Turn the document's text ``old`` into ``new`` as one undoable edit of just the changed
    span, so the cursor and the rest of the document stay put."""
    if new == old:
        return
    # The editor's text has the same length as the document's (a stand-in per character).
    start, remove, insert = smallest_splice(old, new)
    cursor = QTextCursor(session.document)
    cursor.setPosition(utf16_length(old[:start]))
    cursor.setPosition(utf16_length(old[: start + remove]), QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(session.editor_text(insert))


def open_bibliography(parent: QWidget, session: DocumentSession, folder: Path | None) -> bool:
    name, _ = QFileDialog.getOpenFileName(
        parent, _tr("Open Bibliography"), str(folder or Path.home()), _tr(BIBLIOGRAPHY_FILTER)
    )
    if not name:
        return False
    add_to_front_matter(session, relative_name(Path(name), folder))
    return True


def new_bibliography(parent: QWidget, session: DocumentSession, folder: Path | None) -> bool:
    start = (folder or Path.home()) / "references.json"
    name, _ = QFileDialog.getSaveFileName(
        parent, _tr("New Bibliography"), str(start), _tr("CSL-JSON (*.json)")
    )
    if not name:
        return False
    path = Path(name) if Path(name).suffix else Path(name).with_suffix(".json")
    try:
        create_bibliography(path)
    except FileError as error:
        QMessageBox.critical(parent, _tr("Cannot create bibliography"), str(error))
        return False
    add_to_front_matter(session, relative_name(path, folder))
    return True
