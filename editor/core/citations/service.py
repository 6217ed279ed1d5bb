"""Owns what citing needs across renders: the loaded bibliographies (reloaded when their files
change), the parsed styles, and the formatted results of the last cluster lists, so typing
prose never runs citeproc again."""

from __future__ import annotations

import html
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor.core.citations.bibliography import Library, load_bibliographies
from editor.core.citations.formatter import (
    DEFAULT_LOCALE,
    CitationFormatter,
    CitationStyle,
    FormattedCitations,
    StyleError,
)
from editor.core.citations.styles import StyleRepository
from editor.core.citations.syntax import Cluster
from editor.core.frontmatter import Metadata

_KEEP_RESULTS = 8  # formatted cluster lists remembered (undo/redo flips between a few)


@dataclass(frozen=True)
class CitationOverrides:
    """What the command line (``--bibliography``, ``--csl``) puts above the front matter, and
    the style to use when neither it nor the front matter names one (the user's preference).
    A style is anything ``csl:`` may say: a file, a style id or a title."""

    bibliography: tuple[Path, ...] = ()
    csl: str | Path | None = None
    default_csl: str | Path | None = None


@dataclass(frozen=True)
class CitationSettings:
    """Everything a document's citations are formatted with."""

    bibliography: tuple[Path, ...]
    csl: Path | None  # an independent style's file; None: the default style
    locale: str
    style_problem: str | None = None  # why the style named could not be used


@dataclass
class CitationResult:
    """Formatted citations plus what went wrong on the way."""

    formatted: FormattedCitations
    problems: list[str] = field(default_factory=list)  # already naming their files


def settings_for(
    metadata: Metadata,
    folder: Path | None,
    overrides: CitationOverrides | None = None,
    styles: StyleRepository | None = None,
) -> CitationSettings | None:
    """The citation settings of a document, as pandoc reads them: ``bibliography`` (a path or
    a list, relative to the document's folder), ``csl`` (resolved through ``styles``: a file,
    or a style of the repository by id or title) and ``lang`` (else the style's default
    locale); ``None`` without any bibliography."""
    overrides = overrides or CitationOverrides()
    base = folder or Path.cwd()
    bibliography = overrides.bibliography or tuple(
        _resolve(base, item) for item in _as_list(metadata.extra.get("bibliography"))
    )
    if not bibliography:
        return None
    named = overrides.csl or metadata.extra.get("csl") or overrides.default_csl
    if not named or not str(named).strip():
        return CitationSettings(tuple(bibliography), None, metadata.lang or DEFAULT_LOCALE)
    resolved = (styles or StyleRepository()).resolve(named, base)
    locale = metadata.lang or resolved.default_locale or DEFAULT_LOCALE
    return CitationSettings(tuple(bibliography), resolved.path, locale, resolved.problem)


class CitationService:
    """Loads, caches and formats. Not thread-safe: one per render worker."""

    def __init__(self, styles: StyleRepository | None = None) -> None:
        self.styles = styles or StyleRepository()  # resolves csl: values (shared: thread-safe)
        self._libraries: dict[tuple[Path, ...], tuple[tuple, Library]] = {}
        self._styles: dict[tuple[Path | None, str], CitationStyle] = {}
        self._results: OrderedDict[tuple, CitationResult] = OrderedDict()
        self.formatted_runs = 0  # how often citeproc actually ran (for tests and benchmarks)

    def library(self, paths: tuple[Path, ...]) -> tuple[Library, tuple]:
        """The merged library of ``paths``, loaded again only when a file changed."""
        stamp = file_stamps(paths)
        cached = self._libraries.get(paths)
        if cached is None or cached[0] != stamp:
            cached = (stamp, load_bibliographies(list(paths)))
            self._libraries[paths] = cached
        return cached[1], stamp

    def style(self, csl: Path | None, locale: str) -> tuple[CitationStyle, list[str]]:
        """The style to use, falling back to the default style or locale when one is unusable."""
        problems: list[str] = []
        # dict.fromkeys: the document's locale may be the default one, and a style that cannot
        # be used fails the same way in any locale; each problem is said once.
        attempts = dict.fromkeys(((csl, locale), (csl, DEFAULT_LOCALE), (None, DEFAULT_LOCALE)))
        for attempt in attempts:
            if attempt in self._styles:
                return self._styles[attempt], problems
            try:
                style = CitationStyle(attempt[0], attempt[1])
            except StyleError as error:
                if str(error) not in problems:
                    problems.append(str(error))
                continue
            self._styles[attempt] = style
            return style, problems
        raise StyleError("the default citation style could not be loaded")

    def format(self, settings: CitationSettings, clusters: list[Cluster]) -> CitationResult:
        """Format ``clusters`` in order; the same clusters with unchanged files cost nothing."""
        library, stamp = self.library(settings.bibliography)
        style, style_problems = self.style(settings.csl, settings.locale)
        key = (settings, stamp, tuple(clusters))
        cached = self._results.get(key)
        if cached is not None:
            self._results.move_to_end(key)
            return cached
        formatted = CitationFormatter(library.entries, style).format(clusters)
        self.formatted_runs += 1
        result = CitationResult(
            formatted,
            [str(problem) for problem in library.problems]
            + ([settings.style_problem] if settings.style_problem else [])
            + style_problems,
        )
        self._results[key] = result
        while len(self._results) > _KEEP_RESULTS:
            self._results.popitem(last=False)
        return result


def reference_list_html(formatted: FormattedCitations) -> str:
    """The reference list as pandoc writes it: a div of entries with ``ref-KEY`` ids."""
    if not formatted.bibliography:
        return ""
    entries = "\n".join(
        f'<div id="ref-{html.escape(key, quote=True)}" class="csl-entry" role="listitem">'
        f"{entry}</div>"
        for key, entry in zip(formatted.bibliography_keys, formatted.bibliography, strict=True)
    )
    return f'<div id="refs" class="references csl-bib-body" role="list">\n{entries}\n</div>'


def citation_html(cluster: Cluster, formatted: str) -> str:
    """One formatted citation in pandoc's wrapper."""
    cites = html.escape(" ".join(cluster.keys), quote=True)
    return f'<span class="citation" data-cites="{cites}">{formatted}</span>'


def _as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else [value]
    return [str(item) for item in items if str(item).strip()]


def _resolve(base: Path, name: str | Path) -> Path:
    path = Path(str(name)).expanduser()
    return path if path.is_absolute() else (base / path)


def file_stamps(paths: tuple[Path, ...]) -> tuple:
    """What tells whether files changed: each one's path, modification time and size."""
    return tuple(_stamp(path) for path in paths)


def _stamp(path: Path) -> tuple:
    try:
        info = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path), info.st_mtime_ns, info.st_size)
