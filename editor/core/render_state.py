"""A document's rendering kept between edits: its lines cut into blocks, each block rendered
alone (``render.BlockPart``), and the document-wide facts settled over them: footnote numbers,
unique heading ids, reference-link definitions, citations, headings, review marks, problems and
the word count. ``Renderer.render`` builds one over a whole text; the render session keeps one
and changes it edit by edit.

An edit re-splits the text from the block before the lines it changed until the new split
starts a block where an old block started (a block starts in the same state whatever came
before it, so the rest is as it was), and renders only the new blocks. Each document-wide fact
is patched from what the changed blocks held before and hold now; only when that changed
(a footnote reference, a heading id shared with another heading, a citation, a reference
definition, the front matter) is it settled again over the document, and then only the blocks
whose HTML it changes are made again. A citation pass formats every citation (citeproc reuses
its result for the same clusters); an ordinary edit reuses the formatted citations.

The first lines of the blocks live in one list with a gap: lines at and after the gap are
stored without the shift of the edits made before them, so an edit that adds a line moves no
block; moving the gap to another place costs the blocks in between, once."""

from __future__ import annotations

import bisect
import html
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from editor.core.blocks import Block, BlockKind, make_block, reference_definitions, scan_blocks
from editor.core.citations.marks import decode, marks_in, replace_marks
from editor.core.citations.service import (
    CitationOverrides,
    CitationSettings,
    citation_html,
    reference_list_html,
    settings_for,
)
from editor.core.citations.syntax import Cluster
from editor.core.frontmatter import (
    FrontMatterSpan,
    Metadata,
    SourceProblem,
    find_front_matter,
    parse_metadata,
)
from editor.core.render import (
    BlockPart,
    Heading,
    RenderedDocument,
    Renderer,
    block_headings,
    citation_pattern,
    finish,
    footnotes_html,
)
from editor.core.review.findings import ReviewFinding
from editor.core.review.resolve import ReviewMarkup, TrackChanges
from editor.core.text_edits import TextLines

T = TypeVar("T")
_FAR = 1 << 62  # a line after every line


@dataclass(eq=False)
class _Entry:
    """One block of the document and what it renders to. Its first line is kept apart (see
    ``DocumentState._starts``)."""

    source: str
    kind: BlockKind
    label: str  # a footnote definition's label
    length: int  # lines from its first to its last
    definitions: tuple[str, ...]  # its reference definition lines
    part: BlockPart | None = None  # None: not rendered yet (a reset that showed a part first)
    numbers: tuple[int | None, ...] = ()  # the footnote numbers its HTML was made with
    suffixes: tuple[int, ...] = ()  # its heading ids' suffixes ("-1") in the HTML
    numbered: str = ""  # its HTML with footnotes numbered and heading ids unique
    pieces: tuple[str, ...] = ()  # the formatted citation for each of its marks
    html: str = ""  # what the preview shows for it
    headings: tuple[Heading, ...] = ()  # lines relative to its first line

    @property
    def words(self) -> int:
        return self.part.words if self.part is not None else 0

    @property
    def marks(self) -> tuple[str, ...]:
        return self.part.marks if self.part is not None else ()

    @property
    def note_refs(self) -> tuple[str, ...]:
        return self.part.note_refs if self.part is not None else ()

    @property
    def heading_ids(self) -> tuple[str, ...]:
        return self.part.heading_ids if self.part is not None else ()


@dataclass
class Counters:
    """What the state did, counted: how the work of an edit is shown not to grow with the
    document (tests and benchmarks read it)."""

    blocks_split: int = 0  # blocks made by splitting the text
    blocks_rendered: int = 0  # blocks rendered alone (``Renderer.part`` asked)
    blocks_settled: int = 0  # blocks whose HTML was made again from their rendering
    gap_moves: int = 0  # block first lines moved in or out of the gap
    citation_passes: int = 0  # times every citation was gathered and formatted
    settle_passes: int = 0  # times a fact was settled again over every block


