"""LaTeX in bibliography fields to Unicode text: accents, escapes, dashes, quotes, case
protection and the sentence-casing pandoc applies to English titles.

A value becomes a list of runs, each a piece of text and whether braces protect its case, so
that titles can be put in sentence case without touching ``{DNA}`` or ``{Bayesian}``; the
braces themselves never reach the text. Formatting commands (``\\emph``, ``\\textbf``) keep
their words and lose the formatting: the items are plain-text CSL-JSON.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from editor.core.citations.bibformats.common import match_end

# (text, protected) pieces; protected text came from inside a brace group.
Runs = list[tuple[str, bool]]

# A user macro from @preamble: (number of arguments, body with #1, #2...).
Macros = Mapping[str, tuple[int, str]]
# Characters that @preamble macros may expand to in one field value: macros that use each
# other several times over grow exponentially (\b is \a\a\a\a, \c is \b\b\b\b, ...).
MAX_EXPANSION = 100_000


class ExpansionLimitError(ValueError):
    """A field value whose macros expand past ``MAX_EXPANSION`` characters."""


_SPECIAL = re.compile(r"[\\{}$~`'\-]")
# ASCII white space only: a no-break space (from ``~`` or typed) is kept as it is.
_PLAIN = re.compile(r"[^\\{}$~`'\- \t\n\r\f\v]+")
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_CONTROL_WORD = re.compile(r"[A-Za-z]+")
# TeX drops the spaces (and one line break) after a control word.
_AFTER_WORD = re.compile(r"[ \t]*(?:\r?\n[ \t]*)?")
_WORD = re.compile(r"[^\W_]+")
_ASCII_SPACE = frozenset(" \t\n\r\f\v")

_ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
    "t": "\u0361",
    "G": "\u030f",
    "U": "\u030e",
}
_SPACING_ACCENTS = {"'": "´", "`": "`", "^": "^", '"': "¨", "~": "~", "=": "¯", ".": "˙"}

_GREEK = (
    "alpha α beta β gamma γ delta δ epsilon ϵ varepsilon ε zeta ζ eta η theta θ vartheta ϑ "
    "iota ι kappa κ lambda λ mu μ nu ν xi ξ pi π varpi ϖ rho ρ varrho ϱ sigma σ varsigma ς "
    "tau τ upsilon υ phi ϕ varphi φ chi χ psi ψ omega ω Gamma Γ Delta Δ Theta Θ Lambda Λ "
    "Xi Ξ Pi Π Sigma Σ Upsilon Υ Phi Φ Psi Ψ Omega Ω"
).split()
_SYMBOLS: dict[str, str] = dict(zip(_GREEK[::2], _GREEK[1::2], strict=True))
_SYMBOLS.update(
    {
        # letters
        "ss": "ß",
        "SS": "SS",
        "o": "ø",
        "O": "Ø",
        "aa": "å",
        "AA": "Å",
        "ae": "æ",
        "AE": "Æ",
        "oe": "œ",
        "OE": "Œ",
        "l": "ł",
        "L": "Ł",
        "i": "ı",
        "j": "ȷ",
        "dh": "ð",
        "DH": "Ð",
        "th": "þ",
        "TH": "Þ",
        "ng": "ŋ",
        "NG": "Ŋ",
        "dj": "đ",
        "DJ": "Đ",
        # punctuation and signs
        "textendash": "–",
        "textemdash": "—",
        "ldots": "…",
        "dots": "…",
        "textellipsis": "…",
        "S": "§",
        "textsection": "§",
        "P": "¶",
        "textparagraph": "¶",
        "copyright": "©",
        "textcopyright": "©",
        "textregistered": "®",
        "texttrademark": "™",
        "textdegree": "°",
        "degree": "°",
        "pounds": "£",
        "textsterling": "£",
        "euro": "€",
        "texteuro": "€",
        "textdollar": "$",
        "textcent": "¢",
        "textyen": "¥",
        "textbackslash": "\\",
        "textasciitilde": "~",
        "textasciicircum": "^",
        "textasciigrave": "`",
        "textbraceleft": "{",
        "textbraceright": "}",
        "textunderscore": "_",
        "textbar": "|",
        "textless": "<",
        "textgreater": ">",
        "textquoteleft": "‘",
        "textquoteright": "’",
        "textquotedblleft": "“",
        "textquotedblright": "”",
        "textquotesingle": "'",
        "textquotedbl": '"',
        "guillemotleft": "«",
        "guillemotright": "»",
        "guillemetleft": "«",
        "guillemetright": "»",
        "guilsinglleft": "‹",
        "guilsinglright": "›",
        "textexclamdown": "¡",
        "textquestiondown": "¿",
        "textbullet": "•",
        "textperiodcentered": "·",
        "textdagger": "†",
        "dag": "†",
        "textdaggerdbl": "‡",
        "ddag": "‡",
        "textmu": "µ",
        "textperthousand": "‰",
        "textonehalf": "½",
        "textonequarter": "¼",
        "textthreequarters": "¾",
        "textminus": "−",
        "textpm": "±",
        "texttimes": "×",
        "slash": "/",
        "LaTeX": "LaTeX",
        "TeX": "TeX",
        "BibTeX": "BibTeX",
        "LaTeXe": "LaTeX2ε",
        "XeTeX": "XeTeX",
        "LuaTeX": "LuaTeX",
        "nobreakspace": "\u00a0",
        "space": " ",
        "quad": " ",
        "qquad": " ",
        "enspace": " ",
        "par": " ",
        "newline": " ",
        "linebreak": " ",
        "newblock": " ",
        "thinspace": "\u2009",
        "hyphen": "-",
        # mathematics
        "times": "×",
        "pm": "±",
        "mp": "∓",
        "cdot": "·",
        "circ": "∘",
        "leq": "≤",
        "le": "≤",
        "geq": "≥",
        "ge": "≥",
        "neq": "≠",
        "ne": "≠",
        "approx": "≈",
        "sim": "∼",
        "simeq": "≃",
        "equiv": "≡",
        "propto": "∝",
        "infty": "∞",
        "partial": "∂",
        "nabla": "∇",
        "sum": "∑",
        "prod": "∏",
        "int": "∫",
        "to": "→",
        "rightarrow": "→",
        "leftarrow": "←",
        "Rightarrow": "⇒",
        "leftrightarrow": "↔",
        "uparrow": "↑",
        "downarrow": "↓",
        "ell": "ℓ",
        "hbar": "ℏ",
        "in": "∈",
        "cap": "∩",
        "cup": "∪",
        "emptyset": "∅",
        "prime": "′",
        "lbrace": "{",
        "rbrace": "}",
    }
)

# One argument, kept as text: formatting that plain text cannot carry.
_KEEP_ARGUMENT = frozenset(
    "emph textit textbf textsl texttt textup textmd textrm textsf textnormal "
    "mkbibemph mkbibitalic mkbibbold "
    "mbox hbox text ensuremath mathrm mathit mathbf mathsf mathtt mathcal mathbb mathnormal "
    "NoCaseChange nocase underline uline acronym acro textenglish textgerman textfrench".split()
)
# Small capitals, superscripts and subscripts: kept, and (as in citeproc) never re-cased.
_CASE_KEPT_ARGUMENT = frozenset(
    "textsc mkbibacro textsuperscript textsubscript mkbibsuperscript mkbibsubscript".split()
)
_QUOTE_ARGUMENT = frozenset({"mkbibquote", "enquote", "textquote"})
_UPPER_ARGUMENT = frozenset({"MakeUppercase", "uppercase", "MakeTextUppercase"})
_LOWER_ARGUMENT = frozenset({"MakeLowercase", "lowercase", "MakeTextLowercase"})
# Commands whose argument is not text: sort keys, counters, cross-references, citations.
_DROP_ARGUMENT = frozenset(
    "noopsort hyphenation sortkey label index nocite arabic roman Roman alph Alph value ref "
    "eqref pageref autoref cite citep citet citeauthor citeyear parencite textcite footcite".split()
)
_MATH_OPERATORS = frozenset(
    "log ln lg exp sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh lim liminf limsup "
    "max min sup inf det dim gcd deg arg ker hom Pr".split()
)
_SUPERSCRIPTS = dict(zip("0123456789+-=()nithst", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵗʰˢᵗ", strict=True))
_SUBSCRIPTS = dict(zip("0123456789+-=()aeoxhklmnpst", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ", strict=True))
_RAW_ARGUMENT = frozenset({"url", "nolinkurl", "path", "verb"})
# Two arguments of which only the second is text.
_SECOND_ARGUMENT = frozenset({"href", "textcolor", "foreignlanguage", "colorbox", "hyperref"})
_SQRT = "sqrt"
# Declarations and spacing commands that print nothing.
_IGNORED = frozenset(
    "em it bf sc sl tt rm sf relax normalfont itshape bfseries scshape upshape mdseries slshape "
    "ttfamily sffamily rmfamily small footnotesize scriptsize tiny large Large LARGE huge Huge "
    "normalsize protect noindent unskip xspace ignorespaces displaystyle textstyle left right "
    "bgroup egroup mathbin mathrel nolinebreak allowbreak break".split()
)


class _Parser:
    """A single pass over one field value; ``runs`` collects the output."""

    __slots__ = ("text", "pos", "macros", "depth", "budget")

    def __init__(
        self, text: str, macros: Macros | None, depth: int = 0, budget: list[int] | None = None
    ) -> None:
        self.text = text
        self.pos = 0
        self.macros = macros or {}
        self.depth = depth
        # Shared by the parsers of one value: what its macros may still expand to.
        self.budget = budget if budget is not None else [MAX_EXPANSION]

    def parse(self, runs: Runs, protected: bool, in_group: bool = False) -> None:
        text = self.text
        end = len(text)
        while self.pos < end:
            char = text[self.pos]
            if char == "{":
                self.pos += 1
                # pandoc reads every brace group as a span that protects its case
                self.parse(runs, True, in_group=True)
            elif char == "}":
                self.pos += 1
                if in_group:
                    return
            elif char == "\\":
                self._command(runs, protected)
            elif char == "$":
                self._math(runs, protected)
            elif char == "~":
                self.pos += 1
                runs.append(("\u00a0", protected))
            elif char == "-":
                count = 1
                while self.pos + count < end and text[self.pos + count] == "-":
                    count += 1
                self.pos += count
                runs.append(("-" if count == 1 else "–" if count == 2 else "—", protected))
            elif char == "`":
                double = text.startswith("``", self.pos)
                self.pos += 2 if double else 1
                runs.append(("“" if double else "‘", protected))
            elif char == "'":
                double = text.startswith("''", self.pos)
                self.pos += 2 if double else 1
                runs.append(("”" if double else "’", protected))
            elif char in _ASCII_SPACE:
                self.pos += 1
                runs.append((" ", protected))
            else:
                match = _PLAIN.match(text, self.pos)
                if match is None:  # a character none of the branches above reads: keep it
                    runs.append((char, protected))
                    self.pos += 1
                else:
                    runs.append((match.group(), protected))
                    self.pos = match.end()

    def _command(self, runs: Runs, protected: bool) -> None:
        text = self.text
        start = self.pos + 1
        if start >= len(text):
            self.pos = start
            return
        match = _CONTROL_WORD.match(text, start)
        if match is None:
            self.pos = start + 1
            self._control_symbol(text[start], runs, protected)
            return
        name = match.group()
        end = match.end()
        if text.startswith("*", end):
            end += 1  # the starred form (\enquote*) reads the same here
        self.pos = match_end(_AFTER_WORD, text, end)
        if name in self.macros and self.depth < 20:
            self._expand(name, runs, protected)
        elif name in _ACCENTS:
            runs.append((_accent(self._argument_text(protected), name), protected))
        elif name in _SYMBOLS:
            runs.append((_SYMBOLS[name], protected))
        elif name in _KEEP_ARGUMENT:
            self._argument(runs, protected)
        elif name in _CASE_KEPT_ARGUMENT:
            self._argument(runs, True)
        elif name in _QUOTE_ARGUMENT:
            # pandoc 2.17 leaves quoted words as written when it changes a title's case.
            runs.append(("“", protected))
            self._argument(runs, True)
            runs.append(("”", protected))
        elif name in _UPPER_ARGUMENT or name in _LOWER_ARGUMENT:
            inner: Runs = []
            self._argument(inner, protected)
            upper = name in _UPPER_ARGUMENT
            runs.extend((t.upper() if upper else t.lower(), p) for t, p in inner)
        elif name in _RAW_ARGUMENT:
            runs.append((self._raw_argument(), True))
        elif name in _SECOND_ARGUMENT:
            self._raw_argument()
            self._argument(runs, protected)
        elif name in _DROP_ARGUMENT:
            self._argument([], protected)
        elif name == "bibstring":
            key = self._raw_argument()
            runs.append((BIBLATEX_STRINGS.get(key.strip().lower(), key), protected))
        elif name == _SQRT:
            runs.append(("√", protected))
            self._argument(runs, protected)
        elif name in _MATH_OPERATORS:
            runs.append((name + " ", True))
        elif name in _IGNORED:
            pass
        else:
            # Unknown command: keep what its braced arguments say rather than lose words.
            while self.pos < len(text) and text[self.pos] == "{":
                self.pos += 1
                self.parse(runs, protected, in_group=True)

    def _control_symbol(self, char: str, runs: Runs, protected: bool) -> None:
        if char in "([":
            closing = "\\)" if char == "(" else "\\]"
            self._math_until(closing, runs)
        elif char in ")]":
            return  # a stray closing math delimiter: nothing to print
        elif char in _ACCENTS:
            runs.append((_accent(self._argument_text(protected), char), protected))
        elif char in "&%$#_{}":
            runs.append((char, protected))
        elif char in "\\ \t\n":
            runs.append((" ", protected))
        elif char == ",":
            runs.append(("\u2009", protected))
        elif char in ";:>":
            runs.append((" ", protected))
        elif char in "!-/@":
            return  # negative thin space, hyphenation hint, italic correction: invisible
        else:
            runs.append((char, protected))

    def _skip_spaces(self) -> None:
        text = self.text
        while self.pos < len(text) and text[self.pos] in _ASCII_SPACE:
            self.pos += 1

    def _argument(self, runs: Runs, protected: bool) -> None:
        """A command's argument: a brace group (not a case-protecting one), a command, or one
        character."""
        self._skip_spaces()
        text = self.text
        if self.pos >= len(text):
            return
        char = text[self.pos]
        if char == "{":
            self.pos += 1
            self.parse(runs, protected, in_group=True)
        elif char == "\\":
            self._command(runs, protected)
        elif char != "}":
            self.pos += 1
            runs.append((char, protected))

    def _argument_text(self, protected: bool) -> str:
        inner: Runs = []
        self._argument(inner, protected)
        return "".join(t for t, _ in inner)

    def _raw_argument(self) -> str:
        """A brace group's characters as written (for URLs and key names)."""
        self._skip_spaces()
        text = self.text
        if self.pos >= len(text) or text[self.pos] != "{":
            return ""
        depth = 0
        start = self.pos + 1
        for index in range(self.pos, len(text)):
            if text[index] == "{":
                depth += 1
            elif text[index] == "}":
                depth -= 1
                if depth == 0:
                    self.pos = index + 1
                    return text[start:index]
        self.pos = len(text)
        return text[start:]

    def _expand(self, name: str, runs: Runs, protected: bool) -> None:
        count, body = self.macros[name]
        arguments = [self._raw_argument() if self._next_is("{") else "" for _ in range(count)]
        for number, value in enumerate(arguments, start=1):
            body = body.replace(f"#{number}", value)
        self.budget[0] -= len(body) + 1
        if self.budget[0] < 0:
            raise ExpansionLimitError(
                f"its @preamble macros (\\{name}) expand to more than {MAX_EXPANSION:,} characters"
            )
        inner = _Parser(body, self.macros, self.depth + 1, self.budget)
        inner.parse(runs, protected)

    def _next_is(self, char: str) -> bool:
        self._skip_spaces()
        return self.text.startswith(char, self.pos)

    def _math(self, runs: Runs, protected: bool) -> None:
        delimiter = "$$" if self.text.startswith("$$", self.pos) else "$"
        self.pos += len(delimiter)
        self._math_until(delimiter, runs)

    def _math_until(self, delimiter: str, runs: Runs) -> None:
        """Mathematics up to ``delimiter``: symbols in Unicode, superscripts and subscripts
        where Unicode has them. Its letters are symbols: never re-cased."""
        text = self.text
        start = end = self.pos
        while True:
            end = text.find(delimiter, end)
            if end <= 0 or text[end - 1] != "\\" or delimiter.startswith("\\"):
                break
            end += 1
        if end == -1:
            end = len(text)
        self.pos = min(len(text), end + len(delimiter))
        math_runs: Runs = []
        inner = _Parser(text[start:end], self.macros, self.depth + 1, self.budget)
        inner.parse_math(math_runs)
        runs.append((text_of(math_runs), True))

    def parse_math(self, runs: Runs) -> None:
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in "^_":
                self.pos += 1
                script = self._argument_text(True)
                table = _SUPERSCRIPTS if char == "^" else _SUBSCRIPTS
                if script and all(letter in table for letter in script):
                    runs.append(("".join(table[letter] for letter in script), True))
                else:
                    runs.append((char + script, True))
            elif char == "{":
                self.pos += 1
                self.parse(runs, True, in_group=True)
            elif char == "\\":
                self._command(runs, True)
            else:
                self.pos += 1
                runs.append((char, True))


