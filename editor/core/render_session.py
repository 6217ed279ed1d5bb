"""A rendered document kept alive between keystrokes: the render process holds the text as
lines, applies the editor's line edits and answers with what changed, so neither the edit
sent nor the answer grows with the document.

``RenderSession.reset`` starts from a whole text; ``RenderSession.edit`` applies line edits.
Both return a ``RenderUpdate``: splices over the preview's fragments and the blocks' first
lines, the document's small facts, and its lists (headings, review marks, citations,
problems) only when they changed.

The work of an edit follows what it changed (``render_state``): the text is re-split only
around the changed lines, only new blocks are rendered, and footnote numbers, heading ids,
citations and the lists are patched; an edit that changes a footnote reference, a heading id
another heading shares, a citation, a reference definition or the front matter settles that
fact over the document again (a citation change formats every citation: citeproc's numbering
and disambiguation are document-wide).

Visible first: ``reset(text, folder, overrides, visible=(first_line, end_line))`` (0-based
lines, ``end_line`` excluded) renders only the blocks overlapping those lines and as many lines
again above and below. If that leaves blocks out, the update says ``partial``: their fragments
are empty strings, and footnote numbers, heading ids, citations, the reference list, the
footnotes, the headings, review marks, problems and the word count are those of the blocks
rendered so far (their first lines are all there). ``complete(folder, overrides)`` (the
render process's request ``("complete", None, folder, overrides)``) then renders the rest and
returns the update that makes the rendering whole (an ordinary update, ``partial`` False; it
changes nothing when nothing was left out). Edits may come in between: each update says
``partial`` until ``complete`` has run. Without ``visible``, or when the blocks around the
visible lines are all there is, ``reset`` renders everything at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from editor.core.citations.service import CitationOverrides
from editor.core.frontmatter import Metadata, SourceProblem
from editor.core.render import Heading, RenderedDocument, Renderer
from editor.core.render_state import Change, Counters, DocumentState
from editor.core.review.findings import ReviewFinding
from editor.core.text_edits import LineEdit

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
    partial: bool = False  # blocks left out (empty fragments) until ``complete``


class RenderSession:
    """One document's text and rendering, changed edit by edit. Not thread-safe."""

    def __init__(self, renderer: Renderer | None = None) -> None:
        self._renderer = renderer or Renderer()
        self._state = DocumentState(self._renderer)

    @property
    def text(self) -> str:
        return self._state.lines.text()

    @property
    def document(self) -> RenderedDocument:
        """The whole current rendering, built when asked (linear in the document: for tests,
        never on the way of an edit)."""
        return self._state.document()

    @property
    def counters(self) -> Counters:
        """What the session's state did so far, counted (see ``render_state.Counters``)."""
        return self._state.counters

    def reset(
        self,
        text: str,
        folder: Path | None = None,
        overrides: CitationOverrides | None = None,
        visible: tuple[int, int] | None = None,
    ) -> RenderUpdate:
        """Start again from ``text``: the update replaces everything the other side holds;
        with ``visible`` lines, maybe only around them (see the module's docstring)."""
        converted = self._renderer.converted_blocks
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        change = self._state.load(text, folder, overrides, visible)
        return self._update(change, converted, full=True)

    def edit(
        self,
        edits: Sequence[LineEdit],
        folder: Path | None = None,
        overrides: CitationOverrides | None = None,
    ) -> RenderUpdate:
        """Apply ``edits`` in order and render; raises ``EditMismatchError`` (leaving the session
        as it was) when they do not fit the text, and the caller must ``reset``."""
        lines = self._state.lines
        lines.check(edits)
        converted = self._renderer.converted_blocks
        # The edits as one: old lines [first, old_end) became lines [first, new_end).
        first, old_end, new_end = _FAR, 0, 0
        for edit in edits:
            lines.apply(edit)
            end = edit.first + edit.removed
            if first == _FAR:
                first, old_end, new_end = edit.first, end, edit.first + len(edit.lines)
                continue
            if end > new_end:
                old_end += end - new_end
                new_end = end
            first = min(first, edit.first)
            new_end += edit.line_delta
        if first == _FAR:
            first = old_end = new_end = 0
        change = self._state.edit(first, old_end, new_end, folder, overrides)
        return self._update(change, converted, full=False)

    def complete(
        self, folder: Path | None = None, overrides: CitationOverrides | None = None
    ) -> RenderUpdate:
        """Render what a partial ``reset`` left out: the update that makes the rendering whole."""
        converted = self._renderer.converted_blocks
        change = self._state.finish_rendering(folder, overrides)
        return self._update(change, converted, full=False)

    def _update(self, change: Change, converted: int, full: bool) -> RenderUpdate:
        state = self._state
        count = len(state)

        def fragment(index: int) -> str:
            if index == 0:
                return state.title_html
            if index <= count:
                return state.html(index - 1)
            return state.references_html if index == count + 1 else state.footnotes_html

        if full:
            fragments = Splice(0, 0, tuple(fragment(i) for i in range(count + 3)))
            block_lines, shift = Splice(0, 0, tuple(state.starts())), 0
        else:
            fragments = _fragment_splice(change, state, fragment)
            block_lines, shift = _start_splice(change, state)
        settings = state.settings

        def listed(flag: bool, items: Sequence[T]) -> tuple[T, ...] | None:
            return tuple(items) if full or flag else None

        return RenderUpdate(
            full=full,
            fragments=fragments,
            block_lines=block_lines,
            line_shift=shift,
            facts=DocumentFacts(
                metadata=state.metadata,
                title_text=state.title_text,
                word_count=state.word_count,
                body_start_line=state.body_start_line,
                bibliography_paths=settings.bibliography if settings else (),
                csl_path=settings.csl if settings else None,
                csl_locale=settings.locale if settings else "",
                notices=tuple(state.notices),
            ),
            headings=listed(change.headings, state.headings()),
            review=listed(change.review, state.review()),
            cited_keys=listed(change.citations, state.cited_keys()),
            citation_uses=listed(change.citations, state.citation_uses()),
            problems=listed(change.problems, state.problems()),
            blocks_rendered=self._renderer.converted_blocks - converted,
            partial=not state.complete,
        )


