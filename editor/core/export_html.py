"""Standalone HTML export: one file with the article's CSS embedded."""

from __future__ import annotations

import html
from string import Template

from editor import __version__
from editor.core.render import RenderedDocument
from editor.core.resources import read_resource


def standalone_html(document: RenderedDocument, fallback_title: str = "") -> str:
    """The whole HTML5 page for ``document``; ``fallback_title`` names it when the front matter
    has no title (pandoc uses the file name the same way)."""
    metadata = document.metadata
    title = document.title_text
    meta = [
        f'<meta name="author" content="{html.escape(author, quote=True)}">'
        for author in metadata.authors
    ]
    if metadata.date:
        meta.append(f'<meta name="dcterms.date" content="{html.escape(metadata.date, quote=True)}">')
    template = Template(read_resource("templates", "standalone.html"))
    return template.substitute(
        lang=html.escape(metadata.lang or "en", quote=True),
        version=__version__,
        meta="\n".join(meta),
        title=html.escape(title or fallback_title or "Untitled"),
        css=read_resource("css", "article.css"),
        body=document.body_html(),
    )
