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

from editor.core.citation_syntax import CitationItem, Cluster  # noqa: E402
from editor.core.citations import CitationFormatter, CitationStyle  # noqa: E402

_FAMILIES = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Wright Robinson Thompson "
    "Evans Walker White Roberts Green Hall Wood Jackson Clarke Khan Nguyen Müller García "
    "O'Connor Ødegaard Kim Lee Chen"
).split()
_GIVEN = "Anna James Ji-hoon Mary Thi Mai Ravi Siobhan Peter Sara Luis Emily Owen Carys".split()
_WORDS = (
    "nursing care patient outcomes depression ketamine safety staffing pressure ulcer falls "
    "sleep intensive discharge community mental health older adults evidence trial review"
).split()


def make_library(entries: int = 1000, seed: int = 2026) -> dict[str, dict]:
    """A deterministic CSL-JSON library: articles, books, chapters, reports and web pages,
    one to six authors, some same-author same-year pairs, DOIs and URLs."""
    rng = random.Random(seed)
    library: dict[str, dict] = {}
    for index in range(entries):
        kind = rng.choices(
            ["article-journal", "book", "chapter", "report", "webpage"], [6, 2, 1, 1, 1]
        )[0]
        authors = [
            {"family": rng.choice(_FAMILIES), "given": rng.choice(_GIVEN)}
            for _ in range(rng.choice([1, 1, 2, 2, 3, 4, 6]))
        ]
        year = rng.randint(1995, 2024)
        if index % 6 == 5:  # the previous work's authors again, same year: "2019a", "2019b"
            previous = library[next(reversed(library))]
            authors, year = previous["author"], previous["issued"]["date-parts"][0][0]
        key = f"{authors[0]['family'].lower()}{year}-{index}"
        title = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(4, 9))).capitalize()
        item: dict = {"id": key, "type": kind, "author": authors, "title": title}
        if rng.random() > 0.05 or index % 6 == 4:
            item["issued"] = {"date-parts": [[year, rng.randint(1, 12)]]}
        if kind == "article-journal":
            first = rng.randint(1, 900)
            item |= {
                "container-title": f"Journal of {rng.choice(_WORDS).capitalize()} Studies",
                "volume": str(rng.randint(1, 90)),
                "issue": str(rng.randint(1, 12)),
                "page": f"{first}-{first + rng.randint(5, 20)}",
            }
            if rng.random() < 0.6:
                item["DOI"] = f"10.{rng.randint(1000, 9999)}/x{index}"
        elif kind in ("book", "report"):
            item |= {"publisher": "Sage", "publisher-place": "London"}
        elif kind == "chapter":
            item |= {
                "container-title": "The handbook of " + rng.choice(_WORDS),
                "editor": [{"family": rng.choice(_FAMILIES), "given": rng.choice(_GIVEN)}],
                "publisher": "Oxford University Press",
                "publisher-place": "Oxford",
                "page": "10-30",
            }
        else:
            item |= {
                "URL": f"https://example.org/page/{index}",
                "accessed": {"date-parts": [[2024, 2, 3]]},
            }
        library[key] = item
    return library


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
