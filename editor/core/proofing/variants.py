"""British and American spellings: the regular ways one becomes the other (colour/color,
anaesthetic/anesthetic, centre/center, organise/organize), used to suggest the document's
variant and to tell a variant spelling from a word one dictionary merely lacks."""

from __future__ import annotations

import re

# (British, American) pieces, each tried on its own at each place it occurs.
_PAIRS = (
    ("our", "or"),
    ("tre", "ter"),
    ("bre", "ber"),
    ("ae", "e"),
    ("oe", "e"),
    ("ise", "ize"),
    ("isa", "iza"),
    ("yse", "yze"),
    ("ys", "yz"),
    ("ll", "l"),
    ("ence", "ense"),
    ("ogue", "og"),
    ("mme", "m"),
    ("eable", "able"),
    ("dgement", "dgment"),
)
_PIECE = {
    to_british: [
        (re.compile(re.escape(us if to_british else gb)), gb if to_british else us)
        for gb, us in _PAIRS
    ]
    for to_british in (True, False)
}

# Verbs that end in -ise in every variant: never "-ize" (advise, exercise, surprise …).
ALWAYS_ISE = frozenset(
    """advertise advise apprise arise chastise circumcise comprise compromise demise despise
    devise disguise enfranchise enterprise excise exercise franchise improvise incise merchandise
    premise promise reprise revise rise supervise surmise surprise televise treatise wise
    """.split()
)
_ISE_IZE = re.compile(r"^(?P<stem>[a-z]{3,})(?P<s>is|iz)(?P<tail>e|es|ed|er|ers|ing|ation|ations)$")


def counterparts(word: str, to_british: bool) -> list[str]:
    """Spellings of ``word`` in the other variant (``to_british``: its British ones), most
    likely first; they still need a dictionary's yes."""
    lower = word.lower()
    found: list[str] = []
    for pattern, replacement in _PIECE[to_british]:
        for match in pattern.finditer(lower):
            candidate = lower[: match.start()] + replacement + lower[match.end() :]
            if candidate not in found:
                found.append(candidate)
    return [_same_case(candidate, word) for candidate in found if candidate != lower]


def ise_ize(word: str) -> tuple[str, str] | None:
    """(stem key, "ise" or "ize") for a word of the -ise/-ize choice (organised, randomizing),
    ``None`` for other words and for those that are -ise in every variant (advised)."""
    match = _ISE_IZE.match(word.lower())
    if match is None:
        return None
    stem = match.group("stem")
    if f"{stem}ise" in ALWAYS_ISE or stem.endswith(("w", "pr", "s", "ct")):
        return None  # wise, prise, size-like stems; "practise" is a noun/verb pair, not -ize
    return f"{stem}\0{match.group('tail')}", match.group("s") + "e"


def with_ending(word: str, ending: str) -> str:
    """``word`` (an -ise/-ize word) spelt with ``ending`` ("ise" or "ize")."""
    match = _ISE_IZE.match(word.lower())
    if match is None:
        return word
    letter = "s" if ending == "ise" else "z"
    at = match.start("s") + 1
    return word[:at] + (letter.upper() if word[at].isupper() else letter) + word[at + 1 :]


def _same_case(candidate: str, model: str) -> str:
    if model.isupper():
        return candidate.upper()
    if model[:1].isupper():
        return candidate[:1].upper() + candidate[1:]
    return candidate
