"""The bibliography readers behind ``editor.core.bibliography``: one module per file format,
each turning a file's text into CSL-JSON items and problems by line. Private: use
``editor.core.bibliography``."""

from __future__ import annotations

from editor.core.bibformats.bibtex_csl import BIBLATEX, BIBTEX, read_bibtex
from editor.core.bibformats.common import ReadEntry, ReadResult
from editor.core.bibformats.csljson import read_csl_json
from editor.core.bibformats.ris import read_ris

__all__ = [
    "BIBLATEX",
    "BIBTEX",
    "ReadEntry",
    "ReadResult",
    "read_bibtex",
    "read_csl_json",
    "read_ris",
]
