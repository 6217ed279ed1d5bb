"""Markdown to HTML, block by block, with pandoc's reading of the document.

python-markdown renders each top-level block (see ``blocks``); results are cached by the
block's source, so a keystroke re-renders one block. What is document-wide is settled in a
cheap pass afterwards: footnotes are numbered in order of first reference (as pandoc does) and
gathered at the end, heading ids are made unique, reference links see every definition.

Raw HTML policy: raw HTML in the markdown is kept, then everything is passed through the nh3
sanitizer, which keeps formatting markup and removes scripts, event handlers, styles (other than
table alignment), forms, frames and ``javascript:`` URLs. What an author can express in pandoc
markdown survives; nothing in a document can run.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.etree import ElementTree

import markdown
import nh3
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from editor.core.blocks import Block, BlockKind, first_nested_deeper
from editor.core.citations.marks import CitationMarkExtension, marks_in
from editor.core.citations.service import CitationOverrides, CitationService
from editor.core.frontmatter import Metadata, SourceProblem
from editor.core.md_prefilter import add_needles
from editor.core.md_syntax import FENCE
from editor.core.review.findings import ReviewFinding, review_findings
from editor.core.review.resolve import ReviewMarkup, TrackChanges, view
from editor.core.textstats import count_words

_EXTENSIONS = [
    "abbr",
    "attr_list",
    "def_list",
    "fenced_code",
    "md_in_html",
    "tables",
    "smarty",
    "toc",
    "sane_lists",  # as pandoc: a new kind of list starts a new list, and its start counts
]

_ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    # The review marks' Word view (core/review/resolve.word_html): who and when.
    "span": {"data-author", "data-date"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "style"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "abbr": {"title"},
    "time": {"datetime"},
}
_ALLOWED_TAGS = nh3.ALLOWED_TAGS | {"section", "figure", "figcaption"}

# Footnote references leave this mark in a block's HTML; the document pass replaces it.
_NOTE_MARK = "\ue000{}\ue001"
_NOTE_MARK_RE = re.compile("\ue000([^\ue001]*)\ue001")
_HEADING_ID_RE = re.compile(r'(<h[1-6][^>]*\sid=")([^"]+)(")')
_FOOTNOTE_PREFIX = re.compile(r"^ {0,3}\[\^[^\]\s]+\]:[ \t]?")
_HEADING_HTML_RE = re.compile(r'<h([1-6])[^>]*\sid="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
# A source line that makes a heading: ATX ("## Text") or a setext underline ("====").
_ATX_LINE = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
# Lists and block quotes nested deeper than this are shown as plain text: no article needs
# more, and python-markdown recurses per level (a 50,000-deep list on one line overflows the
# stack; 1,000 indented levels take minutes).
MAX_NESTING = 50


def pandoc_identifier(value: str, separator: str = "-") -> str:
    """A heading id as pandoc's ``auto_identifiers`` makes it."""
    text = unicodedata.normalize("NFC", value).lower()
    kept = "".join(ch for ch in text if ch.isalnum() or ch in "_-. " or ch.isspace())
    kept = re.sub(r"\s+", separator, kept.strip())
    kept = re.sub(r"^[^a-z\u00c0-\uffff]+", "", kept)
    return kept or "section"


class _FootnoteMarks(InlineProcessor):
    """Turns ``[^label]`` into a mark the document pass numbers; code spans are untouched
    because python-markdown handles backticks before this pattern."""

    def handleMatch(self, m, data):  # noqa: N802 - python-markdown's API
        return self.md.htmlStash.store(_NOTE_MARK.format(m.group(1))), m.start(0), m.end(0)


class _FootnoteMarkExtension(markdown.Extension):
    def extendMarkdown(self, md):  # noqa: N802 - python-markdown's API
        md.inlinePatterns.register(_FootnoteMarks(r"\[\^([^\]\s]+)\]", md), "footnote_mark", 175)


