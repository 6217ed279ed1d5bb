"""BibTeX and BibLaTeX entries into CSL-JSON items, field by field as pandoc's citeproc reader
maps them (``pandoc -f biblatex -t csljson``), crossref inheritance included.

Where this differs from pandoc 2.17 it is on purpose, and said where it happens: text is plain
(no ``<i>`` or ``nocase`` markup), ``@misc`` and unknown types become ``document`` rather than
an empty type, seasons and unparsable dates are written as CSL expects, and macros or commands
pandoc cannot read keep their words instead of vanishing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from editor.core.citations.bibformats.bibtex import BibtexSyntax, RawEntry
from editor.core.citations.bibformats.common import (
    ReadEntry,
    ReadResult,
    month_number,
    ordinal,
    parse_edtf,
    season_number,
)
from editor.core.citations.bibformats.latex import (
    ExpansionLimitError,
    Macros,
    Runs,
    before_colon,
    resolve_key,
    sentence_case,
    text_of,
    to_runs,
    to_text,
)
from editor.core.citations.bibformats.names import bibtex_name, split_name_list

log = logging.getLogger(__name__)

BIBTEX = "bibtex"
BIBLATEX = "biblatex"

_TYPES = {
    "article": "article-journal",
    "book": "book",
    "booklet": "pamphlet",
    "bookinbook": "chapter",
    "collection": "book",
    "dataset": "dataset",
    "electronic": "webpage",
    "inbook": "chapter",
    "incollection": "chapter",
    "inreference": "entry-encyclopedia",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",  # BibTeX's alias of inproceedings
    "manual": "book",
    "mastersthesis": "thesis",
    "misc": "document",  # pandoc: "" (no type), which CSL-JSON does not allow
    "mvbook": "book",
    "mvcollection": "book",
    "mvproceedings": "book",
    "mvreference": "book",
    "online": "webpage",
    "patent": "patent",
    "periodical": "article-journal",
    "phdthesis": "thesis",
    "proceedings": "book",
    "reference": "book",
    "report": "report",
    "software": "book",  # pandoc's choice: no software type in CSL 1.0.1
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "suppperiodical": "article-journal",
    "techreport": "report",
    "thesis": "thesis",
    "unpublished": "manuscript",
    "www": "webpage",
    "artwork": "graphic",
    "audio": "song",
    "commentary": "book",
    "image": "graphic",
    "jurisdiction": "legal_case",
    "legislation": "legislation",
    "legal": "treaty",
    "letter": "personal_communication",
    "movie": "motion_picture",
    "music": "song",
    "performance": "speech",
    "review": "review",
    "standard": "legislation",
    "video": "motion_picture",
    "data": "dataset",
    "letters": "personal_communication",
    "newsarticle": "article-newspaper",
    "set": "document",  # an entry set: the key stays citable
    # Not pandoc: Mendeley's web page type, so it is not read as an unknown type.
    "web_page": "webpage",
    "webpage": "webpage",
}
_ARTICLE_LIKE = frozenset({"article", "periodical", "suppperiodical", "review"})
_CHAPTER_LIKE = frozenset({"inbook", "incollection", "inproceedings", "inreference", "bookinbook"})
_NUMBER_IS_SERIES_NUMBER = frozenset(
    "book collection proceedings reference mvbook mvcollection mvproceedings mvreference "
    "bookinbook inbook incollection inproceedings inreference suppbook suppcollection".split()
)
_LANGUAGES = {
    "english": "en-US",
    "usenglish": "en-US",
    "american": "en-US",
    "british": "en-GB",
    "ukenglish": "en-GB",
    "canadian": "en-US",
    "australian": "en-GB",
    "newzealand": "en-GB",
    "afrikaans": "af-ZA",
    "arabic": "ar",
    "basque": "eu",
    "bulgarian": "bg-BG",
    "catalan": "ca-AD",
    "croatian": "hr-HR",
    "czech": "cs-CZ",
    "danish": "da-DK",
    "dutch": "nl-NL",
    "estonian": "et-EE",
    "finnish": "fi-FI",
    "canadien": "fr-CA",
    "acadian": "fr-CA",
    "french": "fr-FR",
    "francais": "fr-FR",
    "austrian": "de-AT",
    "naustrian": "de-AT",
    "german": "de-DE",
    "germanb": "de-DE",
    "ngerman": "de-DE",
    "greek": "el-GR",
    "polutonikogreek": "el-GR",
    "hebrew": "he-IL",
    "hungarian": "hu-HU",
    "icelandic": "is-IS",
    "italian": "it-IT",
    "japanese": "ja-JP",
    "latvian": "lv-LV",
    "lithuanian": "lt-LT",
    "magyar": "hu-HU",
    "mongolian": "mn-MN",
    "norsk": "nb-NO",
    "nynorsk": "nn-NO",
    "farsi": "fa-IR",
    "polish": "pl-PL",
    "brazil": "pt-BR",
    "brazilian": "pt-BR",
    "portugues": "pt-PT",
    "portuguese": "pt-PT",
    "romanian": "ro-RO",
    "russian": "ru-RU",
    "serbian": "sr-RS",
    "serbianc": "sr-RS",
    "slovak": "sk-SK",
    "slovene": "sl-SL",
    "spanish": "es-ES",
    "swedish": "sv-SE",
    "thai": "th-TH",
    "turkish": "tr-TR",
    "ukrainian": "uk-UA",
    "vietnamese": "vi-VN",
    "latin": "la",
}
_ENGLISH_VARIANTS = {
    "variant=british": "british",
    "variant=uk": "british",
    "variant=american": "american",
    "variant=us": "american",
    "variant=usmax": "american",
    "variant=australian": "australian",
    "variant=newzealand": "newzealand",
}
_EPRINT_URLS = {
    "arxiv": "https://arxiv.org/abs/",
    "jstor": "https://www.jstor.org/stable/",
    "pubmed": "https://www.ncbi.nlm.nih.gov/pubmed/",
    "googlebooks": "https://books.google.com?id=",
}
# Fields a crossref never passes on (biblatex manual, appendix C).
_NOT_INHERITED = frozenset(
    "ids crossref xref entryset entrysubtype execute label options presort related "
    "relatedoptions relatedstring relatedtype shorthand shorthandintro sortkey".split()
)


def read_bibtex(text: str, variant: str = BIBLATEX) -> ReadResult:
    """Read a .bib file's text; ``variant`` is ``"biblatex"`` (for .bib and .biblatex, as
    pandoc) or ``"bibtex"`` (for .bibtex), which changes how names and publishers split."""
    result = ReadResult()
    syntax = BibtexSyntax(text, result)
    entries = syntax.parse()
    inherited = _resolve_crossrefs(entries, variant, result)
    for entry, fields in zip(entries, inherited, strict=True):
        if entry.type == "xdata":
            continue  # only a source of fields for other entries, as in pandoc
        try:
            mapper = _EntryMapper(entry, fields, variant, syntax.macros)
            item = mapper.item()
        except ExpansionLimitError as error:
            result.problem(entry.line, f"entry '{entry.key}': {error}; entry skipped")
            continue
        except Exception as error:  # one odd entry must not cost the file
            log.exception("reading the BibTeX entry '%s' (line %s) failed", entry.key, entry.line)
            result.problem(
                entry.line,
                f"entry '{entry.key}' could not be read ({type(error).__name__}: {error}); "
                "entry skipped",
            )
            continue
        for message in mapper.problems:
            result.problem(entry.line, f"entry '{entry.key}': {message}")
        result.entries.append(ReadEntry(entry.key, item, entry.line))
    return result


def _resolve_crossrefs(
    entries: list[RawEntry], variant: str, result: ReadResult
) -> list[dict[str, str]]:
    """Each entry's fields with those it inherits through ``crossref`` and ``xdata``."""
    by_key: dict[str, RawEntry] = {}
    by_folded_key: dict[str, RawEntry] = {}
    for entry in entries:
        by_key.setdefault(entry.key, entry)
        # BibTeX matches crossref keys without regard to case.
        by_folded_key.setdefault(entry.key.lower(), entry)
    missing: dict[str, tuple[int, int]] = {}

    def lookup(key: str, line: int) -> RawEntry | None:
        target = by_key.get(key) or by_folded_key.get(key.lower())
        if target is None:
            first_line, count = missing.get(key, (line, 0))
            missing[key] = (first_line, count + 1)
        return target

    def inherit(base: RawEntry, source: RawEntry, seen: set[str]) -> dict[str, str]:
        gained: dict[str, str] = {}
        for name, value in source.fields.items():
            if name in ("crossref", "xdata"):
                for key in _split_keys(value):
                    parent = lookup(key, source.line)
                    if parent is not None and parent.key not in seen:
                        for parent_name, parent_value in inherit(
                            base, parent, seen | {parent.key}
                        ).items():
                            if parent_name not in source.fields:
                                gained.setdefault(parent_name, parent_value)
                continue
            targets = [name] if variant == BIBTEX else _transform_key(source.type, base.type, name)
            for target in targets:
                if target not in base.fields:
                    gained.setdefault(target, value)
        return gained

    resolved = []
    for entry in entries:
        fields = dict(entry.fields)
        for name in ("crossref", "xdata"):
            for key in _split_keys(entry.fields.get(name, "")):
                parent = lookup(key, entry.line)
                if parent is not None and parent is not entry:
                    for field_name, value in inherit(
                        entry, parent, {entry.key, parent.key}
                    ).items():
                        fields.setdefault(field_name, value)
        resolved.append(fields)
    for key, (line, count) in missing.items():
        uses = f" ({count} entries refer to it)" if count > 1 else ""
        result.problem(line, f"crossref '{key}' is not in the file{uses}")
    return resolved


