"""Adding and editing one reference in a bibliography file, for the citation panel's form: the
draft the form edits, its validation, its CSL-JSON item, and saving that item back into a
CSL-JSON or BibTeX/BibLaTeX file by splicing it in place, so every other entry keeps its bytes.
Also the two file-level actions: creating an empty CSL-JSON file and naming a bibliography in
a document's front matter. Qt-free.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
import yaml
from bibtexparser import model

from editor.core.bibformats.common import key_stem, unique_key
from editor.core.bibformats.latex import sentence_case, text_of, to_runs
from editor.core.bibformats.names import bibtex_name, split_name_list
from editor.core.bibliography import load_bibliography
from editor.core.fileio import FileError, read_document, write_text_atomic
from editor.core.frontmatter import find_front_matter

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
_FORM_VARIABLES = frozenset(
    "type author title container-title issued volume issue page DOI URL accessed publisher "
    "publisher-place edition".split()
)
# The types with an issue number (BibTeX's "number" of an @article); no other type has one.
_ARTICLES = frozenset({"article-journal", "article-magazine", "article-newspaper"})
_JSON_SUFFIXES = frozenset({".json"})
_BIBTEX_SUFFIXES = frozenset({".bib", ".bibtex", ".biblatex"})

# pandoc: a key starts with a letter, digit or '_' and may hold these punctuation marks inside.
_KEY = re.compile(r"\w(?:[\w:.#$%&\-+?<>~/]*\w)?")
_YEAR = re.compile(r"\d{4}")
# Control characters other than white space (which the form collapses).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
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


# -- the draft ---------------------------------------------------------------------------------


def normalise_doi(text: str) -> str:
    """A DOI as CSL wants it (``10.1234/abc``) from one typed as a link or with ``doi:``."""
    return _DOI_PREFIX.sub("", text.strip())


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
        elif len(_paired_braces(value)) != value.count("{") + value.count("}"):
            problem(name, f"{label} cannot hold a lone '{{' or '}}'; write it as %7B or %7D.")
    accessed = draft.accessed.strip()
    if accessed and _parse_date(accessed) is None:
        problem("accessed", "The access date must be a real date written YYYY-MM-DD.")
    if draft.issue.strip() and draft.type not in _ARTICLES:
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
        if name not in _FORM_VARIABLES and name not in item:
            item[name] = value
    if "citation-key" in item:
        item["citation-key"] = item["id"]
    return item


def _name_text(name: dict) -> str:
    if name.get("literal"):
        return str(name["literal"])
    family = _join_particle(name.get("non-dropping-particle"), name.get("family"))
    given = " ".join(part for part in (name.get("given"), name.get("dropping-particle")) if part)
    return f"{family}, {given}" if given else family


def _join_particle(particle: str | None, family: str | None) -> str:
    """A particle and a family name, without a space after an elided particle (``d'``,
    ``al-``), as citeproc prints them."""
    if not particle or not family:
        return particle or family or ""
    return particle + ("" if particle.endswith(("'", "’", "-")) else " ") + family


def _date_text(date: object, year_only: bool) -> str:
    if not isinstance(date, dict):
        return ""
    parts = date.get("date-parts")
    if parts and parts[0]:
        numbers = parts[0][:1] if year_only else parts[0][:3]
        return "-".join(f"{int(n):02d}" if i else f"{int(n):04d}" for i, n in enumerate(numbers))
    return str(date.get("literal") or date.get("raw") or "")


def csl_to_draft(item: dict) -> EntryDraft:
    """The form's draft for an existing item (the reverse of ``draft_to_csl``)."""

    def text(name: str) -> str:
        value = item.get(name)
        return "" if value is None else str(value)

    kind = text("type")
    return EntryDraft(
        key=text("id"),
        type=kind if kind in dict(ENTRY_TYPES) else "document",
        authors=[_name_text(name) for name in item.get("author") or [] if isinstance(name, dict)],
        title=text("title"),
        container=text("container-title"),
        year=_date_text(item.get("issued"), year_only=True),
        volume=text("volume"),
        issue=text("issue"),
        pages=text("page"),
        doi=text("DOI"),
        url=text("URL"),
        accessed=_date_text(item.get("accessed"), year_only=False),
        publisher=text("publisher"),
        place=text("publisher-place"),
        edition=text("edition"),
    )


