"""Measures loading a 1,000-entry bibliography in each format the editor reads.

The files are generated deterministically to look like real exports: a Better BibTeX .bib
(double-braced titles, accents, ``--`` page ranges, month macros, abstracts, DOIs), the same
references as Better CSL JSON, and as a Zotero RIS export. Each is loaded with
``load_bibliography`` several times; the table gives the fastest and the median run.

Run::

    .venv/bin/python benchmarks/bibliography.py [--entries 1000] [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import make_library, to_bibtex, to_ris  # noqa: E402
from editor.core.citations.bibliography import load_bibliography  # noqa: E402


def _time(path: Path, runs: int) -> tuple[float, float, int, int]:
    times = []
    library = None
    for _ in range(runs):
        start = time.perf_counter()
        library = load_bibliography(path)
        times.append(time.perf_counter() - start)
    assert library is not None
    return min(times), statistics.median(times), len(library.entries), len(library.problems)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    arguments = parser.parse_args()
    items = list(make_library(arguments.entries).values())
    with tempfile.TemporaryDirectory() as folder:
        files = {
            "BibTeX (.bib)": (Path(folder) / "library.bib", to_bibtex(items)),
            "CSL-JSON (.json)": (Path(folder) / "library.json", json.dumps(items, indent=2)),
            "RIS (.ris)": (Path(folder) / "library.ris", to_ris(items)),
        }
        print(f"Loading {arguments.entries} references, best and median of {arguments.runs} runs")
        print(
            f"{'format':<18} {'size':>9} {'entries':>8} {'problems':>9} {'best':>9} {'median':>9}"
        )
        for name, (path, text) in files.items():
            path.write_text(text, encoding="utf-8", newline="")
            best, median, entries, problems = _time(path, arguments.runs)
            size = f"{path.stat().st_size / 1024:.0f} KB"
            print(
                f"{name:<18} {size:>9} {entries:>8} {problems:>9} "
                f"{best * 1000:>7.0f}ms {median * 1000:>7.0f}ms"
            )


if __name__ == "__main__":
    main()
