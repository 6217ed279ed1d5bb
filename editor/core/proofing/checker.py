"""The proofing checker: runs the rules over a document and drops what the document's front
matter says to ignore (``proofing: {ignore: [rule-id], ignore-text: ["rule-id: text"]}``)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from editor.core.proofing.findings import Finding, ProofDocument, Rule
from editor.core.proofing.placeholders import PlaceholderRule
from editor.core.proofing.references import HandCitationsRule, KeyCitationsRule
from editor.core.proofing.review_rules import review_rules
from editor.core.proofing.spelling import NullSpellChecker, SpellChecker
from editor.core.proofing.text_rules import (
    AbbreviationRule,
    HyphenationRule,
    PunctuationRule,
    RangeRule,
    RepeatedWordRule,
    UnitSpacingRule,
)
from editor.core.proofing.word_rules import SpellingRule, VariantRule

log = logging.getLogger(__name__)


def default_rules(checker: SpellChecker | NullSpellChecker, suggest: bool = True) -> list[Rule]:
    """Every rule, in the order the list shows them, spelling first; ``suggest=False`` leaves
    misspellings without suggestions (much faster on a long document)."""
    variant = VariantRule(checker)
    return [
        SpellingRule(checker, variant, suggest),
        variant,
        KeyCitationsRule(),
        HandCitationsRule(),
        PlaceholderRule(),
        RepeatedWordRule(),
        HyphenationRule(),
        RangeRule(),
        UnitSpacingRule(),
        AbbreviationRule(),
        PunctuationRule(),
        *review_rules(),
    ]


def rule_catalogue() -> list[tuple[str, str]]:
    """(id, title) of every default rule, for the lists that let the writer choose them."""
    return [(rule.id, rule.title) for rule in default_rules(NullSpellChecker())]


def ignored(document: ProofDocument) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """The rules and the (rule id, text) pairs the front matter's ``proofing`` key ignores."""
    settings = document.metadata.extra.get("proofing")
    if not isinstance(settings, dict):
        return frozenset(), frozenset()
    rules = settings.get("ignore") or []
    texts = settings.get("ignore-text") or []
    rule_ids = frozenset(str(rule) for rule in (rules if isinstance(rules, list) else [rules]))
    pairs = set()
    for item in texts if isinstance(texts, list) else [texts]:
        kind, sep, text = str(item).partition(":")
        if sep:
            pairs.add((kind.strip(), text.strip()))
    return rule_ids, frozenset(pairs)


@dataclass(frozen=True)
class RuleChoice:
    """Rule ids to run (``only``; empty: those on by default) less those in ``without``."""

    only: frozenset[str] = frozenset()
    without: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, only: Iterable[str], without: Iterable[str]) -> RuleChoice:
        """From comma-separated lists, as the command line gives them."""

        def ids(values: Iterable[str]) -> frozenset[str]:
            return frozenset(part.strip() for value in values for part in value.split(","))

        return cls(ids(only) - {""}, ids(without) - {""})

    def enabled(self, rules: Sequence[Rule]) -> frozenset[str] | str:
        """The ids to run, or a message naming an unknown id and the known ones."""
        known = [rule.id for rule in rules]
        unknown = sorted((self.only | self.without) - set(known))
        if unknown:
            return f"unknown rule {', '.join(unknown)}; the rules are: {', '.join(known)}"
        wanted = self.only or {rule.id for rule in rules if rule.default_on}
        return frozenset(wanted - self.without)


class CheckStoppedError(Exception):
    """A check was stopped before it finished (its caller no longer wants the results)."""


class Checker:
    """Runs ``rules`` (each a ``Rule``: id, default on/off, ``check(document)``). Other
    features plug theirs in by passing them here."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)

    def rule_ids(self) -> list[str]:
        return [rule.id for rule in self.rules]

    def check(
        self,
        text: str,
        language: str | None = None,
        folder: Path | None = None,
        enabled: Collection[str] | None = None,
    ) -> list[Finding]:
        """Every finding of the enabled rules (default: those on by default), in document
        order; a rule that fails is logged and skipped, the others still report."""
        return self.check_document(ProofDocument(text, language, folder), enabled)

    def check_document(
        self,
        document: ProofDocument,
        enabled: Collection[str] | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> list[Finding]:
        """``check`` on a document the caller keeps, to ask the rules more about it after
        (what they shared in ``document.notes`` is not computed twice). ``stop`` is asked
        before each rule: once it says True, the check ends with ``CheckStoppedError`` (its
        results would be stale, and a check of a book takes seconds)."""
        off_rules, off_texts = ignored(document)
        found: list[Finding] = []
        for rule in self.rules:
            if stop is not None and stop():
                raise CheckStoppedError
            wanted = rule.default_on if enabled is None else rule.id in enabled
            if not wanted or rule.id in off_rules:
                continue
            try:
                results = rule.check(document)
            except Exception:
                log.exception("proofing rule %s failed", rule.id)
                continue
            found.extend(item for item in results if (item.kind, item.text) not in off_texts)
        found.sort(key=lambda item: (item.line, item.column, item.kind))
        return found
