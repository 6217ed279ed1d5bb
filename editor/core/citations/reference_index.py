"""A searchable, sortable index of a library's references, for the citation panel and the
``@`` completer: one display row per reference (authors, year, title, container, DOI) and a
case- and accent-folded search text, built once per library so that filtering 10,000
references as the user types stays instant. Rows are made on first use, so a panel pays only
for the rows it shows. Qt-free and independent of any CSL style.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

from editor.core.citations.bibformats.common import normalise_doi

NO_DATE = "n.d."
SORT_BY_AUTHOR, SORT_BY_YEAR, SORT_BY_RECENT = "author", "year", "recent"

_TAG = re.compile(r"<[^>]*>")
_YEAR = re.compile(r"-?\d{1,4}")
# Letters that do not decompose into a base letter and an accent, and typographic punctuation
# users type plainly ("o'meara" finds "O’Meara").
_SPECIAL_FOLDS = {
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "“": '"',
    "”": '"',
    "‐": "-",
    "‑": "-",
    "–": "-",
    "—": "-",
}
_NAME_ROLES = ("author", "editor")  # whose names the row shows: editors when no author


class _FoldTable(dict):
    """``str.translate`` table folding each character (case, accents, special letters),
    filled in as characters are met."""

    def __missing__(self, code: int) -> str:
        text = "".join(_SPECIAL_FOLDS.get(char, char) for char in chr(code).casefold())
        folded = "".join(
            char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
        ).casefold()
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """``text`` lowercased with accents removed, as search and sorting compare it:
    "Müller" and "MULLER" both become "muller", "Østergaard" "ostergaard"."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


def citation_counts(cited_keys_in_order: Iterable[str]) -> dict[str, int]:
    """How many times each key is cited, in order of first citation."""
    return dict(Counter(cited_keys_in_order))


@dataclass(frozen=True, slots=True)
class ReferenceRow:
    """One reference as the panel and the completer show it, in plain single-line text."""

    key: str
    authors: str  # "Marsh and Okafor", "Berman et al.", "World Health Organization", ""
    year: str  # "2021", "1984–1986", "n.d."
    title: str
    container: str  # journal, book or site
    doi: str


class ReferenceIndex:
    """Display rows, search, completion and sorting over a library's CSL-JSON items (citation
    key to item, in library order). Build a new index when the library changes."""

    def __init__(self, entries: dict[str, dict]) -> None:
        self._keys: list[str] = list(entries)
        self._position = {key: index for index, key in enumerate(self._keys)}
        self._fields: list[tuple[str, str, str, str, str]] = []  # authors, year, title, ...
        self._search: list[str] = []  # every field, folded
        self._ends: list[tuple[int, int]] = []  # where names and year, and title, end
        self._folded_keys: list[str] = []
        self._author_sort: list[str] = []
        self._title_sort: list[str] = []
        self._year_sort: list[int | None] = []
        self._rows: dict[str, ReferenceRow] = {}
        for key in self._keys:
            self._add(key, entries[key])

    def _add(self, key: str, item: dict) -> None:
        if not isinstance(item, dict):
            item = {}
        shown, families, everyone = _names(item)
        year, year_number = _year(item.get("issued"))
        title = _plain(item.get("title"))
        container = _plain(item.get("container-title"))
        doi = normalise_doi(_plain(item.get("DOI")))
        self._fields.append((shown, year, title, container, doi))

        # Each field starts with a space, so " " + word finds a word start; a query word never
        # holds white space, so no match runs from one field into the next.
        people = f" {fold(everyone)} {year}"
        title_folded = fold(title)
        folded_key = fold(key)
        self._search.append(
            f"{people}\n {title_folded}\n {fold(container)}\n {folded_key}\n {doi.lower()}"
        )
        self._ends.append((len(people), len(people) + 2 + len(title_folded)))
        self._folded_keys.append(folded_key)
        self._author_sort.append(fold("\x01".join(families)))
        self._title_sort.append(title_folded)
        self._year_sort.append(year_number)

    # Rows ---------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._position

    def keys(self) -> list[str]:
        """Every key, in library order."""
        return list(self._keys)

    def row(self, key: str) -> ReferenceRow | None:
        """The display row of ``key`` (made on first asking), ``None`` for an unknown key."""
        row = self._rows.get(key)
        if row is None:
            index = self._position.get(key)
            if index is None:
                return None
            row = self._rows[key] = ReferenceRow(key, *self._fields[index])
        return row

    # Search -------------------------------------------------------------------------------

    def search(self, query: str, keys: Iterable[str] | None = None) -> list[str]:
        """The keys whose author names, title, year, container, key or DOI contain every word
        of ``query`` (case and accents ignored; "mar 2021" finds Marsh 2021). Results keep the
        order of ``keys`` (unknown ones dropped), by default library order; so a caller can
        sort once and filter the sorted keys as the user types."""
        words = sorted(set(fold(query).split()), key=len, reverse=True)  # longest narrows most
        texts = self._search
        if keys is None:
            candidates = list(zip(self._keys, texts, strict=True))
        else:
            position = self._position
            candidates = [(key, texts[position[key]]) for key in keys if key in position]
        for word in words:
            candidates = [pair for pair in candidates if word in pair[1]]
        return [key for key, _ in candidates]

    def complete(self, prefix: str, limit: int = 50) -> list[str]:
        """Up to ``limit`` keys for the ``@`` completer, best first: keys starting with
        ``prefix`` (alphabetically), then references with a name or year word starting with it,
        then a title word, then the rest containing it anywhere; each group in library order.
        Further words of ``prefix`` must match somewhere, as in ``search``."""
        words = fold(prefix).split()
        if not words:
            return self._keys[:limit]
        first, others = words[0], words[1:]
        texts = self._search
        matches = [index for index, text in enumerate(texts) if first in text]
        for word in others:
            matches = [index for index in matches if word in texts[index]]
        folded_keys = self._folded_keys
        ranked = sorted(
            (index for index in matches if folded_keys[index].startswith(first)),
            key=lambda index: (folded_keys[index], self._keys[index]),
        )
        taken = set(ranked)
        word_start = " " + first
        ends = self._ends
        groups = (
            lambda index: texts[index].find(word_start, 0, ends[index][0]) >= 0,  # names, year
            lambda index: texts[index].find(word_start, *ends[index]) >= 0,  # title
            lambda index: True,  # anywhere
        )
        for in_group in groups:
            if len(ranked) >= limit:
                break
            group = (index for index in matches if index not in taken and in_group(index))
            more = list(islice(group, limit - len(ranked)))
            ranked.extend(more)
            taken.update(more)
        return [self._keys[index] for index in ranked[:limit]]

    # Sorting ------------------------------------------------------------------------------

    def sorted_keys(
        self, keys: Iterable[str], by: str, recent: dict[str, float] | None = None
    ) -> list[str]:
        """``keys`` (unknown ones dropped) sorted ``by`` "author" (the authors as shown, then
        year, then title; references without names last), "year" (newest first, then by
        author; undated last) or "recent" (``recent[key]``, a use time, newest first; never
        used last, by author). Accents and case are ignored."""
        position = self._position
        indexes = [position[key] for key in keys if key in position]
        authors, titles, years = self._author_sort, self._title_sort, self._year_sort

        def by_author(index: int) -> tuple:
            year = years[index]
            return (
                not authors[index],
                authors[index],
                year is None,
                year or 0,
                titles[index],
                index,
            )

        if by == SORT_BY_AUTHOR:
            indexes.sort(key=by_author)
        elif by == SORT_BY_YEAR:
            indexes.sort(key=by_author)  # stable: the author order breaks ties within a year
            indexes.sort(key=lambda index: (years[index] is None, -(years[index] or 0)))
        elif by == SORT_BY_RECENT:
            used = recent or {}
            indexes.sort(key=by_author)
            keys_of = self._keys
            indexes.sort(
                key=lambda index: (keys_of[index] not in used, -used.get(keys_of[index], 0.0))
            )
        else:
            raise ValueError(f"cannot sort references by {by!r}")
        return [self._keys[index] for index in indexes]


