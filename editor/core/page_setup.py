"""Page setup of a printed article: paper and margins, read from pandoc's ``papersize`` and
``geometry`` front matter keys, and the print page's ``@page`` rule with page numbers."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editor.core.export_html import standalone_html
from editor.core.frontmatter import Metadata
from editor.core.render import RenderedDocument

# The paper sizes offered (front matter, command line, export dialog), each with CSS's name
# for it. The GUI's printer maps the same names to its own page sizes.
PAPER_SIZES = {"a4": "A4", "a5": "A5", "letter": "letter", "legal": "legal"}
DEFAULT_PAPER = "a4"
# The margins of resources/css/article.css's @page rule: top, right, bottom, left.
DEFAULT_MARGINS_MM = (25.0, 22.0, 25.0, 22.0)

_MM_PER_UNIT = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "bp": 25.4 / 72}
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(mm|cm|in|pt|bp)\s*$", re.IGNORECASE)
_SIDES = ("top", "right", "bottom", "left")


@dataclass(frozen=True)
class PageSetup:
    """Paper (a key of ``PAPER_SIZES``) and margins (top, right, bottom, left, in
    millimetres) of an exported PDF."""

    paper: str = DEFAULT_PAPER
    margins_mm: tuple[float, float, float, float] = DEFAULT_MARGINS_MM

    def print_css(self) -> str:
        """An ``@page`` rule with this paper and these margins, and page numbers in the
        footer; placed after ``article.css`` so its size and margins win."""
        css_size = PAPER_SIZES.get(self.paper, PAPER_SIZES[DEFAULT_PAPER])
        margins = " ".join(f"{value:g}mm" for value in self.margins_mm)
        return (
            "@page {\n"
            f"  size: {css_size};\n"
            f"  margin: {margins};\n"
            "  @bottom-center {\n"
            '    content: counter(page) " / " counter(pages);\n'
            "    font: 9pt 'Charis SIL', 'DejaVu Serif', serif;\n"
            "    color: #444;\n"
            "  }\n"
            "}\n"
        )


def page_setup_from_metadata(
    metadata: Metadata | Mapping[str, Any], default: PageSetup | None = None
) -> PageSetup:
    """The page setup the front matter asks for, read as pandoc reads it: ``papersize``
    (``a4``, ``letter``, ``a4paper``..., in any case) and ``geometry`` (``margin=2cm`` or a
    list such as ``[top=2cm, left=3cm]``). What it does not say, and a size, unit or option
    it cannot read (passed over silently), comes from ``default`` (the user's export
    preferences; A4 with the stylesheet's margins without); the export dialog shows what
    will be used."""
    extra = metadata.extra if isinstance(metadata, Metadata) else metadata
    default = default or PageSetup()
    paper = str(extra.get("papersize") or "").strip().lower().removesuffix("paper")
    if paper not in PAPER_SIZES:
        paper = default.paper
    margins = dict(zip(_SIDES, default.margins_mm, strict=True))
    geometry = extra.get("geometry") or []
    options = geometry if isinstance(geometry, list) else str(geometry).split(",")
    for option in options:
        key, _, value = str(option).partition("=")
        key = key.strip().lower()
        length = _millimetres(value)
        if length is None:
            continue
        if key == "margin":
            margins = dict.fromkeys(_SIDES, length)
        elif key in ("hmargin", "lrmargin"):
            margins.update(left=length, right=length)
        elif key in ("vmargin", "tbmargin"):
            margins.update(top=length, bottom=length)
        elif key in ("inner", "outer"):
            margins["left" if key == "inner" else "right"] = length
        elif key in _SIDES:
            margins[key] = length
    return PageSetup(paper, (margins["top"], margins["right"], margins["bottom"], margins["left"]))


def _millimetres(value: str) -> float | None:
    match = _LENGTH.match(value)
    if not match:
        return None
    return float(match.group(1)) * _MM_PER_UNIT[match.group(2).lower()]


def print_html(document: RenderedDocument, source_path: Path | None, page_setup: PageSetup) -> str:
    """The standalone page with the page setup's ``@page`` rule, its local images linked from
    the document's folder by ``file:`` URL (not embedded: a photo would add megabytes of
    base64 to lay out), and relative links resolved there too."""
    folder = source_path.parent.resolve() if source_path else None
    page = standalone_html(
        document,
        fallback_title=source_path.stem if source_path else "",
        base_dir=folder,
        link_images=True,
    )
    head = page.index("<head>") + len("<head>")
    base = f'\n<base href="{html.escape(folder.as_uri().rstrip("/") + "/")}">' if folder else ""
    head_end = page.index("</head>")
    rule = f'<style media="print">\n{page_setup.print_css()}</style>\n'
    page = page[:head] + base + page[head:head_end] + rule + page[head_end:]
    body_end = page.rindex("</body>")
    return page[:body_end] + heading_anchors(document) + page[body_end:]


def heading_anchors(document: RenderedDocument) -> str:
    """An invisible link to each heading. Chromium writes a named destination (page and
    height) into the PDF for every element a link points at, and for nothing else: these
    make one for each heading, which ``pdf_finish`` turns into the PDF's outline. Empty and
    of no size, they add no link area to any page."""
    if not document.headings:
        return ""
    links = "".join(
        f'<a href="#{html.escape(heading.id, quote=True)}"></a>' for heading in document.headings
    )
    return (
        '<div class="ae-heading-anchors" aria-hidden="true" style="position: absolute; '
        f'width: 0; height: 0; overflow: hidden">{links}</div>\n'
    )
