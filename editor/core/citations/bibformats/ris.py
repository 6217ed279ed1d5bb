"""RIS files (EndNote, Zotero, Mendeley, PubMed, Embase, Ovid, Citavi) into CSL-JSON items.

Records start at ``TY  -`` and end at ``ER  -``; text outside records (record numbers,
provider headers, links) is ignored and a line without a tag inside a record continues the
field before it, as EndNote writes keywords and notes. ``nan`` (a pandas leftover) counts as
missing. RIS has no citation keys: ``ID`` is used when present, else a key is made from the
first author and the year (``Smith2020``, ``Smith2020a``).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from editor.core.citations.bibformats.common import (
    ReadEntry,
    ReadResult,
    UniqueKeys,
    key_stem,
    month_number,
    normalise_doi,
)
from editor.core.citations.bibformats.names import plain_name

log = logging.getLogger(__name__)

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?$")
_WOS_HEADER = re.compile(r"^(?:FN|VR|PT) \S")
_YEAR = re.compile(r"^\d{4}$")
_HTML_TAG = re.compile(r"</?(?:p|br|div|span|b|i|em|strong|ul|ol|li|h\d)\b[^>]*>", re.IGNORECASE)
_EPUB_DATE = re.compile(r"^\d{4}/\d{1,2}/\d{1,2}$")

TYPES = {
    "ABST": "article",
    "ADVS": "motion_picture",
    "AGGR": "dataset",
    "ANCIENT": "book",
    "ART": "graphic",
    "BILL": "bill",
    "BLOG": "post-weblog",
    "BOOK": "book",
    "CASE": "legal_case",
    "CHAP": "chapter",
    "CHART": "graphic",
    "CLSWK": "book",
    "COMP": "software",
    "CONF": "paper-conference",
    "CPAPER": "paper-conference",
    "CTLG": "book",
    "DATA": "dataset",
    "DBASE": "dataset",
    "DICT": "book",
    "EBOOK": "book",
    "ECHAP": "chapter",
    "EDBOOK": "book",
    "EJOUR": "article-journal",
    "ELEC": "webpage",
    "ENCYC": "entry-encyclopedia",
    "EQUA": "figure",
    "FIGURE": "figure",
    "GEN": "document",
    "GOVDOC": "report",
    "GRANT": "report",
    "HEAR": "report",
    "ICOMM": "personal_communication",
    "INPR": "article-journal",
    "JFULL": "article-journal",
    "JOUR": "article-journal",
    "LEGAL": "legal_case",
    "MANSCPT": "manuscript",
    "MAP": "map",
    "MGZN": "article-magazine",
    "MPCT": "motion_picture",
    "MULTI": "webpage",
    "MUSIC": "musical_score",
    "NEWS": "article-newspaper",
    "PAMP": "pamphlet",
    "PAT": "patent",
    "PCOMM": "personal_communication",
    "RPRT": "report",
    "SER": "article",
    "SLIDE": "graphic",
    "SOUND": "song",
    "STAND": "report",
    "STAT": "legislation",
    "THES": "thesis",
    "UNBILL": "bill",
    "UNPB": "manuscript",
    "VIDEO": "motion_picture",
    "WEB": "webpage",
}
# Types whose A2 is not an editor: in journal records A2 is used for anything (Ovid puts the
# cited authors there).
_PERIODICAL_TYPES = frozenset({"JOUR", "EJOUR", "MGZN", "NEWS", "JFULL", "INPR", "ABST"})
_BOOK_TYPES = frozenset({"BOOK", "EBOOK", "EDBOOK", "CLSWK", "ANCIENT", "DICT"})
# A tagless line continues the field before it; for these each line is another value.
_LIST_TAGS = frozenset({"KW", "AU", "A1", "A2", "A3", "ED"})


@dataclass
class _Record:
    line: int
    type: str | None
    fields: list[tuple[str, str]] = field(default_factory=list)

    def add(self, tag: str, value: str) -> None:
        self.fields.append((tag, value))

    def values(self, *tags: str) -> list[str]:
        """Values of ``tags`` in file order, without empty or ``nan`` ones."""
        return [
            value
            for tag, value in self.fields
            if tag in tags and value and value.strip().lower() != "nan"
        ]

    def first(self, *tags: str) -> str | None:
        for tag in tags:
            values = self.values(tag)
            if values:
                return values[0]
        return None


def read_ris(text: str) -> ReadResult:
    """Read a RIS file's text."""
    result = ReadResult()
    records: list[_Record] = []
    record: _Record | None = None
    # Tagged lines outside a record: junk (Ovid's NL line) unless an ER closes them.
    stray: _Record | None = None
    tagged_lines = 0
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        stripped = line.rstrip()
        match = _TAG_LINE.match(stripped)
        if match:
            tagged_lines += 1
            tag, value = match.group(1), (match.group(2) or "").strip()
            if tag == "TY":
                if record is not None:
                    result.problem(
                        record.line, f"record has no 'ER  -' line; read up to line {number - 1}"
                    )
                    records.append(record)
                record, stray = _Record(number, value), None
            elif tag == "ER":
                if record is not None:
                    records.append(record)
                    record = None
                elif stray is not None:
                    result.problem(stray.line, "record has no 'TY  -' line; skipped")
                    stray = None
            elif record is not None:
                record.add(tag, value)
            else:
                if stray is None:
                    stray = _Record(number, None)
                stray.add(tag, value)
        elif record is not None and stripped.strip() and record.fields:
            tag, previous = record.fields[-1]
            if tag in _LIST_TAGS:
                record.add(tag, stripped.strip())
            else:
                record.fields[-1] = (tag, f"{previous} {stripped.strip()}".strip())
    if record is not None:
        result.problem(record.line, "record has no 'ER  -' line (is the file cut short?)")
        records.append(record)
    if not records and not result.problems:
        first = next((line for line in lines if line.strip()), "")
        if _WOS_HEADER.match(first):
            result.problem(
                None,
                "not a RIS file: this is Web of Science's tagged format; "
                "export the records as RIS (or BibTeX) instead",
            )
        elif tagged_lines == 0:
            result.problem(None, "not a RIS file: no 'TY  - ' record found")
    _to_entries(records, result)
    return result