# Reading CSL-JSON items ---------------------------------------------------------------------


def _plain(value) -> str:
    """A CSL-JSON text field as plain single-line text: rich-text tags dropped, entities
    decoded."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if "<" in text:
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())


def _names(item: dict) -> tuple[str, list[str], str]:
    """(the names as an author-date list shows them, the family name of each shown person,
    every name of every author and editor in full, for searching)."""
    shown: list[str] = []
    everyone: list[str] = []
    for role in _NAME_ROLES:
        names = item.get(role)
        if not isinstance(names, list):
            continue
        parts = [_name(name) for name in names]
        everyone.extend(full for _, full in parts if full)
        if not shown:
            shown = [short for short, _ in parts if short]
    if len(shown) > 2:
        display = f"{shown[0]} et al."
    else:
        display = " and ".join(shown)
    return display, shown, " ".join(everyone)


def _name(name) -> tuple[str, str]:
    """(the family name with its non-dropping particle, "van Gennep"; every part of the name,
    "Arnold van Gennep") of one CSL-JSON name."""
    if not isinstance(name, dict):
        literal = _plain(name) if isinstance(name, str) else ""
        return literal, literal
    if name.get("literal"):
        literal = _name_part(name["literal"])
        return literal, literal
    family = _name_part(name.get("family"))
    given = _name_part(name.get("given"))
    full = f"{given} {family}" if given and family else given or family
    if "non-dropping-particle" in name or "dropping-particle" in name or "suffix" in name:
        particle = _name_part(name.get("non-dropping-particle"))
        if family and particle:
            family = particle + ("" if particle[-1] in "'’-" else " ") + family
        parts = (given, _name_part(name.get("dropping-particle")), family)
        full = " ".join(part for part in (*parts, _name_part(name.get("suffix"))) if part)
    return family or given, full  # a mononym may be given as either part


def _name_part(value) -> str:
    """A part of a name, plain: names are short and rarely marked up, so the common case is
    quick."""
    if value.__class__ is str and "<" not in value and "&" not in value:
        return value.strip()
    return _plain(value)


def _year(date) -> tuple[str, int | None]:
    """(the year as shown, "2021", "1984–1986" or "n.d."; the first year, for sorting)."""
    if isinstance(date, str):
        date = {"raw": date}
    if not isinstance(date, dict):
        return NO_DATE, None
    years: list[int] = []
    parts = date.get("date-parts")
    if isinstance(parts, list):
        for part in parts[:2]:
            if isinstance(part, list) and part:
                try:
                    years.append(int(str(part[0]).strip()))
                except ValueError:
                    pass
    if not years:
        raw, literal = _plain(date.get("raw")), _plain(date.get("literal"))
        match = _YEAR.search(raw or literal)
        if literal:  # "1968–90", "Spring term": shown as written
            return literal, int(match.group(0)) if match else None
        if match:
            years.append(int(match.group(0)))
    if not years:
        return NO_DATE, None
    shown = _year_text(years[0])
    if len(years) > 1 and years[1] != years[0]:
        shown += "–" + _year_text(years[1])
    return shown, years[0]


def _year_text(year: int) -> str:
    return f"{-year} BC" if year < 0 else str(year)
