"""Writes tests/fixtures/citations/oracle/known_differences.json: each remaining difference from
citeproc-js, per style, with its reason (kept from the file where already given). Run after a
fix and review the diff: a difference gone is progress, a new one is a regression to look at.

    PYTHONPATH=. .venv/bin/python -m tests.oracle.known
"""

from __future__ import annotations

import json
import re

from tests.oracle.agreement import FIXTURES, STYLES, compare

KNOWN = FIXTURES / "oracle" / "known_differences.json"

# Reasons for differences by what they look like; first match wins.
_REASONS = [
    (
        lambda what, ours, js: what.startswith("citation") and re.sub(r"</?i>", "", ours) == js,
        "judged right: citeproc-js's composite (narrative) mode drops the style's italics",
    ),
    (
        lambda what, ours, js: what.startswith("citation") and "see " in ours and "also " in ours,
        "judged right: prefixed cites kept where the author put them, as pandoc does",
    ),
    (
        lambda what, ours, js: "–(" in js,
        "judged right: citeproc-js puts the style's year affixes around a range's end year "
        "('100–(44) BC')",
    ),
    (
        lambda what, ours, js: what == "entry order",
        "ours to fix: the reference list's order (its sort keys are rendered from the style's "
        "macros: a difference in those shows here too)",
    ),
    (
        lambda what, ours, js: (
            sorted(re.split(r"; ", ours.strip("()"))) == sorted(re.split(r"; ", js.strip("()")))
        ),
        "ours to fix: the cites of a cluster in another order",
    ),
    (
        lambda what, ours, js: ours.lower() == js.lower(),
        "ours to fix: text-case (title case, capitalize-first on terms)",
    ),
]


def reason(what: str, ours: str, js: str) -> str:
    for test, text in _REASONS:
        if test(what, ours, js):
            return text
    return "ours to fix: not analysed yet"


def main() -> None:
    old = json.loads(KNOWN.read_text(encoding="utf-8")) if KNOWN.exists() else {}
    known = {}
    for name, path in STYLES.items():
        entries = {}
        for what, ours, js in compare(path).differences:
            given = old.get(name, {}).get(what, {}).get("reason")
            keep = given and not given.endswith("not analysed yet")
            entries[what] = {
                "reason": given if keep else reason(what, ours, js),
                "ours": ours,
                "citeproc-js": js,
            }
        known[name] = entries
    KNOWN.write_text(json.dumps(known, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