def _accent(text: str, accent: str) -> str:
    if not text:
        return _SPACING_ACCENTS.get(accent, "")
    base, rest = text[0], text[1:]
    base = {"ı": "i", "ȷ": "j"}.get(base, base)
    return unicodedata.normalize("NFC", base + _ACCENTS[accent]) + rest


def to_runs(raw: str, macros: Macros | None = None) -> Runs:
    """Convert a field value to runs of text with single spaces, trimmed; adjacent runs of the
    same protection are merged."""
    if not _SPECIAL.search(raw):
        text = _SPACES.sub(" ", raw).strip()
        return [(text, False)] if text else []
    pieces: Runs = []
    _Parser(raw, macros).parse(pieces, False)
    merged: Runs = []
    for piece, protected in pieces:
        if merged and merged[-1][1] == protected:
            merged[-1] = (merged[-1][0] + piece, protected)
        else:
            merged.append((piece, protected))
    # Collapse whitespace across runs: a run that starts with a space after one that ended
    # with a space loses it.
    result: Runs = []
    previous_space = True
    for piece, protected in merged:
        piece = _SPACES.sub(" ", piece)
        if previous_space and piece.startswith(" "):
            piece = piece[1:]
        if piece:
            result.append((piece, protected))
            previous_space = piece.endswith(" ")
    while result and result[-1][0].endswith(" "):
        piece, protected = result.pop()
        piece = piece.rstrip(" ")
        if piece:
            result.append((piece, protected))
    return result


