"""The reference form's draft of one entry: its fields as typed, their validation, and its
CSL-JSON item (and back). Qt-free."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from editor.core.citations.bibformats.common import (
    ARTICLE_TYPES,
    date_text,
    key_stem,
    name_text,
    normalise_doi,
    paired_braces,
    unique_key,
)

ENTRY_TYPES: list[tuple[str, str]] = [
    ("article-journal", "Journal article"),
    ("book", "Book"),
    ("chapter", "Book chapter"),
    ("report", "Report"),
    ("thesis", "Thesis"),
    ("webpage", "Web page"),
    ("article-magazine", "Magazine article"),
    ("article-newspaper", "Newspaper article"),
    ("paper-conference", "Conference paper"),
    ("document", "Other"),
]

# The CSL variables the form owns; anything else an item has is kept when it is edited.
FORM_VARIABLES = frozenset(
    "type author title container-title issued volume issue page DOI URL accessed publisher "
    "publisher-place edition".split()
)

# pandoc: a key starts with a letter, digit or '_' and may hold these punctuation marks inside.
_KEY = re.compile(r"\w(?:[\w:.#$%&\-+?<>~/]*\w)?")

_YEAR = re.compile(r"\d{4}")

# Control characters other than white space (which the form collapses).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_DOI = re.compile(r"10\.\d{4,9}/\S+")

_URL = re.compile(r"https?://[^\s/?#]+\.[^\s/?#]+\S*|https?://localhost\S*", re.IGNORECASE)

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

_PAGE = r"(?:[A-Za-z]{0,3}\d+[A-Za-z]?|[ivxlcdm]+|[IVXLCDM]+)"

_PAGES = re.compile(rf"{_PAGE}(?:\s*[-\u2013\u2014]{{1,2}}\s*{_PAGE})?")

_PAGE_DASH = re.compile(r"\s*[-\u2013\u2014]{1,2}\s*")

_NO_DATE = "n.d."


@dataclass
class EntryDraft:
    """What the reference form edits, as typed: ``authors`` are ``"Family, Given"`` or one
    organisation's name; ``accessed`` is ``YYYY-MM-DD``."""

    key: str = ""
    type: str = "article-journal"
    authors: list[str] = field(default_factory=list)
    title: str = ""
    container: str = ""
    year: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    url: str = ""
    accessed: str = ""
    publisher: str = ""
    place: str = ""
    edition: str = ""


@dataclass(frozen=True)
class FieldProblem:
    """Why one field of the form cannot be saved as it is; ``field`` is the draft's attribute."""

    field: str
    message: str


def validate(
    draft: EntryDraft, existing_keys: set[str], original_key: str | None = None
) -> list[FieldProblem]:
    """What stops ``draft`` being saved, field by field; empty when it can be. A key may be
    the entry's own (``original_key``) but no other in ``existing_keys``."""
    problems: list[FieldProblem] = []

    def problem(name: str, message: str) -> None:
        problems.append(FieldProblem(name, message))

    key = draft.key.strip()
    if not key:
        problem("key", "A citation key is required.")
    elif not _KEY.fullmatch(key):
        problem(
            "key",
            "A citation key starts and ends with a letter, digit or _, and may contain only "
            "letters, digits, _ and :.#$%&-+?<>~/ inside.",
        )
    elif key in existing_keys and key != original_key:
        problem("key", f"The key '{key}' is already used by another reference.")
    if draft.type not in dict(ENTRY_TYPES):
        problem("type", f"Unknown reference type '{draft.type}'.")
    for number, author in enumerate(draft.authors, start=1):
        if author.count(",") > 1:
            problem(
                "authors",
                f"Author {number}: write a person as 'Family, Given' with one comma, "
                "or an organisation without a comma.",
            )
        elif author.strip() and not author.split(",")[0].strip():
            problem("authors", f"Author {number}: the family name is missing.")
    for name, value in vars(draft).items():
        values = value if isinstance(value, list) else [value]
        if any(_CONTROL.search(str(item)) for item in values):
            # A NUL or other control character cannot be saved in a text file that opens again.
            problem(name, "This field holds a control character; delete it.")
    if not draft.title.strip():
        problem("title", "A title is required.")
    year = draft.year.strip()
    if year and year != _NO_DATE and not _YEAR.fullmatch(year):
        problem("year", "The year must have four digits, e.g. 2021 (leave it empty if none).")
    doi = draft.doi.strip()
    if doi and not _DOI.fullmatch(normalise_doi(doi)):
        problem("doi", "A DOI looks like 10.1234/abc (or https://doi.org/10.1234/abc).")
    url = draft.url.strip()
    if url and not _URL.fullmatch(url):
        problem("url", "The URL must start with http:// or https:// and name a site.")
    for name, label in (("doi", "A DOI"), ("url", "A URL")):
        # Written verbatim into BibTeX, where a lone brace would end the field or never close
        # it, and readers disagree on a backslash before a brace.
        value = getattr(draft, name)
        if "\\" in value:
            problem(name, f"{label} cannot hold a backslash; write it as %5C.")
        elif len(paired_braces(value)) != value.count("{") + value.count("}"):
            problem(name, f"{label} cannot hold a lone '{{' or '}}'; write it as %7B or %7D.")
    accessed = draft.accessed.strip()
    if accessed and _parse_date(accessed) is None:
        problem("accessed", "The access date must be a real date written YYYY-MM-DD.")
    if draft.issue.strip() and draft.type not in ARTICLE_TYPES:
        problem("issue", "Only articles have an issue number; leave it empty for this type.")
    pages = draft.pages.strip()
    if pages and not all(_PAGES.fullmatch(part.strip()) for part in pages.split(",")):
        problem("pages", "Pages look like 12-34, 12, or e123.")
    return problems


