"""Writes one CSL-JSON item into a BibTeX/BibLaTeX file's text in place, as an entry styled
like its neighbours; an edited entry keeps the text of every field whose value did not change.
The writer of what ``bibtex_csl`` reads: every value it writes reads back as it was."""

from __future__ import annotations

import re
from pathlib import Path

import bibtexparser
from bibtexparser import model

from editor.core.citations.bibformats.common import (
    ARTICLE_TYPES,
    check_keys,
    date_text,
    name_text,
    paired_braces,
)
from editor.core.citations.bibformats.latex import sentence_case, text_of, to_runs
from editor.core.citations.bibformats.names import bibtex_name, split_name_list

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

# Every CSL variable some field holds: what an edit may have changed.
_WRITTEN_VARIABLES = frozenset(v for names in _FIELD_VARIABLES.values() for v in names)
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


def _escape(text: str) -> str:
    """``text`` as LaTeX that every reader gives back as ``text``. BibTeX counts a ``\\{`` as
    a brace, so only braces that pair up are written ``\\{`` and ``\\}``: a lone one would
    end the field early or never close it (and the entry would be lost); it is written as
    ``\\textbraceleft{}`` or ``\\textbraceright{}``. No space is added or removed, so the
    words of the result are those of ``text``."""
    paired = paired_braces(text)

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
    # "{}" after an initial's full stop keeps "A.A." from being spaced out to "A. A.", in
    # either part (a family name may hold initials too: "Smith A.A., Jane").
    family_text = _INITIAL_STOP.sub(".{}", _escape(family))
    given_text = _INITIAL_STOP.sub(".{}", _escape(given))
    return "{" + family_text + "}" + (", {" + given_text + "}" if given else "")


def _reads_as(written: str, name: dict, biblatex: bool) -> bool:
    """Whether the project's reader (pandoc's rules) gives ``written`` back as ``name``."""
    pieces = split_name_list(written)
    if len(pieces) != 1:
        return False
    read = bibtex_name(pieces[0], useprefix=False, bibtex_von=not biblatex)
    return name_text(read) == name_text(name)


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
        put("date", date_text(item.get("issued"), year_only=False), "issued")
    else:
        put("year", date_text(item.get("issued"), year_only=True), "issued")
    put("volume", text("volume"), "volume")
    if kind in ARTICLE_TYPES:
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
    put("urldate", date_text(item.get("accessed"), year_only=False), "accessed")
    return fields


def _merged_fields(
    item: dict, biblatex: bool, block: model.Entry, old_item: dict | None
) -> list[tuple[str, str]]:
    """The edited entry's fields in its own order: a field whose CSL variables did not change
    keeps its text, a changed one is replaced where it stood, fields the form does not know
    are kept, and new ones follow the form's fields."""
    old = old_item if old_item is not None and old_item.get("type") == item.get("type") else None
    changed = {
        variable
        for variable in _WRITTEN_VARIABLES
        if old is None or old.get(variable) != item.get(variable)
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
        if entry_field.key.lower() == "number" and item.get("type") in ARTICLE_TYPES:
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


def _bib_blocks(text: str) -> list[tuple[str, int, int, model.Entry]]:
    """Each entry's ``(key, start, end, block)``: where its text starts and ends in ``text``."""
    line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
    found = []
    for parsed in bibtexparser.parse_string(text, parse_stack=[]).blocks:
        block: model.Block | None = parsed
        if isinstance(parsed, (model.DuplicateBlockKeyBlock, model.DuplicateFieldKeyBlock)):
            block = parsed.ignore_error_block
        if not isinstance(block, model.Entry) or not block.raw:
            continue
        line = min(block.start_line or 0, len(line_starts) - 1)
        start = text.find(block.raw, line_starts[line])
        if start >= 0:
            found.append((block.key, start, start + len(block.raw), block))
    return found


def splice_bibtex(
    path: Path,
    text: str,
    item: dict,
    original_key: str | None,
    biblatex: bool,
    old_item: dict | None = None,
) -> str:
    """``text`` (the file at ``path``) with ``item`` added, or put in place of the entry
    ``original_key``, whose item as read was ``old_item``."""
    entries = _bib_blocks(text)
    check_keys(path, [key for key, *_ in entries], item, original_key)
    if original_key is not None:
        for key, start, end, block in entries:
            if key == original_key:
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
