"""Measures citation formatting (Cite Them Right Harvard) on a generated 1,000-entry library.

1. loading the style and locale (``CitationStyle``);
2. formatting a document of 50 citations of 30 works, cold: a new style, nothing cached;
3. the same document again (what re-rendering after a keystroke costs);
4. the document with one citation of a new work added;
5. ``format_entry`` for 20 works not cited yet, as a panel would show them, and again;
6. for reference, the whole 1,000-entry bibliography formatted once, cold.

Run::

    .venv/bin/python benchmarks/citations.py [--entries 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import make_library  # noqa: E402
from editor.core.citations.formatter import CitationFormatter, CitationStyle  # noqa: E402
from editor.core.citations.syntax import CitationItem, Cluster  # noqa: E402


def make_document(keys: list[str], citations: int = 50, works: int = 30) -> list[Cluster]:
    """``citations`` clusters citing ``works`` of ``keys``: pages, prefixes, pairs, narratives."""
    rng = random.Random(7)
    cited = keys[:works]
    clusters = []
    for index in range(citations):
        key = cited[index % works]
        if index % 5 == 0:
            clusters.append(Cluster((CitationItem(key),), narrative=True))
        elif index % 4 == 0:
            other = rng.choice(cited)
            clusters.append(Cluster((CitationItem(key, prefix="see"), CitationItem(other))))
        else:
            clusters.append(Cluster((CitationItem(key, locator=str(rng.randint(1, 300))),)))
    return clusters


def seconds(action, repeat: int = 1) -> float:
    """Median wall time of ``action`` over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()

    library = make_library(options.entries)
    keys = list(library)
    clusters = make_document(keys)

    load = seconds(CitationStyle, options.repeat)
    cold = seconds(lambda: CitationFormatter(library, CitationStyle()).format(clusters))
    style = CitationStyle()
    result = CitationFormatter(library, style).format(clusters)
    warm = seconds(lambda: CitationFormatter(library, style).format(clusters), options.repeat)
    added = [*clusters, Cluster((CitationItem(keys[40], locator="12"),))]
    one_more = seconds(lambda: CitationFormatter(library, style).format(added))
    panel_keys = keys[100:120]
    panel = CitationFormatter(library, style)
    entries_cold = seconds(lambda: [panel.format_entry(key) for key in panel_keys])
    entries_warm = seconds(lambda: [panel.format_entry(key) for key in panel_keys], options.repeat)
    everything = [Cluster((CitationItem(key),)) for key in keys]
    whole: list = []
    whole_cold = seconds(
        lambda: whole.append(CitationFormatter(library, CitationStyle()).format(everything))
    )

    suffixed = sum(bool(re.search(r"\d{4}[a-z]\b", text)) for text in result.clusters)
    print(
        f"Library: {len(library):,} entries; document: {len(clusters)} citations of "
        f"{len(result.bibliography)} works ({suffixed} with a year suffix); "
        f"whole list: {len(whole[0].bibliography):,} entries"
    )
    rows = [
        ("load style and locale", load * 1000),
        ("format 50 citations of 30 works, cold", cold * 1000),
        ("the same again (cached)", warm * 1000),
        ("with one citation of a new work added", one_more * 1000),
        ("format_entry x 20, not cited before", entries_cold * 1000),
        ("format_entry x 20, again", entries_warm * 1000),
        (f"whole {len(keys):,}-entry bibliography, cold", whole_cold * 1000),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"{'measure':<{width}}  {'ms':>10}")
    for name, value in rows:
        print(f"{name:<{width}}  {value:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
