"""Standalone HTML export: one file with the article's CSS embedded, or a bare fragment."""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from collections.abc import Callable
from pathlib import Path
from string import Template
from urllib.parse import unquote, urlsplit

from editor import __version__
from editor.core.render import RenderedDocument
from editor.core.resources import read_resource

_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")')
_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.DOTALL)
_HREF = re.compile(r'\bhref="([^"]*)"')
_CLASS = re.compile(r'\bclass="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_SCHEME = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)
_EMBEDDED_TYPES = {"image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp"}


def standalone_html(
    document: RenderedDocument,
    fallback_title: str = "",
    base_dir: Path | None = None,
    fragment: bool = False,
    link_images: bool = False,
) -> str:
    """The whole HTML5 page for ``document``; ``fallback_title`` names it when the front matter
    has no title (pandoc uses the file name the same way). Local images, relative to
    ``base_dir``, are embedded so the file travels alone; remote ones stay links. With
    ``link_images`` they are referenced by absolute ``file:`` URL instead, for a page read
    where the images are (the PDF printer), which then need not hold megabytes of base64.

    With ``fragment``, only the article itself: one ``<article class="article" lang="…">``
    holding the title block, the body, the references and the footnotes, with no ``<html>``,
    ``<head>`` or ``<style>``, for pasting into a CMS that brings its own page and styles."""
    metadata = document.metadata
    lang = html.escape(metadata.lang or "en", quote=True)
    body = mark_address_links(document.body_html())
    if base_dir:
        body = (link_local_images if link_images else embed_local_images)(body, base_dir)
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


def mark_address_links(body: str) -> str:
    """Give each link whose text is its own address (an autolink, a reference list's DOI)
    pandoc's class ``uri``, so the print stylesheet does not print the address a second
    time after it."""

    def mark(match: re.Match[str]) -> str:
        attributes, text = match.group(1), match.group(2)
        href = _HREF.search(attributes)
        if href is None or _address(html.unescape(_TAG.sub("", text))) != _address(
            html.unescape(href.group(1))
        ):
            return match.group(0)
        classes = _CLASS.search(attributes)
        if classes is None:
            attributes += ' class="uri"'
        elif "uri" not in classes.group(1).split():
            start, end = classes.span(1)
            attributes = f"{attributes[:start]}{classes.group(1)} uri{attributes[end:]}"
        return f"<a{attributes}>{text}</a>"

    return _LINK.sub(mark, body)


def _address(text: str) -> str:
    return _SCHEME.sub("", text.strip()).rstrip("/").lower()


def embed_local_images(body: str, base_dir: Path) -> str:
    """Replace the ``src`` of each local image found under ``base_dir`` by a data URI."""

    def embed(path: Path, kind: str) -> str | None:
        try:
            return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
        except OSError:
            return None

    return _replace_local_images(body, base_dir, embed)


def link_local_images(body: str, base_dir: Path) -> str:
    """Replace the ``src`` of each local image found under ``base_dir`` by its absolute
    ``file:`` URL (symbolic links settled), so the page can be read from another folder."""
    return _replace_local_images(body, base_dir, lambda path, _kind: html.escape(path.as_uri()))


def _replace_local_images(
    body: str, base_dir: Path, new_source: Callable[[Path, str], str | None]
) -> str:
    """Give each ``<img>`` whose source is an image file inside ``base_dir`` the source
    ``new_source(path, mime type)`` returns (``None``: keep it as it was). Nothing outside
    the folder is touched, like the preview, which reads nothing outside it."""
    folder = base_dir.resolve()

    def replace(match: re.Match[str]) -> str:
        source = html.unescape(match.group(2))
        parts = urlsplit(source)
        if parts.scheme not in ("", "file") or parts.netloc:
            return match.group(0)
        path = (base_dir / unquote(parts.path)).resolve()
        if not path.is_relative_to(folder):
            return match.group(0)
        kind = mimetypes.guess_type(path.name)[0]
        if kind not in _EMBEDDED_TYPES or not path.is_file():
            return match.group(0)
        replacement = new_source(path, kind)
        if replacement is None:
            return match.group(0)
        return f"{match.group(1)}{replacement}{match.group(3)}"

    return _IMG_SRC.sub(replace, body)
