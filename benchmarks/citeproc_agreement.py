"""Agreement with citeproc-js (Zotero's and Mendeley's CSL processor), style by style.

Formats tests/fixtures/citations/oracle/document.md (every citation form, every item type a
clinician cites) with our formatter and with citeproc-js (tests/oracle, node), same items,
style and locale files, and counts the citations and reference-list entries that read the
same character for character (white space normalised; italics, bold, small capitals and
superscripts compared as tags). Prints a Markdown table (the README's) and, with
``--differences``, each difference.

Run::

    .venv/bin/python benchmarks/citeproc_agreement.py [--differences] [--lang en-GB]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.oracle.agreement import STYLES, compare  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--differences", action="store_true", help="print each difference")
    parser.add_argument("--lang", default="en-GB")
    arguments = parser.parse_args()
    rows = []
    for name, path in STYLES.items():
        agreement = compare(path, arguments.lang)
        rows.append((name, agreement))
        if arguments.differences:
            for what, ours, theirs in agreement.differences:
                print(f"{name}: {what}\n  ours:        {ours}\n  citeproc-js: {theirs}")
    print("| Style | Citations agreeing | Entries agreeing | Entry order |")
    print("|---|---|---|---|")
    for name, agreement in rows:
        cites, entries = agreement.agreeing("citation"), agreement.agreeing("entry ")
        order = "same" if agreement.agrees_on_order else "differs"
        print(
            f"| {name} | {cites}/{agreement.citations} ({100 * cites / agreement.citations:.0f} %)"
            f" | {entries}/{agreement.entries} ({100 * entries / agreement.entries:.0f} %)"
            f" | {order} |"
        )


if __name__ == "__main__":
    main()