@dataclass
class Change:
    """What one load, edit or completion changed: entries ``[start, start + added)`` replaced
    ``removed`` entries (whose first lines and HTML were ``old_starts`` and ``old_html``), the
    later ones moved by ``line_shift`` lines; ``changed`` holds the (new) indices of other
    entries whose HTML changed."""

    start: int = 0
    removed: int = 0
    added: int = 0
    old_starts: list[int] = field(default_factory=list)
    old_html: list[str] = field(default_factory=list)
    line_shift: int = 0
    changed: set[int] = field(default_factory=set)
    old_from: int = 0  # the old lines the replaced entries spanned, [old_from, old_to)
    old_to: int = 0
    title: bool = False
    references: bool = False
    footnotes: bool = False
    headings: bool = False
    review: bool = False
    citations: bool = False  # cited keys and uses
    problems: bool = False


class DocumentState:
    """One document's text, blocks and rendering. Not thread-safe."""

    def __init__(
        self,
        renderer: Renderer,
        lines: TextLines | None = None,
        track_changes: TrackChanges = TrackChanges.ALL,
        remember: bool = False,
        review_markup: ReviewMarkup = ReviewMarkup.HTML,
    ) -> None:
        self._renderer = renderer
        self._track = track_changes
        self._markup = review_markup
        self._remember = remember  # renderings kept in the renderer for its next render
        self.lines = lines or TextLines()
        self.counters = Counters()
        self.complete = True  # every block rendered
        self._clear()

    def _clear(self) -> None:
        self._front: FrontMatterSpan | None = None
        self._metadata = Metadata()
        self._front_problem: SourceProblem | None = None
        self._title_html = ""
        self._title_text = ""
        self._entries: list[_Entry] = []
        # First lines: entries before ``_gap`` hold theirs, later ones theirs minus ``_shift``.
        self._starts: list[int] = []
        self._gap = 0
        self._shift = 0
        self._definitions = ""
        self._words = 0
        self._notes: dict[str, _Entry] = {}  # the first definition of each footnote label
        self._bodies: dict[str, tuple[str, str]] = {}  # label -> (source, body HTML)
        self._order: list[str] = []
        self._numbers: dict[str, int] = {}
        self._notes_raw = ""
        self._notes_marks: tuple[str, ...] = ()
        self._notes_pieces: tuple[str, ...] = ()
        self._footnotes_html = ""
        self._id_counts: Counter[str] = Counter()
        self._settings_key: tuple | None = None
        self._settings: CitationSettings | None = None
        self._stamp: tuple | None = None
        self._decoded: dict[str, tuple[Cluster, str]] = {}
        self._references = ""  # the reference list, wherever it goes
        self._refs_holder: _Entry | None = None  # the ::: {#refs} div that holds it
        self._unknown: list[str] = []  # unknown citation keys, in citeproc's order
        self._cite_problems: list[SourceProblem] = []
        self._notices: list[str] = []
        self._cited_keys: list[str] = []
        self._citation_uses: list[str] = []
        self._headings: list[Heading] = []
        self._review: list[ReviewFinding] = []
        self._refusals: list[SourceProblem] = []
        self._cited = False  # the last citation pass found citations
        self._notes_formatted: tuple[str, ...] = ()  # the notes' marks it formatted
        self._key_lines: list[int | None] = []
        self._holder_before: _Entry | None = None
        self._notes_rebuilt = False  # the notes section was made again by this change

    # What the state holds ------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._entries)

    def start(self, index: int) -> int:
        """The 0-based first line of entry ``index``."""
        return self._starts[index] + (self._shift if index >= self._gap else 0)

    def starts(self, begin: int = 0, end: int | None = None) -> list[int]:
        end = len(self._entries) if end is None else end
        return [self.start(index) for index in range(begin, end)]

    def html(self, index: int) -> str:
        return self._entries[index].html

    @property
    def title_html(self) -> str:
        return self._title_html

    @property
    def references_html(self) -> str:
        return "" if self._refs_holder is not None else self._references

    @property
    def footnotes_html(self) -> str:
        return self._footnotes_html

    @property
    def metadata(self) -> Metadata:
        return self._metadata

    @property
    def title_text(self) -> str:
        return self._title_text

    @property
    def word_count(self) -> int:
        return self._words

    @property
    def body_start_line(self) -> int:
        return self._front.end_line if self._front else 0

    @property
    def settings(self) -> CitationSettings | None:
        return self._settings

    @property
    def notices(self) -> list[str]:
        return self._notices

    def headings(self) -> list[Heading]:
        return self._headings

    def review(self) -> list[ReviewFinding]:
        return self._review

    def cited_keys(self) -> list[str]:
        return self._cited_keys

    def citation_uses(self) -> list[str]:
        return self._citation_uses

    def problems(self) -> list[SourceProblem]:
        front = [self._front_problem] if self._front_problem else []
        return front + self._refusals + self._cite_problems

    def document(self) -> RenderedDocument:
        """The whole rendering (linear in the document: for a whole render, and tests)."""
        settings = self._settings
        return RenderedDocument(
            metadata=self._metadata,
            problems=self.problems(),
            title_html=self._title_html,
            block_lines=self.starts(),
            block_html=[entry.html for entry in self._entries],
            footnotes_html=self._footnotes_html,
            word_count=self._words,
            title_text=self._title_text,
            references_html=self.references_html,
            bibliography_paths=list(settings.bibliography) if settings else [],
            csl_path=settings.csl if settings else None,
            csl_locale=settings.locale if settings else "",
            notices=list(self._notices),
            cited_keys=list(self._cited_keys),
            citation_uses=list(self._citation_uses),
            headings=list(self._headings),
            body_start_line=self.body_start_line,
            review=list(self._review),
        )

    # Changing it ------------------------------------------------------------------------------

    def load(
        self,
        text: str,
        folder: Path | None = None,
        overrides: CitationOverrides | None = None,
        visible: tuple[int, int] | None = None,
    ) -> Change:
        """Start from ``text``. With ``visible`` lines ``(first, end)``, only the blocks
        overlapping them (and as many lines again above and below) are rendered, and the
        state is not ``complete`` until ``complete`` renders the rest."""
        self.lines = TextLines(text)
        self._clear()
        self.complete = True
        return self._change(0, 0, len(self.lines), folder, overrides, visible=visible, load=True)

    def edit(
        self,
        first: int,
        old_end: int,
        new_end: int,
        folder: Path | None = None,
        overrides: CitationOverrides | None = None,
    ) -> Change:
        """Take in that ``self.lines`` changed: old lines ``[first, old_end)`` are now lines
        ``[first, new_end)``."""
        return self._change(first, old_end, new_end, folder, overrides)

    def finish_rendering(
        self, folder: Path | None = None, overrides: CitationOverrides | None = None
    ) -> Change:
        """Render the blocks a partial load left out, and settle the document over them."""
        change = Change(start=0)
        if self.complete:
            return change
        self.complete = True
        rendered = []
        for index, entry in enumerate(self._entries):
            if entry.part is None:
                self._render_entry(entry, self.start(index))
                self._words += entry.words
                self._id_counts.update(entry.heading_ids)
                rendered.append(index)
        self._settle(change, [], [], rendered, folder, overrides, force=True)
        return change

    def _change(
        self,
        first: int,
        old_end: int,
        new_end: int,
        folder: Path | None,
        overrides: CitationOverrides | None,
        visible: tuple[int, int] | None = None,
        load: bool = False,
    ) -> Change:
        lines = self.lines.view()
        delta = new_end - old_end
        front = self._front_after(first, new_end, load)
        front_changed = load or front != self._front
        if front_changed:
            self._front = front
            self._metadata, self._front_problem = parse_metadata(front)
            self._title_html, self._title_text = self._renderer.title_block(
                self._metadata, self._remember
            )
        body = front.end_line if front else 0

        # The region: from the block before the change to where the new split meets an old
        # block start again (a new front matter: from the top).
        count = len(self._entries)
        before = -1 if front_changed else self._first_at_or_after(first) - 1
        region = max(before, 0)
        restart = self.start(before) if before >= 0 else body
        self._move_gap(region)
        after = region  # the old entry the new split may meet

        def meets(line: int) -> bool:
            nonlocal after
            if line < new_end:
                return False
            stored = line - delta - self._shift  # an old entry's stored first line
            while after < count and self._starts[after] < stored:
                after += 1
            return after < count and self._starts[after] == stored

        ranges, met = scan_blocks(lines, restart, meets if count else None)
        end = after if met is not None else count
        old = self._entries[region:end]
        change = Change(
            start=region,
            removed=len(old),
            added=len(ranges),
            old_starts=[self._starts[index] + self._shift for index in range(region, end)],
            old_html=[entry.html for entry in old],
            line_shift=delta,
            title=front_changed,
            old_from=restart if before >= 0 else 0,
            old_to=self._starts[end] + self._shift if end < count else _FAR,
        )
        self.counters.blocks_split += len(ranges)

        new: list[_Entry] = []
        for begin, stop in ranges:
            block = make_block(lines, begin, stop)
            new.append(
                _Entry(
                    block.source,
                    block.kind,
                    block.footnote_label,
                    stop - begin,
                    tuple(reference_definitions(block)),
                )
            )
        self._entries[region:end] = new
        self._starts[region:end] = [begin for begin, _ in ranges]
        self._gap = region + len(new)
        self._shift = self._shift + delta if self._gap < len(self._entries) else 0
        definitions_changed = False
        if load or _definitions(old) != _definitions(new):
            definitions = "\n".join(line for entry in self._entries for line in entry.definitions)
            definitions_changed = definitions != self._definitions
            self._definitions = definitions
            self.counters.settle_passes += 1

        # The new entries rendered, or given the rendering of an old one with their source.
        shown = (0, len(lines))
        if load and visible is not None:
            shown = _visible_lines(visible, len(lines))
            self.complete = all(shown[0] < stop and begin < shown[1] for begin, stop in ranges)
        reusable = {entry.source: entry.part for entry in old if entry.part is not None}
        fresh: dict[str, BlockPart] = {}  # a block repeated is rendered once
        for entry, (begin, stop) in zip(new, ranges, strict=True):
            if not (shown[0] < stop and begin < shown[1]):
                continue  # rendered by ``finish_rendering``
            part = fresh.get(entry.source)
            if part is None:
                part = reusable.get(entry.source)
                if part is None or (definitions_changed and _may_use_definitions(entry)):
                    part = fresh[entry.source] = self._render_entry(entry, begin)
            entry.part = part

        # Blocks elsewhere that may use reference definitions, when those changed.
        rerendered: list[int] = []
        if definitions_changed and not load:
            for index, entry in enumerate(self._entries):
                if region <= index < region + len(new) or entry.part is None:
                    continue
                if _may_use_definitions(entry):
                    self._words -= entry.words
                    self._id_counts.subtract(entry.heading_ids)
                    self._render_entry(entry, self.start(index))
                    self._words += entry.words
                    self._id_counts.update(entry.heading_ids)
                    rerendered.append(index)
        self._settle(change, old, new, rerendered, folder, overrides, force=load or front_changed)
        return change

    def _render_entry(self, entry: _Entry, first_line: int) -> BlockPart:
        block = _make_block(entry, first_line)
        part = self._renderer.part(
            block, self._definitions, self._track, self._remember, self._markup
        )
        entry.part = part
        self.counters.blocks_rendered += 1
        return part

    def _front_after(self, first: int, new_end: int, load: bool) -> FrontMatterSpan | None:
        """The front matter after an edit of lines ``[first, new_end)``: read again only when
        the edit may have changed it."""
        lines = self.lines.view()
        if not load:
            if self._front is not None and first >= self._front.end_line:
                return self._front
            if self._front is None:
                if not lines or lines[0].rstrip() != "---":
                    return None
                if len(lines) > 1 and not lines[1].strip():
                    return None
                if first >= 2 and not any(
                    lines[index].rstrip() in ("---", "...") for index in range(first, new_end)
                ):
                    return None
        return find_front_matter(lines)  # type: ignore[arg-type]  # it only reads

    def _first_at_or_after(self, line: int) -> int:
        """The index of the first entry starting at or after ``line``."""
        gap = self._gap
        index = bisect.bisect_left(self._starts, line, 0, gap)
        if index < gap:
            return index
        return bisect.bisect_left(self._starts, line - self._shift, gap, len(self._starts))

    def _move_gap(self, index: int) -> None:
        starts, shift = self._starts, self._shift
        if shift:
            if index < self._gap:
                for at in range(index, self._gap):
                    starts[at] -= shift
            else:
                for at in range(self._gap, index):
                    starts[at] += shift
            self.counters.gap_moves += abs(index - self._gap)
        self._gap = index

    # Settling --------------------------------------------------------------------------------

    def _settle(
        self,
        change: Change,
        old: list[_Entry],
        new: list[_Entry],
        rerendered: list[int],
        folder: Path | None,
        overrides: CitationOverrides | None,
        force: bool,
    ) -> None:
        """Patch the document-wide facts for entries ``old`` replaced by ``new`` (at
        ``change.start``) and the ``rerendered`` entries rendered again elsewhere; ``force``:
        settle every fact over the whole document."""
        entries = self._entries
        region, region_end = change.start, change.start + len(new)
        force = force or bool(rerendered)
        again: set[int] = set(rerendered)  # entries outside the region to make again

        self._words += sum(entry.words for entry in new) - sum(entry.words for entry in old)
        old_ids = Counter(i for entry in old for i in entry.heading_ids)
        new_ids = Counter(i for entry in new for i in entry.heading_ids)
        counts_before = {key: self._id_counts[key] for key in old_ids | new_ids}
        self._id_counts.update(new_ids)
        self._id_counts.subtract(old_ids)

        # Footnotes: which definitions count (the first of each label), numbered in order of
        # first reference.
        notes_changed = False
        olds = [entry for entry in old if entry.kind is BlockKind.FOOTNOTE]
        news = [entry for entry in new if entry.kind is BlockKind.FOOTNOTE]
        if force or [entry.label for entry in olds] != [entry.label for entry in news]:
            notes: dict[str, _Entry] = {}
            for entry in entries:
                if entry.kind is BlockKind.FOOTNOTE:
                    notes.setdefault(entry.label, entry)
            self.counters.settle_passes += 1
            notes_changed = notes.keys() != self._notes.keys() or any(
                notes[label].source != self._notes[label].source for label in notes
            )
            self._notes = notes
        else:
            for was, now in zip(olds, news, strict=True):
                if self._notes.get(was.label) is was:
                    self._notes[was.label] = now
                    notes_changed = notes_changed or was.source != now.source
        if force or notes_changed or _joined(old, "note_refs") != _joined(new, "note_refs"):
            order: dict[str, None] = {}
            for entry in entries:
                if entry.note_refs:
                    for label in entry.note_refs:
                        if label in self._notes:
                            order.setdefault(label)
            self.counters.settle_passes += 1
            if list(order) != self._order:
                self._order = list(order)
                self._numbers = {label: n + 1 for n, label in enumerate(self._order)}
                notes_changed = True
                for index, entry in enumerate(entries):
                    if entry.note_refs and _numbers_of(entry, self._numbers) != entry.numbers:
                        again.add(index)

        # Heading ids: the n-th heading with the same id gets "-n" after it.
        if not force and _joined(old, "heading_ids") == _joined(new, "heading_ids"):
            suffixes = iter([count for entry in old for count in entry.suffixes])
            for entry in new:
                entry.suffixes = tuple(next(suffixes) for _ in entry.heading_ids)
        elif not force and all(
            counts_before[key] <= 1 and self._id_counts[key] <= 1 for key in counts_before
        ):
            for entry in new:  # ids no other heading has
                entry.suffixes = tuple(0 for _ in entry.heading_ids)
        else:
            seen: dict[str, int] = {}
            for index, entry in enumerate(entries):
                if not entry.heading_ids:
                    continue
                counted = []
                for identifier in entry.heading_ids:
                    counted.append(seen.get(identifier, 0))
                    seen[identifier] = counted[-1] + 1
                if tuple(counted) != entry.suffixes:
                    entry.suffixes = tuple(counted)
                    again.add(index)
            self.counters.settle_passes += 1
        again.difference_update(range(region, region_end))

        for entry in new:
            self._number(entry)
        for index in again:
            self._number(entries[index])
        footnotes_before = self._footnotes_html
        self._notes_rebuilt = bool(notes_changed or news)
        if self._notes_rebuilt:
            self._notes_section()

        references_before = self._references
        holder = self._place_references(old, new, again, force)
        self._cite(change, old, new, again, folder, overrides, force)
        if self._references != references_before and holder is not None:
            again.add(self._entries.index(holder))
        again.difference_update(range(region, region_end))
        change.references = (
            self._references != references_before or holder is not self._holder_before
        )
        change.footnotes = self._footnotes_html != footnotes_before

        # What the preview shows of each entry, and the lists that follow from it.
        for entry in new:
            self._show(entry)
        for index in again:
            entry = entries[index]
            before = entry.html
            self._show(entry)
            if entry.html != before:
                change.changed.add(index)
        self.counters.blocks_settled += len(new) + len(again)
        self._patch_lists(change, old, new, sorted(again))

    def _number(self, entry: _Entry) -> None:
        if entry.part is None:
            entry.numbers, entry.numbered = (), ""
            return
        entry.numbers = _numbers_of(entry, self._numbers)
        entry.numbered = finish(entry.part.raw, self._numbers, entry.suffixes)

    def _show(self, entry: _Entry) -> None:
        if entry is self._refs_holder:
            entry.html, entry.headings = self._references, ()
        elif entry.part is None or entry.kind is not BlockKind.TEXT:
            entry.html, entry.headings = "", ()
        else:
            if entry.part.marks:
                pieces = iter(entry.pieces)
                entry.html = replace_marks(entry.numbered, lambda _mark: next(pieces))
            else:
                entry.html = entry.numbered
            entry.headings = block_headings(entry.part, entry.html)

    def _notes_section(self) -> None:
        bodies = {}
        for label in self._order:
            source = self._notes[label].source
            known = self._bodies.get(label)
            if known is None or known[0] != source:
                body = self._renderer.note_body(source, self._track, self._remember, self._markup)
                known = (source, body)
                self._bodies[label] = known
            bodies[label] = known[1]
        self._notes_raw = footnotes_html(self._order, bodies, self._numbers)
        self._notes_marks = tuple(marks_in(self._notes_raw))

    def _place_references(
        self, old: list[_Entry], new: list[_Entry], again: set[int], force: bool
    ) -> _Entry | None:
        """The ::: {#refs} div that holds the reference list: the first one."""
        self._holder_before = self._refs_holder
        if force or any(entry.kind is BlockKind.REFS_DIV for entry in (*old, *new)):
            holder = next(
                (entry for entry in self._entries if entry.kind is BlockKind.REFS_DIV), None
            )
            if holder is not self._refs_holder:
                for index, entry in enumerate(self._entries):
                    if entry is self._refs_holder or entry is holder:
                        again.add(index)
                self._refs_holder = holder
        return self._refs_holder

    def _cite(
        self,
        change: Change,
        old: list[_Entry],
        new: list[_Entry],
        again: set[int],
        folder: Path | None,
        overrides: CitationOverrides | None,
        force: bool,
    ) -> None:
        """Format the citations: all of them when one changed (or the settings, or a
        bibliography file), else the new entries take the old entries' formatted citations."""
        key = (self._front, folder, overrides)
        if force or key != self._settings_key:
            styles = self._renderer.citations.styles
            settings = settings_for(self._metadata, folder, overrides, styles)
            force = force or settings != self._settings
            self._settings, self._settings_key = settings, key
        settings = self._settings
        stamp = self._stamp
        if settings is not None and (self._cited or any(entry.marks for entry in new)):
            _, stamp = self._renderer.citations.library(settings.bibliography)
        if (
            not force
            and stamp == self._stamp
            and self._notes_marks == self._notes_formatted
            and _joined(old, "marks") == _joined(new, "marks")
        ):
            pieces = iter([piece for entry in old for piece in entry.pieces])
            for entry in new:
                entry.pieces = tuple(next(pieces) for _ in entry.marks)
            if self._notes_rebuilt:
                self._footnotes_html = self._with_pieces(self._notes_raw, self._notes_pieces)
            self._patch_key_lines(change, old, new)
            return
        self._citation_pass(change, settings, again)

    def _citation_pass(
        self, change: Change, settings: CitationSettings | None, again: set[int]
    ) -> None:
        self.counters.citation_passes += 1
        owners: list[int] = []
        marks: list[str] = []
        for index, entry in enumerate(self._entries):
            if entry.marks:
                owners.append(index)
                marks.extend(entry.marks)
        marks.extend(self._notes_marks)
        before = (self._cited_keys, self._citation_uses, self._cite_problems)
        self._cited = bool(marks)
        self._references, self._notices = "", []
        self._cited_keys, self._citation_uses, self._cite_problems = [], [], []
        self._unknown, self._key_lines = [], []
        self._stamp = None
        pieces: list[str]
        if not marks:
            pieces = []
        else:
            decoded = [self._decode(mark) for mark in marks]
            if settings is None:
                # No bibliography: citations stay as written, as pandoc leaves them.
                pieces = [html.escape(source) for _, source in decoded]
            else:
                clusters = [cluster for cluster, _ in decoded]
                result = self._renderer.citations.format(settings, clusters)
                formatted = result.formatted
                pieces = [
                    citation_html(cluster, text)
                    for cluster, text in zip(clusters, formatted.clusters, strict=True)
                ]
                self._notices = list(result.problems)
                self._citation_uses = [key for cluster in clusters for key in cluster.keys]
                self._cited_keys = list(dict.fromkeys(self._citation_uses))
                self._unknown = list(formatted.unknown_keys)
                self._find_key_lines()
                self._references = reference_list_html(formatted)
        if settings is not None:
            _, self._stamp = self._renderer.citations.library(settings.bibliography)
        position = 0
        region = range(change.start, change.start + change.added)
        for index in owners:
            entry = self._entries[index]
            mine = tuple(pieces[position : position + len(entry.marks)])
            position += len(entry.marks)
            if mine != entry.pieces:
                entry.pieces = mine
                if index not in region:
                    again.add(index)
        self._notes_pieces = tuple(pieces[position:])
        self._notes_formatted = self._notes_marks
        self._footnotes_html = self._with_pieces(self._notes_raw, self._notes_pieces)
        after = (self._cited_keys, self._citation_uses, self._cite_problems)
        change.citations = before[:2] != after[:2]
        change.problems = change.problems or before[2] != after[2]

    def _decode(self, mark: str) -> tuple[Cluster, str]:
        found = self._decoded.get(mark)
        if found is None:
            found = self._decoded[mark] = decode(mark)
        return found

    @staticmethod
    def _with_pieces(fragment: str, pieces: tuple[str, ...]) -> str:
        if not pieces:
            return fragment
        found = iter(pieces)
        return replace_marks(fragment, lambda _mark: next(found))

    def _find_key_lines(self) -> None:
        """Where each unknown key is first cited (0-based), ``None``: nowhere (line 1 then)."""
        self._key_lines = [self._first_line_citing(key) for key in self._unknown]
        self._cite_problems = [
            SourceProblem(1 if line is None else line + 1, f"unknown citation key '{key}'")
            for key, line in zip(self._unknown, self._key_lines, strict=True)
        ]

    def _first_line_citing(self, key: str) -> int | None:
        pattern = citation_pattern(key)
        for index, entry in enumerate(self._entries):
            match = pattern.search(entry.source)
            if match:
                return self.start(index) + entry.source.count("\n", 0, match.start())
        return None

    def _patch_key_lines(self, change: Change, old: list[_Entry], new: list[_Entry]) -> None:
        """Unknown keys' lines after an edit that changed no citation: found again if the
        changed blocks mention one, else moved with the lines."""
        if not self._unknown:
            return
        patterns = [citation_pattern(key) for key in self._unknown]
        if any(p.search(entry.source) for p in patterns for entry in (*old, *new)):
            before = self._cite_problems
            self._find_key_lines()
            change.problems = change.problems or before != self._cite_problems
            return
        if change.line_shift:
            moved = False
            for number, line in enumerate(self._key_lines):
                if line is not None and line >= change.old_to:
                    self._key_lines[number] = line + change.line_shift
                    moved = True
            if moved:
                self._cite_problems = [
                    SourceProblem(1 if line is None else line + 1, problem.message)
                    for line, problem in zip(self._key_lines, self._cite_problems, strict=True)
                ]
                change.problems = True

    def _patch_lists(
        self, change: Change, old: list[_Entry], new: list[_Entry], again: list[int]
    ) -> None:
        """Headings, review marks and refused blocks: the region's replaced, later ones moved
        by the edit's lines, and those of ``again`` entries made again."""
        region = change.start
        starts = [self.start(region + offset) for offset in range(len(new))]
        shift, low, high = change.line_shift, change.old_from, change.old_to

        headings = [
            _heading_at(heading, start)
            for entry, start in zip(new, starts, strict=True)
            for heading in entry.headings
        ]
        change.headings = (
            _patch(self._headings, _heading_line, _heading_at, low, high, shift, headings)
            or change.headings
        )
        review = [
            _finding_at(finding, start)
            for entry, start in zip(new, starts, strict=True)
            if entry.part is not None
            for finding in entry.part.review
        ]
        change.review = (
            _patch(self._review, _finding_line, _finding_at, low, high, shift, review)
            or change.review
        )
        refusals = [
            problem
            for entry, start in zip(new, starts, strict=True)
            for problem in _refusal(entry, start)
        ]
        change.problems = (
            _patch(self._refusals, _problem_line, _problem_at, low, high, shift, refusals)
            or change.problems
        )
        for index in again:
            entry = self._entries[index]
            start = self.start(index)
            low, high = start, start + entry.length
            change.headings = (
                _patch(
                    self._headings,
                    _heading_line,
                    _heading_at,
                    low,
                    high,
                    0,
                    [_heading_at(heading, start) for heading in entry.headings],
                )
                or change.headings
            )
            if entry.part is not None:
                change.review = (
                    _patch(
                        self._review,
                        _finding_line,
                        _finding_at,
                        low,
                        high,
                        0,
                        [_finding_at(finding, start) for finding in entry.part.review],
                    )
                    or change.review
                )
            change.problems = (
                _patch(
                    self._refusals,
                    _problem_line,
                    _problem_at,
                    low,
                    high,
                    0,
                    _refusal(entry, start),
                )
                or change.problems
            )
        change.problems = change.problems or change.title  # the front matter's problem


