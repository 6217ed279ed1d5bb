"""Citations and reference lists formatted as a CSL style prescribes, as pandoc's citeproc does.

citeproc-py renders one cite or one entry at a time (through ``csl_layer``); what it lacks is
done here: clusters (sorting, grouping and collapsing cites, author-in-text and suppressed
authors, prefixes, suffixes), disambiguation (more names, given names, year suffixes),
sorting with a Unicode-aware collation, and keys kept exactly as written. Rendered cites and
entries are cached on the style by the item's content, so a document re-formats only what
changed. Qt-free; a missing key becomes a visible marker, never an exception.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path

from citeproc import STYLES_PATH
from citeproc.string import String
from lxml import etree

from editor.core.citations.csl_layer import (
    CslError,
    CslStyle,
    NameTweaks,
    NoteStyleError,
    resolve_locale,
)
from editor.core.citations.csl_text import author_part, collation_key, plain, reference
from editor.core.citations.syntax import CitationItem, Cluster

log = logging.getLogger(__name__)

DEFAULT_STYLE = "harvard-cite-them-right"  # the style citeproc-py ships
DEFAULT_STYLE_NAME = "Cite Them Right Harvard"
DEFAULT_LOCALE = "en-GB"
_CACHE_SIZE = 20_000  # rendered cites, entries and sort keys kept per style
_EN_DASH = "\u2013"


class StyleError(Exception):
    """A CSL style or locale that cannot be used; the message names the file and why."""


def default_style_path() -> Path:
    """The Cite Them Right Harvard style that comes with citeproc-py."""
    return Path(STYLES_PATH) / f"{DEFAULT_STYLE}.csl"


class CitationStyle:
    """A parsed CSL style and locale, loaded once and shared."""

    def __init__(self, style_path: Path | None = None, locale: str = DEFAULT_LOCALE):
        path = Path(style_path) if style_path is not None else default_style_path()
        resolved = resolve_locale(locale or DEFAULT_LOCALE)
        if resolved is None:
            raise StyleError(f"{path}: there is no CSL locale for the language {locale!r}")
        if not path.is_file():
            raise StyleError(f"{path}: no such file")
        try:
            self._csl = CslStyle(path, resolved)
        except OSError as error:
            raise StyleError(f"{path}: cannot be read ({error.strerror or error})") from error
        except etree.XMLSyntaxError as error:
            raise StyleError(f"{path}: not well-formed XML ({error})") from error
        except NoteStyleError as error:
            raise StyleError(
                f"{path}: {error} is a note style (footnotes); Article Editor formats "
                f"author-date and numeric styles only; using {DEFAULT_STYLE_NAME}"
            ) from error
        except CslError as error:
            raise StyleError(f"{path}: not a usable CSL style: {error}") from error
        except Exception as error:  # citeproc-py failing on a style it cannot follow
            log.exception("citeproc-py cannot use the style %s", path)
            raise StyleError(f"{path}: cannot be used ({error!r})") from error
        self.path = path
        self.locale = resolved
        self.name = self._csl.title
        # one document formats at a time: citeproc-py keeps state on the parsed style
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple, object] = OrderedDict()

    def __repr__(self) -> str:
        return f"CitationStyle({str(self.path)!r}, {self.locale!r})"

    def _cached(self, key: tuple, make):
        """``make()``, remembered under ``key`` (least recently used dropped first)."""
        try:
            value = self._cache[key]
        except KeyError:
            value = self._cache[key] = make()
            if len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
            return value
        self._cache.move_to_end(key)
        return value


@dataclass
class FormattedCitations:
    """A document's citations and reference list, as HTML fragments."""

    clusters: list[str]  # one per input cluster, in input order
    bibliography: list[str]  # inner HTML of each reference-list entry, in the style's order
    bibliography_keys: list[str]  # the key of each entry above
    unknown_keys: list[str]  # keys not in the library, first-use order


@dataclass
class _Work:
    """One cited work while a document is formatted, with what disambiguation gave it."""

    key: str
    fingerprint: str
    ref: object  # citeproc-py Reference
    number: int = 0  # position in the reference list (citation-number)
    tweaks: NameTweaks = field(default_factory=NameTweaks)
    year_suffix: str = ""
    disambiguate: bool = False