def _to_entries(records: list[_Record], result: ReadResult) -> None:
    # Made-up keys must not take an ID that a later record gives. One set of keys, kept up to
    # date: a copy per record made reading n records cost O(n²).
    keys = UniqueKeys(reserved=(key for record in records if (key := record.first("ID"))))
    for record in records:
        try:
            item, notes = _item(record)
        except Exception as error:  # one odd record must not cost the file
            log.exception("reading the RIS record at line %s failed", record.line)
            result.problem(
                record.line,
                f"record could not be read ({type(error).__name__}: {error}); skipped",
            )
            continue
        given_id = record.first("ID")
        if given_id and not any(char.isspace() for char in given_id):
            key = keys.make(given_id, avoid_reserved=False)
            if key != given_id:
                # Database record numbers repeat across exports; keep both records.
                notes.append(f"ID '{given_id}' is used by an earlier record; key '{key}' given")
            generated = key != given_id
        else:
            key = keys.make(key_stem(item))
            generated = True
        item = {"id": key, **item}
        for note in notes:
            result.problem(record.line, f"record '{key}': {note}")
        result.entries.append(ReadEntry(key, item, record.line, generated_key=generated))


def _item(record: _Record) -> tuple[dict, list[str]]:
    notes: list[str] = []
    ris_type = (record.type or "").upper()
    item: dict = {"type": TYPES.get(ris_type, "document")}
    if ris_type not in TYPES:
        notes.append(f"unknown RIS type '{record.type}'; read as a document")

    def put(name: str, value: object) -> None:
        if value:
            item[name] = value

    put("author", _names(record.values("AU", "A1")))
    editors = record.values("ED") + ([] if ris_type in _PERIODICAL_TYPES else record.values("A2"))
    put("editor", _names(editors))
    put("collection-editor", _names(record.values("A3")))

    title = record.first("TI", "T1", "CT")
    book_title = record.first("BT")
    if title is None and ris_type in _BOOK_TYPES:
        title, book_title = book_title, None
    put("title", title)
    short = record.first("ST")
    if short and short != title:
        put("title-short", short)
    container = record.first("T2", "JF", "JO") or book_title or record.first("JA", "J2")
    put("container-title", container)
    abbreviation = record.first("J2", "JA", "JO")
    if abbreviation and abbreviation != container:
        put("container-title-short", abbreviation)
    put("collection-title", record.first("T3"))

    issued = _issued(record, notes)
    put("issued", issued)
    accessed = _date_parts(record.first("Y2") or "")
    if accessed and accessed[0]:
        put("accessed", {"date-parts": [[part for part in accessed if part]]})

    put("volume", record.first("VL"))
    put("issue", record.first("IS"))
    put("page", _pages(record.first("SP"), record.first("EP")))
    edition = record.first("ET")
    if edition and not _EPUB_DATE.match(edition):
        # EndNote writes a journal article's electronic publication date in ET.
        put("edition", edition)
    put("number-of-volumes", record.first("NV"))
    put("publisher", record.first("PB"))
    put("publisher-place", record.first("CY", "PP"))

    for value in dict.fromkeys(record.values("SN")):
        for number in re.split(r"[;,]\s*|\s+(?=\d)", value):
            digits = re.sub(r"[^0-9Xx]", "", number.split("(")[0])
            name = "ISBN" if len(digits) in (10, 13) else "ISSN"
            if number.strip():
                item[name] = f"{item[name]}, {number.strip()}" if name in item else number.strip()
    doi = record.first("DO")
    if doi:
        put("DOI", normalise_doi(doi))
    put("URL", record.first("UR", "L2", "LK"))
    put("abstract", record.first("AB", "N2"))
    # Zotero writes its notes as HTML.
    put("note", "\n".join(_HTML_TAG.sub("", note).strip() for note in record.values("N1")))
    put("keyword", ", ".join(dict.fromkeys(record.values("KW"))))
    put("language", record.first("LA"))
    put("call-number", record.first("CN"))
    put("source", record.first("DB", "DP"))
    return item, notes