class _ImplicitFigures(Treeprocessor):
    """An image alone in its paragraph, with a description, becomes a figure captioned with
    that description, as pandoc's ``implicit_figures`` does."""

    def run(self, root):
        for paragraph in root.iter("p"):
            children = list(paragraph)
            if (
                len(children) == 1
                and children[0].tag == "img"
                and not (paragraph.text or "").strip()
                and not (children[0].tail or "").strip()
                and children[0].get("alt")
            ):
                image = children[0]
                image.tail = None
                paragraph.tag = "figure"
                caption = ElementTree.SubElement(paragraph, "figcaption")
                caption.text = image.get("alt")


class _ImplicitFigureExtension(markdown.Extension):
    def extendMarkdown(self, md):  # noqa: N802 - python-markdown's API
        # After inline patterns (priority 20) have made the <img>.
        md.treeprocessors.register(_ImplicitFigures(md), "implicit_figures", 15)


@dataclass(frozen=True)
class Heading:
    """A heading of the document: its level (1-6), plain text, id and 0-based source line."""

    level: int
    text: str
    id: str
    line: int


@dataclass
class RenderedDocument:
    """A rendered document: metadata, a title block, one HTML fragment per source block,
    and the footnotes."""

    metadata: Metadata
    problems: list[SourceProblem]
    title_html: str
    block_lines: list[int]  # 0-based first source line of each block
    block_html: list[str]
    footnotes_html: str
    word_count: int
    title_text: str = ""  # the title as plain text, for window titles and <title>
    references_html: str = ""  # the reference list, when no ::: {#refs} div placed it
    bibliography_paths: list[Path] = field(default_factory=list)
    csl_path: Path | None = None  # the style the front matter or command line chose
    csl_locale: str = ""  # the locale its citations are formatted in (lang, or the style's)
    notices: list[str] = field(default_factory=list)  # problems in other files, named there
    cited_keys: list[str] = field(default_factory=list)
    citation_uses: list[str] = field(default_factory=list)  # every cited key, once per use
    headings: list[Heading] = field(default_factory=list)  # in document order, for the outline
    body_start_line: int = 0  # first line after the front matter: what the word count counts
    review: list[ReviewFinding] = field(default_factory=list)  # open review marks, in order

    def fragments(self) -> list[str]:
        """The preview's elements in order: title block, each block, references, footnotes."""
        return [self.title_html, *self.block_html, self.references_html, self.footnotes_html]

    def body_html(self) -> str:
        """Everything as one HTML string, for export."""
        return "\n".join(fragment for fragment in self.fragments() if fragment)


@dataclass(frozen=True)
class BlockPart:
    """One block rendered alone: its HTML with the marks the document-wide settling fills in
    (footnote numbers, unique heading ids, citations), and what that settling needs of it.
    Lines are relative to the block's first line."""

    raw: str  # "" for blocks that render elsewhere or to nothing (notes, definitions, refs)
    words: int
    review: tuple[ReviewFinding, ...] = ()  # lines 1-based, as if the block were the text
    note_refs: tuple[str, ...] = ()  # footnote labels referenced, in order, repeats kept
    marks: tuple[str, ...] = ()  # encoded citation marks, in order
    heading_ids: tuple[str, ...] = ()  # ids as python-markdown made them, not yet unique
    heading_lines: tuple[int, ...] = ()  # 0-based lines that start a heading
    refusal: tuple[int, str] | None = None  # shown as plain text: the line, and why
    uses_definitions: bool = False  # rendered with the document's reference definitions


