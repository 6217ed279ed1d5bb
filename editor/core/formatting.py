"""Markdown formatting as pure text transformations: emphasis, headings, lists, quotes,
indentation, list continuation, footnote labels and pipe tables.

Every command takes the text of the lines the selection touches (whole lines, joined by
"\\n") and the selection's code-point offsets inside it, and returns a `Region`: the new text
of those lines and the selection to show afterwards. The window applies it as one edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
# A list item or quote prefix: indentation, then a quote mark, a bullet or a number.
LIST_ITEM = re.compile(
    r"^(?P<indent>[ \t]*)(?:(?P<bullet>[-*+])|(?P<number>\d{1,9})(?P<delim>[.)]))"
    r"(?P<space>[ \t]+|$)(?P<task>\[[ xX]\][ \t]+)?"
)
QUOTE = re.compile(r"^(?P<indent> {0,3})>[ \t]?")
FOOTNOTE_LABEL = re.compile(r"\[\^(\d+)\]")
WORD_CHARS = re.compile(r"[\w'’-]")
INDENT = "    "  # four spaces nest a list item for pandoc and python-markdown alike


@dataclass(frozen=True)
class Region:
    """The new text of the affected lines and the selection to show in it."""

    text: str
    anchor: int
    position: int


# Emphasis ----------------------------------------------------------------------------------
def word_bounds(text: str, position: int) -> tuple[int, int]:
    """The word at (or ending at) ``position``; an empty span there when there is none."""
    start = position
    while start > 0 and WORD_CHARS.match(text[start - 1]):
        start -= 1
    end = position
    while end < len(text) and WORD_CHARS.match(text[end]):
        end += 1
    # Apostrophes and hyphens join words but do not start or end them.
    while start < end and text[start] in "'’-":
        start += 1
    while end > start and text[end - 1] in "'’-":
        end -= 1
    if start >= end:
        return position, position
    return start, end


def _run(text: str, index: int, char: str, step: int) -> int:
    """How many ``char`` repeat from ``index`` in direction ``step`` (1 or -1)."""
    count = 0
    while 0 <= index < len(text) and text[index] == char:
        count += 1
        index += step
    return count


def _applied(text: str, start: int, end: int, marker: str) -> bool:
    """Whether [start, end) is already wrapped in ``marker`` (``*`` and ``**`` nest: ``***``
    is both)."""
    char, width = marker[0], len(marker)
    left = _run(text, start - 1, char, -1)
    right = _run(text, end, char, 1)
    if char == "*":
        both = min(left, right)
        return bool(both & width) if both <= 3 else False
    return left >= width and right >= width


def toggle_inline(text: str, anchor: int, position: int, marker: str) -> Region:
    """Wrap the selection (or the word at the cursor) in ``marker``, or unwrap it when it is
    wrapped already. With neither, insert a pair of markers with the cursor between them.
    A selection over several lines is wrapped line by line (emphasis cannot cross
    paragraphs)."""
    start, end = sorted((anchor, position))
    if start == end:
        start, end = word_bounds(text, start)
        if start == end:
            new = text[:start] + marker + marker + text[start:]
            return Region(new, start + len(marker), start + len(marker))
    spans = _line_spans(text, start, end)
    # Markers selected along with the words count as applied too: select them out first.
    spans = [_inside_markers(text, s, e, marker) for s, e in spans]
    unwrap = all(_applied(text, s, e, marker) for s, e in spans)
    width = len(marker)
    pieces: list[str] = []
    cursor = 0
    shift = 0
    new_start: int | None = None
    new_end = start
    for s, e in spans:
        if unwrap:
            pieces.append(text[cursor : s - width])
            pieces.append(text[s:e])
            cursor = e + width
            shift -= width
            s_new, e_new = s + shift, e + shift
            shift -= width
        else:
            pieces.append(text[cursor:s])
            pieces.append(marker + text[s:e] + marker)
            cursor = e
            s_new, e_new = s + shift + width, e + shift + width
            shift += 2 * width
        new_start = s_new if new_start is None else new_start
        new_end = e_new
    pieces.append(text[cursor:])
    return Region("".join(pieces), start if new_start is None else new_start, new_end)


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The non-blank part of each line in [start, end), trimmed of surrounding spaces."""
    spans = []
    offset = start
    for piece in text[start:end].split("\n"):
        s, e = offset, offset + len(piece)
        offset = e + 1
        while s < e and text[s] in " \t":
            s += 1
        while e > s and text[e - 1] in " \t":
            e -= 1
        if s < e:
            spans.append((s, e))
    return spans or [(start, start)]


