"""The questions the window asks the user, in one place: file choosers and confirmations."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

MARKDOWN_FILTER = "Markdown (*.md *.markdown *.txt);;All files (*)"
# Export kinds: the chooser's title, its filter and the suffix added when none was typed.
EXPORT_KINDS = {
    "html": ("Export as HTML", "HTML (*.html *.htm);;All files (*)", ".html"),
    "pdf": ("Export as PDF", "PDF (*.pdf);;All files (*)", ".pdf"),
}


class UnsavedChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Dialogs", text)


class Dialogs:
    """Standard dialogs, parented to the window that asks."""

    def ask_unsaved_changes(self, parent: QWidget, name: str) -> UnsavedChoice:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_tr("Unsaved changes"))
        box.setText(_tr("Save the changes to “{name}” before closing it?").format(name=name))
        box.setInformativeText(_tr("If you don’t save, your changes will be lost."))
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return UnsavedChoice.SAVE
        if answer == QMessageBox.StandardButton.Discard:
            return UnsavedChoice.DISCARD
        return UnsavedChoice.CANCEL

    def open_file(self, parent: QWidget, folder: Path) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            parent, _tr("Open Article"), str(folder), _tr(MARKDOWN_FILTER)
        )
        return Path(name) if name else None

    def save_file(self, parent: QWidget, suggested: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            parent, _tr("Save Article As"), str(suggested), _tr(MARKDOWN_FILTER)
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".md")

    def save_export_file(self, parent: QWidget, suggested: Path, kind: str) -> Path | None:
        """Ask where to export; ``kind`` is ``"html"`` or ``"pdf"``."""
        title, file_filter, suffix = EXPORT_KINDS[kind]
        name, _ = QFileDialog.getSaveFileName(parent, _tr(title), str(suggested), _tr(file_filter))
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(suffix)

    def show_error(self, parent: QWidget, title: str, message: str) -> None:
        QMessageBox.critical(parent, title, message)
