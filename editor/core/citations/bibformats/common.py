"""What every reader shares: its result, line numbers from offsets, dates, and keys made up
for records that have none."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class ReadEntry:
    """One item as a reader found it; ``line`` is where it starts (1-based). A key the reader
    made up (RIS has none) may be changed to keep keys unique across files."""

    key: str
    item: dict
    line: int | None
    generated_key: bool = False


@dataclass
class ReadResult:
    """A reader's output for one file: items in file order and what went wrong, by line."""

    entries: list[ReadEntry] = field(default_factory=list)
    problems: list[tuple[int | None, str]] = field(default_factory=list)

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append((line, message))


class LineIndex:
    """Turns character offsets into 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        self._starts.extend(match.end() for match in re.finditer("\n", text))

    def line(self, offset: int) -> int:
        return bisect_right(self._starts, offset)


_EDTF_DATE = re.compile(r"^(-?\d{1,4}|Y-?\d+)(?:-(\d{1,2})(?:-(\d{1,2}))?)?([~?%]*)$")
# Months 21-24 in EDTF are seasons: spring, summer, autumn, winter (CSL seasons 1-4).
_SEASONS = {21: 1, 22: 2, 23: 3, 24: 4}


def parse_edtf(text: str) -> dict | None:
    """An ISO 8601 / EDTF date or range (``2004``, ``2004-05-01``, ``1984/1986``,
    ``1984/..``, ``2019-21`` for spring, ``1850~`` for circa) as a CSL date; ``None`` when the
    text is not one."""
    text = text.strip()
    if not text:
        return None
    pieces = text.split("/")
    if len(pieces) > 2:
        return None
    date: dict = {"date-parts": []}
    for number, piece in enumerate(pieces):
        piece = piece.strip()
        if number == 1 and piece in ("", ".."):
            # An open range: citeproc and Better BibTeX write its end as [0].
            date["date-parts"].append([0])
            continue
        match = _EDTF_DATE.match(piece)
        if not match:
            return None
        year_text, month_text, day_text, flags = match.groups()
        year = int(year_text.lstrip("Y"))
        if year <= 0:
            # EDTF counts a year 0 (1 BC); CSL's negative years are years BC.
            year -= 1
        parts = [year]
        if month_text:
            month = int(month_text)
            if month in _SEASONS and not day_text:
                date["season"] = _SEASONS[month]
            elif 1 <= month <= 12:
                parts.append(month)
                if day_text:
                    day = int(day_text)
                    if not 1 <= day <= 31:
                        return None
                    parts.append(day)
            else:
                return None
        if "~" in flags or "%" in flags:
            date["circa"] = True
        date["date-parts"].append(parts)
    return date


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "janvier", "januar"),
            ("feb", "february", "février", "februar"),
            ("mar", "march", "mars", "märz"),
            ("apr", "april", "avril"),
            ("may", "mai"),
            ("jun", "june", "juin", "juni"),
            ("jul", "july", "juillet", "juli"),
            ("aug", "august", "août"),
            ("sep", "sept", "september", "septembre"),
            ("oct", "october", "octobre", "oktober"),
            ("nov", "november", "novembre"),
            ("dec", "december", "décembre", "dezember"),
        ),
        start=1,
    )
    for name in names
}
_SEASON_NAMES = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}


def month_number(text: str) -> int | None:
    """``3``, ``03``, ``mar``, ``Mar.``, ``March`` give 3."""
    text = text.strip().rstrip(".").lower()
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    return _MONTHS.get(text)


def season_number(text: str) -> int | None:
    return _SEASON_NAMES.get(text.strip().lower())


def ordinal(number: str) -> str:
    """English ordinal of a number written as digits: ``3`` gives ``3rd``."""
    value = int(number)
    if 10 <= value % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{number}{suffix}"


_TITLE_STOP_WORDS = frozenset("a an the of on in and for to with from".split())


def key_stem(item: dict) -> str:
    """A Better BibTeX-like key for an item without one: the first author's family name (else
    the first word of the title, else ``anon``) and the year, as in ``Smith2020``."""
    name = ""
    for role in ("author", "editor", "translator"):
        for person in item.get(role) or []:
            family = person.get("family") or ""
            particle = person.get("non-dropping-particle") or ""
            name = (particle + family if family else "") or person.get("literal") or ""
            if name:
                break
        if name:
            break
    if not name:
        words = re.findall(r"[^\W_]+", item.get("title") or "")
        name = next(
            (word for word in words if len(word) > 2 and word.lower() not in _TITLE_STOP_WORDS),
            "",
        )
        name = name[:1].upper() + name[1:]
    folded = unicodedata.normalize("NFKD", name)
    letters = "".join(char for char in folded if char.isalnum() and char.isascii())
    if not letters:
        letters = "".join(char for char in name if char.isalnum())
    year = ""
    issued = item.get("issued")
    if isinstance(issued, dict) and issued.get("date-parts"):
        first = issued["date-parts"][0]
        if first and isinstance(first[0], int) and first[0] > 0:
            year = str(first[0])
    return (letters or "anon") + year


def unique_key(stem: str, taken: set[str]) -> str:
    """``stem``, else ``stem`` + a, b, ... z, aa, ab ... not in ``taken`` (which is updated)."""
    key = stem
    number = 0
    while key in taken:
        key = stem + _letters(number)
        number += 1
    taken.add(key)
    return key


class UniqueKeys:
    """The keys taken so far, and new ones made unique among them as ``unique_key`` makes
    them. Each stem remembers where its search for a free suffix stopped (keys are only ever
    added, so every suffix before it is still taken): making n keys costs O(n) in all, even
    when they share one stem, as a file of records with no author and no year does.

    Keys in ``reserved`` are avoided only by ``make(stem)``, not by
    ``make(stem, avoid_reserved=False)``: a RIS reader reserves the IDs later records give."""

    def __init__(self, taken: Iterable[str] = (), reserved: Iterable[str] = ()) -> None:
        self._taken = set(taken)
        self._reserved = frozenset(reserved)
        # (stem, avoid_reserved) -> the first suffix number not yet known to be taken.
        self._next: dict[tuple[str, bool], int] = {}

    def __contains__(self, key: object) -> bool:
        return key in self._taken

    def add(self, key: str) -> None:
        self._taken.add(key)

    def make(self, stem: str, *, avoid_reserved: bool = True) -> str:
        """``stem``, else ``stem`` + a, b, ... z, aa, ab ...: the first that is free; taken."""
        reserved = self._reserved if avoid_reserved else frozenset()
        key = stem
        if key in self._taken or key in reserved:
            number = self._next.get((stem, avoid_reserved), 0)
            key = stem + _letters(number)
            while key in self._taken or key in reserved:
                number += 1
                key = stem + _letters(number)
            self._next[stem, avoid_reserved] = number + 1
        self._taken.add(key)
        return key


def _letters(number: int) -> str:
    text = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


# A DOI written as a link (with or without its scheme, old dx. host included) or with "doi:".
_DOI_PREFIX = re.compile(r"^\s*(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def normalise_doi(text: str) -> str:
    """A DOI as CSL wants it (``10.1234/abc``) from one written as a link, a scheme-less
    ``doi.org/`` address or with ``doi:``. The one home of this rule: every reader, the
    form and the formatter use it."""
    return _DOI_PREFIX.sub("", text.strip())


def date_text(date: object, year_only: bool) -> str:
    """A CSL date as ``YYYY`` or ``YYYY-MM-DD`` (as far as it goes), or its literal text."""
    if not isinstance(date, dict):
        return ""
    parts = date.get("date-parts")
    if parts and parts[0]:
        numbers = parts[0][:1] if year_only else parts[0][:3]
        return "-".join(f"{int(n):02d}" if i else f"{int(n):04d}" for i, n in enumerate(numbers))
    return str(date.get("literal") or date.get("raw") or "")


def check_keys(path: object, keys: list[str], item: dict, original_key: str | None) -> None:
    """Before a writer puts ``item`` into a file holding ``keys``: the entry it replaces
    exists, and its key is set and used by no other entry (``ValueError`` naming ``path``)."""
    if original_key is not None and original_key not in keys:
        raise ValueError(f"{path}: no entry with the key '{original_key}'")
    key = str(item.get("id", ""))
    if not key:
        raise ValueError(f"{path}: the entry has no key")
    if key != original_key and key in keys:
        raise ValueError(f"{path}: the key '{key}' is already used by another entry")


# The types with an issue number (BibTeX's "number" of an @article); no other type has one.
ARTICLE_TYPES = frozenset({"article-journal", "article-magazine", "article-newspaper"})


def paired_braces(text: str) -> set[int]:
    """The offsets of the braces in ``text`` that pair up, an opening before its closing."""
    opened: list[int] = []
    paired: set[int] = set()
    for index, char in enumerate(text):
        if char == "{":
            opened.append(index)
        elif char == "}" and opened:
            paired.update((opened.pop(), index))
    return paired


def name_text(name: dict) -> str:
    """A CSL name as the reference form shows it: ``Family, Given``, or its literal."""
    if name.get("literal"):
        return str(name["literal"])
    family = join_particle(name.get("non-dropping-particle"), name.get("family"))
    given = " ".join(part for part in (name.get("given"), name.get("dropping-particle")) if part)
    return f"{family}, {given}" if given else family


def join_particle(particle: str | None, family: str | None) -> str:
    """A particle and a family name, without a space after an elided particle (``d'``,
    ``al-``), as citeproc prints them."""
    if not particle or not family:
        return particle or family or ""
    return particle + ("" if particle.endswith(("'", "’", "-")) else " ") + family


def match_end(pattern: re.Pattern[str], text: str, position: int = 0) -> int:
    """Where ``pattern`` (one that matches the empty string too, such as ``\\s*``) ends when
    matched at ``position``."""
    match = pattern.match(text, position)  # never None for such a pattern
    return match.end() if match else position
