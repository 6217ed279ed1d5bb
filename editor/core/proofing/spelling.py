"""Spell-checking with enchant's dictionaries plus a personal word list, words ignored for the
session and an optional medical word list, filtered through the document's English variant.
Qt-free: used by the highlighter, the proofing rules and the command line.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from editor.core.fileio import FileError
from editor.core.proofing.tokens import document_words
from editor.core.proofing.variants import counterparts

DEFAULT_LANGUAGE = "en_GB"
# Hunspell first: Debian's enchant.ordering prefers aspell for English, whose en_GB list rejects
# accented words (naïve, café) and clinical terms (ketamine, titration) that hunspell-en-gb has.
_PROVIDERS = "hunspell,nuspell,aspell"
_MEDICAL_LISTS = (
    Path("/usr/share/hunspell/en_med_glut.dic"),
    Path("/usr/share/myspell/dicts/en_med_glut.dic"),
)
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})


def other_variant(language: str) -> str | None:
    """The English whose spellings a document in ``language`` should not use: American for
    British English and its relatives (en_AU, en_NZ, …), British for American; ``None`` for
    other languages and for Canadian English, which mixes both."""
    if language == "en_US":
        return "en_GB"
    if language.startswith("en_") and language != "en_CA":
        return "en_US"
    return None


class SpellingUnavailable(Exception):  # noqa: N818 (the name the GUI is written against)
    """No dictionary for the language, or no enchant; the message names what is available."""


@dataclass(frozen=True)
class Misspelling:
    """A word not in the dictionaries; ``line`` and ``column`` are 1-based, in code points."""

    line: int
    column: int
    word: str
    suggestions: list[str]


def available_languages() -> list[str]:
    """Languages enchant has a dictionary for, e.g. ``['en', 'en_GB', 'en_US']``; ``[]`` without
    enchant."""
    enchant = _enchant()
    if enchant is None:
        return []
    try:
        return sorted(enchant.list_languages())
    except enchant.errors.Error:
        return []


def normalise_language(tag: str) -> str:
    """A language tag as enchant names dictionaries: ``en-GB``, ``en_gb``, ``en_GB.UTF-8`` and
    ``en-GB-oxendict`` all give ``en_GB``; ``en`` stays ``en``."""
    parts = [part for part in re.split(r"[-_]", tag.strip().split(".")[0].split("@")[0]) if part]
    if not parts:
        return ""
    region = next((part for part in parts[1:] if _is_region(part)), None)
    return f"{parts[0].lower()}_{region.upper()}" if region else parts[0].lower()


def match_language(tag: str, available: list[str]) -> str | None:
    """The installed dictionary for language ``tag``: an exact match, else one of the same
    language (en_NZ gives en_GB). A bare ``en`` means British English here, not enchant's
    American ``en``. ``None`` when no dictionary of that language is installed."""
    tag = normalise_language(tag) if tag else ""
    if not tag:
        return None
    language = tag.split("_")[0]
    if (
        tag == language
        and DEFAULT_LANGUAGE.startswith(f"{language}_")
        and (DEFAULT_LANGUAGE in available)
    ):
        return DEFAULT_LANGUAGE
    if tag in available:
        return tag
    relatives = [name for name in available if name.split("_")[0] == language]
    for favourite in (DEFAULT_LANGUAGE, language):
        if favourite in relatives:
            return favourite
    return relatives[0] if relatives else None


@dataclass(frozen=True)
class LanguageChoice:
    """The dictionary chosen for a document, and the languages asked for that had none."""

    language: str | None
    missing: tuple[str, ...] = ()


def choose_language(
    asked: Sequence[str | None], system_locale: str | None, available: list[str]
) -> LanguageChoice:
    """The one rule for a document's spelling language: the first of ``asked`` (in order of
    precedence: the language chosen for this document, its front matter's ``lang``, the
    user's preference; the command line's ``--lang`` first of all) that has a dictionary,
    else the system locale's, else British English; each matched as ``match_language``
    does. ``language`` is ``None`` when no dictionary is installed; ``missing`` lists what
    was asked for in vain, for a message."""
    missing: list[str] = []
    for candidate in asked:
        if candidate:
            matched = match_language(candidate, available)
            if matched is not None:
                return LanguageChoice(matched, tuple(missing))
            missing.append(candidate)
    for candidate in (system_locale, DEFAULT_LANGUAGE):
        if candidate:
            matched = match_language(candidate, available)
            if matched is not None:
                return LanguageChoice(matched, tuple(missing))
    return LanguageChoice(None, tuple(missing))


def system_locale(environ: Mapping[str, str] | None = None) -> str | None:
    """The user's locale as the environment gives it (``en_GB.UTF-8``), or ``None``."""
    variables = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if variables.get(name):
            return variables[name]
    return None