class Renderer:
    """Renders documents, remembering each block's rendering so the next render of a slightly
    changed document does only the changed blocks. Not thread-safe: one per worker.

    ``render`` renders a whole text; ``render_state.DocumentState`` (the render session's
    engine, which ``render`` runs once over the whole text) uses ``part`` and ``note_body``
    block by block."""

    def __init__(self, citations: CitationService | None = None) -> None:
        self.citations = citations or CitationService()
        self._md = markdown.Markdown(
            extensions=[
                *_EXTENSIONS,
                _FootnoteMarkExtension(),
                CitationMarkExtension(),
                _ImplicitFigureExtension(),
            ],
            extension_configs={"toc": {"slugify": pandoc_identifier}},
            output_format="html",
        )
        add_needles(self._md)
        # Renderings of the last whole render and of the one before (what ``render`` reuses).
        self._html: dict[str, tuple[str, tuple[int, str] | None]] = {}
        self._html_before: dict[str, tuple[str, tuple[int, str] | None]] = {}
        self._parts: dict[tuple, BlockPart] = {}
        self._parts_before: dict[tuple, BlockPart] = {}
        self.converted_blocks = 0  # blocks converted from markdown (not cached) since render

    def render(
        self,
        text: str,
        folder: Path | None = None,
        overrides: CitationOverrides | None = None,
        track_changes: TrackChanges = TrackChanges.ALL,
        review_markup: ReviewMarkup = ReviewMarkup.HTML,
    ) -> RenderedDocument:
        """Render the whole markdown document ``text``; ``folder`` is where it lives (its
        bibliography paths are relative to it), ``overrides`` come from the command line.
        ``track_changes`` says how review marks appear: the preview shows them all, an
        export chooses (marks never cross a blank line, so each block is resolved alone);
        ``review_markup`` how the ``all`` view writes them (as HTML, or for Word)."""
        from editor.core.render_state import DocumentState  # it builds on this module

        self._html_before, self._html = self._html, {}
        self._parts_before, self._parts = self._parts, {}
        self.converted_blocks = 0
        state = DocumentState(
            self, track_changes=track_changes, review_markup=review_markup, remember=True
        )
        state.load(text.replace("\r\n", "\n").replace("\r", "\n"), folder, overrides)
        return state.document()

    def part(
        self,
        block: Block,
        definitions: str,
        track_changes: TrackChanges = TrackChanges.ALL,
        remember: bool = False,
        review_markup: ReviewMarkup = ReviewMarkup.HTML,
    ) -> BlockPart:
        """``block`` rendered alone, with the document's reference ``definitions`` if it may
        use them; ``remember``: kept for the next whole render (a session keeps its own)."""
        source = block.source
        if block.kind is not BlockKind.TEXT:
            key: tuple = (source, block.kind)
        else:
            source = view(block.source, track_changes, review_markup)
            uses = bool(definitions) and "[" in source
            key = (block.source, track_changes, review_markup, definitions if uses else None)
        found = self._parts.get(key) or self._parts_before.get(key)
        if found is None:
            found = self._make_part(block, source, definitions, remember)
        if remember:
            self._parts[key] = found
        return found

    def _make_part(self, block: Block, source: str, definitions: str, remember: bool) -> BlockPart:
        words = count_words(block.source)  # blocks are whole words apart: counts add up
        review = _block_review(block.source)
        if block.kind is not BlockKind.TEXT:
            return BlockPart("", words, review)
        uses = bool(definitions) and "[" in source
        raw, refusal = self.markdown_html(
            f"{source}\n\n{definitions}" if uses else source, remember
        )
        heading_ids: tuple[str, ...] = ()
        heading_lines: tuple[int, ...] = ()
        if "<h" in raw:
            heading_ids = tuple(match.group(2) for match in _HEADING_ID_RE.finditer(raw))
            heading_lines = tuple(_heading_lines(block.source))
        return BlockPart(
            raw,
            words,
            review,
            tuple(_NOTE_MARK_RE.findall(raw)) if "\ue000" in raw else (),
            tuple(marks_in(raw)),
            heading_ids,
            heading_lines,
            refusal,
            uses,
        )

    def markdown_html(
        self, source: str, remember: bool = True
    ) -> tuple[str, tuple[int, str] | None]:
        """The sanitized HTML of markdown ``source``, and why it is shown as plain text
        instead (the 0-based line in it and the reason) if it is."""
        found = self._html.get(source) or self._html_before.get(source)
        if found is None:
            found = self._converted(source)
            self.converted_blocks += 1
        if remember:
            self._html[source] = found
        return found

    def _convert(self, source: str) -> str:
        return self._converted(source)[0]

    def _converted(self, source: str) -> tuple[str, tuple[int, str] | None]:
        line = first_nested_deeper(source, MAX_NESTING)
        if line is not None:
            return _refuse(
                source,
                line,
                f"lists or block quotes nested more than {MAX_NESTING} deep; "
                "this block is shown as plain text",
            )
        self._md.reset()
        try:
            converted = self._md.convert(source)
        except RecursionError:
            # Nesting of another kind (emphasis, brackets) too deep for python-markdown.
            return _refuse(
                source, 0, "nested too deeply to render; this block is shown as plain text"
            )
        cleaned = nh3.clean(
            converted,
            tags=_ALLOWED_TAGS,
            attributes=_ALLOWED_ATTRIBUTES,
            filter_style_properties={"text-align"},
            url_schemes={"http", "https", "mailto"},
            link_rel=None,
        )
        return cleaned, None

    def title_block(self, metadata: Metadata, remember: bool = True) -> tuple[str, str]:
        """The title block's HTML and the title as plain text."""
        parts = []
        if metadata.title:
            parts.append(f'<h1 class="title">{self._inline(metadata.title, remember)}</h1>')
        if metadata.subtitle:
            parts.append(f'<p class="subtitle">{self._inline(metadata.subtitle, remember)}</p>')
        for author in metadata.authors:
            parts.append(f'<p class="author">{self._inline(author, remember)}</p>')
        if metadata.date:
            parts.append(f'<p class="date">{self._inline(metadata.date, remember)}</p>')
        title_text = (
            plain_text(self._inline(metadata.title, remember)).strip() if metadata.title else ""
        )
        if not parts:
            return "", title_text
        header = '<header id="title-block-header">\n' + "\n".join(parts) + "\n</header>"
        return header, title_text

    def _inline(self, text: str, remember: bool) -> str:
        rendered, _ = self.markdown_html(text, remember)
        if rendered.startswith("<p>") and rendered.endswith("</p>"):
            return rendered[3:-4]
        return rendered

    def note_body(
        self,
        source: str,
        track_changes: TrackChanges = TrackChanges.ALL,
        remember: bool = True,
        review_markup: ReviewMarkup = ReviewMarkup.HTML,
    ) -> str:
        """The HTML of a footnote definition's body, its own footnote references still marks."""
        viewed = view(source, track_changes, review_markup)
        return self.markdown_html(_footnote_body(viewed), remember)[0]