def suggest_key(draft: EntryDraft, existing_keys: set[str]) -> str:
    """A free key from the first author's family name and the year, in lowercase ASCII:
    ``marsh2021``, then ``marsh2021a``, ``marsh2021b``..."""
    stem = key_stem(draft_to_csl(draft)).lower()
    return unique_key(stem, set(existing_keys))


# -- saving an entry ---------------------------------------------------------------------------


def save_entry(path: Path, item: dict, original_key: str | None = None) -> None:
    """Add ``item`` to the bibliography at ``path`` (``original_key`` ``None``) or put it in
    place of the entry ``original_key``, changing no other byte of the file; written
    atomically with the file's line endings and BOM. Raises ``FileError`` when the file cannot
    be read, parsed or written, ``ValueError`` for a format this cannot write, a key not in
    the file, or a new key another entry already has."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _JSON_SUFFIXES and suffix not in _BIBTEX_SUFFIXES:
        raise ValueError(f"{path}: cannot save references to a '{suffix}' file")
    text, text_format = read_document(path)
    if suffix in _JSON_SUFFIXES:
        text = _splice_json(path, text, item, original_key)
    else:
        text = _splice_bibtex(path, text, item, original_key, biblatex=suffix != ".bibtex")
    write_text_atomic(path, text, text_format)


def _check_keys(path: Path, keys: list[str], item: dict, original_key: str | None) -> None:
    if original_key is not None and original_key not in keys:
        raise ValueError(f"{path}: no entry with the key '{original_key}'")
    key = str(item.get("id", ""))
    if not key:
        raise ValueError(f"{path}: the entry has no key")
    if key != original_key and key in keys:
        raise ValueError(f"{path}: the key '{key}' is already used by another entry")


# CSL-JSON ------------------------------------------------------------------------------------

_SPACE = re.compile(r"\s*")


def _json_items(path: Path, text: str) -> tuple[int, list[tuple[int, int, object]]]:
    """The offset of the top-level array's ``]`` and each item's ``(start, end, value)``."""
    decoder = json.JSONDecoder()
    position = _SPACE.match(text).end()
    if not text.startswith("[", position):
        raise FileError(f"{path}: not a CSL-JSON list of items; cannot add to it")
    items: list[tuple[int, int, object]] = []
    position += 1
    try:
        while True:
            position = _SPACE.match(text, position).end()
            if text.startswith("]", position):
                return position, items
            value, end = decoder.raw_decode(text, position)
            items.append((position, end, value))
            position = _SPACE.match(text, end).end()
            if text.startswith(",", position):
                position += 1
            elif not text.startswith("]", position):
                raise json.JSONDecodeError("Expecting ',' delimiter", text, position)
    except json.JSONDecodeError as error:
        raise FileError(f"{path}:{error.lineno}: not valid JSON ({error.msg})") from None


def _line_indent(text: str, offset: int) -> str:
    """The whitespace before ``offset`` on its line."""
    start = text.rfind("\n", 0, offset) + 1
    before = text[start:offset]
    return before if not before.strip() else ""


def _format_json(item: dict, like: str | None, base_indent: str) -> str:
    """``item`` formatted as ``like`` (a neighbour's text) is: on one line, or indented with
    its unit, each line after the first shifted by ``base_indent``."""
    if like is not None and "\n" not in like:
        return json.dumps(item, ensure_ascii=False)
    unit = "  "
    if like is not None:
        inner = re.search(r"\n([ \t]+)\S", like)
        if inner and inner.group(1).startswith(base_indent) and inner.group(1) != base_indent:
            unit = inner.group(1)[len(base_indent) :]
    indent: int | str = len(unit) if unit.strip(" ") == "" else unit
    dumped = json.dumps(item, indent=indent, ensure_ascii=False)
    return dumped.replace("\n", "\n" + base_indent)


def _splice_json(path: Path, text: str, item: dict, original_key: str | None) -> str:
    closing, items = _json_items(path, text)
    keys = [str(value.get("id")) for _, _, value in items if isinstance(value, dict)]
    _check_keys(path, keys, item, original_key)
    if original_key is not None:
        for start, end, value in items:
            if isinstance(value, dict) and str(value.get("id")) == original_key:
                formatted = _format_json(item, text[start:end], _line_indent(text, start))
                return text[:start] + formatted + text[end:]
    if not items:
        # "[]" or "[\n]": the item goes on its own lines inside.
        opening = text.rfind("[", 0, closing)
        outer = _line_indent(text, opening)
        body = _format_json(item, None, outer + "  ")
        return text[: opening + 1] + f"\n{outer}  {body}\n{outer}" + text[closing:]
    last_start, last_end, _ = items[-1]
    if len(items) > 1:
        between = text[items[-2][1] : last_start]
        separator = between[between.find(",") + 1 :]
    else:
        separator = text[text.rfind("\n", 0, last_start) : last_start] or " "
    like = text[last_start:last_end]
    formatted = _format_json(item, like, _line_indent(text, last_start))
    return text[:last_end] + "," + separator + formatted + text[last_end:]


# BibTeX / BibLaTeX ---------------------------------------------------------------------------

# CSL type -> (BibLaTeX type, BibTeX type, entrysubtype)
_BIB_TYPES = {
    "article-journal": ("Article", "Article", None),
    "article-magazine": ("Article", "Article", "magazine"),
    "article-newspaper": ("Article", "Article", "newspaper"),
    "book": ("Book", "Book", None),
    "chapter": ("InCollection", "InCollection", None),
    "paper-conference": ("InProceedings", "InProceedings", None),
    "report": ("Report", "TechReport", None),
    "thesis": ("Thesis", "PhdThesis", None),
    "webpage": ("Online", "Online", None),  # BibTeX styles print an unknown type as @misc
    "document": ("Misc", "Misc", None),
}
_CONTAINER_IS_BOOK = frozenset({"chapter", "paper-conference"})
# The CSL variables each BibTeX field of an edited entry feeds. When one of them changes, the
# field is replaced by the form's; when none does, the field keeps its text (a @string, its
# braces); a field not listed is not the form's and is always kept.
_FIELD_VARIABLES = {
    "author": ("author",),
    "title": ("title",),
    "subtitle": ("title",),
    "titleaddon": ("title",),
    "maintitle": ("title", "container-title"),
    "mainsubtitle": ("title", "container-title"),
    "maintitleaddon": ("title", "container-title"),
    "issuetitle": ("title",),
    "issuesubtitle": ("title",),
    "journaltitle": ("container-title",),
    "journal": ("container-title",),
    "journalsubtitle": ("container-title",),
    "booktitle": ("container-title",),
    "booksubtitle": ("container-title",),
    "booktitleaddon": ("container-title",),
    "date": ("issued",),
    "year": ("issued",),
    "month": ("issued",),
    "day": ("issued",),
    "volume": ("volume",),
    "part": ("volume",),
    "issue": ("issue",),
    "pages": ("page",),
    "doi": ("DOI",),
    "url": ("URL",),
    "urldate": ("accessed",),
    "publisher": ("publisher",),
    "institution": ("publisher",),
    "school": ("publisher",),
    "organization": ("publisher",),
    "location": ("publisher-place",),
    "address": ("publisher-place",),
    "edition": ("edition",),
    "entrysubtype": ("type",),
}
_ENTRY_TYPE = re.compile(r"@\s*(\w+)")
# Characters a LaTeX reader would not give back as typed. A quote, a backquote and a run of
# dashes would become typographic quotes and dashes (pandoc's "--" is an en dash), so they are
# written as the commands for the characters themselves (pandoc writes "-\/-" too).
_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\^{}",
    "'": r"\textquotesingle{}",
    "`": r"\textasciigrave{}",
    "-": r"-\/",
}
_LATEX_SPECIAL_CHARS = re.compile(r"[\\&%$#_~^'`]|-(?=-)|[{}]")
_AND = re.compile(r"\sand\s", re.IGNORECASE)
_INITIAL_STOP = re.compile(r"\.(?=[^\W\d_])")
_FIELD_LINE = re.compile(r"^([ \t]+)([\w-]+)([ \t]*)=", re.MULTILINE)


def _paired_braces(text: str) -> set[int]:
    """The offsets of the braces in ``text`` that pair up, an opening before its closing."""
    opened: list[int] = []
    paired: set[int] = set()
    for index, char in enumerate(text):
        if char == "{":
            opened.append(index)
        elif char == "}" and opened:
            paired.update((opened.pop(), index))
    return paired


def _escape(text: str) -> str:
    """``text`` as LaTeX that every reader gives back as ``text``. BibTeX counts a ``\\{`` as
    a brace, so only braces that pair up are written ``\\{`` and ``\\}``: a lone one would
    end the field early or never close it (and the entry would be lost); it is written as
    ``\\textbraceleft{}`` or ``\\textbraceright{}``. No space is added or removed, so the
    words of the result are those of ``text``."""
    paired = _paired_braces(text)

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        if char in "{}":
            if match.start() in paired:
                return "\\" + char
            return r"\textbraceleft{}" if char == "{" else r"\textbraceright{}"
        return _LATEX_SPECIAL[char]

    return _LATEX_SPECIAL_CHARS.sub(replace, text)


def _protect_title(text: str) -> str:
    """A title with its capitals kept through pandoc's sentence case, as Better BibTeX does:
    each word with a capital that would be lowercased is braced; if that is not enough (a
    lowercase word after a colon would be capitalised), the whole title is."""
    # Escaped as a whole, so that a brace pairs with its partner in another word.
    out = []
    words = zip(text.split(" "), _escape(text).split(" "), strict=True)
    for index, (word, escaped) in enumerate(words):
        simple_first = index == 0 and word[:1].isupper() and not any(c.isupper() for c in word[1:])
        if any(char.isupper() for char in word) and not simple_first:
            escaped = "{" + escaped + "}"
        out.append(escaped)
    protected = " ".join(out)
    if text_of(sentence_case(to_runs(protected))) != text:
        protected = "{" + _escape(text) + "}"
    return protected


def _literal_list(text: str) -> str:
    """A publisher or place: braced when an ``and`` would split it into a list (or the list
    would not read back as it is)."""
    escaped = _escape(text)
    return escaped if split_name_list(escaped) == [escaped] else "{" + escaped + "}"


def _bib_name(name: dict, biblatex: bool) -> str:
    """One name of a name list, written so that a BibTeX reader gives it back: as BibTeX
    users write it when that reads back the same, else with its family and given names each
    braced whole (so no ``and``, comma, ``=`` or lowercase word inside splits them)."""
    if "literal" in name:
        return "{" + _escape(str(name["literal"])) + "}"
    family = " ".join(
        part for part in (name.get("non-dropping-particle"), name.get("family")) if part
    )
    family_text = _escape(family)
    # Brace a family name BibTeX would split (a particle, two words) so it reads back whole.
    if " " in family or (family[:1].islower()) or _AND.search(f" {family} "):
        family_text = "{" + family_text + "}"
    given = " ".join(part for part in (name.get("given"), name.get("dropping-particle")) if part)
    written = f"{family_text}, {_escape(given)}" if given else family_text
    if _reads_as(written, name, biblatex):
        return written
    # "{}" after an initial's full stop keeps "A.A." from being spaced out to "A. A.".
    given_text = _INITIAL_STOP.sub(".{}", _escape(given))
    return "{" + _escape(family) + "}" + (", {" + given_text + "}" if given else "")


def _reads_as(written: str, name: dict, biblatex: bool) -> bool:
    """Whether the project's reader (pandoc's rules) gives ``written`` back as ``name``."""
    pieces = split_name_list(written)
    if len(pieces) != 1:
        return False
    read = bibtex_name(pieces[0], useprefix=False, bibtex_von=not biblatex)
    return _name_text(read) == _name_text(name)


def _bib_fields(item: dict, biblatex: bool) -> list[tuple[str, str, str]]:
    """The entry's fields as ``(name, braced value, CSL variable it holds)``."""
    kind = item.get("type", "document")
    fields: list[tuple[str, str, str]] = []

    def put(name: str, value: object, variable: str) -> None:
        if value:
            fields.append((name, "{" + str(value) + "}", variable))

    def text(variable: str) -> str:
        return _escape(" ".join(str(item.get(variable) or "").split()))

    names = [name for name in item.get("author") or [] if isinstance(name, dict)]
    put("author", " and ".join(_bib_name(name, biblatex) for name in names), "author")
    title = " ".join(str(item.get("title") or "").split())
    put("title", _protect_title(title) if title else None, "title")
    container = " ".join(str(item.get("container-title") or "").split())
    if container and kind in _CONTAINER_IS_BOOK:
        put("booktitle", _protect_title(container), "container-title")
    else:
        put("journaltitle" if biblatex else "journal", text("container-title"), "container-title")
    put("entrysubtype", _BIB_TYPES.get(kind, _BIB_TYPES["document"])[2], "type")
    if biblatex:
        put("date", _date_text(item.get("issued"), year_only=False), "issued")
    else:
        put("year", _date_text(item.get("issued"), year_only=True), "issued")
    put("volume", text("volume"), "volume")
    if kind in _ARTICLES:
        put("number", text("issue"), "issue")
    put("pages", text("page").replace("-", "--"), "page")
    put("edition", text("edition"), "edition")
    publisher = " ".join(str(item.get("publisher") or "").split())
    place = " ".join(str(item.get("publisher-place") or "").split())
    if biblatex:
        put("publisher", _literal_list(publisher), "publisher")
        put("location", _literal_list(place), "publisher-place")
    else:
        put("publisher", _escape(publisher), "publisher")
        put("address", _escape(place), "publisher-place")
    # DOIs and URLs are verbatim fields: written as they are.
    put("doi", item.get("DOI"), "DOI")
    put("url", item.get("URL"), "URL")
    put("urldate", _date_text(item.get("accessed"), year_only=False), "accessed")
    return fields


def _merged_fields(
    item: dict, biblatex: bool, block: model.Entry, old_item: dict | None
) -> list[tuple[str, str]]:
    """The edited entry's fields in its own order: a field whose CSL variables did not change
    keeps its text, a changed one is replaced where it stood, fields the form does not know
    are kept, and new ones follow the form's fields."""
    same_type = old_item is not None and old_item.get("type") == item.get("type")
    changed = {
        variable
        for variable in _FORM_VARIABLES
        if not same_type or old_item.get(variable) != item.get(variable)
    }
    new = _bib_fields(item, biblatex)
    fields: list[tuple[str, str]] = []
    placed: set[str] = set()
    last_form_field = -1

    def place(variable: str) -> None:
        if variable not in placed:
            placed.add(variable)
            fields.extend((name, value) for name, value, var in new if var == variable)

    for entry_field in block.fields:
        variables = _FIELD_VARIABLES.get(entry_field.key.lower(), ())
        if entry_field.key.lower() == "number" and item.get("type") in _ARTICLES:
            variables = ("issue",)
        hit = [variable for variable in variables if variable in changed]
        if hit:
            for variable in hit:
                place(variable)
        else:
            fields.append((entry_field.key, entry_field.value))
        if variables:
            last_form_field = len(fields)
    rest = [(name, value) for name, value, var in new if var in changed and var not in placed]
    at = last_form_field if last_form_field >= 0 else len(fields)
    return fields[:at] + rest + fields[at:]


def _entry_style(raw: str | None) -> tuple[str, int, bool]:
    """A neighbour entry's field indent, the column its ``=`` is aligned to (0 if not
    aligned) and whether its type is capitalised."""
    if not raw:
        return "  ", 0, False
    lines = _FIELD_LINE.findall(raw)
    indent = lines[0][0] if lines else "  "
    widths = {len(name) + len(space) for _, name, space in lines}
    aligned = len(widths) == 1 and len(lines) > 1 and next(iter(widths)) > len(lines[0][1]) + 1
    capital = raw.lstrip("@ \t")[:1].isupper()
    return indent, (next(iter(widths)) if aligned else 0), capital


def _format_bib_entry(
    item: dict, biblatex: bool, like: str | None, fields: list[tuple[str, str]], same_type: bool
) -> str:
    """The entry's text, styled like ``like`` (the entry it replaces, or a neighbour): its
    indent, its aligned ``=``, its type's case (its very type word when the type is kept)."""
    indent, width, capital = _entry_style(like)
    kind = _BIB_TYPES.get(item.get("type", "document"), _BIB_TYPES["document"])
    entry_type = kind[0] if biblatex else kind[1]
    written = _ENTRY_TYPE.match(like.lstrip()) if like else None
    if same_type and written:
        entry_type = written.group(1)
    elif not capital:
        entry_type = entry_type.lower()
    lines = [f"@{entry_type}{{{item['id']},"]
    for name, value in fields:
        pad = " " * max(1, width - len(name)) if width else " "
        lines.append(f"{indent}{name}{pad}= {value},")
    lines.append("}")
    return "\n".join(lines)


def _bib_blocks(text: str) -> list[tuple[str, int, int, model.Block]]:
    """Each entry's ``(key, start, end, block)``: where its text starts and ends in ``text``."""
    line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
    found = []
    for block in bibtexparser.parse_string(text, parse_stack=[]).blocks:
        if isinstance(block, (model.DuplicateBlockKeyBlock, model.DuplicateFieldKeyBlock)):
            block = block.ignore_error_block
        if not isinstance(block, model.Entry) or not block.raw:
            continue
        start = text.find(block.raw, line_starts[min(block.start_line, len(line_starts) - 1)])
        if start >= 0:
            found.append((block.key, start, start + len(block.raw), block))
    return found


def _splice_bibtex(
    path: Path, text: str, item: dict, original_key: str | None, biblatex: bool
) -> str:
    entries = _bib_blocks(text)
    _check_keys(path, [key for key, *_ in entries], item, original_key)
    if original_key is not None:
        for key, start, end, block in entries:
            if key == original_key:
                old_item = load_bibliography(path).entries.get(original_key)
                same_type = old_item is not None and old_item.get("type") == item.get("type")
                fields = _merged_fields(item, biblatex, block, old_item)
                formatted = _format_bib_entry(item, biblatex, block.raw, fields, same_type)
                return text[:start] + formatted + text[end:]
    like = entries[-1][3].raw if entries else None
    fields = [(name, value) for name, value, _ in _bib_fields(item, biblatex)]
    formatted = _format_bib_entry(item, biblatex, like, fields, same_type=False)
    if not text:
        return formatted + "\n"
    # One blank line before the new entry.
    gap = "" if text.endswith("\n\n") else "\n" if text.endswith("\n") else "\n\n"
    return text + gap + formatted + "\n"


# -- files and front matter --------------------------------------------------------------------


def create_bibliography(path: Path) -> None:
    """Create an empty CSL-JSON bibliography at ``path``; never replaces an existing file."""
    path = Path(path)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as stream:
            stream.write("[]\n")
    except FileExistsError:
        raise FileError(f"{path}: already exists; choose another name") from None
    except OSError as error:
        raise FileError(f"{path}: cannot create: {error.strerror or error}") from None


_BIBLIOGRAPHY_KEY = re.compile(r"^bibliography[ \t]*:(.*)$")
_LIST_ITEM = re.compile(r"^([ \t]*-[ \t]+)")


def _yaml_scalar(value: str, in_flow: bool) -> str:
    """``value`` as a YAML scalar: plain when YAML reads it back unchanged, else quoted."""
    try:
        plain_ok = yaml.safe_load(value) == value and "#" not in value and ": " not in value
    except yaml.YAMLError:
        plain_ok = False
    if in_flow and any(char in value for char in ",[]{}"):
        plain_ok = False
    return value if plain_ok else json.dumps(value, ensure_ascii=False)


def _listed(value: object) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(item) for item in items]