def to_text(raw: str, macros: Macros | None = None) -> str:
    """A field value as plain Unicode text."""
    return text_of(to_runs(raw, macros))


# Case-transform states, as citeproc tracks them between chunks of text.
_START, _START_SENTENCE, _AFTER_WORD_END, _AFTER_WORD_CHAR, _AFTER_END, _AFTER_OTHER = range(6)
_WORD_BREAKS = frozenset("-/\u2013\u2014")


# Quotation marks are not text to pandoc (a quoted span), so they leave the state alone.
def _next_state(state: int, chunk: str) -> int:
    chunk = chunk.rstrip("“”‘’")
    if not chunk:
        return state
    last = chunk[-1]
    if last in ".?!:":
        return _AFTER_END
    if last.isalnum():
        return _AFTER_WORD_CHAR
    if last.isspace() and state == _AFTER_END:
        return _START_SENTENCE
    if last.isspace() or last in _WORD_BREAKS:
        return _AFTER_WORD_END
    return _AFTER_OTHER


def _is_capitalised(word: str) -> bool:
    return word[0].isupper() and all(char.islower() for char in word[1:])


def sentence_case(runs: Runs) -> Runs:
    """Title case to sentence case, as pandoc does for English titles: a capitalised word
    (``Model``, not ``DNA`` or ``iPhone``) is lowercased unless it starts the title or a
    sentence (after ``.``, ``?``, ``!`` or ``:``), where a lowercase word is capitalised.
    Protected runs are left as written."""
    state = _START
    result: Runs = []
    for text, protected in runs:
        if protected:
            result.append((text, protected))
            state = _next_state(state, text)
            continue
        output: list[str] = []
        position = 0
        for match in _WORD.finditer(text):
            for char in text[position : match.start()]:
                output.append(char)
                state = _next_state(state, char)
            word = match.group()
            at_start = state in (_START, _START_SENTENCE)
            if _is_capitalised(word) and not at_start:
                word = word.lower()
            elif at_start and (_is_capitalised(word) or word.islower()):
                word = word[0].upper() + word[1:].lower()
            output.append(word)
            state = _AFTER_WORD_CHAR
            position = match.end()
        for char in text[position:]:
            output.append(char)
            state = _next_state(state, char)
        result.append(("".join(output), protected))
    return result