def _block_review(source: str) -> tuple[ReviewFinding, ...]:
    """The review findings of one block, lines counted from its first. Read after an empty
    line: a block's first line is not the document's, where ``---`` opens front matter."""
    if "{" not in source:
        return ()
    return tuple(
        replace(finding, line=finding.line - 1, end_line=finding.end_line - 1)
        for finding in review_findings("\n" + source)
    )


def _refuse(source: str, line: int, reason: str) -> tuple[str, tuple[int, str]]:
    return f'<pre class="ae-refused">{html.escape(source)}</pre>', (line, reason)


def footnotes_html(order: list[str], bodies: dict[str, str], numbers: dict[str, int]) -> str:
    """The footnotes section: each note's body (its footnote references numbered) with a link
    back, in order of first reference."""
    if not order:
        return ""
    items = []
    for label in order:
        body = bodies[label]
        if "\ue000" in body:
            body = _NOTE_MARK_RE.sub(lambda m: _note_reference(m.group(1), numbers, None), body)
        backref = (
            f'<a class="footnote-backref" href="#fnref:{_attr(label)}" '
            f'role="doc-backlink">\u21a9\ufe0e</a>'
        )
        if body.endswith("</p>"):
            body = f"{body[:-4]}\u00a0{backref}</p>"
        else:
            body = f"{body}\n<p>{backref}</p>"
        items.append(f'<li id="fn:{_attr(label)}">\n{body}\n</li>')
    return (
        '<section class="footnotes" id="footnotes" role="doc-endnotes">\n<hr />\n<ol>\n'
        + "\n".join(items)
        + "\n</ol>\n</section>"
    )