def add_bibliography_to_front_matter(text: str, relative: str) -> str:
    """``text`` with ``relative`` named in its front matter's ``bibliography`` (a value
    becomes a list, a list gains an item), changing only those lines; a front matter is
    created if the document has none. Unchanged when the file is already named."""
    lines = text.split("\n")
    span = find_front_matter(lines)
    if span is None:
        return f"---\nbibliography: {_yaml_scalar(relative, False)}\n---\n\n" + text
    try:
        data = yaml.safe_load(span.yaml_text)
    except yaml.YAMLError:
        data = None
    if isinstance(data, dict) and relative in _listed(data.get("bibliography")):
        return text
    closing = span.end_line - 1
    key_line = next(
        (i for i in range(1, closing) if _BIBLIOGRAPHY_KEY.match(lines[i])),
        None,
    )
    if key_line is None:
        lines.insert(closing, f"bibliography: {_yaml_scalar(relative, False)}")
        return "\n".join(lines)
    value, comment = _split_comment(_BIBLIOGRAPHY_KEY.match(lines[key_line]).group(1))
    stripped = value.strip()
    if stripped.startswith("[") and stripped.endswith("]"):
        inner = stripped[1:-1].strip()
        entry = _yaml_scalar(relative, True)
        new_list = f"[{inner}, {entry}]" if inner else f"[{entry}]"
        lines[key_line] = f"bibliography: {new_list}{comment}"
        return "\n".join(lines)
    if stripped:
        lines[key_line : key_line + 1] = [
            f"bibliography:{comment}",
            f"  - {stripped}",
            f"  - {_yaml_scalar(relative, False)}",
        ]
        return "\n".join(lines)
    # A block list below the key (or nothing): it runs while lines are indented, list items,
    # blank or comments.
    last_item, prefix = None, "  - "
    for index in range(key_line + 1, closing):
        line = lines[index]
        if line.strip() and not line[:1].isspace() and not line.startswith(("-", "#")):
            break
        if line.strip() and not line.lstrip().startswith("#"):
            last_item = index
            item_prefix = _LIST_ITEM.match(line)
            if item_prefix:
                prefix = item_prefix.group(1)
    entry = f"{prefix}{_yaml_scalar(relative, False)}"
    if last_item is None:
        lines[key_line] = f"bibliography: {_yaml_scalar(relative, False)}{comment}"
    else:
        lines.insert(last_item + 1, entry)
    return "\n".join(lines)


def _split_comment(value: str) -> tuple[str, str]:
    """A plain value and its trailing ``  # comment`` (kept as written)."""
    match = re.search(r"\s+#.*$", value)
    if match is None or value.count('"') % 2 or value.count("'") % 2:
        return value, ""
    return value[: match.start()], value[match.start() :]
