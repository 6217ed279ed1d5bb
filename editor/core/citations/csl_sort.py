"""Sort keys compared as citeproc-js (the processor of Zotero and Mendeley) compares them.

CSL 1.0.2 sorts a macro key on the macro rendered for sorting; citeproc-js writes each name
family first, joins the parts and words of a key with a separator that sorts before any letter
or digit ("Loh|W.|" before "Lohmann|A.|", "Lee|Y.|" before "Leeds|A.|"), and compares with a
collation that ignores punctuation, spaces, case and accents and reads digits as numbers. A date
in a sort key is its start and end as fixed-width numbers ("1" + year for AD, "0" + (9999 -
year) for BC, then month and day), so a range sorts by its start. ``csl_layer`` renders the keys;
this module turns them into values Python compares the same way. Qt-free and pure.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from editor.core.citations.csl_text import base_letters, plain

# A rendered date key inside a macro's text (see ``csl_layer``): a macro that holds a date
# sorts on its dates alone, as in citeproc-js.
DATE_KEY_OPEN, DATE_KEY_CLOSE = "\uf7e0", "\uf7e1"
_DATE_KEY_RE = re.compile(f"{DATE_KEY_OPEN}([^{DATE_KEY_CLOSE}]*){DATE_KEY_CLOSE}")
_DATE_MARKS = str.maketrans("", "", DATE_KEY_OPEN + DATE_KEY_CLOSE)
_RUNS = re.compile(r"\d+|\D+")

T = TypeVar("T")

# One word of a key: runs of digits (compared as numbers) and of letters, digits first.
Word = tuple[tuple[int, Any], ...]
SortValue = tuple[Word, ...]


def sort_value(text: str | None) -> SortValue | None:
    """A rendered key (HTML) as a value that compares as citeproc-js compares its key string;
    ``None`` for an empty key (which citeproc-js sorts last, in either direction)."""
    if text is None:
        return None
    words = plain(text).split()
    if not words:
        return None
    return tuple(_word(word) for word in words)


def _word(word: str) -> Word:
    # letters and digits, without accents or case; the rest (punctuation) ignored
    folded = "".join(char for char in base_letters(word) if char.isalnum())
    return tuple((0, int(run)) if run.isdigit() else (1, run) for run in _RUNS.findall(folded))


def compare(
    left: Sequence[SortValue | None], right: Sequence[SortValue | None], descending: Sequence[bool]
) -> int:
    """Key by key, as citeproc-js: an empty key after any other in either direction; equal
    keys throughout are a tie (the caller's order stands)."""
    for index, (a, b) in enumerate(zip(left, right, strict=False)):
        if a == b:
            continue
        if a is None or b is None:
            return 1 if a is None else -1
        result = -1 if a < b else 1
        descends = index < len(descending) and descending[index]
        return -result if descends else result
    return 0


def sorted_by_keys(
    things: Sequence[T], keys: Callable[[T], Sequence[SortValue | None]], descending: Sequence[bool]
) -> list[T]:
    """``things`` in the order of their keys; ties keep their order (citeproc-js's "seq")."""
    keyed = [(thing, tuple(keys(thing))) for thing in things]

    def by_keys(a: tuple[T, tuple], b: tuple[T, tuple]) -> int:
        return compare(a[1], b[1], descending)

    return [thing for thing, _ in sorted(keyed, key=functools.cmp_to_key(by_keys))]


def grouped(
    things: Sequence[T],
    keys: Callable[[T], Sequence[SortValue | None]],
    author: Callable[[T], str | None],  # the names a cite shows, as plain text
    descending: Sequence[bool],
) -> list[T]:
    """Cites sorted so that cites by the same authors stand together, for a style that collapses
    them ("Smith 2019, 2020"), as citeproc-js does it: sorted first on the names as the cite
    shows them, then each run of equal names on the first key of its first cite (and its place),
    so the group keeps the place its first cite's key gives it."""
    names = {id(thing): _author_value(author(thing)) for thing in things}
    # the names key, and the one replacing it, sort in the first key's direction
    directions = (descending[0] if descending else False, *descending)
    first = sorted_by_keys(things, lambda thing: (names[id(thing)], *keys(thing)), directions)
    head: dict[int, SortValue | None] = {}
    last: object = object()
    leader: SortValue | None = None
    for index, thing in enumerate(first):
        if names[id(thing)] != last:
            last = names[id(thing)]
            leader = tuple(keys(thing))[0] if keys(thing) else None
        # citeproc-js appends the place to the first key's text ("Harris|A.|" + "0"); an empty
        # key is the text "undefined" there
        if leader is None:
            head[id(thing)] = (_word(f"undefined{index}"),)
        else:
            head[id(thing)] = (*leader, _word(str(index)))
    return sorted_by_keys(first, lambda thing: (head[id(thing)], *keys(thing)), directions)


def _author_value(text: str | None) -> SortValue | None:
    # citeproc-js compares the names as printed (plain text), spaces and punctuation ignored:
    # one word
    if text is None or not text.strip():
        return None
    return (_word(text),)


def date_key(date: Any, parts: Sequence[str]) -> str | None:
    """A citeproc-py date or date range as citeproc-js's sort key of it, showing ``parts``
    ("year", "month", "day"; the others as zeros): "120190300" + "100000000" for March 2019."""
    if not isinstance(date, dict):
        return None
    # (citeproc-py's dates are dicts whose missing attributes raise, hence the look-ups)
    begin, end = (date.get("begin"), date.get("end")) if "begin" in date else (date, None)
    if not isinstance(begin, dict) or not _number(begin.get("year")):
        return None  # a literal date: no key
    return _one_date(begin, parts) + _one_date(end, parts)


def _one_date(date: Any, parts: Sequence[str]) -> str:
    def value(name: str) -> int:
        if date is None or name not in parts:
            return 0
        return _number(date.get(name)) or 0

    year = value("year")
    era, digits = ("0", 9999 + year) if year < 0 else ("1", year)
    return f"{era}{digits:04d}{value('month'):02d}{value('day'):02d}"


def _number(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def date_macro_text(text: str | None) -> str | None:
    """What a macro holding a date sorts on: its date keys only (citeproc-js drops the rest,
    the "n.d." and the punctuation); ``None`` when no date rendered. Marked again, so that an
    enclosing date macro keeps them too."""
    if not text:
        return None
    keys = _DATE_KEY_RE.findall(str(text))
    return f"{DATE_KEY_OPEN}{''.join(keys)}{DATE_KEY_CLOSE}" if keys else None


def marked_date_key(key: str) -> str:
    return f"{DATE_KEY_OPEN}{key}{DATE_KEY_CLOSE}"


def unmarked(text: str) -> str:
    """A rendered key without its date marks."""
    return text.translate(_DATE_MARKS)