class CitationFormatter:
    """Formats clusters of citations with one library (CSL-JSON items by key) and one style."""

    def __init__(self, library: dict[str, dict], style: CitationStyle):
        self._library = library
        self._style = style
        self._csl = style._csl
        self._state: dict[str, _Work] = {}  # the last document's works, for format_entry

    def format(self, clusters: list[Cluster]) -> FormattedCitations:
        """Every cluster formatted, and the reference list of the works they cite."""
        with self._style._lock:
            self._csl.begin_document()
            keys: list[str] = []
            unknown: list[str] = []
            for cluster in clusters:
                for item in cluster.items:
                    known = item.key in self._library
                    seen = keys if known else unknown
                    if item.key not in seen:
                        seen.append(item.key)
            works = {key: self._work(key) for key in keys}
            order = list(works.values())
            for number, work in enumerate(order, 1):
                work.number = number
            if self._csl.entry_sort is not None:
                order = self._sorted(order, bibliography=True)
                for number, work in enumerate(order, 1):
                    work.number = number
            self._disambiguate(order)
            self._state = works
            self._csl.forget_positions()  # disambiguation's renders were no citations
            formatted = [self._cluster(cluster, works) for cluster in clusters]
            entries = [(work.key, self._entry(work)) for work in order]
            entries = [(key, entry) for key, entry in entries if entry]
            return FormattedCitations(
                clusters=formatted,
                bibliography=[entry for _, entry in entries],
                bibliography_keys=[key for key, _ in entries],
                unknown_keys=unknown,
            )

    def format_entry(self, key: str) -> str | None:
        """One reference as the list shows it (with its year suffix from the last ``format``),
        or ``None`` for a key not in the library."""
        if key not in self._library:
            return None
        with self._style._lock:
            work = self._state.get(key)
            if work is None or work.fingerprint != _fingerprint(self._library[key]):
                work = self._work(key)
                work.number = 1
            return self._entry(work)

    # Works ----------------------------------------------------------------------------------

    def _work(self, key: str) -> _Work:
        data = self._library[key]
        fingerprint = _fingerprint(data)
        rid = "r" + hashlib.sha1(fingerprint.encode("utf-8")).hexdigest()[:16]
        ref = self._style._cached(("ref", fingerprint), lambda: reference(data, rid))
        return _Work(key, fingerprint, ref)

    def _number(self, work: _Work) -> int:
        return work.number if self._csl.uses_number else 0

    def _cite(self, work: _Work, mode: str | None, locator: str = "", label: str = "page"):
        """One cite's marked HTML (see ``CslStyle.render_cite``)."""
        key = (
            "cite",
            work.fingerprint,
            locator,
            label if locator else "",
            mode,
            work.tweaks,
            work.year_suffix,
            work.disambiguate,
            self._number(work),
        )

        def render() -> str:
            with _year_suffix(work):
                try:
                    return self._csl.render_cite(
                        work.ref,
                        locator=locator,
                        label=label,
                        mode=mode,
                        tweaks=work.tweaks,
                        disambiguate=work.disambiguate,
                        number=work.number,
                    )
                except Exception:  # a style or item citeproc-py cannot follow
                    log.exception(
                        "citing '%s' failed with the style %s", work.key, self._style.path
                    )
                    return _error_marker(work.key)

        if self._csl.uses_position:  # the cite depends on the cites before it
            return render()
        return self._style._cached(key, render)

    def _entry(self, work: _Work) -> str:
        key = (
            "entry",
            work.fingerprint,
            work.year_suffix,
            work.tweaks.use_first,
            self._number(work),
        )

        def render() -> str:
            with _year_suffix(work):
                try:
                    entry = self._csl.render_entry(work.ref, tweaks=work.tweaks, number=work.number)
                except Exception:  # a style or item citeproc-py cannot follow
                    log.exception(
                        "the reference list entry of '%s' failed with the style %s",
                        work.key,
                        self._style.path,
                    )
                    return _error_marker(work.key)
            return self._csl.link_title(self._csl.finish(entry), self._library[work.key])

        return self._style._cached(key, render)

    def _look(self, work: _Work) -> str:
        """What a reader sees of a bare cite: what disambiguation compares."""
        return plain(self._cite(work, "mark"))

    # Sorting --------------------------------------------------------------------------------

    def _sorted(self, works: list[_Work], bibliography: bool) -> list[_Work]:
        descending = self._csl.descending(bibliography)

        def keys(work: _Work) -> tuple:
            try:
                values = self._csl.sort_keys(work.ref, bibliography, work.number)
            except Exception:  # unsortable: last
                log.exception("sorting '%s' failed with the style %s", work.key, self._style.path)
                values = (None,) * len(descending)
            return tuple(None if value is None else _sort_value(value) for value in values)

        keyed = [
            (
                work,
                self._style._cached(
                    ("sort", work.fingerprint, bibliography, self._number(work)),
                    lambda work=work: keys(work),
                ),
            )
            for work in works
        ]

        def compare(left, right) -> int:
            for index, (a, b) in enumerate(zip(left[1], right[1], strict=False)):
                if a == b:
                    continue
                if a is None or b is None:  # empty keys go last, in either direction
                    return 1 if a is None else -1
                result = -1 if a < b else 1
                return -result if descending[index] else result
            return 0

        return [work for work, _ in sorted(keyed, key=functools.cmp_to_key(compare))]

    # Disambiguation -------------------------------------------------------------------------

    def _disambiguate(self, works: list[_Work]) -> None:
        """Makes cites of different works look different, in the CSL order: names hidden by
        "et al." added, then given names, then year suffixes (a, b... in reference-list order),
        then ``disambiguate="true"`` for what is left."""
        csl = self._csl
        if not (csl.add_names or csl.add_givenname or csl.add_year_suffix):
            return
        self._disambiguate_names(works)
        groups = self._ambiguous(works)
        if csl.add_names:
            groups = [rest for group in groups for rest in self._add_names(group)]
        if csl.add_givenname:
            groups = [rest for group in groups for rest in self._add_given_names(group)]
        if csl.add_year_suffix:
            for group in groups:
                for index, work in enumerate(sorted(group, key=lambda work: work.number)):
                    work.year_suffix = _year_letters(index + 1)
            groups = [rest for group in groups for rest in self._ambiguous(group)]
        for group in groups:
            for work in group:
                work.disambiguate = True

    def _disambiguate_names(self, works: list[_Work]) -> None:
        """Names, not only cites, told apart when the style's givenname-disambiguation-rule is
        "all-names" or "primary-name" (with or without "-with-initials"): a name shown in a cite
        as another person's is shown is given its initials, or its given name, wherever it is
        cited ("(M. Lee, n.d.; Y. Lee, 2020)"), the first name of each cite only for
        "primary-name". A name still alike stays as it was."""
        rule = self._csl.givenname_rule
        if not self._csl.add_givenname or rule == "by-cite":
            return
        names = {
            id(work): self._style._cached(
                ("names", work.fingerprint), lambda work=work: self._csl.cite_names(work.ref)
            )
            for work in works
        }
        if rule.startswith("primary-name"):  # only first names are compared and expanded
            names = {key: shown[:1] for key, shown in names.items()}
        people: dict[str, dict[str, tuple[str, str, str]]] = {}  # as shown -> full -> forms
        for work in works:
            for forms in names[id(work)]:
                people.setdefault(forms[0], {})[forms[2]] = forms
        levels = (1,) if rule.endswith("with-initials") else (1, 2)
        for work in works:
            for position, forms in enumerate(names[id(work)]):
                others = [other for full, other in people[forms[0]].items() if full != forms[2]]
                for level in levels:
                    if others and all(other[level] != forms[level] for other in others):
                        work.tweaks = _with_given_level(work.tweaks, position, level)
                        break

    def _ambiguous(self, works: list[_Work]) -> list[list[_Work]]:
        """The sets of works whose bare cites look the same."""
        by_look: dict[str, list[_Work]] = {}
        for work in works:
            by_look.setdefault(self._look(work), []).append(work)
        return [group for group in by_look.values() if len(group) > 1]

    def _distinct(self, group: list[_Work]) -> int:
        return len({self._look(work) for work in group})

    def _helps(self, group: list[_Work], change) -> bool:
        """Whether ``change`` (to every work's name tweaks, tried and undone) tells any of
        ``group`` apart: the most a step can do, so a step that cannot help costs one try."""
        saved = [work.tweaks for work in group]
        for work in group:
            work.tweaks = change(work.tweaks)
        helps = self._distinct(group) > 1
        for work, tweaks in zip(group, saved, strict=True):
            work.tweaks = tweaks
        return helps

    def _add_names(self, group: list[_Work]) -> list[list[_Work]]:
        """The fewest names before "et al." that tell the most of ``group`` apart."""
        longest = max(_name_count(work.ref) for work in group)
        if not self._helps(group, lambda tweaks: replace(tweaks, use_first=longest)):
            return [group]
        best, best_count = None, 1
        for shown in range(2, longest + 1):
            for work in group:
                work.tweaks = replace(work.tweaks, use_first=shown)
            count = self._distinct(group)
            if count > best_count:
                best, best_count = shown, count
            if count == len(group):
                break
        for work in group:
            work.tweaks = replace(work.tweaks, use_first=best)
        return self._ambiguous(group)

    def _add_given_names(self, group: list[_Work]) -> list[list[_Work]]:
        """Given names added one name at a time, initials before full names, keeping only what
        tells works apart (the "by-cite" rule; "primary-name" rules expand the first name
        only, "-with-initials" rules stop at initials)."""
        rule = self._csl.givenname_rule
        positions = (
            1 if rule.startswith("primary-name") else max(_name_count(work.ref) for work in group)
        )
        levels = (1,) if rule.endswith("with-initials") else (1, 2)
        if not self._helps(group, lambda tweaks: replace(tweaks, given=(levels[-1],) * positions)):
            return [group]
        pending = [group]
        unresolved: list[list[_Work]] = []
        while pending:
            current = pending.pop()
            before = self._distinct(current)
            improved = False
            for position in range(positions):
                for level in levels:
                    if all(_given_level(work, position) >= level for work in current):
                        continue
                    saved = [work.tweaks for work in current]
                    for work in current:
                        work.tweaks = _with_given_level(work.tweaks, position, level)
                    if self._distinct(current) > before:
                        improved = True
                        break
                    for work, tweaks in zip(current, saved, strict=True):
                        work.tweaks = tweaks
                if improved:
                    break
            (pending if improved else unresolved).extend(self._ambiguous(current))
        return unresolved

    # Clusters -------------------------------------------------------------------------------

    def _cluster(self, cluster: Cluster, works: dict[str, _Work]) -> str:
        csl = self._csl
        known = [(item, works[item.key]) for item in cluster.items if item.key in works]
        missing = [
            (index, _missing_marker(item.key))
            for index, item in enumerate(cluster.items)
            if item.key not in works
        ]
        if not known:
            return csl.layout_delimiter.join(marker for _, marker in missing)
        head, author = None, ""
        if cluster.narrative and cluster.items[0].key in works:
            author = author_part(self._cite(known[0][1], "mark"))[0]
            if author:  # (a numeric style names no one: the cite stays as it is)
                head, known = known[0], known[1:]
        if csl.cite_sort is not None and len(known) > 1:
            known = self._sorted_cites(known)

        pieces = self._pieces(known)
        for index, marker in missing:
            pieces.insert(min(index, len(pieces)), (marker, False))
        text = ""
        for number, (piece, _collapsed) in enumerate(pieces):
            if number:
                before = pieces[number - 1][1]
                text += csl.after_collapse_delimiter if before else csl.layout_delimiter
            text += piece

        if head is None:
            return csl.finish(csl.wrap_cluster(text))
        item, work = head
        rest = _affixed(self._cite(work, "suppress", item.locator, item.label), "", item.suffix)
        inside = csl.layout_delimiter.join(part for part in (rest, text) if part)
        author = _affixed(author, item.prefix, "")
        if not inside:
            return csl.finish(author)
        return csl.finish(f"{author} {csl.wrap_cluster(inside)}")

    def _sorted_cites(self, known: list[tuple[CitationItem, _Work]]):
        """The cites in the style's order, sorted within runs as pandoc does: a suffix ends a
        run and a prefix starts one, so "see" and ", for a review" stay with their cites."""
        runs: list[list[tuple[CitationItem, _Work]]] = []
        for pair in known:
            if runs and not runs[-1][-1][0].suffix and not pair[0].prefix:
                runs[-1].append(pair)
            else:
                runs.append([pair])
        ordered = []
        for run in runs:
            rank = {
                id(work): index
                for index, work in enumerate(
                    self._sorted([work for _, work in run], bibliography=False)
                )
            }
            ordered += sorted(run, key=lambda pair: rank[id(pair[1])])
        return ordered

    def _pieces(self, known: list[tuple[CitationItem, _Work]]) -> list[tuple[str, bool]]:
        """The cluster's cites as (text, collapsed) pieces: one per cite, or one per group of
        cites by the same authors when the style collapses ("Smith, 2019, 2020")."""
        csl = self._csl
        if csl.collapse == "citation-number":
            return self._number_ranges(known)
        groups: list[list[tuple[CitationItem, _Work]]] = []
        by_author: dict[str, list] = {}
        for item, work in known:
            author = ""
            if csl.collapse and not item.suppress_author:
                author = plain(author_part(self._cite(work, "mark"))[0])
            if author and author in by_author:
                by_author[author].append((item, work))
            else:
                groups.append([(item, work)])
                if author:
                    by_author[author] = groups[-1]
        pieces = []
        for group in groups:
            texts = []
            for index, (item, work) in enumerate(group):
                mode = "suppress" if index or item.suppress_author else "mark"
                cite = self._cite(work, mode, item.locator, item.label)
                if cite:
                    texts.append(_affixed(cite, item.prefix, item.suffix))
            # the style's cite-group-delimiter even between cites with locators, as
            # citeproc-js: "(Daly et al., 2018, 2019, p. 897)"
            if texts:
                pieces.append((csl.cite_group_delimiter.join(texts), len(texts) > 1))
        return pieces

    def _number_ranges(self, known: list[tuple[CitationItem, _Work]]) -> list[tuple[str, bool]]:
        """Numeric cites with three or more consecutive numbers as a range: [1–3, 5]."""
        pieces: list[tuple[str, bool]] = []
        run: list[tuple[int, str]] = []

        def flush() -> None:
            if len(run) >= 3:
                pieces.append((f"{run[0][1]}{_EN_DASH}{run[-1][1]}", True))
            else:
                pieces.extend((text, False) for _, text in run)
            run.clear()

        for item, work in known:
            cite = self._cite(work, "mark", item.locator, item.label)
            plain_cite = item.locator or item.prefix or item.suffix or item.suppress_author
            if plain_cite or not cite:
                flush()
                if cite:
                    pieces.append((_affixed(cite, item.prefix, item.suffix), False))
                continue
            if run and work.number != run[-1][0] + 1:
                flush()
            run.append((work.number, cite))
        flush()
        return pieces


