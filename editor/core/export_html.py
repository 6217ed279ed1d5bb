"""Standalone HTML export: one file with the article's CSS embedded, or a bare fragment."""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from pathlib import Path
from string import Template
from urllib.parse import unquote, urlsplit

from editor import __version__
from editor.core.render import RenderedDocument
from editor.core.resources import read_resource

_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")')
_EMBEDDED_TYPES = {"image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp"}


def standalone_html(
    document: RenderedDocument,
    fallback_title: str = "",
    base_dir: Path | None = None,
    fragment: bool = False,
) -> str:
    """The whole HTML5 page for ``document``; ``fallback_title`` names it when the front matter
    has no title (pandoc uses the file name the same way). Local images, relative to
    ``base_dir``, are embedded so the file travels alone; remote ones stay links.

    With ``fragment``, only the article itself: one ``<article class="article" lang="…">``
    holding the title block, the body, the references and the footnotes, with no ``<html>``,
    ``<head>`` or ``<style>``, for pasting into a CMS that brings its own page and styles."""
    metadata = document.metadata
    lang = html.escape(metadata.lang or "en", quote=True)
    body = document.body_html()
    if base_dir:
        body = embed_local_images(body, base_dir)
    if fragment:
        return f'<article class="article" lang="{lang}">\n{body}\n</article>\n'
    title = document.title_text
    meta = [
        f'<meta name="author" content="{html.escape(author, quote=True)}">'
        for author in metadata.authors
    ]
    if metadata.date:
        meta.append(
            f'<meta name="dcterms.date" content="{html.escape(metadata.date, quote=True)}">'
        )
    template = Template(read_resource("templates", "standalone.html"))
    return template.substitute(
        lang=lang,
        version=__version__,
        meta="\n".join(meta),
        title=html.escape(title or fallback_title or "Untitled"),
        css=read_resource("css", "article.css"),
        body=body,
    )


def embed_local_images(body: str, base_dir: Path) -> str:
    """Replace the ``src`` of each local image found under ``base_dir`` by a data URI."""

    def embed(match: re.Match[str]) -> str:
        source = html.unescape(match.group(2))
        parts = urlsplit(source)
        if parts.scheme not in ("", "file") or parts.netloc:
            return match.group(0)
        path = (base_dir / unquote(parts.path)).resolve()
        if not path.is_relative_to(base_dir.resolve()):
            return match.group(0)  # like the preview, read nothing outside the document's folder
        kind = mimetypes.guess_type(path.name)[0]
        if kind not in _EMBEDDED_TYPES or not path.is_file():
            return match.group(0)
        try:
            data = base64.b64encode(path.read_bytes()).decode("ascii")
        except OSError:
            return match.group(0)
        return f"{match.group(1)}data:{kind};base64,{data}{match.group(3)}"

    return _IMG_SRC.sub(embed, body)
