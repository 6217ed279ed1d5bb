"""Text case (``text-case``) as CSL 1.0.2 prescribes it and citeproc-js prints it.

Private to ``csl_layer``. citeproc-py 0.11 title-cased only what it split on spaces, so a
quoted word ("‘no’"), a hyphenated one ("web-based") and a word after a quote stayed lowercase;
it kept a short stop-word list ("After", "Among"), uppercased the first character of "iPhone",
and never cased a term ("eds" for APA's "Eds"). Here a word is a run of letters and digits
split at spaces, quotes, hyphens, dashes, slashes and punctuation; rich-text marks inside a
word are transparent; nothing in a ``nocase`` span, small capitals, superscript or subscript
changes. As in citeproc-js, what follows an apostrophe inside a word keeps its case ("we’re",
"l’encyclopédie") and a one-letter word is capitalised only first or after a colon ("p
values", "vitamin d": usually symbols).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from citeproc.string import MixedString, NoCase, String

# The CSL schema's stop words (stop-words.json) with the articles and conjunctions of CSL 1.0.1,
# and, as citeproc-js keeps them lowercase, "about", "above" and the particles of names that
# titles carry ("de", "von", "van"). The schema's phrases are stop words only as phrases:
# "according to" (citeproc-js, matching single words, capitalises "According to").
STOP_WORDS = frozenset(
    """a about above across afore after against al along alongside amid amidst among amongst an
    and anenst apropos apud around as aside astride at athwart atop barring before behind below
    beneath beside besides between beyond but by c ca circa de despite down during et except for
    forenenst from given in inside into lest like modulo near next nor notwithstanding of off on
    onto or out over per plus pro qua sans since so than the through throughout thru thruout
    till to toward towards under underneath until unto up upon v van versus via von vs with
    within without yet""".split()
)
STOP_PHRASES = frozenset(
    tuple(phrase.split())
    for phrase in (
        "according to",
        "ahead of",
        "apart from",
        "as regards",
        "back to",
        "because of",
        "close to",
        "due to",
        "far from",
        "instead of",
        "outside of",
        "prior to",
        "pursuant to",
        "rather than",
        "regardless of",
        "such as",
        "that of",
        "where as",
    )
)

# Characters that end a word. Apostrophes end one only outside it ("nurses’ care"), not
# between letters ("it’s").
_SEPARATORS = frozenset(" \t\n\u00a0\u2000\u2009\u202f\"“”‘’'-\u2010\u2011\u2013\u2014/.,;?!:[]()")
_APOSTROPHES = frozenset("’'")
_AFTER_PUNCTUATION = frozenset(":?!")  # the next word is capitalised, even a stop word
# Rich-text and quote marks of ``csl_text`` (U+F7xx): quotes separate words, the rest is
# markup and transparent; superscript, subscript and small capitals are left as they are,
# and end the word they interrupt.
_QUOTE_MARKS = frozenset("\uf706\uf707\uf70b\uf70c\uf70d")
_PROTECT_OPEN = frozenset("\uf714\uf716\uf718")
_PROTECT_CLOSE = frozenset("\uf715\uf717\uf719")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")
_PROTECTING_TAGS = ("<sup", "<sub", '<span style="font-variant:small-caps')


def apply_case(text, text_case: str | None, english: bool = True):
    """``text`` (a citeproc-py String, MixedString or str) in ``text_case``: "title" (only
    for English), "capitalize-first", "capitalize-all"; ``None`` and other cases: unchanged
    (lowercase, uppercase and sentence are citeproc-py's)."""
    if text_case == "title" and not english:
        return text
    if text_case not in ("title", "capitalize-first", "capitalize-all") or not str(text):
        return text
    pieces = list(text) if isinstance(text, MixedString) else [text]
    units = [_units(piece) for piece in pieces]
    flat = [unit for piece_units in units for unit in piece_units]
    words = list(_words(flat))
    if text_case == "title":
        _title(flat, words)
    elif text_case == "capitalize-first":
        if words and not words[0].protected:
            _capitalise(flat, words[0])
    else:
        for word in words:
            if not (word.protected or word.kept):
                _capitalise(flat, word)
    out = []
    for piece, piece_units in zip(pieces, units, strict=True):
        if isinstance(piece, NoCase):
            out.append(piece)
        else:
            out.append(String("".join(unit.text for unit in piece_units)))
    if isinstance(text, MixedString):
        return MixedString(out)
    return out[0]


class _Unit:
    """A character (or a tag, a mark) of the text with its role: "char" (part of a word),
    "sep" (ends a word), "hidden" (markup, transparent)."""

    __slots__ = ("protected", "role", "text")

    def __init__(self, text: str, role: str, protected: bool):
        self.text, self.role, self.protected = text, role, protected


class _Word:
    __slots__ = ("after_punctuation", "chars", "kept", "protected")

    def __init__(self, chars: list[_Unit], after_punctuation: bool, kept: bool):
        self.chars = chars
        self.after_punctuation = after_punctuation
        self.kept = kept  # after an apostrophe in a word: "re" of "we’re", as typed
        self.protected = any(unit.protected for unit in chars)

    @property
    def text(self) -> str:
        return "".join(unit.text for unit in self.chars)


def _units(piece) -> list[_Unit]:
    """One piece's units; a ``nocase`` piece is protected as a whole."""
    text = str(piece)
    protected_piece = isinstance(piece, NoCase)
    units: list[_Unit] = []
    depth = 0
    index = 0
    while index < len(text):
        char = text[index]
        if char == "<" and (end := text.find(">", index)) > 0:
            tag = text[index : end + 1]
            protecting = tag.startswith(_PROTECTING_TAGS)
            if protecting:
                depth += 1
            elif tag.startswith(("</sup", "</sub", "</span")) and depth:
                depth -= 1
                protecting = True
            units.append(_Unit(tag, "sep" if protecting else "hidden", depth > 0))
            index = end + 1
            continue
        if char == "&" and (entity := _ENTITY.match(text, index)):  # "&amp;": a symbol
            units.append(_Unit(entity.group(0), "sep", depth > 0))
            index = entity.end()
            continue
        if char in _PROTECT_OPEN:
            depth += 1
        elif char in _PROTECT_CLOSE and depth:
            depth -= 1
            units.append(_Unit(char, "sep", False))
            index += 1
            continue
        if char in _QUOTE_MARKS or char in _SEPARATORS or char in _PROTECT_OPEN:
            role = "sep"
        elif "\uf700" <= char <= "\uf7ff":
            role = "hidden"
        else:
            role = "char"
        units.append(_Unit(char, role, protected_piece or depth > 0))
        index += 1
    # an apostrophe between letters ends a word whose rest keeps its case: "it’s", "we’re"
    for position, unit in enumerate(units):
        if unit.text in _APOSTROPHES and 0 < position < len(units) - 1:
            before, after = units[position - 1], units[position + 1]
            if before.text.isalpha() and after.text.isalpha():
                unit.role = "elision"
    return units


def _words(units: list[_Unit]) -> Iterator[_Word]:
    current: list[_Unit] = []
    after_punctuation = pending_punctuation = False
    kept = pending_kept = False
    for unit in units:
        if unit.role in ("sep", "elision"):
            if current:
                yield _Word(current, after_punctuation, kept)
                current = []
            if unit.text in _AFTER_PUNCTUATION:
                pending_punctuation = True
            pending_kept = unit.role == "elision"
        elif unit.role == "char":
            if not current:
                after_punctuation, pending_punctuation = pending_punctuation, False
                kept, pending_kept = pending_kept, False
            current.append(unit)
    if current:
        yield _Word(current, after_punctuation, kept)


def _capitalise(units: list[_Unit], word: _Word) -> None:
    """The word's first letter uppercased, if the word is all lowercase."""
    text = word.text
    if text != text.lower():
        return
    for unit in word.chars:
        if unit.text.isalpha():
            unit.text = unit.text.upper()
            return
        if unit.text.isdigit():  # "4th": nothing to capitalise
            return


def _title(units: list[_Unit], words: list[_Word]) -> None:
    """Each lowercase word capitalised but stop words (lowercase unless first, last or after a
    colon) and, as citeproc-js, single letters ("p value") unless first or after a colon."""
    lowered = [word.text.lower() for word in words]
    in_phrase: set[int] = set()
    for index in range(len(words) - 1):
        if (lowered[index], lowered[index + 1]) in STOP_PHRASES:
            in_phrase.update((index, index + 1))
    last = None
    for index, word in enumerate(words):
        if word.protected or word.kept:
            last = None
            continue
        lower = lowered[index]
        stop = lower in STOP_WORDS or index in in_phrase
        if index == 0 or word.after_punctuation or (len(lower) > 1 and not stop):
            _capitalise(units, word)
        last = word
    if last is not None and len(last.text) > 1:
        _capitalise(units, last)  # the last word, even a stop word
