"""The printed PDF made whole: document information and XMP from the front matter, the
language, and an outline (bookmarks) from the headings, added with pikepdf after Chromium
has printed, which makes none of them."""

from __future__ import annotations

import io
import logging
from typing import Any

import pikepdf

from editor import APP_NAME, __version__
from editor.core.fileio import FileError
from editor.core.render import RenderedDocument

log = logging.getLogger(__name__)


def document_information(document: RenderedDocument, fallback_title: str = "") -> dict[str, str]:
    """The PDF's Title, Author, Subject and Keywords, as plain text, from the front matter
    (Subject: its ``subject``, else its ``abstract``)."""
    metadata = document.metadata
    extra = metadata.extra
    information = {
        "/Title": document.title_text or fallback_title,
        "/Author": "; ".join(_plain(author) for author in metadata.authors),
        "/Subject": _plain(extra.get("subject") or extra.get("abstract") or ""),
        "/Keywords": ", ".join(_plain(word) for word in _listed(extra.get("keywords"))),
    }
    return {key: value for key, value in information.items() if value}


def _listed(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def _plain(value: Any) -> str:
    return " ".join(str(value).split())


def finish_pdf(data: bytes, document: RenderedDocument, fallback_title: str = "") -> bytes:
    """``data`` (Chromium's PDF) with document information, XMP metadata, ``/Lang`` and an
    outline of ``document``'s headings, nested by level. A heading's place comes from the
    named destination Chromium wrote for its id (see ``page_setup.heading_anchors``): the
    page and the height Chromium laid it out at, exact where a text search would have to
    guess between repeated words. Raises ``FileError`` if ``data`` is not a readable PDF."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as error:
        raise FileError(f"the printed PDF cannot be read: {error}") from None
    with pdf:
        information = document_information(document, fallback_title)
        for key, value in information.items():
            pdf.docinfo[key] = value
        pdf.docinfo["/Creator"] = f"{APP_NAME} {__version__}"
        with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp.load_from_docinfo(pdf.docinfo)
        if document.metadata.lang:
            pdf.Root.Lang = pikepdf.String(document.metadata.lang)
        if _add_outline(pdf, document):
            pdf.Root.PageMode = pikepdf.Name.UseOutlines  # viewers open the bookmarks
        output = io.BytesIO()
        pdf.save(output)
    return output.getvalue()


def _destinations(pdf: pikepdf.Pdf) -> dict[str, pikepdf.Object]:
    """Named destinations by name, from the catalogue's ``/Dests`` (what Chromium writes)
    and the ``/Names`` tree (what other printers write)."""
    found: dict[str, pikepdf.Object] = {}
    root = pdf.Root
    if "/Dests" in root:
        for name, target in root.Dests.items():
            found[name.lstrip("/")] = target
    if "/Names" in root and "/Dests" in root.Names:
        for name, target in pikepdf.NameTree(root.Names.Dests).items():
            found[str(name)] = target
    return found


def _add_outline(pdf: pikepdf.Pdf, document: RenderedDocument) -> bool:
    destinations = _destinations(pdf)
    placed = 0
    with pdf.open_outline() as outline:
        # The open item at each level; a heading goes under the nearest shallower one.
        parents: list[tuple[int, pikepdf.OutlineItem]] = []
        for heading in document.headings:
            target = destinations.get(heading.id)
            if target is None:
                log.warning("no destination in the printed PDF for heading %r", heading.id)
                continue
            if isinstance(target, pikepdf.Dictionary) and "/D" in target:
                target = target.D
            if not isinstance(target, pikepdf.Array):
                log.warning("unreadable destination in the printed PDF for %r", heading.id)
                continue
            item = pikepdf.OutlineItem(heading.text, target)
            while parents and parents[-1][0] >= heading.level:
                parents.pop()
            siblings = parents[-1][1].children if parents else outline.root
            siblings.append(item)
            parents.append((heading.level, item))
            placed += 1
    return placed > 0
