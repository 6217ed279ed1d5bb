"""Splits markdown source into top-level blocks, each with the source line it starts on.

The preview renders and patches the document block by block, so a keystroke re-renders one
block rather than a book. A block ends at a blank line unless what follows continues it, as
python-markdown would read it: indented lines (list continuations, indented code, footnote
bodies), definitions (``:   ...``), the next item of a loose list, the inside of a fenced code
block and of a raw HTML block.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from editor.core.frontmatter import FrontMatterSpan, find_front_matter
from editor.core.md_syntax import FENCE

_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_DEFINITION = re.compile(r"^ {0,3}:[ \t]")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")
_REFERENCE_DEF = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:[ \t]*\S")
_HTML_OPEN = re.compile(r"^ {0,3}<([a-zA-Z][a-zA-Z0-9-]*)(?=[\s>/])")
_REFS_DIV = re.compile(r"^ {0,3}:{3,}[ \t]*\{[^}]*#refs\b[^}]*\}[ \t]*(?:\n[ \t]*:{3,}[ \t]*)?$")
# A list marker or a block quote's '>', with the indentation before it.
_CONTAINER = re.compile(r"[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))")
_VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())


class BlockKind(Enum):
    """What a block is, as far as the renderer must treat it differently."""

    TEXT = "text"
    FOOTNOTE = "footnote"  # a footnote definition, rendered into the notes at the end
    REFERENCES = "references"  # only link reference definitions: renders to nothing
    REFS_DIV = "refs_div"  # pandoc's ::: {#refs} div: where the reference list goes


@dataclass(frozen=True)
class Block:
    """A top-level block: ``source`` spans lines [start_line, end_line) of the document."""

    start_line: int
    end_line: int
    source: str
    kind: BlockKind
    footnote_label: str = ""


@dataclass(frozen=True)
class SplitDocument:
    """The document cut into its front matter and its blocks."""

    front_matter: FrontMatterSpan | None
    blocks: list[Block]
    reference_definitions: str  # every ``[id]: url`` line, for blocks that use them


def split_blocks(text: str) -> SplitDocument:
    """Split ``text`` into its front matter and top-level blocks."""
    lines = text.split("\n")
    front_matter = find_front_matter(lines)
    first = front_matter.end_line if front_matter else 0
    ranges, _ = scan_blocks(lines, first)
    blocks = [make_block(lines, begin, end) for begin, end in ranges]
    references = "\n".join(line for block in blocks for line in reference_definitions(block))
    return SplitDocument(front_matter, blocks, references)


def scan_blocks(
    lines: Sequence[str], first: int, stop: Callable[[int], bool] | None = None
) -> tuple[list[tuple[int, int]], int | None]:
    """The ``[start, end)`` line ranges of the blocks of ``lines`` from line ``first`` on,
    which must be where a block starts or the body starts: nothing before it matters then.
    With ``stop``, the scan ends before a block would start at a line for which ``stop`` is
    true, and says which line that was: a block starts in the same state whatever came
    before it, so from there on the blocks are those of any earlier split that had a block
    start there (the render session re-splits only what an edit changed this way)."""
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    last_text = -1  # last non-blank line of the open block
    fence: str | None = None
    html_tag: str | None = None
    saw_blank = False

    for index in range(first, len(lines)):
        line = lines[index]
        if fence is not None:
            if _closes_fence(line, fence):
                fence = None
            last_text = index
            continue
        if not line.strip():
            saw_blank = start is not None
            continue
        if start is not None and saw_blank and not _continues(line, lines[start], html_tag):
            ranges.append((start, last_text + 1))
            start, html_tag = None, None
        if start is None:
            if stop is not None and stop(index):
                return ranges, index
            start = index
            html_tag = _open_html_tag(line)
        elif html_tag and f"</{html_tag}" in line.lower():
            html_tag = None
        saw_blank = False
        last_text = index
        opener = FENCE.match(line)
        if opener:
            fence = opener.group(1)
    if start is not None:
        ranges.append((start, last_text + 1))
    return ranges, None


def reference_definitions(block: Block) -> list[str]:
    """The link reference definition lines (``[id]: url``) of ``block``, which every block
    of the document may use; a footnote's are its own."""
    if block.kind is BlockKind.FOOTNOTE or "]:" not in block.source:
        return []
    return [line for line in block.source.split("\n") if _REFERENCE_DEF.match(line)]


def _continues(line: str, block_first_line: str, html_tag: str | None) -> bool:
    """Whether ``line``, after a blank line, still belongs to the block begun by
    ``block_first_line``."""
    if html_tag is not None:
        return True
    if _INDENTED.match(line) or _DEFINITION.match(line):
        return True
    return bool(_LIST_ITEM.match(line) and _LIST_ITEM.match(block_first_line))


def _closes_fence(line: str, fence: str) -> bool:
    stripped = line.strip()
    return (
        stripped.startswith(fence[0] * len(fence))
        and set(stripped) == {fence[0]}
        and len(line) - len(line.lstrip(" ")) <= 3
    )


def _open_html_tag(line: str) -> str | None:
    """The tag of a raw HTML block left open on its first line, if any."""
    match = _HTML_OPEN.match(line)
    if not match:
        return None
    tag = match.group(1).lower()
    if tag in _VOID_TAGS or f"</{tag}" in line.lower() or line.rstrip().endswith("/>"):
        return None
    return tag


def make_block(lines: Sequence[str], begin: int, end: int) -> Block:
    """The block of ``lines[begin:end]``, knowing what kind it is."""
    source = "\n".join(lines[begin:end])
    footnote = _FOOTNOTE_DEF.match(lines[begin])
    if footnote:
        return Block(begin, end, source, BlockKind.FOOTNOTE, footnote.group(1))
    if _REFS_DIV.match(source):
        return Block(begin, end, source, BlockKind.REFS_DIV)
    body = [line for line in lines[begin:end] if line.strip()]
    if all(_REFERENCE_DEF.match(line) for line in body):
        return Block(begin, end, source, BlockKind.REFERENCES)
    return Block(begin, end, source, BlockKind.TEXT)


def first_nested_deeper(source: str, limit: int) -> int | None:
    """The 0-based line of the block ``source`` where lists and block quotes first nest more
    than ``limit`` deep, else ``None``. Over-estimated: each marker, and each four columns of
    indentation before one, count a level. python-markdown recurses once per level or more."""
    fence: str | None = None
    for number, line in enumerate(source.split("\n")):
        if fence is not None:
            if _closes_fence(line, fence):
                fence = None
            continue
        opener = FENCE.match(line)
        if opener:
            fence = opener.group(1)
            continue
        depth = 0
        position = 0
        while match := _CONTAINER.match(line, position):
            marker = match.group()
            indent = marker[: len(marker) - len(marker.lstrip(" \t"))]
            depth += len(indent.expandtabs(4)) // 4 + 1
            if depth > limit:
                return number
            position = match.end()
    return None
