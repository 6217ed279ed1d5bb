"""File → Open for Word and OpenDocument files: converted to markdown in a new, unsaved
document whose Save writes a markdown file beside the original, which is never written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from editor.core.import_docx import FORMATS, ImportedDocument, convert_office


def is_office_file(path: Path) -> bool:
    return Path(path).suffix.lower() in FORMATS


def markdown_path_for(source: Path) -> Path:
    """Where Save writes an imported ``source``: ``NAME.md`` beside it, or ``NAME (2).md``…
    when that is taken, so no file of the author's is replaced without being asked."""
    candidate = source.with_suffix(".md")
    number = 1
    while candidate.exists():
        number += 1
        candidate = source.with_name(f"{source.stem} ({number}).md")
    return candidate


def import_for_editing(source: Path) -> tuple[ImportedDocument, Path]:
    """Convert ``source``; its images are written into ``images/`` beside it at once (under
    names not yet taken), so the preview shows them before the markdown is saved there.
    Raises ``FileError`` naming the file."""
    source = Path(source).resolve()
    return convert_office(source, source.parent), markdown_path_for(source)


def dropped_message(imported: ImportedDocument, source: Path) -> str:
    """The status line after an import: what was opened, and what was left out."""
    name = source.name
    if not imported.review:
        return _tr("Converted “{name}” to markdown (not saved yet).").format(name=name)
    return _tr(
        "Converted “{name}” to markdown (not saved yet); {marks} kept as review marks."
    ).format(name=name, marks=imported.review.describe())


def _tr(text: str) -> str:
    return QCoreApplication.translate("OfficeImport", text)
