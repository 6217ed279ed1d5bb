"""What every proofing rule shares: the finding it reports, the fix it may offer, the rule's
shape and the document it reads (its lines, their prose, its metadata)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Protocol

from editor.core.frontmatter import FrontMatterSpan, Metadata, find_front_matter, parse_metadata
from editor.core.proofing.tokens import prose_lines


@dataclass(frozen=True)
class Fix:
    """A certain correction: replace the finding's text (its whole span) with ``replacement``."""

    replacement: str


@dataclass(frozen=True)
class Finding:
    """One problem. ``line`` and ``column`` are 1-based, in code points, like ``end`` (the
    column just after the text); ``end_line`` is ``line`` unless the text spans lines. ``kind``
    is the rule's id."""

    line: int
    column: int
    end: int
    kind: str
    message: str
    text: str
    suggestions: tuple[str, ...] = ()
    fix: Fix | None = None
    end_line: int = 0  # 0: the same as ``line``

    @property
    def last_line(self) -> int:
        return self.end_line or self.line

    def as_json(self) -> dict[str, object]:
        """The record ``article-editor check --format json`` prints."""
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.last_line,
            "end": self.end,
            "kind": self.kind,
            "message": self.message,
            "text": self.text,
            "suggestions": list(self.suggestions),
            "fix": self.fix.replacement if self.fix is not None else None,
        }


class Rule(Protocol):
    """A proofing rule: a stable ``id`` (the finding's ``kind``), a title for the panel and
    Preferences, whether it is on by default, and the check itself."""

    id: str
    title: str
    default_on: bool

    def check(self, document: ProofDocument) -> list[Finding]: ...


@dataclass
class ProofDocument:
    """A markdown document as the rules read it: ``prose[n]`` is line ``n`` with code, URLs,
    citation keys and markup blanked out (offsets unchanged), ``None`` for a line without prose.
    ``language`` is the spelling dictionary's (``en_GB``), ``folder`` where relative paths in
    the front matter start."""

    text: str
    language: str | None = None
    folder: Path | None = None
    lines: list[str] = field(init=False)
    prose: list[str | None] = field(init=False)
    # Shared between rules: what one rule learns (the reference list's words) another uses.
    notes: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.lines = self.text.split("\n")
        self.prose = prose_lines(self.text)

    @cached_property
    def front_matter(self) -> FrontMatterSpan | None:
        return find_front_matter(self.lines)

    @cached_property
    def metadata(self) -> Metadata:
        return parse_metadata(self.front_matter)[0]

    @cached_property
    def body_start(self) -> int:
        """The 0-based number of the first line after the front matter."""
        return self.front_matter.end_line if self.front_matter is not None else 0

    def shared(self, name: str, compute: Callable[[], object]) -> object:
        """``compute()`` once per document, for rules that need the same analysis."""
        if name not in self.notes:
            self.notes[name] = compute()
        return self.notes[name]

    def body_prose(self) -> list[tuple[int, str]]:
        """(0-based line number, prose) of every body line holding prose."""
        return [
            (number, prose)
            for number, prose in enumerate(self.prose)
            if prose is not None and number >= self.body_start
        ]

    def paragraphs(self) -> list[list[int]]:
        """The body's prose lines grouped into paragraphs (runs without a blank line)."""
        groups: list[list[int]] = []
        current: list[int] = []
        for number in range(self.body_start, len(self.lines)):
            prose = self.prose[number]
            if prose is None or not prose.strip():
                if current:
                    groups.append(current)
                current = []
                continue
            current.append(number)
        if current:
            groups.append(current)
        return groups


def finding(
    number: int,
    start: int,
    end: int,
    kind: str,
    message: str,
    text: str,
    suggestions: tuple[str, ...] | list[str] = (),
    fix: str | None = None,
) -> Finding:
    """A finding on 0-based line ``number`` from offset ``start`` to ``end``."""
    return Finding(
        number + 1,
        start + 1,
        end + 1,
        kind,
        message,
        text,
        tuple(suggestions),
        Fix(fix) if fix is not None else None,
    )