def finish(raw: str, numbers: dict[str, int], suffixes: tuple[int, ...]) -> str:
    """One block's HTML with the document-wide facts: its footnote references numbered and
    its heading ids made unique (the n-th heading gets ``-suffixes[n]`` when that is not 0)."""
    fragment = raw
    if "\ue000" in fragment:
        referenced: dict[str, int] = {}
        fragment = _NOTE_MARK_RE.sub(
            lambda m: _note_reference(m.group(1), numbers, referenced), fragment
        )
    if suffixes:
        counts = iter(suffixes)
        fragment = _HEADING_ID_RE.sub(lambda m: _suffixed(m, next(counts, 0)), fragment)
    return fragment


def _suffixed(match: re.Match[str], count: int) -> str:
    identifier = match.group(2)
    if count:
        identifier = f"{identifier}-{count}"
    return f"{match.group(1)}{identifier}{match.group(3)}"


def citation_pattern(key: str) -> re.Pattern[str]:
    """What says where an unknown ``key`` is cited: the key after an ``@``."""
    return re.compile(rf"@\{{?{re.escape(key)}")


def block_headings(part: BlockPart, fragment: str) -> tuple[Heading, ...]:
    """The headings of one block as rendered (text and unique id as the preview has them),
    lines relative to the block: the n-th heading comes from its n-th heading line."""
    if "<h" not in fragment:
        return ()
    found = _HEADING_HTML_RE.findall(fragment)
    headings = []
    lines = part.heading_lines
    for index, (level, identifier, inner) in enumerate(found):
        line = lines[index] if index < len(lines) else 0
        text = " ".join(plain_text(inner).split())
        headings.append(Heading(int(level), text, html.unescape(identifier), line))
    return tuple(headings)


def _heading_lines(source: str) -> list[int]:
    """The 0-based lines of a block's ``source`` that start a heading, outside code fences."""
    lines = source.split("\n")
    found = []
    in_fence = False
    for offset, line in enumerate(lines):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if _ATX_LINE.match(line):
            found.append(offset)
        elif offset and _SETEXT_UNDERLINE.match(line) and lines[offset - 1].strip():
            found.append(offset - 1)
    return found


def _note_reference(label: str, numbers: dict[str, int], referenced: dict[str, int] | None) -> str:
    number = numbers.get(label)
    if number is None:
        return html.escape(f"[^{label}]")
    ref_id = f"fnref:{label}"
    if referenced is not None:
        count = referenced[label] = referenced.get(label, 0) + 1
        if count > 1:
            ref_id = f"fnref{count}:{label}"
    return (
        f'<sup id="{_attr(ref_id)}"><a class="footnote-ref" href="#fn:{_attr(label)}" '
        f'role="doc-noteref">{number}</a></sup>'
    )


def _footnote_body(source: str) -> str:
    """The markdown of a footnote definition without its label, continuation lines dedented."""
    lines = source.split("\n")
    lines[0] = _FOOTNOTE_PREFIX.sub("", lines[0], count=1)
    body = [lines[0]]
    for line in lines[1:]:
        if line.startswith("\t"):
            line = line[1:]
        elif line.startswith("    "):
            line = line[4:]
        body.append(line)
    return "\n".join(body)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment, for tests and searching."""
    try:
        return "".join(ElementTree.fromstring(f"<div>{fragment}</div>").itertext())
    except ElementTree.ParseError:
        return html.unescape(re.sub(r"<[^>]+>", "", fragment))