def personal_dictionary_path() -> Path:
    """Where the user's own words are kept, one per line."""
    data_home = os.environ.get("XDG_DATA_HOME", "")
    base = Path(data_home) if os.path.isabs(data_home) else Path.home() / ".local" / "share"
    return base / "article-editor" / "personal-dictionary.txt"


def medical_word_list_path() -> Path | None:
    """The medical word list of the hunspell-en-med package, if installed."""
    return next((path for path in _MEDICAL_LISTS if path.is_file()), None)


def read_medical_words(path: Path) -> frozenset[str]:
    """Words of a hunspell-en-med list. It ships without an .aff file, so it is read as a plain
    list: the count and the indented header are skipped, ``/FLAGS`` dropped, and words flagged
    S also accepted in the plural (en_US.aff's S rule, for which the list was written)."""
    words: set[str] = set()
    lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    for line in lines[1:]:
        if not line.strip() or line[0].isspace():
            continue
        word, _, flags = line.strip().partition("/")
        word = word.translate(_APOSTROPHES)
        words.add(word)
        if "S" in flags:
            words.add(_plural(word))
    return frozenset(words)


class SpellChecker:
    """Checks words against one enchant dictionary plus the personal, ignored and medical lists.

    Results are cached per word. Safe to share between the GUI thread and one worker: enchant
    is only called under a lock.
    """

    def __init__(
        self,
        language: str,
        personal_path: Path | None = None,
        use_medical: bool = False,
        skip_all_caps: bool = True,
        *,
        medical_path: Path | None = None,
    ) -> None:
        """``personal_path`` None keeps added words for this session only; ``medical_path``
        None looks for hunspell-en-med's list."""
        enchant = _enchant()
        if enchant is None:
            raise SpellingUnavailable(
                "spell checking needs the enchant library (libenchant-2-2), which is not installed"
            )
        available = available_languages()
        tag = normalise_language(language)
        # Checked here, not by enchant: enchant quietly hands out "en" (American) for en_NZ.
        if tag not in available:
            raise SpellingUnavailable(
                f"no spelling dictionary for {language!r}; "
                f"available: {', '.join(available) or 'none'}"
            )
        broker = enchant.Broker()
        broker.set_ordering(tag, _PROVIDERS)
        try:
            self._dictionary = broker.request_dict(tag)
        except enchant.errors.Error as error:
            raise SpellingUnavailable(f"cannot open the {tag} dictionary: {error}") from None
        self._broker = broker
        self._other_language = other_variant(tag)
        self._other: Any = None  # the other variant's dictionary, opened when needed
        self._other_cache: dict[str, bool] = {}
        self._errors = (ValueError, enchant.errors.Error)
        self.language = tag
        self.skip_all_caps = skip_all_caps
        self._personal_path = personal_path
        self._personal = _read_personal_words(personal_path)
        self._ignored: set[str] = set()
        self._medical_path = medical_path or medical_word_list_path()
        self._medical: frozenset[str] | None = None
        self._use_medical = False
        self._cache: dict[str, bool] = {}
        self._suggestions: dict[str, list[str]] = {}
        self._lock = threading.Lock()
        self.set_medical(use_medical)

    @property
    def medical_available(self) -> bool:
        """Whether a medical word list is installed."""
        return self._medical_path is not None and self._medical_path.is_file()

    @property
    def use_medical(self) -> bool:
        """Whether the medical word list is in use."""
        return self._use_medical

    def set_medical(self, on: bool) -> None:
        """Use the medical word list or stop using it; a no-op when it is not installed."""
        if on and self._medical is None and self._medical_path is not None:
            if self._medical_path.is_file():
                self._medical = read_medical_words(self._medical_path)
        was_on, self._use_medical = self._use_medical, on and self._medical is not None
        if was_on and not self._use_medical:
            self._cache = {}
        elif self._use_medical and not was_on:
            self._forget_rejections()

    def check(self, word: str) -> bool:
        """Whether ``word`` is spelt right. ``’`` counts as ``'``; a possessive is right when
        its stem is; a capitalised word is right when its lowercase entry is."""
        known = self._cache.get(word)
        if known is None:
            known = self._cache[word] = self._judge(word)
        return known

    def other_variant_accepts(self, word: str) -> bool:
        """Whether the other English variant's dictionary (``other_variant``) has ``word``:
        *anemia* for a British checker. ``False`` when there is no such dictionary."""
        known = self._other_cache.get(word)
        if known is None:
            known = self._other_cache[word] = self._other_check(word.translate(_APOSTROPHES))
        return known

    def _other_check(self, plain: str) -> bool:
        if self._other_language is None or self._other_language not in available_languages():
            self._other_language = None
            return False
        with self._lock:
            try:
                if self._other is None:
                    self._broker.set_ordering(self._other_language, _PROVIDERS)
                    self._other = self._broker.request_dict(self._other_language)
                dictionary = self._other
                if dictionary.check(plain):
                    return True
                # Hunspell is case-sensitive for a capitalised word's lowercase entry only.
                return bool(plain[:1].isupper() and dictionary.check(plain.lower()))
            except self._errors:
                return False

    def suggest(self, word: str, limit: int = 8) -> list[str]:
        """Corrections for ``word``, best first, in the word's apostrophe style."""
        if limit <= 0 or not word.strip():
            return []
        found = self._suggestions.get(word)
        if found is None:
            with self._lock:
                try:
                    raw = self._dictionary.suggest(word.translate(_APOSTROPHES))
                except self._errors:
                    raw = []
            curly = "’" in word
            found = []
            for suggestion in raw:
                suggestion = suggestion.replace("'", "’") if curly else suggestion
                if suggestion != word and suggestion not in found:
                    found.append(suggestion)
            self._suggestions[word] = found
        return found[:limit]

    def add_to_personal(self, word: str) -> None:
        """Accept ``word`` from now on, and in later sessions when there is a personal file.

        Raises ``ValueError`` for text that is not one word and ``FileError`` when the file
        cannot be written.
        """
        plain = _plain_word(word)
        if plain not in self._personal and self._personal_path is not None:
            _append_word(self._personal_path, plain)
        self._personal.add(plain)
        self._forget_rejections()

    def ignore(self, word: str) -> None:
        """Accept ``word`` until ``clear_ignored`` (another document) or the checker is dropped."""
        self._ignored.add(_plain_word(word))
        self._forget_rejections()

    def clear_ignored(self) -> None:
        """Forget the ignored words: a new document starts with none."""
        if self._ignored:
            self._ignored.clear()
            self._cache = {}

    def misspellings(self, text: str) -> list[Misspelling]:
        """Every misspelt word of a markdown document, in order."""
        found = []
        for number, span in document_words(text, self.skip_all_caps):
            if not self.check(span.word):
                found.append(
                    Misspelling(number + 1, span.start + 1, span.word, self.suggest(span.word))
                )
        return found

    def _judge(self, word: str) -> bool:
        plain = word.translate(_APOSTROPHES)
        if not plain.strip():
            return True
        # Not the medical list: its American spellings are weighed below.
        if any(_listed(plain, words) for words in (self._personal, self._ignored)):
            return True
        with self._lock:
            try:
                # Some abbreviations are only listed with their full stop: "etc.", "cf.".
                if self._dictionary.check(plain) or self._dictionary.check(plain + "."):
                    return True
            except self._errors:
                return False
        # The medical list is American: outside American English, one of its words that the
        # American dictionary knows and this one does not (anemia, tumor, color in British
        # English) is an American spelling, not a medical term.
        if (
            self._use_medical
            and self._medical is not None
            and _listed(plain, self._medical)
            and not self._other_variant_spelling(plain)
        ):
            return True
        stem = _possessive_stem(plain)
        return stem is not None and self.check(stem)

    def _other_variant_spelling(self, plain: str) -> bool:
        """Whether a word this dictionary lacks is the other variant's spelling of one it has.
        The medical list is American, so in British English any word of it that the American
        dictionary knows counts; in American English only one with a counterpart here
        (anaesthetic, not ketamine, which British English's list merely has)."""
        if self._other_language is None or not self.other_variant_accepts(plain):
            return False
        if self.language != "en_US":
            return True
        return any(
            self._dictionary_has(candidate) for candidate in counterparts(plain, to_british=False)
        )

    def _dictionary_has(self, word: str) -> bool:
        with self._lock:
            try:
                return bool(self._dictionary.check(word))
            except self._errors:
                return False

    def _forget_rejections(self) -> None:
        """Drop cached rejections after words were accepted; what was right stays right."""
        self._cache = {word: right for word, right in self._cache.items() if right}


