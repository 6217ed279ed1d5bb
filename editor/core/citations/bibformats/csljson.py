"""CSL-JSON files (Zotero, Better CSL JSON, Crossref, pandoc) into clean CSL-JSON items: ids as
strings, names and dates in the shapes CSL expects, odd values repaired or dropped with a
problem, and each item's line found by decoding the array one item at a time."""

from __future__ import annotations

import json
import re

from editor.core.citations.bibformats.common import (
    LineIndex,
    ReadEntry,
    ReadResult,
    match_end,
    parse_edtf,
)
from editor.core.surrogates import repair_surrogates

NAME_VARIABLES = frozenset(
    "author chair collection-editor compiler composer container-author contributor curator "
    "director editor editorial-director editor-translator executive-producer guest host "
    "illustrator interviewer narrator organizer original-author performer producer recipient "
    "reviewed-author script-writer series-creator translator".split()
)
DATE_VARIABLES = frozenset(
    "accessed available-date event-date issued original-date submitted".split()
)
TEXT_VARIABLES = frozenset(
    "abstract annote archive archive_collection archive_location archive-place authority "
    "call-number chapter-number citation-key citation-label citation-number collection-number "
    "collection-title container-title container-title-short dimensions division DOI edition "
    "event event-title event-place genre ISBN ISSN issue jurisdiction keyword language license "
    "locator medium note number number-of-pages number-of-volumes original-publisher "
    "original-publisher-place original-title page page-first part part-title PMCID PMID "
    "printing publisher publisher-place references reviewed-genre reviewed-title scale section "
    "source status supplement title title-short URL version volume volume-title "
    "volume-title-short year-suffix shortTitle journalAbbreviation".split()
)
_NAME_PARTS = frozenset(
    "family given suffix dropping-particle non-dropping-particle literal comma-suffix "
    "static-ordering parse-names".split()
)
# Identifiers that may come as a list (Crossref gives print and electronic ISSNs).
_LIST_JOINED = frozenset({"ISSN", "ISBN"})
_WHITESPACE = re.compile(r"\s*")
# JSON's escape for a UTF-16 surrogate; alone (not in a pair) it decodes to no character.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def read_csl_json(text: str) -> ReadResult:
    """Read a CSL-JSON file's text: a list of items, ``{"items": [...]}``, or one item."""
    result = ReadResult()
    lines = LineIndex(text)
    found: list[tuple[int, object]] = []
    try:
        _decode_items(text, found)
    except json.JSONDecodeError as error:
        kept = f"; the {len(found)} items before it were read" if found else ""
        result.problem(error.lineno, f"not valid JSON ({error.msg}){kept}")
    except _NotItemsError as error:
        result.problem(lines.line(error.offset), str(error))
    escapes = bool(_SURROGATE_ESCAPE.search(text))
    for number, (offset, value) in enumerate(found, start=1):
        line = lines.line(offset)
        if escapes and _repair_strings(value):
            result.problem(
                line,
                f"item {number} has an escape for half of a UTF-16 surrogate pair (\\ud800 to "
                "\\udfff), which is no character; it is shown as \ufffd",
            )
        if not isinstance(value, dict):
            result.problem(line, f"item {number} is not a JSON object; skipped")
            continue
        key = _key(value)
        if key is None:
            result.problem(line, f"item {number} has no id; skipped")
            continue
        notes: list[str] = []
        item = clean_item(value, key, notes)
        for note in notes:
            result.problem(line, f"item '{key}': {note}")
        result.entries.append(ReadEntry(key, item, line))
    return result


def _repair_strings(value: object) -> bool:
    """Replace lone surrogates in every string (keys too) of a decoded JSON value, in place;
    whether there were any. Iterative: the decoder accepts nesting deeper than recursion."""
    found = False
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            for key in list(current):
                element = current[key]
                new_key, lone_key = repair_surrogates(key)
                if isinstance(element, str):
                    element, lone = repair_surrogates(element)
                    found = found or lone
                else:
                    stack.append(element)
                if lone_key:
                    found = True
                    del current[key]
                current[new_key] = element
        elif isinstance(current, list):
            for index, element in enumerate(current):
                if isinstance(element, str):
                    current[index], lone = repair_surrogates(element)
                    found = found or lone
                else:
                    stack.append(element)
    return found


class _NotItemsError(ValueError):
    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset


def _decode_items(text: str, found: list[tuple[int, object]]) -> None:
    """Append ``(offset, item)`` for each item, one at a time, so that a syntax error late in
    the file keeps the items before it."""
    decoder = json.JSONDecoder()
    position = match_end(_WHITESPACE, text, 0)
    if text.startswith("[", position):
        _decode_array(text, position, decoder, found)
        return
    if not text.startswith("{", position):
        if position >= len(text):
            raise _NotItemsError(0, "the file is empty")
        raise _NotItemsError(position, "not CSL-JSON: expected a list of items")
    start = position
    position += 1
    whole: dict = {}
    while True:
        position = match_end(_WHITESPACE, text, position)
        if text.startswith("}", position):
            break
        name, position = decoder.raw_decode(text, position)
        position = match_end(_WHITESPACE, text, position)
        if not text.startswith(":", position):
            raise json.JSONDecodeError("Expecting ':' delimiter", text, position)
        position = match_end(_WHITESPACE, text, position + 1)
        if name == "items" and text.startswith("[", position):
            _decode_array(text, position, decoder, found)
            return
        whole[name], position = decoder.raw_decode(text, position)
        position = match_end(_WHITESPACE, text, position)
        if text.startswith(",", position):
            position += 1
        elif not text.startswith("}", position):
            raise json.JSONDecodeError("Expecting ',' delimiter", text, position)
    # A single item on its own.
    found.append((start, whole))