def _parse_date(text: str) -> _dt.date | None:
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        return None
    try:
        return _dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _name(text: str) -> dict[str, str] | None:
    text = " ".join(text.split())
    if not text:
        return None
    family, comma, given = text.partition(",")
    if not comma:
        return {"literal": text}
    name = {"family": family.strip()}
    if given.strip():
        name["given"] = given.strip()
    return name


def _one_line(text: str) -> str:
    """Typed text as the item holds it: spaces (tabs, line breaks) trimmed and collapsed."""
    return " ".join(text.split())


def draft_to_csl(draft: EntryDraft, base: dict | None = None) -> dict:
    """The CSL-JSON item for ``draft`` (``id`` is its key). With ``base``, the item being
    edited, the variables the form does not show (abstract, ISSN...) are kept, and so is a
    full issued date whose year the form left unchanged."""
    item: dict = {"id": draft.key.strip(), "type": draft.type}

    def put(name: str, value: object) -> None:
        if value:
            item[name] = value

    put("author", [name for name in map(_name, draft.authors) if name])
    put("title", _one_line(draft.title))
    put("container-title", _one_line(draft.container))
    year = draft.year.strip()
    if _YEAR.fullmatch(year):
        issued = (base or {}).get("issued")
        parts = issued.get("date-parts") if isinstance(issued, dict) else None
        if parts and parts[0] and str(parts[0][0]) == year:
            item["issued"] = issued  # keep the month and day the form does not show
        else:
            item["issued"] = {"date-parts": [[int(year)]]}
    put("volume", _one_line(draft.volume))
    put("issue", _one_line(draft.issue))
    put("page", _PAGE_DASH.sub("-", draft.pages.strip()))
    put("DOI", normalise_doi(draft.doi))
    put("URL", draft.url.strip())
    accessed = _parse_date(draft.accessed.strip())
    if accessed:
        item["accessed"] = {"date-parts": [[accessed.year, accessed.month, accessed.day]]}
    put("publisher", _one_line(draft.publisher))
    put("publisher-place", _one_line(draft.place))
    put("edition", _one_line(draft.edition))
    for name, value in (base or {}).items():
        if name not in FORM_VARIABLES and name not in item:
            item[name] = value
    if "citation-key" in item:
        item["citation-key"] = item["id"]
    return item


def csl_to_draft(item: dict) -> EntryDraft:
    """The form's draft for an existing item (the reverse of ``draft_to_csl``)."""

    def text(name: str) -> str:
        value = item.get(name)
        return "" if value is None else str(value)

    kind = text("type")
    return EntryDraft(
        key=text("id"),
        type=kind if kind in dict(ENTRY_TYPES) else "document",
        authors=[name_text(name) for name in item.get("author") or [] if isinstance(name, dict)],
        title=text("title"),
        container=text("container-title"),
        year=date_text(item.get("issued"), year_only=True),
        volume=text("volume"),
        issue=text("issue"),
        pages=text("page"),
        doi=text("DOI"),
        url=text("URL"),
        accessed=date_text(item.get("accessed"), year_only=False),
        publisher=text("publisher"),
        place=text("publisher-place"),
        edition=text("edition"),
    )


def suggest_key(draft: EntryDraft, existing_keys: set[str]) -> str:
    """A free key from the first author's family name and the year, in lowercase ASCII:
    ``marsh2021``, then ``marsh2021a``, ``marsh2021b``..."""
    stem = key_stem(draft_to_csl(draft)).lower()
    return unique_key(stem, set(existing_keys))
