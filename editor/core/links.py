"""What a link clicked in the preview leads to, decided without Qt: a web page or e-mail for
the browser, a markdown document for the editor, another local file (a document, or a program
that must never be run), or nothing at all."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

_WEB_SCHEMES = frozenset({"http", "https", "mailto"})
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
# Files a desktop opener would run, or hand to something that runs them, rather than show.
_PROGRAM_SUFFIXES = frozenset(
    ".desktop .sh .bash .zsh .csh .ksh .fish .command .run .bin .appimage .exe .msi .com .bat "
    ".cmd .ps1 .vbs .vbe .wsf .scr .pif .jar .py .pyw .pl .rb .php .jnlp .apk .deb .rpm "
    ".flatpakref .flatpak .snap .app .dmg .pkg .lnk .url .xpi .reg .cpl .js .mjs .hta".split()
)


class LinkKind(Enum):
    WEB = "web"  # http, https, mailto: the system browser or mail program
    MARKDOWN = "markdown"  # a local .md or .markdown file: the editor opens it
    DOCUMENT = "document"  # another local file: opened by the desktop only if the user agrees
    PROGRAM = "program"  # a local file that would run: never opened, at most its folder shown
    MISSING = "missing"  # a local path with no file there
    REFUSED = "refused"  # any other scheme: javascript:, data:, smb:, a custom handler...


@dataclass(frozen=True)
class LinkTarget:
    kind: LinkKind
    url: str
    path: Path | None = None


def classify_link(url: str) -> LinkTarget:
    """What following ``url`` means. Relative and absolute paths in the document reach the
    preview as ``file:`` URLs (resolved against the document's folder); a ``file:`` link the
    document wrote itself never does, as the sanitiser drops it."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in _WEB_SCHEMES:
        return LinkTarget(LinkKind.WEB, url)
    if scheme != "file" or parts.netloc not in ("", "localhost"):
        return LinkTarget(LinkKind.REFUSED, url)
    path = Path(os.path.realpath(url2pathname(unquote(parts.path))))
    if not path.exists():
        return LinkTarget(LinkKind.MISSING, url, path)
    if path.suffix.lower() in _MARKDOWN_SUFFIXES and path.is_file():
        return LinkTarget(LinkKind.MARKDOWN, url, path)
    if path.is_dir():
        return LinkTarget(LinkKind.DOCUMENT, url, path)
    return LinkTarget(LinkKind.PROGRAM if _runs(path) else LinkKind.DOCUMENT, url, path)


def _runs(path: Path) -> bool:
    """Whether a desktop opener might run ``path``: a program's suffix, an executable bit, or
    something that is not a regular file (a device, a socket)."""
    if path.suffix.lower() in _PROGRAM_SUFFIXES:
        return True
    try:
        mode = path.stat().st_mode
    except OSError:
        return True
    return not stat.S_ISREG(mode) or bool(mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH))
