"""The reference form: add a reference to one of the document's bibliography files, or edit
one in the file it came from, validated and previewed in the document's style as you type."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from editor.core.citations.entry_draft import (
    ENTRY_TYPES,
    EntryDraft,
    FieldProblem,
    csl_to_draft,
    draft_to_csl,
    suggest_key,
    validate,
)
from editor.core.citations.entry_store import save_entry
from editor.core.citations.formatter import CitationFormatter
from editor.core.fileio import FileError
from editor.gui.citations.library_service import LibraryService

log = logging.getLogger(__name__)

# The files save_entry can write into.
WRITABLE_SUFFIXES = frozenset({".json", ".bib", ".bibtex", ".biblatex"})
# The draft's one-line text fields, in the form's order, with their labels.
_LINE_FIELDS = (
    ("title", "Title:"),
    ("container", "Journal / book:"),
    ("year", "Year:"),
    ("volume", "Volume:"),
    ("issue", "Issue:"),
    ("pages", "Pages:"),
    ("doi", "DOI:"),
    ("url", "URL:"),
    ("accessed", "Accessed:"),
    ("publisher", "Publisher:"),
    ("place", "Place:"),
    ("edition", "Edition:"),
)
_PLACEHOLDERS = {
    "year": "e.g. 2021",
    "pages": "e.g. 412-420",
    "doi": "e.g. 10.1177/0269881121991566",
    "url": "https://…",
    "accessed": "YYYY-MM-DD",
}
# Changing these changes the key suggest_key would give.
_KEY_SOURCES = frozenset({"authors", "year", "title"})
_PREVIEW_KEY = "preview"


def writable_paths(library: LibraryService) -> list[Path]:
    """The document's bibliography files a reference can be saved into."""
    return [path for path in library.paths if Path(path).suffix.lower() in WRITABLE_SUFFIXES]