def _inside_markers(text: str, start: int, end: int, marker: str) -> tuple[int, int]:
    """[start, end) without the markers selected along with the words, when that leaves a
    wrapped span (a selection may take either marker, both, or neither)."""
    width = len(marker)
    opens = text[start : start + width] == marker
    closes = text[end - width : end] == marker
    candidates = []
    if opens and closes and end - start > 2 * width:
        candidates.append((start + width, end - width))
    if closes and end - start > width:
        candidates.append((start, end - width))
    if opens and end - start > width:
        candidates.append((start + width, end))
    for inner in candidates:
        if _applied(text, *inner, marker):
            return inner
    return start, end


# Links, images, code -----------------------------------------------------------------------
LINK = re.compile(r"(?<!!)\[(?P<text>[^\]\n]*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)")


def link_at(text: str, start: int, end: int) -> tuple[int, int, str, str] | None:
    """The markdown link ``[text](url)`` that holds [start, end): its span, text and URL."""
    for match in LINK.finditer(text):
        if match.start() <= start and end <= match.end():
            return match.start(), match.end(), match.group("text"), match.group("url")
    return None


def apply_link(text: str, anchor: int, position: int, url: str) -> Region:
    """Make the selection (or the word at the cursor) a link to ``url``; edit the URL of the
    link already there; with an empty ``url``, take the link away and keep its text.
    Never removes a character of the words."""
    start, end = sorted((anchor, position))
    existing = link_at(text, start, end)
    if existing is not None:
        s, e, label, _old = existing
        replacement = f"[{label}]({url})" if url else label
        new = text[:s] + replacement + text[e:]
        return Region(new, s + (1 if url else 0), s + (1 if url else 0) + len(label))
    if not url:
        return Region(text, anchor, position)
    if start == end:
        start, end = word_bounds(text, start)
    label = text[start:end]
    if not label:
        label = url
    new = text[:start] + f"[{label}]({url})" + text[end:]
    return Region(new, start + 1, start + 1 + len(label))


def image_markdown(path: str, alt: str = "") -> str:
    """``![alt](path)``, with the angle brackets pandoc needs around a path with spaces."""
    target = f"<{path}>" if re.search(r"\s", path) else path
    return f"![{alt}]({target})"


def link_markdown(path: str, label: str) -> str:
    target = f"<{path}>" if re.search(r"\s", path) else path
    return f"[{label}]({target})"


# Headings, lists, quotes -------------------------------------------------------------------
def _strip_block_prefix(line: str) -> tuple[str, str]:
    """Split ``line`` into its indentation and its content without heading, quote or list
    marks, so one kind of line can become another."""
    match = HEADING.match(line)
    if match:
        return "", line[match.end() :]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    rest = line[len(indent) :]
    while True:
        quote = re.match(r">[ \t]?", rest)
        if not quote:
            break
        rest = rest[quote.end() :]
    item = LIST_ITEM.match(rest)
    if item and (item.group("space") or rest[item.end() :] == ""):
        rest = rest[item.end() :]
    return indent, rest


def _relines(text: str, anchor: int, position: int, new_lines: list[str]) -> Region:
    """Replace the lines of ``text`` by ``new_lines``, keeping the selection over them (the
    cursor's column kept when nothing was selected)."""
    new = "\n".join(new_lines)
    if anchor == position:
        old_lines = text.split("\n")
        line = text.count("\n", 0, position)
        column = position - sum(len(x) + 1 for x in old_lines[:line])
        delta = len(new_lines[line]) - len(old_lines[line])
        offset = sum(len(x) + 1 for x in new_lines[:line])
        spot = offset + max(0, min(len(new_lines[line]), column + delta))
        return Region(new, spot, spot)
    return Region(new, 0, len(new)) if anchor <= position else Region(new, len(new), 0)


def set_heading(text: str, anchor: int, position: int, level: int) -> Region:
    """Make each line a heading of ``level`` (0: a paragraph); a heading of that level
    already becomes a paragraph again."""
    lines = text.split("\n")
    current = [_heading_level(line) for line in lines if line.strip()]
    if level and current and all(found == level for found in current):
        level = 0
    new_lines = []
    for line in lines:
        if not line.strip():
            new_lines.append(line)
            continue
        _indent, content = _strip_block_prefix(line)
        new_lines.append(("#" * level + " " + content) if level else content)
    return _relines(text, anchor, position, new_lines)


def _heading_level(line: str) -> int:
    match = HEADING.match(line)
    return len(match.group(1)) if match else 0


def _line_kind(line: str) -> str:
    if QUOTE.match(line):
        return "quote"
    item = LIST_ITEM.match(line)
    if item and not HEADING.match(line):
        return "numbered" if item.group("number") else "bulleted"
    return ""


