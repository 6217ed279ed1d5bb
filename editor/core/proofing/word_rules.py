"""Rules about words: spelling (with the document's own reference list as known words) and
the other English variant's spellings, including a mixed -ise/-ize choice."""

from __future__ import annotations

from collections import defaultdict

from editor.core.proofing.findings import Finding, ProofDocument, finding
from editor.core.proofing.placeholders import placeholder_lines
from editor.core.proofing.references import known_words, reference_section
from editor.core.proofing.spelling import NullSpellChecker, SpellChecker
from editor.core.proofing.tokens import WordSpan, prose_words
from editor.core.proofing.variants import counterparts, ise_ize, with_ending

_VARIANT_NAMES = {"en_GB": "British", "en_US": "American"}


def document_word_spans(document: ProofDocument, skip_all_caps: bool) -> list[tuple[int, WordSpan]]:
    """The body's words to check, outside placeholder passages (lorem ipsum is one finding)."""

    def find() -> list[tuple[int, WordSpan]]:
        skipped = placeholder_lines(document)
        return [
            (number, span)
            for number, prose in enumerate(document.prose)
            if prose is not None and number not in skipped
            for span in prose_words(prose, skip_all_caps)
        ]

    return document.shared(f"words-{skip_all_caps}", find)  # type: ignore[return-value]


class VariantRule:
    """Words of the other English variant: *anesthetic* in British English (suggesting
    *anaesthetic*), and -ise and -ize both used for the same choice."""

    id = "variant"
    title = "British/American spelling"
    default_on = True

    def __init__(self, checker: SpellChecker | NullSpellChecker) -> None:
        self._checker = checker

    def variant_word(self, word: str) -> bool:
        """Whether ``word`` is wrong here, right in the other variant and has a spelling here
        (color and colour; not "Dep", which only the American list happens to hold)."""
        return bool(self._spellings_here(word))

    def _spellings_here(self, word: str) -> list[str]:
        checker = self._checker
        if (
            not isinstance(checker, SpellChecker)
            or checker.check(word)
            or not checker.other_variant_accepts(word)
        ):
            return []
        to_british = checker.language != "en_US"
        return [c for c in counterparts(word, to_british) if checker.check(c)]

    def check(self, document: ProofDocument) -> list[Finding]:
        checker = self._checker
        if not isinstance(checker, SpellChecker):
            return []
        here = _VARIANT_NAMES.get(checker.language, checker.language)
        found: list[Finding] = []
        choices: dict[str, list[tuple[int, WordSpan, str]]] = defaultdict(list)
        # Titles in the reference list are spelt as published.
        section = reference_section(document) or (0, 0)
        for number, span in document_word_spans(document, checker.skip_all_caps):
            if section[0] <= number < section[1]:
                continue
            suggestions = self._spellings_here(span.word)
            if suggestions:
                found.append(
                    finding(
                        number,
                        span.start,
                        span.end,
                        self.id,
                        f"“{span.word}” is not the {here} spelling",
                        span.word,
                        suggestions[:3],
                        suggestions[0] if len(suggestions) == 1 else None,
                    )
                )
                continue
            choice = ise_ize(span.word)
            if choice is not None:
                choices[choice[1]].append((number, span, choice[1]))
        if choices.get("ise") and choices.get("ize"):
            found.extend(self._mixed(choices, checker))
        return found

    def _mixed(
        self, choices: dict[str, list[tuple[int, WordSpan, str]]], checker: SpellChecker
    ) -> list[Finding]:
        usual = max(("ise", "ize"), key=lambda ending: len(choices[ending]))
        other = "ize" if usual == "ise" else "ise"
        found = []
        for number, span, _ending in choices[other]:
            replacement = with_ending(span.word, usual)
            if not checker.check(replacement):
                continue
            found.append(
                finding(
                    number,
                    span.start,
                    span.end,
                    self.id,
                    f"-{other} here, -{usual} elsewhere ({len(choices[usual])}×)",
                    span.word,
                    [replacement],
                    replacement,
                )
            )
        return found


class SpellingRule:
    """Misspelt words; the words of the document's own reference list and citations (cited
    surnames, journal names) count as known, and the other variant's are left to ``variant``."""

    id = "spelling"
    title = "Spelling"
    default_on = True

    def __init__(
        self,
        checker: SpellChecker | NullSpellChecker,
        variant: VariantRule | None = None,
        suggest: bool = True,
    ) -> None:
        self._checker = checker
        self._variant = variant
        # Suggestions are most of a big document's check: a caller that shows none skips them.
        self._suggest = suggest

    def accepted_words(self, document: ProofDocument) -> frozenset[str]:
        """Words the dictionary rejects that this rule accepts in ``document``: its reference
        list's and citations' words, and the body's other-variant spellings (``variant``
        reports those). The editor's wavy underline skips them too, so the two agree."""

        def find() -> frozenset[str]:
            checker = self._checker
            accepted = {word for word in known_words(document) if not checker.check(word)}
            if self._variant is not None:
                for _number, span in document_word_spans(document, checker.skip_all_caps):
                    word = span.word
                    if word not in accepted and not checker.check(word):
                        if self._variant.variant_word(word):
                            accepted.add(word)
            return frozenset(accepted)

        return document.shared("spelling-accepted", find)  # type: ignore[return-value]

    def check(self, document: ProofDocument) -> list[Finding]:
        checker = self._checker
        accepted = self.accepted_words(document)
        found = []
        for number, span in document_word_spans(document, checker.skip_all_caps):
            word = span.word
            if checker.check(word) or word in accepted:
                continue
            found.append(
                finding(
                    number,
                    span.start,
                    span.end,
                    self.id,
                    f"“{word}” is not in the {checker.language} dictionary",
                    word,
                    checker.suggest(word) if self._suggest else (),
                )
            )
        return found
