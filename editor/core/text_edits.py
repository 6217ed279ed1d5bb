"""A document's text as lines, changed by line edits: what the editor sends on a keystroke
instead of the whole text, so the work per keystroke follows the size of the edit, not of the
document.

An edit names whole lines (the lines a change touched, as they are after it), so positions
never have to agree between Qt's UTF-16 units and Python's code points. Each edit carries the
line count it leaves, so a copy that has fallen out of step says so instead of rendering
something else."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class EditMismatchError(ValueError):
    """An edit that does not fit the lines it is applied to: the copy is out of step and must
    be replaced by the whole text."""


@dataclass(frozen=True)
class LineEdit:
    """Lines ``[first, first + removed)`` replaced by ``lines``; the text then has ``total``
    lines."""

    first: int
    removed: int
    lines: tuple[str, ...]
    total: int

    @property
    def size(self) -> int:
        """Characters carried: what the edit costs to send."""
        return sum(len(line) for line in self.lines) + len(self.lines)

    @property
    def line_delta(self) -> int:
        """How many lines the edit adds (negative: removes)."""
        return len(self.lines) - self.removed


class TextLines:
    """A text kept as its lines (joined by ``\\n``), changed by ``LineEdit``s in place."""

    def __init__(self, text: str = "") -> None:
        self._lines: list[str] = text.split("\n")

    @classmethod
    def of_lines(cls, lines: Iterable[str]) -> TextLines:
        copy = cls()
        copy._lines = list(lines) or [""]
        return copy

    def __len__(self) -> int:
        return len(self._lines)

    def line(self, number: int) -> str:
        return self._lines[number]

    def lines(self, start: int = 0, end: int | None = None) -> list[str]:
        """A copy of lines ``[start, end)``."""
        return self._lines[start:end]

    def text(self) -> str:
        return "\n".join(self._lines)

    def view(self) -> Sequence[str]:
        """The lines themselves, not a copy: to read, until the next edit (reading a few
        lines of a long text must not copy them all)."""
        return self._lines

    def check(self, edits: Sequence[LineEdit]) -> None:
        """Raise ``EditMismatchError`` unless every edit of ``edits`` fits, applied in order
        (only the line counts matter, so nothing is applied to find out)."""
        count = len(self._lines)
        for edit in edits:
            end = edit.first + edit.removed
            if edit.first < 0 or edit.removed < 0 or end > count:
                raise EditMismatchError(
                    f"edit of lines {edit.first}-{end} on a text of {count} lines"
                )
            count += edit.line_delta
            if count != edit.total or edit.total < 1:
                raise EditMismatchError(f"edit leaves {count} lines, the editor has {edit.total}")

    def snapshot(self) -> tuple[str, ...]:
        """The lines as they are now, for a reader on another thread: the strings are
        immutable, so copying the list of them is all it takes (no character is copied)."""
        return tuple(self._lines)

    def apply(self, edit: LineEdit) -> None:
        """Apply ``edit``; raises ``EditMismatchError`` (changing nothing) if it does not fit."""
        end = edit.first + edit.removed
        if edit.first < 0 or edit.removed < 0 or end > len(self._lines):
            raise EditMismatchError(
                f"edit of lines {edit.first}-{end} on a text of {len(self._lines)} lines"
            )
        if len(self._lines) + edit.line_delta != edit.total or edit.total < 1:
            raise EditMismatchError(
                f"edit leaves {len(self._lines) + edit.line_delta} lines, "
                f"the editor has {edit.total}"
            )
        self._lines[edit.first : end] = edit.lines

    def apply_all(self, edits: Sequence[LineEdit]) -> None:
        for edit in edits:
            self.apply(edit)


def whole_text_edit(old_line_count: int, text: str) -> LineEdit:
    """The edit that replaces all ``old_line_count`` lines by ``text``."""
    lines = tuple(text.split("\n"))
    return LineEdit(0, old_line_count, lines, len(lines))
