"""Saving one entry into its bibliography file (CSL-JSON or BibTeX/BibLaTeX) by splicing it
in place, so every other entry keeps its bytes; and creating an empty bibliography. Qt-free."""

from __future__ import annotations

from pathlib import Path

from editor.core.citations.bibformats.bibtex_writer import splice_bibtex
from editor.core.citations.bibformats.csljson_writer import splice_csl_json
from editor.core.citations.bibliography import load_bibliography
from editor.core.fileio import FileError, read_document, write_text_atomic

_JSON_SUFFIXES = frozenset({".json"})

_BIBTEX_SUFFIXES = frozenset({".bib", ".bibtex", ".biblatex"})


def save_entry(path: Path, item: dict, original_key: str | None = None) -> None:
    """Add ``item`` to the bibliography at ``path`` (``original_key`` ``None``) or put it in
    place of the entry ``original_key``, changing no other byte of the file; written
    atomically with the file's line endings and BOM. Raises ``FileError`` when the file cannot
    be read, parsed or written, ``ValueError`` for a format this cannot write, a key not in
    the file, or a new key another entry already has."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _JSON_SUFFIXES and suffix not in _BIBTEX_SUFFIXES:
        raise ValueError(f"{path}: cannot save references to a '{suffix}' file")
    text, text_format = read_document(path)
    if suffix in _JSON_SUFFIXES:
        text = splice_csl_json(path, text, item, original_key)
    else:
        old_item = (
            load_bibliography(path).entries.get(original_key) if original_key is not None else None
        )
        text = splice_bibtex(
            path, text, item, original_key, biblatex=suffix != ".bibtex", old_item=old_item
        )
    write_text_atomic(path, text, text_format)


def create_bibliography(path: Path) -> None:
    """Create an empty CSL-JSON bibliography at ``path``; never replaces an existing file."""
    path = Path(path)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as stream:
            stream.write("[]\n")
    except FileExistsError:
        raise FileError(f"{path}: already exists; choose another name") from None
    except OSError as error:
        raise FileError(f"{path}: cannot create: {error.strerror or error}") from None