def _patch(
    items: list[T],
    line_of: Callable[[T], int],
    moved: Callable[[T, int], T],
    low: int,
    high: int,
    shift: int,
    inserted: list[T],
) -> bool:
    """Replace the ``items`` on lines ``[low, high)`` by ``inserted`` and move those after by
    ``shift`` lines (``items`` are in line order); whether anything changed."""
    start = bisect.bisect_left(items, low, key=line_of)
    end = bisect.bisect_left(items, high, key=line_of)
    changed = items[start:end] != inserted
    if shift and end < len(items):
        items[end:] = [moved(item, shift) for item in items[end:]]
        changed = True
    items[start:end] = inserted
    return changed


def _heading_line(heading: Heading) -> int:
    return heading.line


def _heading_at(heading: Heading, shift: int) -> Heading:
    return Heading(heading.level, heading.text, heading.id, heading.line + shift)


def _finding_line(finding: ReviewFinding) -> int:
    return finding.line - 1


def _finding_at(finding: ReviewFinding, shift: int) -> ReviewFinding:
    return ReviewFinding(
        finding.line + shift,
        finding.column,
        finding.end_line + shift,
        finding.end,
        finding.kind,
        finding.message,
        finding.text,
    )


def _problem_line(problem: SourceProblem) -> int:
    return problem.line - 1


