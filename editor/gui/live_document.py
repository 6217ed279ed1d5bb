"""The rendered document as the window knows it, kept in step by the render process's
updates: small facts replaced on every update, block lines spliced, and the lists (headings,
review marks, citations, problems) replaced only when an update carries them, so a reader can
tell by identity, at no cost, that a list is as before."""

from __future__ import annotations

from pathlib import Path

from editor.core.frontmatter import Metadata, SourceProblem
from editor.core.render import Heading, RenderedDocument
from editor.core.render_session import DocumentFacts, RenderUpdate, apply_line_update
from editor.core.review.findings import ReviewFinding

_EMPTY_FACTS = DocumentFacts(
    metadata=Metadata(),
    title_text="",
    word_count=0,
    body_start_line=0,
    bibliography_paths=(),
    csl_path=None,
    csl_locale="",
    notices=(),
)


class LiveDocument:
    """Reads like a ``RenderedDocument`` (but for its HTML, which the preview holds): the
    same object after every update, its lists new objects only when they changed."""

    def __init__(self) -> None:
        self.facts = _EMPTY_FACTS
        self.block_lines: list[int] = []  # 0-based first source line of each block
        self.headings: tuple[Heading, ...] = ()
        self.review: tuple[ReviewFinding, ...] = ()
        self.cited_keys: tuple[str, ...] = ()
        self.citation_uses: tuple[str, ...] = ()
        self.problems: tuple[SourceProblem, ...] = ()
        self.partial = False  # blocks away from the view still to be rendered
        self.changed: frozenset[str] = frozenset()  # the lists the last update replaced

    def apply(self, update: RenderUpdate) -> None:
        """Take ``update``: from nothing when it is ``full``, else over what came before."""
        if update.full:
            self.block_lines = list(update.block_lines.inserted)
        else:
            apply_line_update(self.block_lines, update.block_lines, update.line_shift)
        self.facts = update.facts
        self.partial = getattr(update, "partial", False)
        changed = set()
        for name in ("headings", "review", "cited_keys", "citation_uses", "problems"):
            value = getattr(update, name)
            if value is not None:
                setattr(self, name, value)
                changed.add(name)
        self.changed = frozenset(changed)

    # The facts, under RenderedDocument's names.
    @property
    def metadata(self) -> Metadata:
        return self.facts.metadata

    @property
    def title_text(self) -> str:
        return self.facts.title_text

    @property
    def word_count(self) -> int:
        return self.facts.word_count

    @property
    def body_start_line(self) -> int:
        return self.facts.body_start_line

    @property
    def bibliography_paths(self) -> tuple[Path, ...]:
        return self.facts.bibliography_paths

    @property
    def csl_path(self) -> Path | None:
        return self.facts.csl_path

    @property
    def csl_locale(self) -> str:
        return self.facts.csl_locale

    @property
    def notices(self) -> tuple[str, ...]:
        return self.facts.notices


# What the readers of ``documentRendered`` take: the window's live document, or (in tests and
# one-off renders) a whole ``RenderedDocument``.
Rendered = LiveDocument | RenderedDocument