def text_of(runs: Runs) -> str:
    return "".join(text for text, _ in runs)


def before_colon(runs: Runs) -> str | None:
    """The text before the first colon outside braces (pandoc's short title), or ``None``
    when there is no such colon."""
    parts: list[str] = []
    for text, protected in runs:
        if not protected and ":" in text:
            parts.append(text.split(":", 1)[0])
            return "".join(parts).strip()
        parts.append(text)
    return None


# English strings for biblatex localisation keys (biblatex's english.lbx), which databases use
# in ``type``, ``pubstate``, ``series`` and patent ``location`` fields.
BIBLATEX_STRINGS = {
    "mathesis": "Master’s thesis",
    "phdthesis": "PhD thesis",
    "candthesis": "Candidate thesis",
    "techreport": "technical report",
    "resreport": "research report",
    "software": "computer software",
    "datacd": "CD-ROM",
    "audiocd": "audio CD",
    "inpreparation": "in preparation",
    "submitted": "submitted",
    "forthcoming": "forthcoming",
    "inpress": "in press",
    "prepublished": "pre-published",
    "newseries": "new series",
    "oldseries": "old series",
    "jourser": "series",
    "patent": "patent",
    "patentde": "German patent",
    "patenteu": "European patent",
    "patentfr": "French patent",
    "patentuk": "British patent",
    "patentus": "U.S. patent",
    "patreq": "patent request",
    "patreqde": "German patent request",
    "patreqeu": "European patent request",
    "patreqfr": "French patent request",
    "patrequk": "British patent request",
    "patrequs": "U.S. patent request",
    "countryde": "Germany",
    "countryeu": "European Union",
    "countryep": "European Union",
    "countryfr": "France",
    "countryuk": "United Kingdom",
    "countryus": "United States of America",
}


def resolve_key(text: str) -> str:
    """A biblatex localisation key (``mathesis``, ``countryus``) in English, else the text."""
    return BIBLATEX_STRINGS.get(text.strip().lower(), text)