def _problem_at(problem: SourceProblem, shift: int) -> SourceProblem:
    return SourceProblem(problem.line + shift, problem.message)


def _refusal(entry: _Entry, start: int) -> list[SourceProblem]:
    if entry.part is None or entry.part.refusal is None:
        return []
    line, reason = entry.part.refusal
    return [SourceProblem(start + line + 1, reason)]


def _make_block(entry: _Entry, first_line: int) -> Block:
    return Block(first_line, first_line + entry.length, entry.source, entry.kind, entry.label)


def _may_use_definitions(entry: _Entry) -> bool:
    """Whether the block may render differently with other reference definitions."""
    return entry.kind is BlockKind.TEXT and "[" in entry.source


def _definitions(entries: list[_Entry]) -> list[str]:
    return [line for entry in entries for line in entry.definitions]


def _joined(entries: list[_Entry], name: str) -> list:
    return [item for entry in entries for item in getattr(entry, name)]


def _numbers_of(entry: _Entry, numbers: dict[str, int]) -> tuple[int | None, ...]:
    return tuple(numbers.get(label) for label in dict.fromkeys(entry.note_refs))


def _visible_lines(visible: tuple[int, int], total: int) -> tuple[int, int]:
    """The lines rendered first: those visible and as many again above and below."""
    first, end = visible
    height = max(end - first, 1)
    return max(first - height, 0), min(end + height, total)