def toggle_list(text: str, anchor: int, position: int, kind: str) -> Region:
    """Make each non-blank line an item of a ``"bulleted"`` or ``"numbered"`` list, or a
    ``"quote"``; lines that are all that kind already lose it."""
    lines = text.split("\n")
    filled = [line for line in lines if line.strip()]
    remove = bool(filled) and all(_line_kind(line) == kind for line in filled)
    new_lines = []
    number = 1
    for line in lines:
        blank = not line.strip()
        if kind == "quote":
            if remove:
                match = QUOTE.match(line)
                new_lines.append(line[match.end() :] if match else line)
            else:
                new_lines.append("> " + line if not blank else ">")
            continue
        if blank:
            new_lines.append(line)
            continue
        indent, content = _strip_block_prefix(line)
        if remove:
            new_lines.append(indent + content)
        elif kind == "numbered":
            new_lines.append(f"{indent}{number}. {content}")
            number += 1
        else:
            new_lines.append(f"{indent}- {content}")
    return _relines(text, anchor, position, new_lines)


def indent_lines(text: str, anchor: int, position: int, outdent: bool = False) -> Region:
    """Nest each line one level deeper (four spaces), or one level out."""
    new_lines = []
    for line in text.split("\n"):
        if outdent:
            if line.startswith("\t"):
                new_lines.append(line[1:])
            else:
                spaces = len(line) - len(line.lstrip(" "))
                new_lines.append(line[min(spaces, len(INDENT)) :])
        else:
            new_lines.append(INDENT + line if line.strip() else line)
    return _relines(text, anchor, position, new_lines)


def is_list_item(line: str) -> bool:
    return _line_kind(line) in ("bulleted", "numbered")


def continuation(line: str, column: int) -> tuple[str, str] | None:
    """What Enter at ``column`` of a list item or quote ``line`` should do.

    ``("continue", prefix)``: start the next line with ``prefix`` (the next number, an
    unticked box). ``("end", replacement)``: the item was empty, so it ends: the line
    becomes ``replacement``, the item one level out, or at the top level a blank line and
    a fresh one after it (text typed straight below a list would continue its last item).
    ``None``: not a list or quote, or the cursor sits inside the marker.
    """
    quote = QUOTE.match(line)
    item = LIST_ITEM.match(line)
    if item and (item.group("space") or item.end() == len(line)):
        if column < item.end() and line[item.end() :].strip():
            return None
        if not line[item.end() :].strip():
            indent = item.group("indent")
            if indent:
                return ("end", line[: max(0, len(indent) - len(INDENT))] + line[len(indent) :])
            return ("end", "\n")
        prefix = item.group("indent")
        if item.group("number"):
            prefix += f"{int(item.group('number')) + 1}{item.group('delim')}"
        else:
            prefix += item.group("bullet")
        prefix += item.group("space") or " "  # keep the list's own spacing ("-   " too)
        if item.group("task"):
            prefix += "[ ] "
        return ("continue", prefix)
    if quote:
        if column < quote.end() and line[quote.end() :].strip():
            return None
        if not line[quote.end() :].strip():
            return ("end", "\n")
        return ("continue", quote.group("indent") + "> ")
    return None


# Footnotes and tables ----------------------------------------------------------------------
def next_footnote_number(document: str) -> int:
    """The smallest number ``n`` that no ``[^n]`` in ``document`` uses yet."""
    used = {int(number) for number in FOOTNOTE_LABEL.findall(document)}
    number = 1
    while number in used:
        number += 1
    return number


def footnote_definition(document: str, number: int) -> tuple[str, int]:
    """The text to append to ``document`` for note ``number`` and where, inside that text,
    the note's words start."""
    if not document:
        separator = ""
    elif document.endswith("\n\n"):
        separator = ""
    elif document.endswith("\n"):
        separator = "\n"
    else:
        separator = "\n\n"
    label = f"[^{number}]: "
    return separator + label, len(separator) + len(label)


def pipe_table(rows: int, columns: int, header: str = "Column {n}") -> str:
    """A pandoc pipe table with a header row (``header`` with its number) and ``rows`` empty
    body rows."""
    columns = max(1, columns)
    headers = [header.format(n=n) for n in range(1, columns + 1)]
    widths = [len(h) for h in headers]
    lines = ["| " + " | ".join(headers) + " |"]
    lines.append("| " + " | ".join("-" * w for w in widths) + " |")
    for _row in range(max(0, rows)):
        lines.append("| " + " | ".join(" " * w for w in widths) + " |")
    return "\n".join(lines)


def block_insertion(before: str, after: str, block: str) -> tuple[str, int]:
    """``block`` with the blank lines it needs to stand apart from the text ``before`` and
    ``after`` the cursor, and the offset of the block inside the result."""
    lead = ""
    if before and not before.endswith("\n"):
        lead = "\n\n"
    elif before and not before.endswith("\n\n"):
        lead = "\n"
    trail = ""
    if after and not after.startswith("\n"):
        trail = "\n\n"
    elif after and not after.startswith("\n\n"):
        trail = "\n"
    return lead + block + trail, len(lead)
