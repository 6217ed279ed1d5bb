"""Positions in text: Python counts code points, Qt counts UTF-16 units; and the smallest
single splice that turns one sequence into another."""

from __future__ import annotations

from typing import TypeVar

# Constrained, not bound to Sequence: a slice of each of these is of the same type.
S = TypeVar("S", str, list[str], tuple[str, ...])


def utf16_positions(text: str) -> list[int] | None:
    """For text with characters outside the Basic Multilingual Plane (emoji), Qt's UTF-16
    position of each code point index (one more entry for the end); ``None`` when both
    counts agree."""
    if text.isascii() or all(ord(ch) <= 0xFFFF for ch in text):
        return None
    positions = [0] * (len(text) + 1)
    unit = 0
    for index, ch in enumerate(text):
        positions[index] = unit
        unit += 2 if ord(ch) > 0xFFFF else 1
    positions[len(text)] = unit
    return positions


def utf16_length(text: str) -> int:
    """How many UTF-16 units Qt counts in ``text``."""
    return len(text.encode("utf-16-le")) // 2


def code_point_index(text: str, utf16_index: int) -> int:
    """The Python index of Qt's UTF-16 position ``utf16_index`` in ``text``."""
    units = 0
    for index, char in enumerate(text):
        if units >= utf16_index:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)


def smallest_splice(old: S, new: S) -> tuple[int, int, S]:
    """The one splice turning ``old`` into ``new``: (start, how many to remove, what to
    insert), found from their common prefix and suffix."""
    limit = min(len(old), len(new))
    start = 0
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return start, end_old - start, new[start:end_new]
