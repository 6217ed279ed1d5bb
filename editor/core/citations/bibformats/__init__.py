"""The bibliography readers behind ``editor.core.citations.bibliography`` (one module per
file format, each turning a file's text into CSL-JSON items and problems by line) and the
writers beside them. Private to ``editor.core.citations.formatter``."""

from __future__ import annotations

from editor.core.citations.bibformats.bibtex_csl import BIBLATEX, BIBTEX, read_bibtex
from editor.core.citations.bibformats.common import ReadEntry, ReadResult
from editor.core.citations.bibformats.csljson import read_csl_json
from editor.core.citations.bibformats.ris import read_ris

__all__ = [
    "BIBLATEX",
    "BIBTEX",
    "ReadEntry",
    "ReadResult",
    "read_bibtex",
    "read_csl_json",
    "read_ris",
]