def _split_keys(value: str) -> list[str]:
    return [key for key in value.replace(",", " ").split() if key]


def _transform_key(source: str, target: str, name: str) -> list[str]:
    """Which field of ``target`` a ``source`` field fills (biblatex manual, appendix C, as
    pandoc applies it)."""
    if name in _NOT_INHERITED:
        return []
    if name == "author" and (
        (source in ("mvbook", "book") and target in ("inbook", "bookinbook", "suppbook"))
        or (source == "mvbook" and target == "book")
    ):
        return ["bookauthor", "author"]
    main = {"title": "maintitle", "subtitle": "mainsubtitle", "titleaddon": "maintitleaddon"}
    book = {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon"}
    dropped = ("shorttitle", "sorttitle", "indextitle", "indexsorttitle")
    table: dict[str, str] | None = None
    if source == "mvbook" and target in ("book", "inbook", "bookinbook", "suppbook"):
        table = main
    elif source in ("mvcollection", "mvreference") and target in (
        "collection",
        "reference",
        "incollection",
        "inreference",
        "suppcollection",
    ):
        table = main
    elif source == "mvproceedings" and target in ("proceedings", "inproceedings"):
        table = main
    elif source == "book" and target in ("inbook", "bookinbook", "suppbook"):
        table = book
    elif source in ("collection", "reference") and target in (
        "incollection",
        "inreference",
        "suppcollection",
    ):
        table = book
    elif source == "proceedings" and target == "inproceedings":
        table = book
    elif source == "periodical" and target in ("article", "suppperiodical"):
        table = {"title": "journaltitle", "subtitle": "journalsubtitle"}
    if table is None:
        return [name]
    if name in dropped:
        return []
    return [table.get(name, name)]


def concat_with(separator: str, parts: list[str | None]) -> str:
    """pandoc's ``concatWith``: join the non-empty parts with ``separator`` and a space, or just
    a space after a part that ends in punctuation."""
    joined = ""
    for part in parts:
        if not part:
            continue
        if not joined:
            joined = part
        elif joined[-1] in "!?.,:;":
            joined += " " + part
        else:
            joined += f"{separator} {part}"
    return joined


class _EntryMapper:
    """One entry's fields read into a CSL-JSON item; ``problems`` collects what did not fit."""

    def __init__(
        self, entry: RawEntry, fields: dict[str, str], variant: str, macros: Macros
    ) -> None:
        self.entry = entry
        self.kind = entry.type
        self.fields = fields
        self.bibtex = variant == BIBTEX
        self.macros = macros
        self.problems: list[str] = []
        self.options = _options(fields.get("options", ""))
        self.language = self._language()
        # pandoc puts English titles in sentence case; other languages are left as written.
        self.untitlecase = self.language is None or self.language.split("-")[0] == "en"

    # -- field access ------------------------------------------------------------------------

    def raw(self, name: str) -> str | None:
        value = self.fields.get(name)
        if value is None:
            return None
        value = value.strip()
        return value or None

    def text(self, name: str) -> str | None:
        value = self.fields.get(name)
        return (to_text(value, self.macros) or None) if value is not None else None

    def title_runs(self, name: str) -> Runs:
        value = self.fields.get(name)
        if value is None:
            return []
        runs = to_runs(value, self.macros)
        return sentence_case(runs) if self.untitlecase else runs

    def title(self, name: str) -> str | None:
        return text_of(self.title_runs(name)) or None

    def literal_list(self, name: str) -> str | None:
        """A biblatex literal list (``location = {Berlin and New York}``) as ``Berlin; New
        York``; BibTeX fields are plain text."""
        value = self.fields.get(name)
        if value is None:
            return None
        if self.bibtex:
            return self.text(name)
        parts = [to_text(part, self.macros) for part in split_name_list(value)]
        return "; ".join(part for part in parts if part) or None

    def names(self, name: str) -> list[dict[str, str]] | None:
        value = self.fields.get(name)
        if value is None:
            return None
        useprefix = _option_set(self.options, "useprefix")
        names = [
            bibtex_name(raw, useprefix=useprefix, bibtex_von=self.bibtex, macros=self.macros)
            for raw in split_name_list(value)
        ]
        return [name for name in names if name] or None

    # -- the item ----------------------------------------------------------------------------

    def item(self) -> dict:
        kind = self.kind
        item: dict = {"id": self.entry.key}
        csl_type, genre = self._type_and_genre()
        item["type"] = csl_type
        set_value = _setter(item)
        set_value("genre", genre)
        set_value("language", self.language)

        set_value("author", self.names("author"))
        set_value("container-author", self.names("bookauthor"))
        set_value("translator", self.names("translator"))
        editors = self.names("editor")
        if (self.raw("editortype") or "").lower() == "director":
            set_value("director", editors)
        else:
            set_value("editor", editors)
            set_value("director", self.names("director"))

        set_value("issued", self._date("date", ""))
        set_value("event-date", self._date("eventdate", "event"))
        set_value("original-date", self._date("origdate", "orig"))
        set_value("accessed", self._date("urldate", "url"))

        self._numbers(set_value)
        self._titles(set_value)
        self._publisher(set_value)
        self._links(set_value)

        note = None if kind == "periodical" else self.text("note")
        addendum = None if self.bibtex else self.text("addendum")
        set_value("note", concat_with(".", [note, addendum]))
        set_value("annote", self.text("annotation") or self.text("annote"))
        set_value("abstract", self.text("abstract"))
        set_value("keyword", self.text("keywords"))
        status = self.text("pubstate")
        if status:
            status = resolve_key(status)
        elif (item.get("issued") or {}).get("literal") == "forthcoming":
            status = "forthcoming"
        set_value("status", status)
        return item

    def _type_and_genre(self) -> tuple[str, str | None]:
        kind = self.kind
        subtype = (self.raw("entrysubtype") or "").lower()
        if kind in ("article", "periodical", "suppperiodical") and subtype in (
            "magazine",
            "newspaper",
        ):
            csl_type = f"article-{subtype}"
        elif kind == "unpublished" and any(
            name in self.fields for name in ("eventdate", "eventtitle", "venue")
        ):
            csl_type = "speech"
        elif kind in _TYPES:
            csl_type = _TYPES[kind]
        else:
            csl_type = "document"
            self.problems.append(f"unknown entry type '@{kind}'; read as a document")
        genre = self.text("type")
        if genre:
            genre = resolve_key(genre)
        elif kind == "mastersthesis":
            genre = resolve_key("mathesis")
        elif kind == "phdthesis":
            genre = resolve_key("phdthesis")
        return csl_type, genre

    def _language(self) -> str | None:
        langid = (self.raw("langid") or "").lower()
        if langid:
            options = (self.text("langidopts") or "").lower().replace(" ", "")
            if langid == "english" and options in _ENGLISH_VARIANTS:
                langid = _ENGLISH_VARIANTS[options]
        else:
            langid = (self.raw("hyphenation") or "").lower()
        if not langid:
            return None
        return _LANGUAGES.get(langid, langid)

    def _date(self, name: str, prefix: str) -> dict | None:
        raw = self.raw(name)
        if raw:
            date = parse_edtf(raw)
            if date:
                return date
        old = self._old_date(prefix)
        if old:
            return old
        if raw:
            # pandoc drops a date it cannot read; a literal date keeps what was written.
            self.problems.append(f"{name} '{raw}' is not an ISO date; kept as written")
            return {"literal": to_text(raw, self.macros)}
        return None

    def _old_date(self, prefix: str) -> dict | None:
        """``year``, ``month``, ``day`` and ``endyear``...: the BibTeX way of giving a date."""
        year_text = self.text(prefix + "year")
        if year_text is None:
            return None
        year = _year(year_text)
        if year is None:
            return {"literal": year_text}
        date: dict = {}
        parts = [year]
        month_text = self.text(prefix + "month")
        day_text = self.text(prefix + "day")
        if month_text:
            words = month_text.replace("\u00a0", " ").replace(".", " ").split()
            month = month_number(words[0]) if words else None
            if month:
                parts.append(month)
                if not day_text and len(words) > 1 and words[1].isdigit():
                    day_text = words[1]
            elif words and season_number(words[0]):
                date["season"] = season_number(words[0])
            if len(parts) == 2 and day_text and day_text.isdigit() and 1 <= int(day_text) <= 31:
                parts.append(int(day_text))
        date["date-parts"] = [parts]
        end_year = _year(self.text(prefix + "endyear") or "")
        if end_year is not None:
            end = [end_year]
            end_month = month_number(self.text(prefix + "endmonth") or "")
            if end_month:
                end.append(end_month)
                end_day = self.text(prefix + "endday") or ""
                if end_day.isdigit():
                    end.append(int(end_day))
            date["date-parts"].append(end)
        return date

    def _numbers(self, set_value: Callable[[str, object], None]) -> None:
        kind = self.kind
        pages = self.text("pages")
        # pandoc keeps page ranges with a hyphen: "1--3" is "1-3", not "1–3".
        set_value("page", pages.replace("–", "-") if pages else None)
        set_value("number-of-pages", self.text("pagetotal"))
        volume, part = self.text("volume"), self.text("part")
        set_value("volume", f"{volume}.{part}" if volume and part else volume or part)
        set_value("number-of-volumes", self.text("volumes"))
        set_value("chapter-number", self.text("chapter"))
        set_value("edition", self.text("edition"))
        set_value("version", self.text("version"))
        number = self.text("number")
        if number is None:
            return
        if kind in _NUMBER_IS_SERIES_NUMBER:
            set_value("collection-number", number)
        elif kind in _ARTICLE_LIKE:
            set_value("issue", concat_with(",", [number, self.text("issue")]))
        else:
            set_value("number", number)

    def _first(self, *choices: tuple[bool, str, bool]) -> str | None:
        """The first present field among ``(condition, name, as_title)`` choices: pandoc's
        chains of alternatives. A title is put in sentence case; a journal name is not."""
        for condition, name, as_title in choices:
            if condition and name in self.fields:
                return self.title(name) if as_title else self.text(name)
        return None

    def _titles(self, set_value: Callable[[str, object], None]) -> None:
        periodical = self.kind == "periodical"
        chapter_like = self.kind in _CHAPTER_LIKE
        has_main = "maintitle" in self.fields
        main = has_main and not chapter_like
        main_of_chapter = has_main and chapter_like
        first = self._first

        title = first(
            (periodical, "issuetitle", True), (main, "maintitle", True), (True, "title", True)
        )
        subtitle = first(
            (periodical, "issuesubtitle", True),
            (main, "mainsubtitle", True),
            (True, "subtitle", True),
        )
        addon = first((main, "maintitleaddon", True), (True, "titleaddon", True))
        if title is not None:
            set_value("title", concat_with(".", [concat_with(":", [title, subtitle]), addon]))

        volume_title = first((main, "title", True), (main_of_chapter, "booktitle", True))
        if volume_title is not None:
            volume_subtitle = first(
                (main, "subtitle", True), (main_of_chapter, "booksubtitle", True)
            )
            volume_addon = first(
                (main, "titleaddon", True), (main_of_chapter, "booktitleaddon", True)
            )
            set_value(
                "volume-title",
                concat_with(".", [concat_with(":", [volume_title, volume_subtitle]), volume_addon]),
            )

        container = first(
            (periodical, "title", False),
            (chapter_like, "maintitle", True),
            (chapter_like, "booktitle", True),
            (True, "journaltitle", False),
            (True, "journal", False),
        )
        if container is not None:
            container_subtitle = first(
                (periodical, "subtitle", False),
                (chapter_like, "mainsubtitle", True),
                (chapter_like, "booksubtitle", True),
                (True, "journalsubtitle", False),
            )
            container_addon = first(
                (periodical, "titleaddon", False),
                (chapter_like, "maintitleaddon", True),
                (chapter_like, "booktitleaddon", True),
            )
            set_value(
                "container-title",
                concat_with(
                    ".", [concat_with(":", [container, container_subtitle]), container_addon]
                ),
            )
        set_value(
            "container-title-short",
            first(
                (periodical and not has_main, "shorttitle", False), (True, "shortjournal", False)
            ),
        )

        series = self.text("series")
        if series and series.isdigit():
            series = f"{ordinal(series)} {resolve_key('jourser')}"
        elif series:
            resolved = " ".join(resolve_key(word) for word in series.split(" "))
            if resolved == series:
                series = self.title("series")
            else:
                series = (
                    text_of(sentence_case([(resolved, False)])) if self.untitlecase else resolved
                )
        set_value("collection-title", series)

        short = first((not has_main or chapter_like, "shorttitle", True))
        if short is None and "title" in self.fields:
            runs = self.title_runs("title")
            short = before_colon(runs)
            if short is None and (subtitle or addon) and not has_main:
                short = text_of(runs) or None
        set_value("title-short", short)
        set_value("event", self.title("eventtitle"))
        set_value("original-title", self.title("origtitle"))

    def _publisher(self, set_value: Callable[[str, object], None]) -> None:
        publishers = []
        for name in ("school", "institution", "organization", "howpublished", "publisher"):
            if self.bibtex or name == "howpublished":
                publishers.append(self.text(name))
            else:
                publishers.append(self.literal_list(name))
        set_value("publisher", concat_with(";", publishers))
        set_value("original-publisher", self.text("origpublisher"))
        if self.bibtex:
            place = self.text("address")
        else:
            place = self.literal_list("address")
            if place is None and self.kind != "patent":
                place = self.literal_list("location")
        set_value("publisher-place", place)
        set_value("original-publisher-place", self.literal_list("origlocation"))
        set_value("event-place", self.text("venue"))
        if self.kind == "patent" and "location" in self.fields:
            places = [
                resolve_key(to_text(part, self.macros))
                for part in split_name_list(self.fields["location"])
            ]
            set_value("jurisdiction", "; ".join(place for place in places if place))

    def _links(self, set_value: Callable[[str, object], None]) -> None:
        url = None
        if self.kind == "online" or self.options.get("url") != "false":
            url = self.raw("url")
        if url is None:
            eprint_type = (self.raw("eprinttype") or self.raw("archiveprefix") or "").lower()
            eprint = self.raw("eprint")
            if eprint and eprint_type in _EPRINT_URLS:
                url = _EPRINT_URLS[eprint_type] + eprint
        set_value("URL", url)
        if self.options.get("doi") != "false":
            set_value("DOI", self.raw("doi"))
        set_value("ISBN", self.raw("isbn"))
        set_value("ISSN", self.raw("issn"))
        set_value("PMID", self.raw("pmid"))
        set_value("PMCID", self.raw("pmcid"))
        set_value("call-number", self.raw("library"))


def _setter(item: dict) -> Callable[[str, object], None]:
    def set_value(name: str, value: object) -> None:
        if value:
            item[name] = value

    return set_value


def _options(text: str) -> dict[str, str]:
    options = {}
    for piece in text.split(","):
        name, _, value = piece.partition("=")
        if name.strip():
            options[name.strip().lower()] = value.strip().lower()
    return options


def _option_set(options: dict[str, str], name: str) -> bool:
    return options.get(name) in ("true", "")


def _year(text: str) -> int | None:
    text = text.strip()
    # A BC year may be written with a dash that became an en or em dash.
    if text[:1] in ("–", "—") and text[1:2].isdigit():
        text = "-" + text[1:]
    if text.lstrip("-").isdigit():
        return int(text)
    return None
