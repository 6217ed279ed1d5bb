"""Word (DOCX) and OpenDocument (ODT) export: the rendered document, citations and reference
list already formatted by the editor's one citation pipeline, handed to pandoc's writer as HTML
(``--from html``, no ``--citeproc``), so the text of the Word file is the HTML export's."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from editor.core.export_html import embed_local_images
from editor.core.fileio import FileError, write_bytes_atomic
from editor.core.pandoc_tool import find_pandoc, run_pandoc
from editor.core.render import RenderedDocument
from editor.core.resources import resource_path
from editor.core.review.resolve import ReviewMarkup

FORMATS = ("docx", "odt")
# The title block's parts as the renderer writes them; each becomes a <div class="…"> that
# resources/pandoc/rendered_html.lua turns into the metadata field of that name.
_TITLE_PART = re.compile(r'<(h1|p) class="(title|subtitle|author|date)">(.*?)</\1>', re.DOTALL)


def review_markup_for(output_format: str) -> ReviewMarkup:
    """How the ``all`` view writes review marks for ``output_format``: Word's own tracked
    changes and comments for DOCX; for ODT, whose writer has none, the HTML view's (pandoc
    keeps its underline and strike-through, and the comments as text)."""
    return ReviewMarkup.WORD if output_format == "docx" else ReviewMarkup.HTML


def pandoc_input(document: RenderedDocument, base_dir: Path | None) -> str:
    """The rendered document as the HTML page pandoc reads: the title block's parts as
    classed ``<div>``s, local images (inside ``base_dir`` only) embedded as data URIs."""
    title = _TITLE_PART.sub(r'<div class="\2">\3</div>', document.title_html)
    body = "\n".join(
        part
        for part in [title, *document.block_html, document.references_html, document.footnotes_html]
        if part
    )
    if base_dir is not None:
        body = embed_local_images(body, base_dir)
    lang = html.escape(document.metadata.lang or "en", quote=True)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8"></head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def metadata_arguments(document: RenderedDocument) -> list[str]:
    """pandoc ``--metadata`` options for what the title block does not carry: language,
    keywords, subject and the abstract (Word's Description), as plain strings."""
    metadata = document.metadata
    extra = metadata.extra
    arguments: list[str] = []
    if metadata.lang:
        arguments.append(f"--metadata=lang:{metadata.lang}")
    for keyword in _strings(extra.get("keywords")):
        arguments.append(f"--metadata=keywords:{keyword}")
    for key, field in (("subject", "subject"), ("abstract", "description")):
        for value in _strings(extra.get(key))[:1]:
            arguments.append(f"--metadata={field}:{value}")
    return arguments


def _strings(value: Any) -> list[str]:
    """A front matter value as a list of one-line strings (a list, a string or nothing)."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [" ".join(str(item).split()) for item in items if str(item).strip()]


def reference_doc_for(
    metadata_extra: Mapping[str, Any], folder: Path | None, chosen: Path | None = None
) -> Path | None:
    """The Word template whose styles the export uses: ``chosen`` (the command line's), else
    the front matter's ``reference-doc:``, relative to the document's folder, as pandoc
    reads it. A named file that is missing raises ``FileError``."""
    if chosen is None:
        named = metadata_extra.get("reference-doc")
        if not named or not str(named).strip():
            return None
        chosen = Path(str(named).strip()).expanduser()
        if not chosen.is_absolute() and folder is not None:
            chosen = folder / chosen
    if not chosen.is_file():
        raise FileError(f"{chosen}: reference document not found")
    return chosen


def office_bytes(
    document: RenderedDocument,
    base_dir: Path | None,
    output_format: str = "docx",
    reference_doc: Path | None = None,
    target: Path | str = "document.docx",
) -> bytes:
    """The DOCX (or ODT) file for ``document``. Pandoc runs sandboxed: it reads only what is
    named here, fetches nothing from the network (a remote image becomes its description,
    as in the PDF), and writes to memory. ``target`` names the file in error messages."""
    if output_format not in FORMATS:
        raise ValueError(f"unknown office format {output_format!r}")
    arguments = [
        "--from=html",
        f"--to={output_format}",
        "--sandbox",
        f"--lua-filter={resource_path('pandoc', 'rendered_html.lua')}",
        "--output=-",
        *metadata_arguments(document),
    ]
    if reference_doc is not None:
        arguments.append(f"--reference-doc={reference_doc}")
    page = pandoc_input(document, base_dir).encode("utf-8")
    return run_pandoc(find_pandoc(), arguments, page, target)


def write_office(
    document: RenderedDocument,
    target: Path,
    base_dir: Path | None,
    reference_doc: Path | None = None,
    output_format: str | None = None,
) -> None:
    """Write ``document`` to ``target`` as DOCX or ODT (from its suffix unless
    ``output_format`` says), whole or not at all."""
    kind = output_format or target.suffix.lower().lstrip(".")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileError(f"{target}: cannot write: folder {folder} does not exist")
    data = office_bytes(document, base_dir, kind, reference_doc, target)
    write_bytes_atomic(target, data)