class ReferenceForm(QDialog):
    """Edits one reference as an ``EntryDraft``; ``save()`` writes it and reloads the library."""

    def __init__(
        self, library: LibraryService, key: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._library = library
        self.original_key = key
        self.saved_key: str | None = None
        self.problems: list[FieldProblem] = []
        entries = library.library.entries
        self._existing = set(entries)
        self._base: dict | None = entries.get(key) if key is not None else None
        if key is not None and self._base is None:
            raise KeyError(key)
        # An existing entry's key was chosen by someone: never replace it with a suggestion.
        self._key_typed = key is not None
        self.setWindowTitle(self.tr("Edit Reference") if key else self.tr("Add Reference"))
        self.setObjectName("referenceForm")

        layout = QVBoxLayout(self)
        form = QFormLayout()
        self._problem_labels: dict[str, QLabel] = {}

        self.file_combo = QComboBox(self)
        if key is not None:
            paths = [library.library.locations[key][0]]
        else:
            paths = writable_paths(library)
        for path in paths:
            self.file_combo.addItem(Path(path).name, Path(path))
        self.file_combo.setEnabled(key is None and len(paths) > 1)
        if len(paths) > 1 or key is not None:
            form.addRow(self.tr("File:"), self.file_combo)
        else:
            self.file_combo.hide()

        self.type_combo = QComboBox(self)
        for value, label in ENTRY_TYPES:
            self.type_combo.addItem(self.tr(label), value)
        self._add_row(form, "type", self.tr("Type:"), self.type_combo)
        self.key_edit = QLineEdit(self)
        self.key_edit.setPlaceholderText(self.tr("suggested from author and year"))
        self._add_row(form, "key", self.tr("Key:"), self.key_edit)
        self.authors_edit = QPlainTextEdit(self)
        self.authors_edit.setPlaceholderText(
            self.tr("One a line: Family, Given — or an organisation's name")
        )
        self.authors_edit.setTabChangesFocus(True)
        self.authors_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self._add_row(form, "authors", self.tr("Authors:"), self.authors_edit)
        self.line_edits: dict[str, QLineEdit] = {}
        for name, label in _LINE_FIELDS:
            edit = QLineEdit(self)
            if name in _PLACEHOLDERS:
                edit.setPlaceholderText(self.tr(_PLACEHOLDERS[name]))
            self.line_edits[name] = edit
            self._add_row(form, name, self.tr(label), edit)
        layout.addLayout(form)

        self.preview = QTextBrowser(self)
        self.preview.setObjectName("referenceFormPreview")
        self.preview.setMaximumHeight(90)
        layout.addWidget(QLabel(self.tr("Preview:"), self))
        layout.addWidget(self.preview)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("referenceFormError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        layout.addWidget(self.buttons)

        if self._base is not None:
            self.set_draft(csl_to_draft(self._base))
        # Formatting is quick but not free: let a burst of typing settle first.
        self._preview_timer = QTimer(self, singleShot=True, interval=120)
        self._preview_timer.timeout.connect(self.update_preview)

        self.buttons.accepted.connect(self._save_and_close)
        self.buttons.rejected.connect(self.reject)
        self.type_combo.currentIndexChanged.connect(lambda _index: self._changed("type"))
        self.key_edit.textEdited.connect(self._key_edited)
        self.key_edit.textChanged.connect(lambda _text: self._changed("key"))
        self.authors_edit.textChanged.connect(lambda: self._changed("authors"))
        for name, edit in self.line_edits.items():
            edit.textChanged.connect(lambda _text, name=name: self._changed(name))
        self._check()
        self.update_preview()

    def _add_row(self, form: QFormLayout, name: str, label: str, widget: QWidget) -> None:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        problem = QLabel(box)
        problem.setObjectName(f"problem_{name}")
        problem.setWordWrap(True)
        problem.setStyleSheet("color: #b00020;")
        problem.hide()
        column.addWidget(problem)
        self._problem_labels[name] = problem
        form.addRow(label, box)

    # The draft ----------------------------------------------------------------------------
    def draft(self) -> EntryDraft:
        """What the form holds now."""
        authors = [line.strip() for line in self.authors_edit.toPlainText().split("\n")]
        texts = {name: edit.text() for name, edit in self.line_edits.items()}
        return EntryDraft(
            key=self.key_edit.text().strip(),
            type=self.type_combo.currentData(),
            authors=[author for author in authors if author],
            **texts,
        )

    def set_draft(self, draft: EntryDraft) -> None:
        self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(draft.type)))
        self.key_edit.setText(draft.key)
        self.authors_edit.setPlainText("\n".join(draft.authors))
        for name, edit in self.line_edits.items():
            edit.setText(getattr(draft, name))

    def problem_text(self, name: str) -> str:
        """The problem shown under the field ``name`` ("" when it has none)."""
        label = self._problem_labels[name]
        return label.text() if not label.isHidden() else ""

    # Reacting -----------------------------------------------------------------------------
    def _key_edited(self, text: str) -> None:
        # Clearing the key by hand hands it back to the suggestion.
        self._key_typed = bool(text.strip())

    def _changed(self, name: str) -> None:
        if name in _KEY_SOURCES and not self._key_typed:
            self._suggest_key()
        self.error_label.hide()
        self._check()
        self._preview_timer.start()

    def _suggest_key(self) -> None:
        draft = self.draft()
        suggestion = suggest_key(draft, self._existing) if draft.authors or draft.year else ""
        if suggestion != self.key_edit.text():
            self.key_edit.setText(suggestion)  # textChanged re-checks; textEdited is not sent

    def _check(self) -> None:
        draft = self.draft()
        if not draft.key and not self._key_typed:
            # An empty key gets a suggestion on saving: do not complain about it yet.
            draft.key = suggest_key(draft, self._existing)
        self.problems = validate(draft, self._existing, self.original_key)
        messages: dict[str, list[str]] = {}
        for problem in self.problems:
            messages.setdefault(problem.field, []).append(self.tr(problem.message))
        for name, label in self._problem_labels.items():
            label.setText("\n".join(messages.get(name, [])))
            label.setVisible(name in messages)
        self.save_button.setEnabled(not self.problems and self.file_combo.count() > 0)

    def update_preview(self) -> None:
        """Show the draft as the document's reference list would."""
        draft = self.draft()
        item = draft_to_csl(draft, base=self._base)
        item["id"] = _PREVIEW_KEY
        try:
            formatter = CitationFormatter({_PREVIEW_KEY: item}, self._library.citation_style())
            html = formatter.format_entry(_PREVIEW_KEY) or ""
        except Exception as error:  # citeproc-py on a half-typed entry: say so, keep typing
            log.exception("previewing the entry '%s' failed", draft.key)
            html = self.tr("Cannot preview this entry: {error}").format(error=error)
        self.preview.setHtml(html)

    # Saving -------------------------------------------------------------------------------
    def target_path(self) -> Path | None:
        return self.file_combo.currentData()

    def save(self) -> bool:
        """Write the entry into its file and reload the library; ``False`` (with the reason
        shown in the form, and nothing typed lost) when it cannot be."""
        draft = self.draft()
        if not draft.key:
            draft.key = suggest_key(draft, self._existing)
            self.key_edit.setText(draft.key)
        self._check()
        path = self.target_path()
        if self.problems or path is None:
            return False
        item = draft_to_csl(draft, base=self._base)
        try:
            save_entry(path, item, original_key=self.original_key)
        except (FileError, ValueError) as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            return False
        self.saved_key = item["id"]
        self._library.reload()
        return True

    def _save_and_close(self) -> None:
        if self.save():
            self.accept()
