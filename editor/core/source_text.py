"""What a file holds beyond the editor's ``\\n`` lines: each line's own ending, and the
characters a Qt text document cannot keep as themselves, so saving writes back every character
and line ending the user did not change."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

from editor.core.textpos import smallest_splice

_LINE_BREAK = re.compile("\r\n|\r|\n")

# Qt's text document turns the first four into block breaks (and the paragraph separator is
# what it stores between blocks, so one in the text cannot be told from a line break), drops a
# leading U+FEFF and reads a leading U+FFFE as "swap every byte".
NEEDS_STAND_IN = ("\u2029", "\u2028", "\ufdd0", "\ufdd1", "\ufeff", "\ufffe")
# Unicode's noncharacters are "reserved for internal use": no keyboard types them and no
# font draws them as anything but a box. U+FDD0 and U+FDD1 are Qt's own frame markers.
STAND_IN_CANDIDATES = tuple(chr(code) for code in range(0xFDD2, 0xFDF0)) + tuple(
    chr(code)
    for code in range(0xE000, 0xF900)  # private use, should a file hold all those
)
STAND_IN_RANGE = (0xFDD2, 0xFDEF)  # the highlighter marks these so the author sees them


def split_lines(raw: str) -> tuple[list[str], list[str]]:
    """The lines of ``raw`` and, for each but the last, the ending that closed it (CR LF, LF
    or a lone CR, as the file had it)."""
    lines: list[str] = []
    endings: list[str] = []
    start = 0
    for match in _LINE_BREAK.finditer(raw):
        lines.append(raw[start : match.start()])
        endings.append(match.group())
        start = match.end()
    lines.append(raw[start:])
    return lines, endings


@dataclass(frozen=True, eq=False)
class LineEndings:
    """A file's lines and the ending of each, as loaded or last saved. ``usual`` (the most
    common ending, the first seen on a tie) goes after lines the user added."""

    lines: tuple[str, ...]
    endings: tuple[str, ...]
    usual: str = "\n"

    @classmethod
    def of(cls, raw: str) -> tuple[str, LineEndings]:
        """Split file text ``raw`` into the editor's text (``\\n`` lines) and its endings."""
        lines, endings = split_lines(raw)
        usual = Counter(endings).most_common(1)[0][0] if endings else "\n"
        return "\n".join(lines), cls(tuple(lines), tuple(endings), usual)

    def relay(self, text: str) -> LineEndings:
        """The endings for ``text`` (``\\n`` lines): each line the user left as it was keeps
        its own; a changed line keeps the ending of the line it replaced; a new one gets the
        usual. A diff of lines, so it runs at save time, never per keystroke."""
        new = tuple(text.split("\n"))
        old = self.lines
        if new == old:
            return self
        last_old = len(old) - 1
        # Lines before and after the edits match one for one; only the middle is diffed.
        start, removed, inserted = smallest_splice(old, new)
        pairs: list[int | None] = list(range(start))  # new line -> old line, or None
        middle_old = old[start : start + removed]
        matcher = difflib.SequenceMatcher(None, middle_old, inserted, autojunk=len(inserted) > 2000)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "delete":
                continue
            for k in range(j2 - j1):
                paired = tag in ("equal", "replace") and i1 + k < i2
                pairs.append(start + i1 + k if paired else None)
        pairs.extend(range(start + removed, len(old)))
        endings = tuple(
            self.endings[old_line] if old_line is not None and old_line < last_old else self.usual
            for old_line in pairs[: len(new) - 1]
        )
        return LineEndings(tuple(new), endings, self.usual)

    def file_text(self) -> str:
        """The lines joined by their own endings, as they go to the file."""
        if all(ending == self.usual for ending in self.endings):
            return self.usual.join(self.lines)
        parts = [""] * (2 * len(self.lines) - 1)
        parts[0::2] = self.lines
        parts[1::2] = self.endings
        return "".join(parts)

    def apply(self, text: str) -> str:
        """``text`` (``\\n`` lines) as it goes to the file."""
        return self.relay(text).file_text()


@dataclass(frozen=True)
class StandIns:
    """The characters of ``NEEDS_STAND_IN`` and, for each, a noncharacter the document does
    not contain that stands in for it in the editor (one UTF-16 unit for one, so positions
    agree between the editor's text and the document's)."""

    pairs: tuple[tuple[str, str], ...] = ()

    @classmethod
    def for_text(cls, text: str) -> StandIns:
        free = (candidate for candidate in STAND_IN_CANDIDATES if candidate not in text)
        return cls(tuple((real, next(free)) for real in NEEDS_STAND_IN))

    def to_editor(self, text: str) -> str:
        for real, stand_in in self.pairs:
            if real in text:
                text = text.replace(real, stand_in)
        return text

    def from_editor(self, text: str) -> str:
        for real, stand_in in self.pairs:
            if stand_in in text:
                text = text.replace(stand_in, real)
        return text

    def real(self, stand_in: str) -> str | None:
        """The character ``stand_in`` shows, or ``None``."""
        return next((real for real, shown in self.pairs if shown == stand_in), None)