def _decode_array(
    text: str, position: int, decoder: json.JSONDecoder, found: list[tuple[int, object]]
) -> None:
    position += 1
    while True:
        position = match_end(_WHITESPACE, text, position)
        if text.startswith("]", position):
            return
        start = position
        value, position = decoder.raw_decode(text, position)
        found.append((start, value))
        position = match_end(_WHITESPACE, text, position)
        if text.startswith(",", position):
            position += 1
        elif not text.startswith("]", position):
            raise json.JSONDecodeError("Expecting ',' delimiter", text, position)


def _key(item: dict) -> str | None:
    """The citation key: ``id``, as pandoc uses it (Better CSL JSON writes the citekey there),
    else ``citation-key``."""
    for name in ("id", "citation-key"):
        value = item.get(name)
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, (str, int, float)) and str(value).strip():
            return str(value).strip()
    return None


def clean_item(raw: dict, key: str, notes: list[str]) -> dict:
    """A copy of ``raw`` in the shapes CSL-JSON expects; ``notes`` gets what was repaired or
    dropped."""
    item: dict = {"id": key}
    kind = raw.get("type")
    if isinstance(kind, str) and kind.strip():
        item["type"] = kind.strip()
    else:
        item["type"] = "document"
        notes.append("no type; read as a document")
    for name, value in raw.items():
        if name in ("id", "type"):
            continue
        if name in NAME_VARIABLES:
            names = clean_names(value)
            if names:
                item[name] = names
        elif name in DATE_VARIABLES:
            date = clean_date(value, name, notes)
            if date:
                item[name] = date
        elif name in TEXT_VARIABLES:
            text = _clean_text(value, name)
            if text:
                item[name] = text
        elif isinstance(value, (str, int, float, bool)):
            # Unknown but simple keys stay; nested ones (Crossref's reference lists, funders,
            # links) are not CSL and only cost memory.
            item[name] = value
    return item


def _clean_text(value: object, name: str) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        texts = [text for element in value if (text := _clean_text(element, name))]
        if not texts:
            return None
        if name in _LIST_JOINED:
            return ", ".join(dict.fromkeys(texts))
        return texts[0]
    return None


def clean_names(value: object) -> list[dict]:
    """A name list: dicts keep their name parts, a bare string is a literal name."""
    if isinstance(value, (dict, str)):
        value = [value]
    if not isinstance(value, list):
        return []
    names: list[dict] = []
    for element in value:
        if isinstance(element, str) and element.strip():
            names.append({"literal": element.strip()})
        elif isinstance(element, dict):
            name = {
                part: (text.strip() if isinstance(text, str) else text)
                for part, text in element.items()
                if part in _NAME_PARTS and isinstance(text, (str, bool, int)) and text != ""
            }
            if name:
                names.append(name)
    return names


def clean_date(value: object, name: str, notes: list[str]) -> dict | None:
    """A CSL date with integer date-parts: strings are read as numbers (``"2004"``,
    ``"-334"``), a ``raw`` or plain-string date is parsed, parts after the day are dropped, a
    date with no usable part is dropped (``notes`` says so)."""
    if isinstance(value, str):
        parsed = parse_edtf(value)
        if parsed:
            return parsed
        if value.strip():
            return {"literal": value.strip()}
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"date-parts": [[int(value)]]}
    if not isinstance(value, dict):
        notes.append(f"{name} is not a date; dropped")
        return None
    date: dict[str, object] = {
        key: element
        for key, element in value.items()
        if key not in ("date-parts", "season", "circa")
        and isinstance(element, (str, int, float, bool))
    }
    raw_parts = value.get("date-parts")
    if raw_parts is not None:
        parts = _clean_parts(raw_parts, name, notes)
        if parts:
            date["date-parts"] = parts
    if "date-parts" not in date and isinstance(value.get("raw"), str):
        parsed = parse_edtf(value["raw"])
        if parsed:
            date.update(parsed)
    season = value.get("season")
    if season not in (None, "", 0):
        number = _integer(season)
        if number is not None and 1 <= number <= 4:
            date["season"] = number
        elif isinstance(season, str):
            date["season"] = season
    circa = value.get("circa")
    if circa not in (None, False, 0, "", "false"):
        date["circa"] = True
    if "date-parts" not in date and "literal" not in date and "raw" not in date:
        if raw_parts is not None:
            notes.append(f"{name} has no usable date-parts ({json.dumps(raw_parts)}); dropped")
        return None
    return date


def _clean_parts(raw_parts: object, name: str, notes: list[str]) -> list[list[int]]:
    if not isinstance(raw_parts, list):
        return []
    parts: list[list[int]] = []
    for raw_part in raw_parts[:2]:
        if not isinstance(raw_part, list):
            raw_part = [raw_part]
        numbers: list[int] = []
        for element in raw_part:
            number = _integer(element)
            if number is None:
                break
            numbers.append(number)
        if len(numbers) > 3:
            notes.append(f"{name} {json.dumps(raw_part)} has more than 3 parts; kept the date")
            numbers = numbers[:3]
        if numbers:
            parts.append(numbers)
        elif parts:
            break
    if parts and parts[0] == [0] and len(parts) == 1:
        return []
    return parts


def _integer(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit():
            return int(text)
    return None