# ----------------------------------------------------------------------------------------------


def _fingerprint(data: dict) -> str:
    """The item's content (not its id: the key never shows), as cache key."""
    content = {name: value for name, value in data.items() if name != "id"}
    return json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)


def _sort_value(value: str) -> tuple:
    text = plain(value)
    if text.isdigit():
        return (0, int(text), "")
    return (1, 0, collation_key(text))


class _year_suffix:  # noqa: N801 - used as a context manager, like contextlib's
    """Puts the work's year suffix into its reference while one render runs."""

    def __init__(self, work: _Work):
        self.work = work

    def __enter__(self):
        if self.work.year_suffix:
            dict.__setitem__(self.work.ref, "year_suffix", String(self.work.year_suffix))

    def __exit__(self, *exc):
        dict.pop(self.work.ref, "year_suffix", None)
        return False


def _year_letters(number: int) -> str:
    """1 gives "a", 26 "z", 27 "aa" (as pandoc)."""
    if number <= 26:
        return chr(ord("a") + number - 1)
    return chr(ord("a") + (number - 1) // 26 - 1) + chr(ord("a") + (number - 1) % 26)


def _name_count(ref) -> int:
    return max((len(value) for value in ref.values() if isinstance(value, list)), default=0)


def _given_level(work: _Work, position: int) -> int:
    given = work.tweaks.given
    return given[position] if position < len(given) else 0


def _with_given_level(tweaks: NameTweaks, position: int, level: int) -> NameTweaks:
    given = list(tweaks.given) + [0] * (position + 1 - len(tweaks.given))
    given[position] = level
    return replace(tweaks, given=tuple(given))


def _affixed(cite: str, prefix: str, suffix: str) -> str:
    """A cite with the author's prefix and suffix, spaced as pandoc spaces them."""
    if prefix:
        cite = html.escape(prefix, quote=False) + ("" if prefix[-1].isspace() else " ") + cite
    if suffix:
        cite += (" " if suffix[0].isalnum() else "") + html.escape(suffix, quote=False)
    return cite


def _missing_marker(key: str) -> str:
    return f'<span class="citation-missing">@{html.escape(key)}?</span>'


def _error_marker(key: str) -> str:
    return f'<span class="citation-error">@{html.escape(key)}</span>'
