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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import markdown
import nh3
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from editor.core.blocks import Block, BlockKind, first_nested_deeper, split_blocks
from editor.core.citations.marks import CitationMarkExtension, decode, marks_in, replace_marks
from editor.core.citations.service import (
    CitationOverrides,
    CitationService,
    citation_html,
    reference_list_html,
    settings_for,
)
from editor.core.frontmatter import Metadata, SourceProblem, parse_metadata
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


class Renderer:
    """Renders documents, remembering each block's HTML so the next render of a slightly
    changed document does only the changed blocks. Not thread-safe: one per worker."""

    def __init__(self, citations: CitationService | None = None) -> None:
        self._citations = citations or CitationService()
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
        self._cache: dict[str, str] = {}
        # Sources shown as plain text instead, with the 0-based line in them and why.
        self._refused: dict[str, tuple[int, str]] = {}
        self._word_counts: dict[str, int] = {}
        self.converted_blocks = 0  # blocks the last render had to convert (not cached)

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
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        split = split_blocks(text)
        metadata, problem = parse_metadata(split.front_matter)
        previous, self._cache = self._cache, {}
        refused_before, self._refused = self._refused, {}
        previous_counts, self._word_counts = self._word_counts, {}
        problems = [problem] if problem else []
        self.converted_blocks = 0
        words = 0

        raw: list[str] = []
        notes: dict[str, Block] = {}
        for block in split.blocks:
            # Blocks are whole words apart, so the document's count is the blocks' sum.
            count = self._word_counts.get(block.source)
            if count is None:
                count = previous_counts.get(block.source)
                if count is None:
                    count = count_words(block.source)
                self._word_counts[block.source] = count
            words += count
            if block.kind is BlockKind.TEXT:
                source = view(block.source, track_changes, review_markup)
                if split.reference_definitions and "[" in source:
                    source = f"{source}\n\n{split.reference_definitions}"
                raw.append(self._render_cached(source, previous, refused_before))
                refusal = self._refused.get(source)
                if refusal is not None:
                    problems.append(SourceProblem(block.start_line + refusal[0] + 1, refusal[1]))
            else:
                raw.append("")
                if block.kind is BlockKind.FOOTNOTE:
                    notes.setdefault(block.footnote_label, block)

        order = _reference_order(raw, notes)
        numbers = {label: index + 1 for index, label in enumerate(order)}
        seen_ids: dict[str, int] = {}
        block_html = [_finish(fragment, numbers, seen_ids) for fragment in raw]
        footnotes_html = self._render_notes(
            order,
            notes,
            numbers,
            previous,
            lambda source: view(source, track_changes, review_markup),
        )

        title_block = self._title_block(metadata, previous)
        cited = self._cite(metadata, split.blocks, block_html, footnotes_html, folder, overrides)
        return RenderedDocument(
            metadata=metadata,
            problems=problems + cited.problems,
            references_html=cited.references_html,
            bibliography_paths=cited.bibliography_paths,
            csl_path=cited.csl_path,
            csl_locale=cited.csl_locale,
            notices=cited.notices,
            cited_keys=cited.cited_keys,
            citation_uses=cited.citation_uses,
            title_html=title_block,
            title_text=plain_text(self._inline_cached(metadata.title, previous)).strip()
            if metadata.title
            else "",
            block_lines=[block.start_line for block in split.blocks],
            block_html=cited.block_html,
            footnotes_html=cited.footnotes_html,
            word_count=words,
            headings=_headings(split.blocks, cited.block_html),
            body_start_line=split.front_matter.end_line if split.front_matter else 0,
            review=review_findings(text),
        )

    def _cite(
        self,
        metadata: Metadata,
        blocks: list[Block],
        block_html: list[str],
        footnotes_html: str,
        folder: Path | None,
        overrides: CitationOverrides | None,
    ) -> _Cited:
        """Format every citation of the document at once and place the reference list."""
        settings = settings_for(metadata, folder, overrides, self._citations.styles)
        cited = _Cited(block_html, footnotes_html)
        if settings is not None:
            cited.bibliography_paths = list(settings.bibliography)
            cited.csl_path = settings.csl
            cited.csl_locale = settings.locale
        fragments = [*block_html, footnotes_html]
        encoded = [mark for fragment in fragments for mark in marks_in(fragment)]
        if not encoded:
            return cited
        decoded = [decode(mark) for mark in encoded]
        if settings is None:
            # No bibliography: citations stay as written, as pandoc leaves them without one.
            pieces = iter(html.escape(source) for _, source in decoded)
        else:
            result = self._citations.format(settings, [cluster for cluster, _ in decoded])
            formatted = result.formatted
            pieces = iter(
                citation_html(cluster, text)
                for (cluster, _), text in zip(decoded, formatted.clusters, strict=True)
            )
            cited.notices = result.problems
            cited.citation_uses = [key for cluster, _ in decoded for key in cluster.keys]
            cited.cited_keys = list(dict.fromkeys(cited.citation_uses))
            cited.problems = [
                SourceProblem(_key_line(blocks, key), f"unknown citation key '{key}'")
                for key in formatted.unknown_keys
            ]
            references = reference_list_html(formatted)
        cited.block_html = [replace_marks(f, lambda _mark: next(pieces)) for f in block_html]
        cited.footnotes_html = replace_marks(footnotes_html, lambda _mark: next(pieces))
        if settings is not None:
            placed = [i for i, block in enumerate(blocks) if block.kind is BlockKind.REFS_DIV]
            if placed:
                cited.block_html[placed[0]] = references
            else:
                cited.references_html = references
        return cited

    def _render_cached(
        self,
        source: str,
        previous: dict[str, str],
        refused_before: dict[str, tuple[int, str]] | None = None,
    ) -> str:
        rendered = self._cache.get(source)
        if rendered is None:
            rendered = previous.get(source)
            if rendered is not None and refused_before and source in refused_before:
                self._refused[source] = refused_before[source]
        if rendered is None:
            rendered = self._convert(source)
            self.converted_blocks += 1
        self._cache[source] = rendered
        return rendered

    def _convert(self, source: str) -> str:
        line = first_nested_deeper(source, MAX_NESTING)
        if line is not None:
            return self._refuse(
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
            return self._refuse(
                source, 0, "nested too deeply to render; this block is shown as plain text"
            )
        return nh3.clean(
            converted,
            tags=_ALLOWED_TAGS,
            attributes=_ALLOWED_ATTRIBUTES,
            filter_style_properties={"text-align"},
            url_schemes={"http", "https", "mailto"},
            link_rel=None,
        )

    def _refuse(self, source: str, line: int, reason: str) -> str:
        self._refused[source] = (line, reason)
        return f'<pre class="ae-refused">{html.escape(source)}</pre>'

    def _title_block(self, metadata: Metadata, previous: dict[str, str]) -> str:
        parts = []
        if metadata.title:
            parts.append(f'<h1 class="title">{self._inline_cached(metadata.title, previous)}</h1>')
        if metadata.subtitle:
            parts.append(
                f'<p class="subtitle">{self._inline_cached(metadata.subtitle, previous)}</p>'
            )
        for author in metadata.authors:
            parts.append(f'<p class="author">{self._inline_cached(author, previous)}</p>')
        if metadata.date:
            parts.append(f'<p class="date">{self._inline_cached(metadata.date, previous)}</p>')
        if not parts:
            return ""
        return '<header id="title-block-header">\n' + "\n".join(parts) + "\n</header>"

    def _inline_cached(self, text: str, previous: dict[str, str]) -> str:
        rendered = self._render_cached(text, previous)
        if rendered.startswith("<p>") and rendered.endswith("</p>"):
            return rendered[3:-4]
        return rendered

    def _render_notes(
        self,
        order: list[str],
        notes: dict[str, Block],
        numbers: dict[str, int],
        previous: dict[str, str],
        viewed: Callable[[str], str],
    ) -> str:
        if not order:
            return ""
        items = []
        for label in order:
            source = viewed(notes[label].source)
            body = self._render_cached(_footnote_body(source), previous)
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


@dataclass
class _Cited:
    """The document's HTML after citations were formatted, and what came of it."""

    block_html: list[str]
    footnotes_html: str
    references_html: str = ""
    problems: list[SourceProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    bibliography_paths: list[Path] = field(default_factory=list)
    csl_path: Path | None = None
    csl_locale: str = ""
    cited_keys: list[str] = field(default_factory=list)
    citation_uses: list[str] = field(default_factory=list)


def _key_line(blocks: list[Block], key: str) -> int:
    """The 1-based document line where ``key`` is first cited."""
    pattern = re.compile(rf"@\{{?{re.escape(key)}")
    for block in blocks:
        match = pattern.search(block.source)
        if match:
            return block.start_line + block.source.count("\n", 0, match.start()) + 1
    return 1


def _headings(blocks: list[Block], block_html: list[str]) -> list[Heading]:
    """The headings as rendered (text and unique id as the preview has them), each with the
    source line that made it: the n-th heading of a block comes from its n-th heading line."""
    headings = []
    for block, fragment in zip(blocks, block_html, strict=True):
        if "<h" not in fragment:
            continue
        found = _HEADING_HTML_RE.findall(fragment)
        if not found:
            continue
        lines = _heading_lines(block)
        for index, (level, identifier, inner) in enumerate(found):
            line = lines[index] if index < len(lines) else block.start_line
            text = " ".join(plain_text(inner).split())
            headings.append(Heading(int(level), text, html.unescape(identifier), line))
    return headings


def _heading_lines(block: Block) -> list[int]:
    """The 0-based document lines in ``block`` that start a heading, outside code fences."""
    lines = block.source.split("\n")
    found = []
    in_fence = False
    for offset, line in enumerate(lines):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if _ATX_LINE.match(line):
            found.append(block.start_line + offset)
        elif offset and _SETEXT_UNDERLINE.match(line) and lines[offset - 1].strip():
            found.append(block.start_line + offset - 1)
    return found


def _reference_order(raw: list[str], notes: dict[str, Block]) -> list[str]:
    """Labels of defined footnotes, in order of their first reference in the text."""
    order: dict[str, None] = {}
    for fragment in raw:
        if "\ue000" in fragment:
            for label in _NOTE_MARK_RE.findall(fragment):
                if label in notes:
                    order.setdefault(label)
    return list(order)


def _finish(fragment: str, numbers: dict[str, int], seen_ids: dict[str, int]) -> str:
    """Apply the document-wide facts to one block's HTML."""
    if "\ue000" in fragment:
        referenced: dict[str, int] = {}
        fragment = _NOTE_MARK_RE.sub(
            lambda m: _note_reference(m.group(1), numbers, referenced), fragment
        )
    if "<h" in fragment:
        fragment = _HEADING_ID_RE.sub(lambda m: _unique_id(m, seen_ids), fragment)
    return fragment


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


def _unique_id(match: re.Match[str], seen_ids: dict[str, int]) -> str:
    identifier = match.group(2)
    count = seen_ids.get(identifier, 0)
    seen_ids[identifier] = count + 1
    if count:
        identifier = f"{identifier}-{count}"
    return f"{match.group(1)}{identifier}{match.group(3)}"


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
