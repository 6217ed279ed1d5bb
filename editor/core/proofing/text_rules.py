"""Rules about the typing of the text: repeated words, one compound hyphenated two ways,
hyphens in number ranges, number–unit spacing used both ways, abbreviations used before they
are spelled out, doubled spaces and punctuation, unbalanced brackets and quotes."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from editor.core.proofing.findings import Finding, ProofDocument, finding
from editor.core.proofing.placeholders import placeholder_lines
from editor.core.proofing.references import reference_section

_HYPHENS = "-\u2010\u2011"  # hyphen-minus, hyphen, non-breaking hyphen
_HYPHEN_CLASS = "\\-\u2010\u2011"
_HYPHEN_NAMES = {"-": "a hyphen", "\u2010": "a hyphen (U+2010)", "\u2011": "a non-breaking hyphen"}
_REPEAT = re.compile(r"\b([^\W\d_]+)\s+(\1)\b", re.IGNORECASE)
_FINE_REPEATS = frozenset({"had", "that", "is", "do", "bye", "no", "very", "so", "ha"})
_COMPOUND = re.compile(
    rf"(?<![\w{_HYPHEN_CLASS}])([^\W\d_]\w*)([{_HYPHEN_CLASS}])([^\W_]\w*)(?![\w{_HYPHEN_CLASS}])"
)
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"(?<![\w\-\u2010\u2011])[^\W_]\w*(?![\w\-\u2010\u2011])")
_RANGE = re.compile(r"(?<![\w.\-/–])(\d+(?:\.\d+)?)(%?)(-)(\d+(?:\.\d+)?)(?![\w\-/]|\.\d)")
_UNITS = r"%|‰|°C|°F|mg|µg|mcg|kg|g|ml|mL|l|L|mm|cm|km|m|ms|s|min|h|Hz|kHz|MHz|mmHg|kcal|mmol|mol"
_UNIT = re.compile(rf"(?<![\w.])(\d+(?:[.,]\d+)?)([ \u00a0]?)({_UNITS})(?![\w°])")
_ABBREVIATION = re.compile(r"\b([A-Z][A-Z0-9]*[A-Z][A-Z0-9]*)(s?)\b")
_ROMAN = re.compile(r"^[IVXLCDM]+$")
# Abbreviations readers know without a spelling-out.
COMMON_ABBREVIATIONS = frozenset(
    """UK US USA EU UN WHO NHS BBC CNN PDF HTML URL DNA RNA HIV AIDS COVID OK TV CEO PHD MD BSC
    MSC BA MA IQ GP ICU MRI CT ECG EEG IV BMI NATO NASA FDA CDC ISBN DOI ISSN USB GPS AI IT
    AM PM BC AD CE BCE FAQ ID PC PR HR UV GDP CV NB PS RSVP DIY ASAP VIP ATM SMS EMA UCL MIT
    NICE UNICEF UNESCO OECD IMF CIA FBI API CSS JSON XML SQL TODO TBD TBC FIXME XXX ADHD PTSD
    OCD ENT AE ER
    """.split()
)
_DOUBLE_SPACE = re.compile(r"(?<=\S)( {2,})(?=\S)")
_DOUBLE_PUNCT = re.compile(r"(?<![.,;:!?])([,;:])\1(?![.,;:!?])|(?<![.\w])(?<=\w)(\.\.)(?!\.)")
_SPACE_BEFORE = re.compile(r"(?<=\w)( +)([,;:](?!\w)|\.(?=\s|$))")
_PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "‘": "’"}
_BRACKET = re.compile(r'[()\[\]{}“”‘’"]')
_LIST_LABEL = re.compile(r"^\s*(?:\(?[A-Za-z0-9]{1,3}\))\s")


def _body(document: ProofDocument, skip_references: bool = False) -> list[tuple[int, str]]:
    """Body prose lines outside placeholder passages (and the reference list, if asked)."""
    skipped = placeholder_lines(document)
    section = reference_section(document) if skip_references else None
    return [
        (number, prose)
        for number, prose in document.body_prose()
        if number not in skipped and not (section and section[0] - 1 <= number < section[1])
    ]


class RepeatedWordRule:
    """The same word twice in a row: "the the"."""

    id = "repeated-word"
    title = "Repeated words"
    default_on = True

    def check(self, document: ProofDocument) -> list[Finding]:
        found = []
        for number, prose in _body(document):
            for match in _REPEAT.finditer(prose):
                if match.group(1).lower() in _FINE_REPEATS:
                    continue
                found.append(
                    finding(
                        number,
                        match.start(),
                        match.end(),
                        self.id,
                        f"“{match.group(1)}” twice in a row",
                        match.group(),
                        [match.group(1)],
                        match.group(1),
                    )
                )
        return found


class HyphenationRule:
    """One compound or name written two ways: with a non-breaking hyphen and a plain one
    (KARMA‑Dep 2, KARMA-Dep 2), or hyphenated, open and closed (follow-up, follow up)."""

    id = "hyphenation"
    title = "Inconsistent hyphenation"
    default_on = True

    def check(self, document: ProofDocument) -> list[Finding]:
        body = _body(document)
        # For each compound (its parts, lowercased): where each way of writing it occurs.
        forms: dict[tuple[str, str], dict[str, list[tuple[int, int, int, str]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for number, prose in body:
            for match in _COMPOUND.finditer(prose):
                key = (match.group(1).lower(), match.group(3).lower())
                forms[key][match.group(2)].append(
                    (number, match.start(), match.end(), match.group())
                )
        if not forms:
            return []
        closed = {a + b: (a, b) for a, b in forms}
        # Only the compounds' own words are looked for (one scan per line, not a Python loop
        # over every pair of words): "follow up" and "followup" for "follow-up".
        firsts = "|".join(sorted({re.escape(a) for a, _b in forms}, key=len, reverse=True))
        wholes = "|".join(sorted(map(re.escape, closed), key=len, reverse=True))
        open_form = re.compile(rf"(?i)(?<![\w\-\u2010\u2011])({firsts})([ \t]+)([^\W_]\w*)")
        closed_form = re.compile(rf"(?i)(?<![\w\-\u2010\u2011])(?:{wholes})(?![\w\-\u2010\u2011])")
        for number, prose in body:
            for match in open_form.finditer(prose):
                key = (match.group(1).lower(), match.group(3).lower())
                end = match.end()
                if key in forms and not (end < len(prose) and prose[end] in "-\u2010\u2011"):
                    text = document.lines[number][match.start() : end]
                    forms[key][" "].append((number, match.start(), end, text))
            for match in closed_form.finditer(prose):
                pair = closed.get(match.group().lower())
                if pair is not None:
                    forms[pair][""].append((number, match.start(), match.end(), match.group()))
        found: list[Finding] = []
        for ways in forms.values():
            if len(ways) < 2:
                continue
            usual = max(ways, key=lambda way: (len(ways[way]), way in _HYPHENS))
            example = ways[usual][0][3]
            for way, places in ways.items():
                if way == usual:
                    continue
                for number, start, end, text in places:
                    certain = way in _HYPHENS and usual in _HYPHENS
                    fixed = text.replace(way, usual) if certain else None
                    found.append(
                        finding(
                            number,
                            start,
                            end,
                            self.id,
                            f"“{text}” {_describe(way)} here, “{example}” "
                            f"{_describe(usual)} elsewhere ({len(ways[usual])}×)",
                            text,
                            [_rewrite(text, way, usual)],
                            fixed,
                        )
                    )
        return found


def _describe(way: str) -> str:
    if way in _HYPHEN_NAMES:
        return f"with {_HYPHEN_NAMES[way]}"
    return "open" if way == " " else "closed up"


def _rewrite(text: str, way: str, usual: str) -> str:
    if way == "":
        return text  # closed up: where to split it is not known; the message says the form
    return re.sub(rf"[{re.escape(way)}]+", usual, text, count=1)


class RangeRule:
    """Number ranges take an en dash, not a hyphen: 50–70%, pp. 152–163."""

    id = "range"
    title = "Ranges with a hyphen"
    default_on = True

    def check(self, document: ProofDocument) -> list[Finding]:
        found = []
        for number, prose in _body(document):
            if "-" not in prose:
                continue
            for match in _RANGE.finditer(prose):
                text = match.group()
                fixed = text.replace("-", "–")
                found.append(
                    finding(
                        number,
                        match.start(),
                        match.end(),
                        self.id,
                        f"a range takes an en dash: “{fixed}”",
                        text,
                        [fixed],
                        fixed,
                    )
                )
        return found


class UnitSpacingRule:
    """A number and its unit written both with and without a space ("71 %" and "70%")."""

    id = "unit-spacing"
    title = "Number–unit spacing"
    default_on = True

    def check(self, document: ProofDocument) -> list[Finding]:
        places: dict[str, dict[bool, list[tuple[int, re.Match[str]]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for number, prose in _body(document):
            if _DIGIT.search(prose) is None:
                continue
            for match in _UNIT.finditer(prose):
                places[match.group(3)][bool(match.group(2))].append((number, match))
        found = []
        for unit, ways in places.items():
            if len(ways) < 2:
                continue
            spaced = len(ways[True]) > len(ways[False])
            usual = ways[spaced][0][1].group()
            for number, match in ways[not spaced]:
                fixed = match.group(1) + (" " if spaced else "") + unit
                found.append(
                    finding(
                        number,
                        match.start(),
                        match.end(),
                        self.id,
                        f"“{match.group()}” here, “{usual}” elsewhere ({len(ways[spaced])}×)",
                        match.group(),
                        [fixed],
                        fixed,
                    )
                )
        return found


class AbbreviationRule:
    """An abbreviation used before it is spelled out ("MADRS … Montgomery–Åsberg Depression
    Rating Scale (MADRS)"), or never spelled out; well-known ones need none."""

    id = "abbreviation"
    title = "Abbreviations not spelled out"
    default_on = True

    def check(self, document: ProofDocument) -> list[Finding]:
        first: dict[str, tuple[int, int, int]] = {}
        defined: dict[str, tuple[int, int]] = {}
        previous: tuple[int, str] = (-2, "")
        for number, prose in _body(document, skip_references=True):
            if document.lines[number].lstrip().startswith("#"):
                continue  # headings repeat what the text spells out
            # A spelling-out may begin on the line before: "… Rating Scale\n(MADRS)".
            context = previous[1] + " " if previous[0] == number - 1 else ""
            previous = (number, prose)
            for match in _ABBREVIATION.finditer(prose):
                word = match.group(1)
                if word in COMMON_ABBREVIATIONS or _ROMAN.match(word) or len(word) > 8:
                    continue
                if _shouting(prose, match):
                    continue
                place = (number, match.start())
                if _spelled_out(context, prose, match):
                    defined.setdefault(word, place)
                first.setdefault(word, (number, match.start(), match.end()))
        found = []
        for word, (number, start, end) in first.items():
            where = defined.get(word)
            if where is not None and where <= (number, start):
                continue
            message = (
                f"“{word}” is used before it is spelled out (line {where[0] + 1})"
                if where is not None
                else f"“{word}” is never spelled out"
            )
            found.append(finding(number, start, end, self.id, message, word))
        return found


def _spelled_out(context: str, prose: str, match: re.Match[str]) -> bool:
    """ "Full Name (ABC)" or "ABC (Full Name …)"; ``context`` is the line before."""
    before, after = context + prose[: match.start()], prose[match.end() :]
    if before.endswith("(") and after.startswith((")", "s)", ";", ",")):
        initials = [w[0].upper() for w in re.findall(r"[^\W\d_][\w'’]*", before[-120:])]
        return len(initials) >= 2
    return bool(re.match(r"\s*\((?:[^\W\d_][\w'’\-]*[\s,]+){1,}", after))


def _shouting(prose: str, match: re.Match[str]) -> bool:
    """A word in a run of capitals ("DO NOT USE") is emphasis, not an abbreviation."""
    around = prose[max(0, match.start() - 12) : match.end() + 12]
    return len(re.findall(r"\b[A-Z]{2,}\b", around)) >= 3


class PunctuationRule:
    """Doubled spaces and punctuation, a space before a comma, unbalanced brackets and quotes
    in a paragraph."""

    id = "punctuation"
    title = "Spaces, punctuation, brackets"
    default_on = True

    def check(self, document: ProofDocument) -> list[Finding]:
        found = []
        body = dict(_body(document))
        for number, prose in body.items():
            if prose.lstrip().startswith("|"):
                continue  # a table aligns its cells with spaces
            line = document.lines[number]
            for match in _DOUBLE_SPACE.finditer(line.rstrip()):
                start, end = match.start(), match.end()
                if prose[start - 1] != line[start - 1] or prose[end] != line[end]:
                    continue  # beside code or a URL, blanked out of the prose
                found.append(
                    finding(
                        number,
                        match.start(),
                        match.end(),
                        self.id,
                        "doubled space",
                        match.group(),
                        [" "],
                        " ",
                    )
                )
            for match in _DOUBLE_PUNCT.finditer(prose):
                text = match.group()
                found.append(
                    finding(
                        number,
                        match.start(),
                        match.end(),
                        self.id,
                        f"doubled punctuation “{text}”",
                        text,
                        [text[0]],
                        text[0],
                    )
                )
            for match in _SPACE_BEFORE.finditer(prose):
                if line[match.start() : match.end()] != match.group():
                    continue  # the spaces are blanked markup: [text][label].
                found.append(
                    finding(
                        number,
                        match.start(),
                        match.end(),
                        self.id,
                        f"space before “{match.group(2)}”",
                        match.group(),
                        [match.group(2)],
                        match.group(2),
                    )
                )
        for paragraph in document.paragraphs():
            lines = [(n, body[n]) for n in paragraph if n in body]
            found.extend(self._unbalanced(lines))
        return found

    def _unbalanced(self, lines: list[tuple[int, str]]) -> list[Finding]:
        stack: list[tuple[str, int, int]] = []
        found = []
        straight: list[tuple[int, int]] = []
        closers = {close: open_ for open_, close in _PAIRS.items()}
        for number, prose in lines:
            label = _LIST_LABEL.match(prose)
            start = label.end() if label else 0
            for mark in _BRACKET.finditer(prose, start):  # the few marks, not every character
                offset, char = mark.start(), mark.group()
                if char == '"':
                    straight.append((number, offset))
                elif char in _PAIRS:
                    stack.append((char, number, offset))
                elif char in closers:
                    if char == "’" and offset and prose[offset - 1].isalnum():
                        continue  # an apostrophe: don’t, patients’
                    if stack and stack[-1][0] == closers[char]:
                        stack.pop()
                    elif char != "’":
                        found.append(self._lone(number, offset, char))
        for char, number, offset in stack:
            if char != "‘":
                found.append(self._lone(number, offset, char))
        if len(straight) % 2:
            number, offset = straight[-1]
            found.append(self._lone(number, offset, '"'))
        return found

    def _lone(self, number: int, offset: int, char: str) -> Finding:
        return finding(
            number, offset, offset + 1, self.id, f"unbalanced “{char}” in this paragraph", char
        )


def counts(findings: list[Finding]) -> Counter[str]:
    """How many findings of each kind."""
    return Counter(item.kind for item in findings)