class NullSpellChecker:
    """Stands in for ``SpellChecker`` when checking is off or no dictionary is installed: every
    word is right and there are no suggestions, so the editor works the same without enchant."""

    language = ""
    medical_available = False
    use_medical = False

    def __init__(self, skip_all_caps: bool = True) -> None:
        self.skip_all_caps = skip_all_caps

    def check(self, word: str) -> bool:
        return True

    def suggest(self, word: str, limit: int = 8) -> list[str]:
        return []

    def add_to_personal(self, word: str) -> None:
        pass

    def ignore(self, word: str) -> None:
        pass

    def clear_ignored(self) -> None:
        pass

    def set_medical(self, on: bool) -> None:
        pass

    def misspellings(self, text: str) -> list[Misspelling]:
        return []


def _enchant() -> ModuleType | None:
    """pyenchant, or None when it or the enchant C library is missing."""
    try:
        import enchant
    except (ImportError, OSError):
        return None
    return enchant


def _is_region(part: str) -> bool:
    return (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit())


def _plural(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "h")):
        return word + "es"
    return word + "s"


def _listed(word: str, words: set[str] | frozenset[str]) -> bool:
    """Whether a word list holds ``word``: a lowercase entry also accepts it Capitalised or in
    capitals, as a dictionary does; a capitalised entry (a name) is not accepted in lowercase."""
    if word in words:
        return True
    if word[:1].isupper() and word[:1].lower() + word[1:] in words:
        return True
    return word.isupper() and (word.lower() in words or word.capitalize() in words)


def _possessive_stem(word: str) -> str | None:
    if len(word) > 2 and word.endswith("'s"):
        return word[:-2]
    if len(word) > 1 and word.endswith("'"):
        return word[:-1]
    return None


def _plain_word(word: str) -> str:
    plain = word.strip().translate(_APOSTROPHES)
    if not plain or any(char.isspace() for char in plain):
        raise ValueError(f"not one word: {word!r}")
    return plain


def _read_personal_words(path: Path | None) -> set[str]:
    if path is None:
        return set()
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()  # none yet, or unreadable: checking still works, adding will report it
    return {line.strip().translate(_APOSTROPHES) for line in text.split("\n") if line.strip()}


def _append_word(path: Path, word: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a+b") as stream:
            stream.seek(0, os.SEEK_END)
            separator = b""
            if stream.tell():
                stream.seek(-1, os.SEEK_END)
                separator = b"" if stream.read(1) == b"\n" else b"\n"
            stream.write(separator + word.encode("utf-8") + b"\n")
    except OSError as error:
        raise FileError(f"{path}: cannot write: {error.strerror or error}") from None
