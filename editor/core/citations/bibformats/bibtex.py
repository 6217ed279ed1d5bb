"""BibTeX and BibLaTeX files into raw entries. bibtexparser 2 splits the file into blocks (with
no middleware, so values keep their braces for the case rules in ``latex.py``); here values are
evaluated (``@string`` macros, month macros, ``#`` concatenation), ``@preamble`` commands are
defined, and bibtexparser's failed blocks become problems with their line.

Two faults bibtexparser does not see are caught here: a ``\\{`` never closed (BibTeX counts it
as a brace, bibtexparser does not) and a comma missing between two fields.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import bibtexparser
from bibtexparser import model

from editor.core.citations.bibformats.common import ReadResult, match_end
from editor.core.citations.bibformats.latex import BIBLATEX_STRINGS

_HEAD = re.compile(r"@\s*([A-Za-z][\w:-]*)\s*([{(])\s*")
_KEY = re.compile(r'[^\s,{}"#%=()]+')
_SPACE = re.compile(r"\s*")
_FIELD_START = re.compile(r'(,?)\s*([^\s=,{}"#%()]+)\s*=')
# Where bibtexparser sees a block start (its types hold letters, digits and '_' only).
_BLOCK_START = re.compile(r"^[ \t]*@\w*[ \t]*[{(]", re.MULTILINE)
_OTHER_TYPE = re.compile(r"^[ \t]*@[ \t]*([A-Za-z][\w:-]*[:-][\w:-]*)[ \t]*[{(]", re.MULTILINE)
_BARE_VALUE = re.compile(r'[^\s,{}"#=()%]+')
_BRACES = re.compile(r"(?<!\\)[{}]")
_ESCAPED_BRACE = re.compile(r"\\[{}]")
_IN_QUOTES = re.compile(r'\\.|[{}"]', re.DOTALL)
_COMMAND_NAME = re.compile(r"\\([A-Za-z]+)")
_NEWCOMMAND = re.compile(
    r"\\(?:re|provide)?newcommand\*?\s*\{?\s*\\([A-Za-z]+)\s*\}?\s*(?:\[(\d)\])?\s*\{"
    r"|\\(?:DeclareRobustCommand|def)\s*\{?\\([A-Za-z]+)\}?\s*\{"
)
# The longest value (an @string or a field) read: far above any abstract, and it stops @string
# definitions that repeat each other (s2 = s1 # s1, s3 = s2 # s2, ...) from doubling for ever.
MAX_VALUE_LENGTH = 1_000_000
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

# bibtexparser logs each failed block as a warning; they are reported as problems instead.
logging.getLogger("bibtexparser.splitter").setLevel(logging.ERROR)


def _first_line(block: model.Block) -> int:
    """A block's 0-based line in the text bibtexparser parsed (``None`` only for blocks built
    in code, never for parsed ones)."""
    return block.start_line or 0


class _ValueTooLongError(ValueError):
    def __init__(self, length: int) -> None:
        super().__init__(length)
        self.length = length


@dataclass
class RawEntry:
    """An entry as written: its type (lowercase), key, fields (lowercase names to raw values,
    braces inside kept) and the line of its ``@``."""

    type: str
    key: str
    fields: dict[str, str]
    line: int


class BibtexSyntax:
    """One pass over a .bib file's text; ``entries``, ``macros`` and ``result.problems`` hold
    what it found."""

    def __init__(self, text: str, result: ReadResult) -> None:
        self.text = text
        self.result = result
        self.strings: dict[str, str] = {}
        self.macros: dict[str, tuple[int, str]] = {}
        self._macro_lines: dict[str, int] = {}
        self.entries: list[RawEntry] = []
        # macro name -> (line of first use, number of uses)
        self.undefined: dict[str, tuple[int, int]] = {}
        self._line_starts: list[int] | None = None

    def parse(self) -> list[RawEntry]:
        # Blocks come in file order, so a @string is known to the entries after it, as in BibTeX.
        for block in bibtexparser.parse_string(self.text, parse_stack=[]).blocks:
            if isinstance(block, (model.DuplicateBlockKeyBlock, model.DuplicateFieldKeyBlock)):
                # Duplicate keys are reported across files by the caller, duplicate fields here.
                ignored = block.ignore_error_block
                if ignored is None:
                    continue
                block = ignored
            if isinstance(block, model.Entry):
                self._entry(block, 0)
            elif isinstance(block, model.String):
                definitions: dict[str, str] = {}
                line = _value_line(block.raw or "", block.value, 0, _first_line(block) + 1)[0]
                self._field("@string", block.key, block.value, line, definitions)
                self.strings.update(definitions)
            elif isinstance(block, model.Preamble):
                preamble = self._value(block.value, _first_line(block) + 1)[0] or ""
                self._define_macros(preamble, _first_line(block) + 1)
            elif isinstance(block, model.ParsingFailedBlock):
                self._failed(block)
            elif isinstance(block, model.ImplicitComment):
                self._unread_types(block)
        self._drop_recursive_macros()
        for name, (line, count) in self.undefined.items():
            uses = f" ({count} uses)" if count > 1 else ""
            self.result.problem(
                line, f"@string '{name}' is not defined{uses}; its name is used as the text"
            )
        return self.entries

    # -- entries -----------------------------------------------------------------------------

    def _entry(self, entry: model.Entry, offset: int) -> None:
        """``offset`` is the line bibtexparser's line 0 stands for (when re-reading a part)."""
        line = _first_line(entry) + offset + 1
        if not entry.key:
            self.result.problem(
                line, f"@{entry.entry_type} entry has no citation key; entry skipped"
            )
            return
        owner = f"entry '{entry.key}'"
        culprit = _unmatched_escaped_brace(entry.raw or "")
        if culprit is not None:
            self.result.problem(
                line + (entry.raw or "").count("\n", 0, culprit),
                f"{owner}: the '\\{{' here is never closed (BibTeX counts '\\{{' as a brace); "
                "entry skipped",
            )
            return
        fields: dict[str, str] = {}
        repeated: set[str] = set()
        position = 0
        for field in entry.fields:
            value_line, position = _value_line(entry.raw or "", field.value, position, line)
            self._field(owner, field.key, field.value, value_line, fields, repeated)
        self.entries.append(RawEntry(entry.entry_type, entry.key, fields, line))

    def _field(
        self,
        owner: str,
        name: str,
        text: str,
        line: int,
        fields: dict[str, str],
        repeated: set[str] | None = None,
    ) -> None:
        """Evaluate ``name = text`` into ``fields``; the first of a repeated name wins. A comma
        missing before the next field leaves that field in ``text`` (as do the further
        definitions of a ``@string``): it is split off here, as BibTeX would read it."""
        name = name.lower()
        try:
            value, rest = self._value(text, line)
        except _ValueTooLongError as error:
            what = f"@string '{name}'" if owner == "@string" else f"{owner}: field '{name}'"
            self.result.problem(
                line,
                f"{what} would be {error.length:,} characters long (more than "
                f"{MAX_VALUE_LENGTH:,}: its @string parts repeat each other); left out",
            )
            return
        if value is None:
            self.result.problem(line, f"{owner}: field '{name}' has no value")
        elif name in fields:
            if repeated is not None and name not in repeated:
                self.result.problem(
                    line, f"{owner}: field '{name}' given more than once; the first is kept"
                )
                repeated.add(name)
        else:
            fields[name] = value
        rest_line = line + text.count("\n", 0, len(text) - len(rest))
        following = _FIELD_START.match(rest)
        if following:
            name = following.group(2)
            if not following.group(1):
                self.result.problem(
                    rest_line, f"{owner}: missing ',' before field '{name.lower()}'"
                )
            self._field(owner, name, rest[following.end() :], rest_line, fields, repeated)
        elif rest.strip(", \t\r\n"):
            snippet = rest[:20].split("\n")[0]
            self.result.problem(rest_line, f"{owner}: unexpected text '{snippet}'; ignored")

    # -- values ------------------------------------------------------------------------------

    def _value(self, text: str, line: int) -> tuple[str | None, str]:
        """A value as bibtexparser gives it (braced, quoted, a number or a macro, joined by
        ``#``): its text, ``None`` when there is none, and what follows it."""
        inner = text[1:-1]
        if text[:1] == "{" and text[-1:] == "}" and "{" not in inner and "}" not in inner:
            return inner, ""  # most values: one pair of braces around plain text
        parts: list[str] = []
        length = 0
        position = 0
        while True:
            position = match_end(_SPACE, text, position)
            char = text[position : position + 1]
            if char == "{":
                end = _closing_brace(text, position)
                parts.append(text[position + 1 : end])
            elif char == '"':
                end = _closing_quote(text, position)
                parts.append(text[position + 1 : end])
            elif char and (match := _BARE_VALUE.match(text, position)):
                word = match.group()
                parts.append(word if word.isdigit() else self._macro(word, line))
                end = match.end() - 1
            else:
                return ("".join(parts) if parts else None), text[position:]
            length += len(parts[-1])
            if length > MAX_VALUE_LENGTH:
                raise _ValueTooLongError(length)
            after = match_end(_SPACE, text, end + 1)
            if text.startswith("#", after):
                position = after + 1
            else:
                return "".join(parts), text[after:]

    def _macro(self, word: str, line: int) -> str:
        lower = word.lower()
        if lower in self.strings:
            return self.strings[lower]
        if lower in _MONTH_MACROS:
            return _MONTH_MACROS[lower]
        if lower not in BIBLATEX_STRINGS:
            first_line, count = self.undefined.get(word, (line, 0))
            self.undefined[word] = (first_line, count + 1)
        return word

    # -- blocks bibtexparser could not read --------------------------------------------------

    def _failed(self, block: model.ParsingFailedBlock) -> None:
        raw = block.raw or ""
        line = _first_line(block) + 1
        reason = getattr(block.error, "abort_reason", None) or str(block.error)
        head = _HEAD.match(raw)
        if head is None:
            self.result.problem(line, f"{reason.strip()}; block skipped")
            return
        kind, close = head.group(1).lower(), "}" if head.group(2) == "{" else ")"
        if kind == "comment":
            return  # free text, however broken
        key = _KEY.match(raw, head.end())
        after_key = match_end(_SPACE, raw, key.end()) if key else head.end()
        if kind in ("string", "preamble"):
            self.result.problem(line, f"@{kind} could not be read ({reason.strip()}); skipped")
            return
        if key is None or raw.startswith("=", after_key):
            self.result.problem(line, f"@{kind} entry has no citation key; entry skipped")
            return
        owner = f"entry '{key.group()}'"
        if "Expected comma after entry key" in reason and _FIELD_START.match(raw, after_key):
            # bibtexparser's raw text stops at the '=': read on to where the next block starts.
            self.result.problem(line, f"{owner}: missing ',' after the key")
            source = self._source(block)
            self._reread(source[:after_key] + "," + source[after_key:], _first_line(block))
        elif "field-value closing `}`" in reason:
            opened = _unclosed_brace(raw, head.end())
            self.result.problem(
                line + raw.count("\n", 0, opened),
                f"{owner}: the '{{' here is never closed; entry skipped",
            )
        elif 'field-value closing `"`' in reason:
            opened = _unclosed_quote(raw, head.end())
            self.result.problem(
                line + raw.count("\n", 0, opened),
                f"{owner}: the '\"' here is never closed; entry skipped",
            )
        elif "Expected a `=` after entry key" in reason:
            # The raw text stops at the field without '=': keep the fields before it.
            comma = raw.rfind(",")
            name_at = match_end(_SPACE, raw, comma + 1)
            name = raw[name_at:].split(maxsplit=1)[0] if raw[name_at:] else ""
            self.result.problem(
                line + raw.count("\n", 0, name_at),
                f"{owner}: field '{name.lower()}' has no '='; rest of the entry skipped",
            )
            self._reread(raw[:comma] + close, _first_line(block))
        elif "Was still looking for" in reason or "end of file" in reason:
            # Only the closing delimiter is missing: the entry stops where the next one starts.
            self.result.problem(line, f"{owner}: no closing '{close}'")
            self._reread(raw.rstrip() + close, _first_line(block))
        else:
            self.result.problem(line, f"{owner}: {reason.strip()}; entry skipped")

    def _source(self, block: model.Block) -> str:
        """The text from a block's ``@`` to the next line that starts a block."""
        if self._line_starts is None:
            self._line_starts = [0, *(match.end() for match in re.finditer("\n", self.text))]
        raw = block.raw or ""
        start = self.text.find(raw, self._line_starts[_first_line(block)])
        if start < 0:
            return raw
        following = _BLOCK_START.search(self.text, start + len(raw))
        return self.text[start : following.start() if following else len(self.text)]

    def _unread_types(self, comment: model.ImplicitComment) -> None:
        """bibtexparser takes an entry whose type has a '-' or ':' for free text: say so."""
        for match in _OTHER_TYPE.finditer(comment.comment):
            self.result.problem(
                _first_line(comment) + 1 + comment.comment.count("\n", 0, match.start()),
                f"entry type '@{match.group(1)}' has a character other than letters, digits "
                "and '_'; entry skipped",
            )

    def _reread(self, raw: str, offset: int) -> None:
        """Read a repaired copy of a failed entry; its lines count from ``offset``."""
        for block in bibtexparser.parse_string(raw, parse_stack=[]).blocks:
            if isinstance(block, model.DuplicateFieldKeyBlock):
                ignored = block.ignore_error_block
                if ignored is None:
                    continue
                block = ignored
            if isinstance(block, model.Entry):
                self._entry(block, offset)

    # -- @preamble ---------------------------------------------------------------------------

    def _define_macros(self, preamble: str, line: int) -> None:
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
                        self._macro_lines[name] = line + preamble.count("\n", 0, match.start())
                        break

    def _drop_recursive_macros(self) -> None:
        """A macro that uses itself, directly or through others, would expand for ever (TeX
        itself stops only when its memory is full): it is reported and left undefined."""
        uses = {
            name: {used for used in _COMMAND_NAME.findall(body) if used in self.macros}
            for name, (_count, body) in self.macros.items()
        }
        recursive = sorted(name for name in uses if _reaches(uses, name, name))
        for name in recursive:
            self.result.problem(
                self._macro_lines.get(name),
                f"@preamble: \\{name} is defined in terms of itself, so it would expand for "
                "ever; it is left undefined",
            )
            del self.macros[name]


