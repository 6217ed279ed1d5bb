"""Pasted HTML (a web page, Word, LibreOffice) to markdown: nh3 sanitises it, markdownify
converts it, with Word's list paragraphs read as the lists they are; and names for pasted
images."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import nh3
from markdownify import ATX, MarkdownConverter

# What can carry structure into markdown; everything else is unwrapped to its text.
_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "div", "span",
    "b", "strong", "i", "em", "s", "strike", "del", "code", "pre", "kbd", "samp", "sub", "sup",
    "a", "img", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "q",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "figure", "figcaption",
}  # fmt: skip
# Content that must never arrive, not even as text.
_DROPPED_WITH_CONTENT = {"script", "style", "title", "noscript", "template", "xml", "head"}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"colspan"},
    "td": {"colspan"},
    # Word marks list paragraphs and their bullet glyphs only in inline styles.
    "p": {"style"},
    "span": {"style"},
}
# Tags whose presence means the HTML says more than its plain text (a code editor's coloured
# spans and divs do not).
_STRUCTURE = re.compile(
    r"<(h[1-6]|p|b|strong|i|em|s|del|strike|a|img|ul|ol|li|table|blockquote|pre|code)[\s>/]",
    re.IGNORECASE,
)
_WORD_LIST = re.compile(r"mso-list\s*:\s*(l\d+)\s+level(\d+)", re.IGNORECASE)
_WORD_IGNORE = re.compile(r"mso-list\s*:\s*ignore", re.IGNORECASE)
_ORDERED_GLYPH = re.compile(r"^\(?([0-9]+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]$")
_INDENT = "    "


def sanitize_html(html: str) -> str:
    """Only tags that carry structure, no scripts, styles or comments, links only to the web
    and mail, and of inline styles only Word's list marks."""
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags=_DROPPED_WITH_CONTENT,
        attributes=_ATTRIBUTES,
        filter_style_properties={"mso-list"},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


def has_structure(html: str) -> bool:
    """Whether ``html`` holds headings, emphasis, links, lists, tables or images: else its
    plain text says all it has, and should be pasted instead."""
    return bool(_STRUCTURE.search(html))


def html_to_markdown(html: str) -> str:
    """Markdown (pandoc's and python-markdown's common ground) for clipboard ``html``."""
    clean = _unwrap_source_lines(sanitize_html(html))
    markdown = _Converter(
        heading_style=ATX,
        bullets="-",
        strong_em_symbol="*",
        table_infer_header=True,
        escape_misc=False,
    ).convert(clean)
    return _tidy(markdown)


def _unwrap_source_lines(html: str) -> str:
    """HTML's line breaks in running text are spaces (Word wraps its source at 80 columns);
    only those inside ``<pre>`` are the text's own."""
    parts = re.split(r"(<pre[\s>].*?</pre>)", html, flags=re.IGNORECASE | re.DOTALL)
    return "".join(
        part if part[:4].lower() == "<pre" else re.sub(r"[ \t]*\r?\n[ \t]*", " ", part)
        for part in parts
    )


def is_only_images(markdown: str) -> bool:
    """Whether ``markdown`` holds nothing but image references (what a browser's Copy Image
    puts beside the picture itself)."""
    rest = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", markdown)
    return not rest.strip()


def _tidy(markdown: str) -> str:
    text = markdown.replace("\xa0", " ")
    lines = [line.rstrip() if not line.endswith("  ") else line for line in text.split("\n")]
    text = "\n".join("" if not line.strip() else line for line in lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")


class _Converter(MarkdownConverter):
    """markdownify with pandoc's list layout (content at four columns, which python-markdown
    needs for nesting), Word's list paragraphs as list items, no empty images."""

    def convert_li(self, el, text, parent_tags):
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = parent.get("start")
            first = int(start) if start and str(start).isdigit() else 1
            marker = f"{first + len(el.find_previous_siblings('li'))}."
        else:
            marker = "-"
        marker = marker.ljust(len(_INDENT) - 1) + " "
        lines = text.split("\n")
        body = "\n".join(_INDENT + line if line.strip() else "" for line in lines[1:])
        return marker + lines[0] + ("\n" + body if body else "") + "\n"

    def convert_p(self, el, text, parent_tags):
        match = _WORD_LIST.search(el.get("style") or "")
        if match is None or "_inline" in parent_tags:
            return super().convert_p(el, text, parent_tags)
        level = max(1, int(match.group(2)))
        glyph = ""
        for span in el.find_all("span"):
            if _WORD_IGNORE.search(span.get("style") or ""):
                glyph = span.get_text().strip()
                break
        ordered = _ORDERED_GLYPH.match(glyph)
        marker = f"{ordered.group(1)}." if ordered and ordered.group(1).isdigit() else "-"
        if ordered and not ordered.group(1).isdigit():
            marker = "1."
        item = _INDENT * (level - 1) + marker.ljust(len(_INDENT) - 1) + " " + text.strip()
        # Paragraphs of one Word list are one markdown list; the next list stands apart.
        previous = el.find_previous_sibling()
        same_list = previous is not None and previous.name == "p"
        if same_list:
            before = _WORD_LIST.search(previous.get("style") or "")
            same_list = before is not None and before.group(1) == match.group(1)
        return ("\n" if same_list else "\n\n") + item + "\n"

    def convert_span(self, el, text, parent_tags):
        # Word's typed bullet or number in front of a list paragraph: the list item says it.
        if _WORD_IGNORE.search(el.get("style") or ""):
            return ""
        return text

    def convert_img(self, el, text, parent_tags):
        if not el.get("src"):
            return ""
        return super().convert_img(el, text, parent_tags)


# Pasted and dropped images -----------------------------------------------------------------
IMAGE_FOLDER = "images"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff"}


def pasted_image_path(folder: Path, now: datetime, suffix: str = ".png") -> Path:
    """A path for a pasted image in ``folder`` that no file has yet, named by the time."""
    stem = now.strftime("pasted-%Y%m%d-%H%M%S")
    candidate = folder / f"{stem}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def free_path(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name`` with a number added when that file exists already."""
    candidate = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def relative_reference(target: Path, folder: Path | None) -> str:
    """How the document in ``folder`` refers to ``target``: a relative path with forward
    slashes inside the folder, else the absolute path."""
    target = Path(target).resolve()
    if folder is not None:
        try:
            return target.relative_to(Path(folder).resolve()).as_posix()
        except ValueError:
            pass
    return target.as_posix()


def is_image(path: Path) -> bool:
    return Path(path).suffix.lower() in IMAGE_SUFFIXES
