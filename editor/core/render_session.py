"""A rendered document kept alive between keystrokes: the render process holds the text as
lines, applies the editor's line edits and answers with what changed, so neither the edit
sent nor the answer grows with the document.

``RenderSession.reset`` starts from a whole text; ``RenderSession.edit`` applies line edits.
Both return a ``RenderUpdate``: splices over the preview's fragments and the blocks' first
lines, the document's small facts, and its lists (headings, review marks, citations,
problems) only when they changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from editor.core.citations.service import CitationOverrides
from editor.core.frontmatter import Metadata, SourceProblem
from editor.core.render import Heading, RenderedDocument, Renderer
from editor.core.review.findings import ReviewFinding
from editor.core.text_edits import LineEdit, TextLines
from editor.core.textpos import smallest_splice

T = TypeVar("T")


@dataclass(frozen=True)
class Splice(Generic[T]):
    """Items ``[start, start + removed)`` of a list replaced by ``inserted``."""

    start: int
    removed: int
    inserted: tuple[T, ...]

    def apply(self, items: list[T]) -> None:
        items[self.start : self.start + self.removed] = self.inserted

    @property
    def empty(self) -> bool:
        return not self.removed and not self.inserted


@dataclass(frozen=True)
class DocumentFacts:
    """What is small about a rendered document, sent with every update."""

    metadata: Metadata
    title_text: str
    word_count: int
    body_start_line: int
    bibliography_paths: tuple[Path, ...]
    csl_path: Path | None
    csl_locale: str
    notices: tuple[str, ...]


@dataclass(frozen=True)
class RenderUpdate:
    """What changed since the session's previous update (``full``: since nothing: the
    splices then replace everything). ``fragments`` splices ``RenderedDocument.fragments()``
    (title block, one per source block, references, footnotes); ``block_lines`` splices the
    blocks' 0-based first lines, after which every later line moves by ``line_shift``. The
    lists are ``None`` when they are as before."""

    full: bool
    fragments: Splice[str]
    block_lines: Splice[int]
    line_shift: int
    facts: DocumentFacts
    headings: tuple[Heading, ...] | None = None
    review: tuple[ReviewFinding, ...] | None = None
    cited_keys: tuple[str, ...] | None = None
    citation_uses: tuple[str, ...] | None = None
    problems: tuple[SourceProblem, ...] | None = None
    blocks_rendered: int = 0  # blocks converted from markdown for this update (not cached)


@dataclass
class _Shown:
    """What the previous update left the other side holding."""

    fragments: list[str] = field(default_factory=list)
    block_lines: list[int] = field(default_factory=list)
    headings: tuple[Heading, ...] = ()
    review: tuple[ReviewFinding, ...] = ()
    cited_keys: tuple[str, ...] = ()
    citation_uses: tuple[str, ...] = ()
    problems: tuple[SourceProblem, ...] = ()


class RenderSession:
    """One document's text and rendering, changed edit by edit. Not thread-safe."""

    def __init__(self, renderer: Renderer | None = None) -> None:
        self._renderer = renderer or Renderer()
        self._lines = TextLines()
        self._shown = _Shown()
        self.document: RenderedDocument | None = None  # the whole current rendering

    @property
    def text(self) -> str:
        return self._lines.text()

    def reset(
        self, text: str, folder: Path | None = None, overrides: CitationOverrides | None = None
    ) -> RenderUpdate:
        """Start again from ``text``: the update replaces everything the other side holds."""
        self._lines = TextLines(text)
        self._shown = _Shown()
        return self._render(folder, overrides, full=True)

    def edit(
        self,
        edits: Sequence[LineEdit],
        folder: Path | None = None,
        overrides: CitationOverrides | None = None,
    ) -> RenderUpdate:
        """Apply ``edits`` in order and render; raises ``EditMismatchError`` (leaving the session
        as it was) when they do not fit the text, and the caller must ``reset``."""
        lines = TextLines.of_lines(self._lines.lines())
        lines.apply_all(edits)
        self._lines = lines
        return self._render(folder, overrides, full=False)

    def _render(
        self, folder: Path | None, overrides: CitationOverrides | None, full: bool
    ) -> RenderUpdate:
        document = self._renderer.render(self._lines.text(), folder, overrides)
        self.document = document
        shown, self._shown = (
            self._shown,
            _Shown(
                fragments=document.fragments(),
                block_lines=list(document.block_lines),
                headings=tuple(document.headings),
                review=tuple(document.review),
                cited_keys=tuple(document.cited_keys),
                citation_uses=tuple(document.citation_uses),
                problems=tuple(document.problems),
            ),
        )
        start, removed, inserted = smallest_splice(shown.fragments, self._shown.fragments)
        lines, shift = line_splice(shown.block_lines, self._shown.block_lines)

        def changed(old: tuple[T, ...], new: tuple[T, ...]) -> tuple[T, ...] | None:
            return new if full or old != new else None

        return RenderUpdate(
            full=full,
            fragments=Splice(start, removed, tuple(inserted)),
            block_lines=lines,
            line_shift=shift,
            facts=DocumentFacts(
                metadata=document.metadata,
                title_text=document.title_text,
                word_count=document.word_count,
                body_start_line=document.body_start_line,
                bibliography_paths=tuple(document.bibliography_paths),
                csl_path=document.csl_path,
                csl_locale=document.csl_locale,
                notices=tuple(document.notices),
            ),
            headings=changed(shown.headings, self._shown.headings),
            review=changed(shown.review, self._shown.review),
            cited_keys=changed(shown.cited_keys, self._shown.cited_keys),
            citation_uses=changed(shown.citation_uses, self._shown.citation_uses),
            problems=changed(shown.problems, self._shown.problems),
            blocks_rendered=self._renderer.converted_blocks,
        )


def line_splice(old: list[int], new: list[int]) -> tuple[Splice[int], int]:
    """The splice and shift that turn block lines ``old`` into ``new``: equal items kept at
    the front, items equal but for one shift kept at the back."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    if start == len(old) == len(new):
        return Splice(start, 0, ()), 0
    shift = new[-1] - old[-1] if old and new else 0
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] + shift == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return Splice(start, end_old - start, tuple(new[start:end_new])), shift


def apply_line_update(lines: list[int], splice: Splice[int], shift: int) -> None:
    """Make ``lines`` what the update says (the other side's half of ``line_splice``)."""
    after = splice.start + splice.removed
    if shift:
        lines[after:] = [line + shift for line in lines[after:]]
    splice.apply(lines)
