"""The questions the window asks the user, in one place: file choosers and confirmations."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

MARKDOWN_FILTER = "Markdown (*.md *.markdown *.txt);;All files (*)"
# Open also reads Word and OpenDocument files (converted: gui/office_import.py).
OPEN_FILTER = (
    "Articles (*.md *.markdown *.txt *.docx *.odt);;Markdown (*.md *.markdown *.txt);;"
    "Word (*.docx);;OpenDocument text (*.odt);;All files (*)"
)
# Export kinds: the chooser's title, its filter and the suffix added when none was typed.
EXPORT_KINDS = {
    "html": ("Export as HTML", "HTML (*.html *.htm);;All files (*)", ".html"),
    "pdf": ("Export as PDF", "PDF (*.pdf);;All files (*)", ".pdf"),
    "docx": ("Export as Word", "Word (*.docx);;OpenDocument text (*.odt);;All files (*)", ".docx"),
}


class UnsavedChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class DiscardReason(Enum):
    """What replacing the unsaved text is for: the question says so."""

    CLOSE = "close"
    NEW = "new"
    OPEN = "open"


# Whole sentences, so each translates as one.
_UNSAVED_QUESTIONS = {
    DiscardReason.CLOSE: "Save the changes to “{name}” before closing it?",
    DiscardReason.NEW: "Save the changes to “{name}” before starting a new document?",
    DiscardReason.OPEN: "Save the changes to “{name}” before opening another document?",
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Dialogs", text)


class Dialogs:
    """Standard dialogs, parented to the window that asks."""

    def ask_unsaved_changes(
        self, parent: QWidget, name: str, reason: DiscardReason = DiscardReason.CLOSE
    ) -> UnsavedChoice:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_tr("Unsaved changes"))
        box.setText(_tr(_UNSAVED_QUESTIONS[reason]).format(name=name))
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
            parent, _tr("Open Article"), str(folder), _tr(OPEN_FILTER)
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
        """Ask where to export; ``kind`` is a key of ``EXPORT_KINDS``."""
        title, file_filter, suffix = EXPORT_KINDS[kind]
        name, _ = QFileDialog.getSaveFileName(parent, _tr(title), str(suggested), _tr(file_filter))
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(suffix)

    def choose_encoding(
        self, parent: QWidget, path: Path, problem: str, candidates: list[str]
    ) -> str | None:
        """Ask how to read a file that is not UTF-8; ``None`` when the author declines."""
        if not candidates:
            return None
        choice, accepted = QInputDialog.getItem(
            parent,
            _tr("Not UTF-8 text"),
            _tr(
                "“{name}” is not UTF-8 text ({problem}).\n\nRead it as (it will be saved "
                "back the same way):"
            ).format(name=path.name, problem=problem.split(": ", 1)[-1]),
            candidates,
            0,
            False,
        )
        return choice if accepted and choice else None

    def show_error(self, parent: QWidget, title: str, message: str) -> None:
        QMessageBox.critical(parent, title, message)

    def ask_reload(self, parent: QWidget, name: str, modified: bool) -> bool:
        """Another program changed the open file: ``True`` to reload it, ``False`` to keep
        the editor's text."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_tr("File changed on disk"))
        box.setText(_tr("“{name}” was changed by another program.").format(name=name))
        if modified:
            box.setInformativeText(_tr("Reloading it replaces the changes you have not saved."))
        else:
            box.setInformativeText(_tr("Reload it, or keep the text in the editor?"))
        reload_button = box.addButton(_tr("Reload"), QMessageBox.ButtonRole.AcceptRole)
        keep_button = box.addButton(_tr("Keep Mine"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep_button if modified else reload_button)
        box.exec()
        return box.clickedButton() is reload_button

    def ask_open_file(self, parent: QWidget, path: Path) -> bool:
        """A link leads to a local file that is not a markdown document: ``True`` to open it
        with the desktop's default application. No is the default."""
        return self._ask_no_default(
            parent,
            _tr("Open linked file?"),
            _tr("The document links to “{name}”.").format(name=path.name),
            _tr("Open it with its default application?\n\n{path}").format(path=path),
        )

    def ask_show_program_folder(self, parent: QWidget, path: Path) -> bool:
        """A link leads to a program (a script, a .desktop file, an executable), which is
        never run: ``True`` to show the folder it is in. No is the default."""
        return self._ask_no_default(
            parent,
            _tr("Linked program not run"),
            _tr(
                "The document links to “{name}”, a program. Article Editor does not run it."
            ).format(name=path.name),
            _tr("Show the folder it is in?\n\n{folder}").format(folder=path.parent),
        )

    def _ask_no_default(self, parent: QWidget, title: str, text: str, detail: str) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(title)
        box.setText(text)
        box.setInformativeText(detail)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes
