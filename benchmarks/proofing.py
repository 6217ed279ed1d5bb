"""Measures the whole proofing check (every rule) on the generated ~100,000-word article of
``benchmarks/spelling.py``: cold (new checker, empty caches) with and without spelling
suggestions, then warm (the caches kept, as the window's worker re-checks after typing), and
the time per rule of a cold check without suggestions (rules sharing the word list: the first
one pays for it). Times are CPU seconds.

Run::

    .venv/bin/python benchmarks/proofing.py [--words 100000] [--language en_GB] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from spelling import make_article  # noqa: E402

from editor.core.proofing.checker import Checker, default_rules  # noqa: E402
from editor.core.proofing.findings import ProofDocument  # noqa: E402
from editor.core.proofing.spelling import SpellChecker  # noqa: E402


def timed(action) -> tuple[float, object]:
    """CPU seconds of ``action()`` (this process's, so that other load on a shared machine
    counts less than it would in wall-clock time) and its result."""
    start = time.process_time()
    result = action()
    return time.process_time() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--language", default="en_GB")
    parser.add_argument("--profile", action="store_true", help="print the cold check's profile")
    options = parser.parse_args()
    text = make_article(options.words)
    print(f"{len(text.split()):,} words, {text.count(chr(10)):,} lines")
    for suggest in (True, False):
        checker = Checker(default_rules(SpellChecker(options.language), suggest))
        cold, found = timed(lambda checker=checker: checker.check(text, options.language))
        warm, _ = timed(lambda checker=checker: checker.check(text, options.language))
        kinds = Counter(item.kind for item in found)  # type: ignore[attr-defined]
        label = "with suggestions" if suggest else "without suggestions"
        print(f"whole check {label}: cold {cold:.2f} s, warm {warm:.2f} s; {dict(kinds)}")
    spelling = SpellChecker(options.language)
    document = ProofDocument(text, options.language)
    for rule in default_rules(spelling, suggest=False):
        seconds, _ = timed(lambda rule=rule: rule.check(document))
        print(f"  {rule.id:<15} {seconds:.3f} s")
    if options.profile:
        checker = Checker(default_rules(SpellChecker(options.language)))
        profile = cProfile.Profile()
        profile.runcall(checker.check, text, options.language)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