def _reaches(uses: dict[str, set[str]], start: str, target: str) -> bool:
    """Whether macro ``start`` uses ``target`` through one or more definitions."""
    seen: set[str] = set()
    stack = list(uses.get(start, ()))
    while stack:
        name = stack.pop()
        if name == target:
            return True
        if name not in seen:
            seen.add(name)
            stack.extend(uses.get(name, ()))
    return False


def _value_line(raw: str, value: str, position: int, line: int) -> tuple[int, int]:
    """The line of a value in its block's ``raw`` text (from ``line``, the block's), searched
    from ``position``, and where the value ends. bibtexparser gives the line of the '=' before
    it (and strips the space between)."""
    at = raw.find(value, raw.find("=", position) + 1)
    if at < 0:
        return line, position
    return line + raw.count("\n", 0, at), at + len(value)


def _closing_brace(text: str, opening: int) -> int:
    """Where the brace opened at ``opening`` closes, counting braces as bibtexparser does (a
    ``\\{`` is not one); the end of ``text`` if it never does."""
    depth = 0
    for match in _BRACES.finditer(text, opening):
        depth += 1 if match.group() == "{" else -1
        if depth == 0:
            return match.start()
    return len(text)


def _closing_quote(text: str, opening: int) -> int:
    depth = 0
    for match in _IN_QUOTES.finditer(text, opening + 1):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(0, depth - 1)
        elif token == '"' and depth == 0:
            return match.start()
    return len(text)


def _unmatched_escaped_brace(text: str) -> int | None:
    """Where the first ``\\{`` without a ``\\}`` after it is."""
    if "\\{" not in text:
        return None
    opened: list[int] = []
    for match in _ESCAPED_BRACE.finditer(text):
        if match.group() == "\\{":
            opened.append(match.start())
        elif opened:
            opened.pop()
    return opened[0] if opened else None


def _unclosed_brace(raw: str, start: int) -> int:
    """The innermost ``{`` still open at the end of ``raw``."""
    opened: list[int] = []
    for match in _BRACES.finditer(raw, start):
        if match.group() == "{":
            opened.append(match.start())
        elif opened:
            opened.pop()
    return opened[-1] if opened else start


def _unclosed_quote(raw: str, start: int) -> int:
    """The ``"`` still open at the end of ``raw``."""
    depth = 0
    opened: int | None = None
    for match in _IN_QUOTES.finditer(raw, start):
        token = match.group()
        if token == "{" and opened is None:
            depth += 1
        elif token == "}" and opened is None:
            depth = max(0, depth - 1)
        elif token == '"' and depth == 0:
            opened = match.start() if opened is None else None
    return opened if opened is not None else start
