"""Citation rules: hand-typed author–date citations against the document's own reference list,
and citation keys against the bibliography files (missing, never cited, duplicate)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from editor.core.citations.bibliography import Library, load_bibliographies
from editor.core.proofing.findings import Finding, ProofDocument, finding

_HEADING = re.compile(
    r"^(?:#{1,6}[ \t]+|\*\*|__)?(?P<title>references|reference list|bibliography|works cited"
    r"|literature cited|sources|literature)[ \t]*:?(?:\*\*|__|[ \t]+#*)?[ \t]*$",
    re.IGNORECASE,
)
_ANY_HEADING = re.compile(r"^#{1,6}[ \t]")
_SETEXT = re.compile(r"^(?:=+|-+)[ \t]*$")
_YEAR = r"(?:1[5-9]\d\d|20\d\d)[a-z]?|n\.d\."
_ENTRY_YEAR = re.compile(rf"\((?P<a>{_YEAR})\)|\b(?P<b>{_YEAR})(?![\w-])")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)]|\[\d+\])\s+")
_PARTICLE = r"(?:(?:van|von|de|der|den|del|della|di|da|du|la|le|aan|het|ten|ter|bin|al)\s+)"
_NAME = rf"{_PARTICLE}*[A-Z][\w'’\-]+"
_NARRATIVE = re.compile(
    rf"(?P<names>{_NAME}(?:\s+et\s+al\.?|\s+(?:&|and)\s+{_NAME})?)\s+\((?P<years>{_YEAR}"
    rf"(?:,\s*(?:{_YEAR}))*)(?:,\s*(?:p|pp)\.[^)]*)?\)"
)
_PARENS = re.compile(r"\(([^()]*?(?:1[5-9]\d\d|20\d\d|n\.d\.)[^()]*)\)")
_PART = re.compile(
    rf"^\s*(?:(?:see|e\.g\.|cf\.|i\.e\.)(?:,)?\s+)?(?:also\s+)?(?P<names>[^,;]+?)\s*,?\s+"
    rf"(?P<years>(?:{_YEAR})(?:\s*,\s*(?:{_YEAR}))*)(?:\s*,\s*(?:p|pp|ch|chap)\.?\s*[\d–-]+)?\s*$"
)
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_CITED_KEY = re.compile(r"(?<![\w@.])-?@(?:\{(?P<braced>[^}]*)\}|(?P<plain>\w[\w:.#$%&\-+?<>~/]*))")


@dataclass(frozen=True)
class Entry:
    """A reference list entry: its first author (or organisation or title) and year."""

    line: int  # 0-based
    name: str
    year: str
    text: str


@dataclass(frozen=True)
class Citation:
    """A hand-typed citation of one work: where, who, which year."""

    line: int
    start: int
    end: int
    name: str
    year: str
    text: str


def reference_section(document: ProofDocument) -> tuple[int, int] | None:
    """(first, last+1) 0-based lines of the reference list below its heading, or ``None``."""

    def find() -> tuple[int, int] | None:
        lines = document.lines
        for number in range(document.body_start, len(lines)):
            if document.prose[number] is None or not _HEADING.match(lines[number].strip()):
                continue
            start = number + 1
            if start < len(lines) and _SETEXT.match(lines[start]) and lines[start].strip():
                start += 1
            end = start
            while end < len(lines) and not _ANY_HEADING.match(lines[end]):
                if end + 1 < len(lines) and _SETEXT.match(lines[end + 1]) and lines[end].strip():
                    break
                end += 1
            return start, end
        return None

    return document.shared("reference-section", find)  # type: ignore[return-value]


def reference_entries(document: ProofDocument) -> list[Entry]:
    """The entries of the reference list: a line with a year starts one, others continue it."""

    def find() -> list[Entry]:
        section = reference_section(document)
        if section is None:
            return []
        entries: list[Entry] = []
        for number in range(*section):
            prose = document.prose[number]
            if prose is None or not prose.strip():
                continue
            line = _LIST_MARK.sub("", document.lines[number]).strip()
            year = _ENTRY_YEAR.search(line)
            if year is None:
                continue
            head = line[: year.start()].strip(" .,(")
            name = re.split(r",|\(|\.\s|\.$", head, maxsplit=1)[0].strip() or head
            entries.append(Entry(number, name, year.group("a") or year.group("b"), line))
        return entries

    return document.shared("reference-entries", find)  # type: ignore[return-value]


def hand_citations(document: ProofDocument) -> list[Citation]:
    """Author–date citations typed in the body, outside the reference list."""

    def find() -> list[Citation]:
        section = reference_section(document) or (len(document.lines), len(document.lines))
        found: list[Citation] = []
        for number, prose in document.body_prose():
            if section[0] - 1 <= number < section[1]:
                continue
            taken: list[tuple[int, int]] = []
            for match in _NARRATIVE.finditer(prose):
                taken.append(match.span())
                for year in re.split(r",\s*", match.group("years")):
                    found.append(
                        Citation(
                            number,
                            match.start(),
                            match.end(),
                            _first_author(match.group("names")),
                            year,
                            match.group(),
                        )
                    )
            for match in _PARENS.finditer(prose):
                if any(a <= match.start() < b for a, b in taken):
                    continue
                offset = match.start(1)
                for part in match.group(1).split(";"):
                    cited = _PART.match(part)
                    if cited is not None and re.search(r"[A-Za-z]", cited.group("names")):
                        lead = len(part) - len(part.lstrip())
                        for year in re.split(r"\s*,\s*", cited.group("years")):
                            found.append(
                                Citation(
                                    number,
                                    offset + lead,
                                    offset + len(part.rstrip()),
                                    _first_author(cited.group("names")),
                                    year,
                                    part.strip(),
                                )
                            )
                    offset += len(part) + 1
        return found

    return document.shared("hand-citations", find)  # type: ignore[return-value]


class HandCitationsRule:
    """Hand-typed citations and the document's reference list: each citation must have an
    entry (first author and year), each entry a citation. Only for documents without a
    bibliography file, whose citations are keys."""

    id = "citations-hand"
    title = "Hand-typed citations"
    default_on = True

    def check(self, document: ProofDocument) -> list[Finding]:
        if document.metadata.extra.get("bibliography"):
            return []
        entries = reference_entries(document)
        if not entries:
            return []
        citations = hand_citations(document)
        found: list[Finding] = []
        used: set[int] = set()
        for citation in citations:
            matches = [i for i, e in enumerate(entries) if _matches(citation, e)]
            if matches:
                used.update(matches)
                continue
            found.append(
                finding(
                    citation.line,
                    citation.start,
                    citation.end,
                    self.id,
                    f"cited but not in the reference list: {citation.name} ({citation.year})",
                    citation.text,
                )
            )
        for index, entry in enumerate(entries):
            if index not in used:
                line = document.lines[entry.line]
                start = line.find(entry.text[:20]) if entry.text else 0
                found.append(
                    finding(
                        entry.line,
                        max(start, 0),
                        len(line),
                        self.id,
                        f"listed but never cited: {entry.name} ({entry.year})",
                        line[max(start, 0) :],
                    )
                )
        return found


class KeyCitationsRule:
    """Citation keys against the bibliography files the front matter names: keys cited and
    missing, entries never cited, keys defined twice. ``load`` reads the files."""

    id = "citations"
    title = "Citations"
    default_on = True

    def __init__(self, load: Callable[[list[Path]], Library] = load_bibliographies) -> None:
        self._load = load

    def check(self, document: ProofDocument) -> list[Finding]:
        names = document.metadata.extra.get("bibliography")
        if not names:
            return []
        paths = [
            (document.folder or Path.cwd()) / str(name)
            for name in (names if isinstance(names, list) else [names])
        ]
        library = self._load(paths)
        anchor = _key_line(document, "bibliography")
        found: list[Finding] = []
        cited: set[str] = set()
        for number, line in enumerate(document.lines):
            prose = document.prose[number]
            if prose is None or number < document.body_start or "@" not in line:
                continue
            unquoted = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
            for match in _CITED_KEY.finditer(unquoted):
                text = match.group().rstrip(".:,;?")
                key = match.group("braced") or text.lstrip("-@")
                cited.add(key)
                if key not in library.entries:
                    found.append(
                        finding(
                            number,
                            match.start(),
                            match.start() + len(text),
                            self.id,
                            f"cited but not in the bibliography: @{key}",
                            text,
                        )
                    )
        nocite = str(document.metadata.extra.get("nocite", ""))
        if "@*" not in nocite:
            cited.update(match.group("plain") or "" for match in _CITED_KEY.finditer(nocite))
            for key in library.entries:
                if key not in cited:
                    found.append(_at_line(document, anchor, self.id, f"never cited: @{key}", key))
        for problem in library.problems:
            if "duplicate" in problem.message.lower():
                found.append(_at_line(document, anchor, self.id, str(problem), problem.message))
        return found


def known_words(document: ProofDocument) -> frozenset[str]:
    """Words the author's own reference list and citations hold: cited surnames, journals."""

    def find() -> frozenset[str]:
        words: set[str] = set()
        section = reference_section(document)
        texts = [citation.text for citation in hand_citations(document)]
        if section is not None:
            texts += [document.prose[n] or "" for n in range(*section)]
        for text in texts:
            words.update(re.findall(r"[^\W\d_][\w'’]*", text))
        return frozenset(words)

    return document.shared("known-words", find)  # type: ignore[return-value]


def _first_author(names: str) -> str:
    names = re.split(r"\s+et\s+al\b|\s+&\s+|\s+and\s+|,", names.strip(), maxsplit=1)[0]
    return names.strip(" .")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = re.sub(r"[’']", "'", plain.casefold()).strip(" .")
    return plain[4:] if plain.startswith("the ") else plain


def _matches(citation: Citation, entry: Entry) -> bool:
    if citation.year != entry.year and citation.year.rstrip("abcdefgh") != entry.year:
        return False
    cited, listed = _fold(citation.name), _fold(entry.name)
    return bool(cited) and (
        cited == listed or listed.endswith(" " + cited) or cited.endswith(" " + listed)
    )


def _key_line(document: ProofDocument, key: str) -> int:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:")
    for number in range(document.body_start):
        if pattern.match(document.lines[number]):
            return number
    return 0


def _at_line(document: ProofDocument, number: int, kind: str, message: str, text: str) -> Finding:
    line = document.lines[number] if number < len(document.lines) else ""
    return finding(number, 0, len(line), kind, message, text)