_FAR = 1 << 62


def _fragment_splice(
    change: Change, state: DocumentState, fragment: Callable[[int], str]
) -> Splice[str]:
    """The one splice of the fragments (title, blocks, references, footnotes) that an edit's
    change makes: the region's changed blocks and every other fragment that changed."""
    count = len(state)
    new_html = [state.html(change.start + offset) for offset in range(change.added)]
    same_front = 0
    limit = min(change.removed, change.added)
    while same_front < limit and change.old_html[same_front] == new_html[same_front]:
        same_front += 1
    same_back = 0
    while (
        same_back < limit - same_front
        and change.old_html[change.removed - 1 - same_back]
        == new_html[change.added - 1 - same_back]
    ):
        same_back += 1
    at = change.start + same_front + 1  # the region's first fragment that changed
    removed = change.removed - same_front - same_back
    added = change.added - same_front - same_back
    wanted = [index + 1 for index in change.changed]
    if change.title:
        wanted.append(0)
    if change.references:
        wanted.append(count + 1)
    if change.footnotes:
        wanted.append(count + 2)
    if removed or added:
        wanted += [at, at + added - 1] if added else [at]
    if not wanted:
        return Splice(count + 3, 0, ())
    low = min(wanted)
    high = max(wanted) + 1
    if removed or added:
        high = max(high, at + added)
    # ``high`` in the fragments as they were.
    high_before = high - added + removed if high >= at + added else high
    return Splice(low, high_before - low, tuple(fragment(i) for i in range(low, high)))


def _start_splice(change: Change, state: DocumentState) -> tuple[Splice[int], int]:
    old = change.old_starts
    new = state.starts(change.start, change.start + change.added)
    shift = change.line_shift
    front = 0
    limit = min(len(old), len(new))
    while front < limit and old[front] == new[front]:
        front += 1
    back = 0
    while back < limit - front and old[len(old) - 1 - back] + shift == new[len(new) - 1 - back]:
        back += 1
    return (
        Splice(change.start + front, len(old) - front - back, tuple(new[front : len(new) - back])),
        shift,
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
