"""Measures the reference index behind the citation panel and the ``@`` completer on generated
1,000- and 10,000-entry libraries.

The libraries are deterministic CSL-JSON: one to eight authors with accents and particles,
corporate authors, edited books, undated works, titles with rich text, journals and DOIs. For
each size the table gives the median over several runs (in milliseconds) of building the index,
searching as the panel's search box would (1, 3 and 6 characters, two words), completing 1-4
character prefixes, sorting every key each way, and making the display row of every reference.
Targets: build < 150 ms, search < 10 ms, complete < 5 ms at 10,000 entries.

Run::

    .venv/bin/python benchmarks/citation_panel.py [--sizes 1000 10000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import make_library  # noqa: E402
from editor.core.citations.reference_index import ReferenceIndex  # noqa: E402

_SEARCHES = ("m", "mar", "ketami", "mar 2021", "müller dose")
_PREFIXES = ("s", "ok", "mül", "2021")


def milliseconds(action, repeat: int) -> float:
    """Median wall time of ``action`` over ``repeat`` runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def measure(entries: int, repeat: int) -> list[tuple[str, float, int | None]]:
    """(measure, milliseconds, results) rows for one library size."""
    library = make_library(entries)
    index = ReferenceIndex(library)
    keys = index.keys()
    rows: list[tuple[str, float, int | None]] = [
        ("build index", milliseconds(lambda: ReferenceIndex(library), repeat), len(index))
    ]
    for query in _SEARCHES:
        time_taken = milliseconds(lambda query=query: index.search(query), repeat)
        rows.append((f"search {query!r}", time_taken, len(index.search(query))))
    cited = keys[::10]
    rows.append(
        (
            f"search 'mar' within {len(cited):,} cited",
            milliseconds(lambda: index.search("mar", cited), repeat),
            len(index.search("mar", cited)),
        )
    )
    for prefix in _PREFIXES:
        time_taken = milliseconds(lambda prefix=prefix: index.complete(prefix), repeat)
        rows.append((f"complete {prefix!r}", time_taken, len(index.complete(prefix))))
    recent = {key: float(number) for number, key in enumerate(keys[::50])}
    for by in ("author", "year", "recent"):
        time_taken = milliseconds(lambda by=by: index.sorted_keys(keys, by, recent), repeat)
        rows.append((f"sort all by {by}", time_taken, None))

    def rows_cold() -> None:
        fresh = ReferenceIndex(library)
        started = time.perf_counter()
        for key in keys:
            fresh.row(key)
        made.append(time.perf_counter() - started)

    made: list[float] = []
    for _ in range(repeat):
        rows_cold()
    rows.append((f"row() x {len(keys):,}, first time", statistics.median(made) * 1000, None))
    shown = keys[:40]
    rows.append(
        (
            "row() x 40 (a screenful), again",
            milliseconds(lambda: [index.row(k) for k in shown], repeat),
            None,
        )
    )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--gui",
        type=int,
        metavar="ENTRIES",
        default=0,
        help="also time the real panel over a library of this many entries",
    )
    options = parser.parse_args()

    results = {size: measure(size, options.repeat) for size in options.sizes}
    names = [name for name, _, _ in results[options.sizes[0]]]
    width = max(len(name) for name in names)
    header = "".join(f"{f'{size:,} ms':>12}{'found':>8}" for size in options.sizes)
    print(f"{'measure':<{width}}{header}")
    for row_number, name in enumerate(names):
        cells = ""
        for size in options.sizes:
            _, value, found = results[size][row_number]
            cells += f"{value:>12.3f}{'' if found is None else f'{found:,}':>8}"
        print(f"{name:<{width}}{cells}")
    if options.gui:
        print()
        for name, value in panel_times(options.gui):
            print(f"{name:<{width}}{value:>12.1f}")
    return 0


def panel_times(entries: int) -> list[tuple[str, float]]:
    """The real window's panel over a generated library: opening, filtering, scrolling, and
    the longest the event loop waited while the library loaded."""
    import json
    import tempfile

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from editor.gui.app import create_application
    from editor.gui.main_window import MainWindow
    from editor.gui.settings import Settings

    app = create_application(sys.argv[:1])
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        library = make_library(entries)
        (base / "refs.json").write_text(json.dumps(list(library.values())), encoding="utf-8")
        keys = list(library)[:40]
        cites = " ".join(f"[@{key}]" for key in keys)
        (base / "doc.md").write_text(
            f"---\nbibliography: refs.json\n---\n\nText {cites}.\n", encoding="utf-8"
        )
        window = MainWindow(Settings.at_path(base / "s.ini"), personal_dictionary=base / "w.txt")
        window.resize(1400, 900)
        window.show()
        panel = window.citation_panel
        panel.show()
        ticks: list[float] = []
        probe = QTimer(interval=5)
        probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
        probe.start()
        started = time.perf_counter()
        window.open_path(base / "doc.md")
        while panel.model.rowCount() < entries:
            app.processEvents()
        rows.append(
            (
                f"panel: open with {entries:,} entries (load in a thread)",
                (time.perf_counter() - started) * 1000,
            )
        )
        probe.stop()
        gaps = [(b - a) * 1000 - 5 for a, b in zip(ticks, ticks[1:], strict=False)]
        rows.append(("panel: longest event-loop wait while opening", max(gaps, default=0.0)))
        for query in ("m", "mar", "mar 20"):
            started = time.perf_counter()
            panel.search.setText(query)
            panel.refilter()
            app.processEvents()
            rows.append(
                (f"panel: filter to '{query}' and repaint", (time.perf_counter() - started) * 1000)
            )
        panel.search.clear()
        panel.refilter()
        bar = panel.table.verticalScrollBar()
        started = time.perf_counter()
        for step in range(20):
            bar.setValue(bar.maximum() * step // 19)
            panel.table.viewport().repaint()
        rows.append(
            ("panel: scroll 20 screens (each repainted)", (time.perf_counter() - started) * 1000)
        )
        started = time.perf_counter()
        panel.select_keys([list(library)[500]])
        app.processEvents()
        rows.append(
            ("panel: select one and show it formatted", (time.perf_counter() - started) * 1000)
        )
        window.editor.document().setModified(False)
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents()
    return rows


if __name__ == "__main__":
    sys.exit(main())