def _names(values: list[str]) -> list[dict]:
    names = [_name(value) for value in values]
    return [name for name in names if name]


def _name(value: str) -> dict:
    """RIS writes a person "Last, First[, Suffix]"; several words with no comma ("Yale
    Medicine", "World Health Organization") cannot be that, so they are an organisation's
    name, kept whole. PubMed's "Liu R" / "Liu RJ" (initials last) and one word stay as they
    were read."""
    text = " ".join(value.split())
    if "," not in text and " " in text and not _INITIALS.fullmatch(text.rsplit(" ", 1)[1]):
        return {"literal": text}
    return plain_name(value)


_INITIALS = re.compile(r"(?:[A-Z][.\-]?){1,4}")


def _date_parts(text: str) -> list[int | None]:
    """``[year, month, day]`` (each maybe ``None``) from RIS date forms: ``2021/02/01/``,
    ``2020///nan``, ``2014//``, ``2011``, ``2011-05-11``, ``Jun``, ``Mar 1``, ``2011 Jun 11``."""
    text = text.strip()
    if not text:
        return []
    if "/" in text:
        pieces = [piece.strip() for piece in text.split("/")] + ["", ""]
        year_text, month_text, day_text = pieces[:3]
        return [
            int(year_text) if _YEAR.match(year_text) else None,
            int(month_text) if month_text.isdigit() and 1 <= int(month_text) <= 12 else None,
            int(day_text) if day_text.isdigit() and 1 <= int(day_text) <= 31 else None,
        ]
    iso = re.match(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", text)
    if iso:
        iso_month = int(iso.group(2))
        iso_day = int(iso.group(3)) if iso.group(3) else None
        return [int(iso.group(1)), iso_month if 1 <= iso_month <= 12 else None, iso_day]
    year: int | None = None
    month: int | None = None
    day: int | None = None
    for word in re.split(r"[\s,.]+", text):
        if _YEAR.match(word) and year is None:
            year = int(word)
        elif month is None and not word.isdigit() and month_number(word):
            month = month_number(word)
        elif word.isdigit() and 1 <= int(word) <= 31 and month is not None and day is None:
            day = int(word)
    return [year, month, day]


def _issued(record: _Record, notes: list[str]) -> dict | None:
    """The publication date from ``DA`` (the full date) and ``PY``/``Y1`` (the year)."""
    year_text = record.first("PY", "Y1")
    year_parts = _date_parts(year_text or "")
    exact = _date_parts(record.first("DA") or "")
    year = (exact[0] if exact else None) or (year_parts[0] if year_parts else None)
    if year is None:
        if year_text:
            notes.append(f"year '{year_text}' is not a date; left out")
        return None
    parts = [year]
    source = exact if exact and (exact[0] in (None, year)) and exact[1] else year_parts
    if len(source) > 1 and source[1]:
        parts.append(source[1])
        if len(source) > 2 and source[2]:
            parts.append(source[2])
    return {"date-parts": [parts]}


def _pages(first: str | None, last: str | None) -> str | None:
    if first and last and (first, last) == ("No", "Specified"):
        return None  # Ovid's "No Pagination Specified", split over SP and EP
    if first and last and "-" not in first:
        return first if first == last else f"{first}-{last}"
    return first or (f"-{last}" if last else None)
