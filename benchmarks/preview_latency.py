"""Measures how quickly the live preview follows typing, as a user sees it: the sample
article and a generated 100,000-word book (the en_GB dictionary's words, 7 citations per 1,000
words over a 1,000-entry BibTeX library), each opened in the real application, in a real X
window (its own Xvfb, Qt's xcb platform), with keys typed by xdotool from this process.

Per document:

1. the first preview: from starting the application until the DOM shows the document;
2. keystroke → preview DOM, one key at a time: a key sent, until the DOM shows it, a pause;
3. typing at a typist's 8 keys a second: keystroke → DOM for every key, how late the GUI
   thread's 5 ms heartbeat came (its stalls) from the first key until caught up, and the CPU
   time a key cost the GUI, render and web processes (which the machine's load hardly
   changes, unlike the times).

The window is watched through its opt-in trace (``ARTICLE_EDITOR_TRACE``) and nothing
inside it, like ``scale.py``, which measures the same at 500,000 and 1,000,000 words.

Run::

    .venv/bin/python benchmarks/preview_latency.py [--quick] [--display :99]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.live_window import (  # noqa: E402
    LiveEditor,
    XServer,
    load_average,
    one_key_at_a_time,
    paragraph_line,
    percentile,
    stop_cleanly_on_terminate,
    typing_run,
    words_to_type,
)
from benchmarks.synthetic import make_document, write_library  # noqa: E402
from editor.core.textstats import count_words  # noqa: E402

SAMPLE = ROOT / "resources" / "sample" / "article.md"
TYPIST_RATE = 8.0  # keys a second


def measure(document: Path, display: str, folder: Path, keys: int, seconds: float) -> dict:
    """Open ``document``, type ``keys`` keys one at a time and ``seconds`` of typing."""
    text = document.read_text(encoding="utf-8")
    editor = LiveEditor(document, display, folder)
    try:
        first, _settled, _idle = editor.open_times()
        editor.focus()
        editor.go_to_line(paragraph_line(text, 0.5))
        editor.quiet(1.0, 120)
        single = one_key_at_a_time(editor, words_to_type(keys, seed=1))
        typing = typing_run(editor, words_to_type(round(TYPIST_RATE * seconds), seed=2), 8.0)
    finally:
        editor.stop()
    return {
        "words": count_words(text),
        "first": first,
        "single": single,
        "typing": typing.latencies,
        "stalls": typing.stalls,
        "cpu": typing.cpu_per_key,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer keys, shorter typing")
    parser.add_argument("--words", type=int, default=100_000, help="the book's length")
    parser.add_argument("--display", help="the Xvfb display to start, e.g. :99")
    parser.add_argument("--keep", type=Path, help="keep the book, traces and logs here")
    options = parser.parse_args()
    keys, seconds = (10, 4.0) if options.quick else (30, 10.0)

    load = load_average()
    stop_cleanly_on_terminate()
    server = XServer(options.display)
    rows = []
    try:
        with tempfile.TemporaryDirectory(prefix="ae-latency-") as tmp:
            folder = options.keep or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            library_keys, files = write_library(folder, 1_000)
            book = folder / "book.md"
            book.write_text(
                make_document(options.words, library_keys, files["bib"].name), encoding="utf-8"
            )
            for name, path in (("sample", SAMPLE), ("book", book)):
                row = measure(path, server.display, folder / f"run-{name}", keys, seconds)
                rows.append((name, row))
    finally:
        server.stop()

    print(
        f"\nlatency (ms) from a key sent by xdotool until the preview's DOM shows it; stalls: "
        f"how late a 5 ms GUI-thread timer came while typing {TYPIST_RATE:g} keys/s for "
        f"{seconds:g} s (load average {load:.1f} at the start, {load_average():.1f} at the end)"
    )
    header = (
        f"{'document':<8} {'words':>7} {'first':>7} {'one key med / p90 / max':>25} "
        f"{'typing med / p95 / max':>25} {'stall p99 / max':>17} "
        f"{'CPU ms/key GUI thread/GUI/render/web':>37}"
    )
    print(header)
    print("-" * len(header))
    for name, row in rows:
        single, typing, stalls = row["single"], row["typing"], row["stalls"] or [0.0]
        one_key = f"{statistics.median(single):.1f} / {percentile(single, 0.9):.1f} / " + (
            f"{max(single):.1f}"
        )
        typed = f"{statistics.median(typing):.1f} / {percentile(typing, 0.95):.1f} / " + (
            f"{max(typing):.1f}"
        )
        stall = f"{percentile(stalls, 0.99):.1f} / {max(stalls):.1f}"
        cpu = row["cpu"]
        used = f"{cpu.gui_thread:.1f} / {cpu.gui:.1f} / {cpu.render:.1f} / {cpu.web:.1f}"
        print(
            f"{name:<8} {row['words']:>7,} {row['first']:>6.1f}s {one_key:>25} {typed:>25} "
            f"{stall:>17} {used:>37}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
