"""BibTeX and BibLaTeX files into raw entries: ``@string`` macros and ``#`` concatenation,
``@preamble`` macro definitions, ``{}`` and ``()`` delimiters, and recovery from what real
files get wrong (a missing key or comma, a brace never closed), with the line of each fault.

Braces are counted as BibTeX counts them, ``\\{`` included. An unbalanced entry ends where the
next line starts with ``@type{``, so one fault costs one entry, not the rest of the file.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from editor.core.bibformats.common import LineIndex, ReadResult
from editor.core.bibformats.latex import BIBLATEX_STRINGS

_ENTRY_START = re.compile(r"@\s*([A-Za-z][\w:-]*)\s*([{(])")
_FENCE = re.compile(r"^[ \t]*(@)[ \t]*[A-Za-z][\w:-]*[ \t]*[{(]", re.MULTILINE)
_SPACE = re.compile(r"\s*")
_KEY_BRACE = re.compile(r'[^\s,{}"#%=]+')
_KEY_PAREN = re.compile(r'[^\s,{}"#%=()]+')
_FIELD_NAME = re.compile(r'[^\s=,{}"#%()]+')
_BARE_VALUE = re.compile(r'[^\s,{}"#=()%]+')
_BRACES = re.compile(r"[{}]")
_ESCAPED_BRACE = re.compile(r"\\[{}]")
_ESCAPED_OPEN = "the '\\{' here is never closed (BibTeX counts '\\{' as a brace)"
_IN_QUOTES = re.compile(r'\\.|[{}"]', re.DOTALL)
_NEWCOMMAND = re.compile(
    r"\\(?:re|provide)?newcommand\*?\s*\{?\s*\\([A-Za-z]+)\s*\}?\s*(?:\[(\d)\])?\s*\{"
    r"|\\(?:DeclareRobustCommand|def)\s*\{?\\([A-Za-z]+)\}?\s*\{"
)
# BibTeX's predefined month macros (and full month names, which files use as if they were).
_MONTH_MACROS = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}
_MONTH_MACROS.update({name.lower(): name for name in _MONTH_MACROS.values()})


@dataclass
class RawEntry:
    """An entry as written: its type (lowercase), key, fields (lowercase names to raw values,
    braces inside kept) and the line of its ``@``."""

    type: str
    key: str
    fields: dict[str, str]
    line: int


class _UnbalancedError(Exception):
    """A brace or quote is not closed before the next entry; ``offset`` is where it opened."""

    def __init__(self, offset: int, what: str) -> None:
        super().__init__(what)
        self.offset = offset
        self.what = what


class BibtexSyntax:
    """One pass over a .bib file's text; ``entries``, ``macros`` and ``result.problems`` hold
    what it found."""

    def __init__(self, text: str, result: ReadResult) -> None:
        self.text = text
        self.result = result
        self.lines = LineIndex(text)
        self.fences = [match.start(1) for match in _FENCE.finditer(text)]
        self.strings: dict[str, str] = {}
        self.macros: dict[str, tuple[int, str]] = {}
        self.entries: list[RawEntry] = []
        # macro name -> (line of first use, number of uses)
        self.undefined: dict[str, tuple[int, int]] = {}

    def parse(self) -> list[RawEntry]:
        text = self.text
        position = 0
        while True:
            match = _ENTRY_START.search(text, position)
            if match is None:
                break
            kind = match.group(1).lower()
            close = "}" if match.group(2) == "{" else ")"
            at = match.start()
            limit = self._next_fence(at)
            try:
                if kind == "comment":
                    position = self._skip_group(match.end(), close, limit)
                elif kind == "preamble":
                    position = self._preamble(match.end(), close, limit)
                elif kind == "string":
                    position = self._string(match.end(), close, limit, at)
                else:
                    position = self._entry(kind, match.end(), close, limit, at)
            except _UnbalancedError as fault:
                self.result.problem(
                    self.lines.line(fault.offset),
                    f"{self._describe(kind, match.end(), close)}: {fault.what}; entry skipped",
                )
                position = limit
        for name, (line, count) in self.undefined.items():
            uses = f" ({count} uses)" if count > 1 else ""
            self.result.problem(
                line, f"@string '{name}' is not defined{uses}; its name is used as the text"
            )
        return self.entries

    # -- structure ---------------------------------------------------------------------------

    def _next_fence(self, at: int) -> int:
        index = bisect_right(self.fences, at)
        return self.fences[index] if index < len(self.fences) else len(self.text)

    def _skip_space(self, position: int) -> int:
        return _SPACE.match(self.text, position).end()

    def _describe(self, kind: str, start: int, close: str) -> str:
        key_pattern = _KEY_BRACE if close == "}" else _KEY_PAREN
        match = key_pattern.match(self.text, self._skip_space(start))
        if kind in ("string", "preamble", "comment") or not match:
            return f"@{kind}"
        return f"entry '{match.group()}'"

    def _skip_group(self, start: int, close: str, limit: int) -> int:
        """Past the end of a ``@comment{...}`` or a broken entry: its closing delimiter at brace
        depth 0, or ``limit``."""
        text = self.text
        depth = 0
        for index in range(start, limit):
            char = text[index]
            if char == "{":
                depth += 1
            elif char == "}":
                if depth == 0 and close == "}":
                    return index + 1
                depth = max(0, depth - 1)
            elif char == ")" and close == ")" and depth == 0:
                return index + 1
        return limit

    def _entry(self, kind: str, start: int, close: str, limit: int, at: int) -> int:
        text = self.text
        line = self.lines.line(at)
        position = self._skip_space(start)
        key_match = (_KEY_BRACE if close == "}" else _KEY_PAREN).match(text, position)
        key = key_match.group() if key_match else ""
        after_key = self._skip_space(key_match.end()) if key_match else position
        if not key or text.startswith("=", after_key):
            self.result.problem(line, f"@{kind} entry has no citation key; entry skipped")
            return self._skip_group(start, close, limit)
        fields: dict[str, str] = {}
        if text.startswith(close, after_key):
            end = after_key + 1
        elif text.startswith(",", after_key):
            end = self._fields(fields, after_key + 1, close, limit, f"entry '{key}'", at)
        elif _FIELD_NAME.match(text, after_key):
            self.result.problem(line, f"entry '{key}': missing ',' after the key")
            end = self._fields(fields, after_key, close, limit, f"entry '{key}'", at)
        else:
            self.result.problem(line, f"entry '{key}': expected ',' after the key")
            return self._skip_group(start, close, limit)
        # Appended only now: an entry with a brace never closed raised above and is left out.
        self.entries.append(RawEntry(kind, key, fields, line))
        return end

    def _fields(
        self, fields: dict[str, str], position: int, close: str, limit: int, owner: str, at: int
    ) -> int:
        text = self.text
        repeated: set[str] = set()
        while True:
            position = self._skip_space(position)
            if position >= limit:
                culprit = self._unmatched_escaped_brace(at, limit)
                if culprit is not None:
                    # A value swallowed the entry's closing brace: its fields are not to be
                    # trusted.
                    raise _UnbalancedError(culprit, _ESCAPED_OPEN)
                self.result.problem(self.lines.line(at), f"{owner}: no closing '{close}'")
                return limit
            if text[position] == close:
                return position + 1
            if text[position] == ",":
                position += 1
                continue
            name_match = _FIELD_NAME.match(text, position)
            if not name_match:
                return self._garbage(position, close, limit, owner)
            name = name_match.group().lower()
            position = self._skip_space(name_match.end())
            if not text.startswith("=", position):
                self.result.problem(
                    self.lines.line(name_match.start()),
                    f"{owner}: field '{name}' has no '='; rest of the entry skipped",
                )
                return self._skip_group(position, close, limit)
            value_start = self._skip_space(position + 1)
            value, position = self._value(value_start, close, limit)
            if value is None:
                self.result.problem(
                    self.lines.line(value_start), f"{owner}: field '{name}' has no value"
                )
            elif name in fields:
                if name not in repeated:
                    self.result.problem(
                        self.lines.line(name_match.start()),
                        f"{owner}: field '{name}' given more than once; the first is kept",
                    )
                repeated.add(name)
            else:
                fields[name] = value
            position = self._skip_space(position)
            if text.startswith(",", position):
                position += 1
            elif text.startswith(close, position):
                return position + 1
            elif (following := _FIELD_NAME.match(text, position)) and text.startswith(
                "=", self._skip_space(following.end())
            ):
                self.result.problem(
                    self.lines.line(position),
                    f"{owner}: missing ',' before field '{following.group().lower()}'",
                )
            elif position < limit:
                return self._garbage(position, close, limit, owner)

    def _unmatched_escaped_brace(self, start: int, end: int) -> int | None:
        """Where the first ``\\{`` without a ``\\}`` after it is, between the offsets."""
        opened: list[int] = []
        for match in _ESCAPED_BRACE.finditer(self.text, start, end):
            if match.group() == "\\{":
                opened.append(match.start())
            elif opened:
                opened.pop()
        return opened[0] if opened else None

    def _garbage(self, position: int, close: str, limit: int, owner: str) -> int:
        snippet = self.text[position : position + 20].split("\n")[0]
        self.result.problem(
            self.lines.line(position),
            f"{owner}: unexpected text '{snippet}'; rest of the entry skipped",
        )
        return self._skip_group(position, close, limit)

    # -- values ------------------------------------------------------------------------------

    def _value(self, position: int, close: str, limit: int) -> tuple[str | None, int]:
        """A field value: braced, quoted, a number or a macro, joined by ``#``; ``None`` when
        there is none."""
        text = self.text
        parts: list[str] = []
        while True:
            position = self._skip_space(position)
            char = text[position] if position < limit else ""
            if char == "{":
                end = self._closing_brace(position, limit)
                parts.append(text[position + 1 : end])
                position = end + 1
            elif char == '"':
                end = self._closing_quote(position, limit)
                parts.append(text[position + 1 : end])
                position = end + 1
            elif char and (match := _BARE_VALUE.match(text, position, limit)):
                word = match.group()
                parts.append(word if word.isdigit() else self._macro(word, position))
                position += len(word)
            else:
                return ("".join(parts) if parts else None), position
            after = self._skip_space(position)
            if text.startswith("#", after):
                position = after + 1
            else:
                return "".join(parts), position

    def _closing_brace(self, opening: int, limit: int) -> int:
        open_braces = [opening]
        search = _BRACES.search
        position = opening + 1
        while True:
            match = search(self.text, position, limit)
            if match is None:
                culprit = self._unmatched_escaped_brace(opening, limit)
                if culprit is not None:
                    raise _UnbalancedError(culprit, _ESCAPED_OPEN)
                raise _UnbalancedError(open_braces[-1], "the '{' here is never closed")
            if match.group() == "{":
                open_braces.append(match.start())
            else:
                open_braces.pop()
                if not open_braces:
                    return match.start()
            position = match.end()

    def _closing_quote(self, opening: int, limit: int) -> int:
        depth = 0
        search = _IN_QUOTES.search
        position = opening + 1
        while True:
            match = search(self.text, position, limit)
            if match is None:
                raise _UnbalancedError(opening, "the '\"' here is never closed")
            token = match.group()
            if token == "{":
                depth += 1
            elif token == "}":
                depth = max(0, depth - 1)
            elif token == '"' and depth == 0:
                return match.start()
            position = match.end()

    def _macro(self, word: str, position: int) -> str:
        lower = word.lower()
        if lower in self.strings:
            return self.strings[lower]
        if lower in _MONTH_MACROS:
            return _MONTH_MACROS[lower]
        if lower not in BIBLATEX_STRINGS:
            line, count = self.undefined.get(word, (self.lines.line(position), 0))
            self.undefined[word] = (line, count + 1)
        return word

    # -- @string and @preamble ---------------------------------------------------------------

    def _string(self, start: int, close: str, limit: int, at: int) -> int:
        definitions: dict[str, str] = {}
        end = self._fields(definitions, start, close, limit, "@string", at)
        self.strings.update(definitions)
        return end

    def _preamble(self, start: int, close: str, limit: int) -> int:
        value, position = self._value(start, close, limit)
        if value:
            self._define_macros(value)
        position = self._skip_space(position)
        return position + 1 if self.text.startswith(close, position) else position

    def _define_macros(self, preamble: str) -> None:
        """``\\newcommand{\\noopsort}[1]{}`` and friends, so values that use them read right."""
        for match in _NEWCOMMAND.finditer(preamble):
            name = match.group(1) or match.group(3)
            count = int(match.group(2) or 0)
            depth = 1
            for index in range(match.end(), len(preamble)):
                if preamble[index] == "{":
                    depth += 1
                elif preamble[index] == "}":
                    depth -= 1
                    if depth == 0:
                        self.macros[name] = (count, preamble[match.end() : index])
                        break
