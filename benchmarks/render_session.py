"""Measures the render process's warm cost of a one-block edit (``handle(("edit", ...))``, as
the preview worker answers a keystroke, and pickling its reply) on generated documents of
2,000 to 1,000,000 words with headings, footnotes and a citation every 140 words or so over a
1,000-entry CSL-JSON library (Cite Them Right Harvard, the default style).

Each size: the session is reset once (timed: the open; with ``--visible`` also a reset that
renders the first 50 lines first, before ``complete``), then the same paragraph in the middle
is edited ``--edits`` times, one character each (typed, then deleted), and the median and
maximum (of all but the first two) are reported with the size of the pickled reply.

Run::

    .venv/bin/python benchmarks/render_session.py [--words 2000 100000 500000 1000000]
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import WORDS, make_library, sentence  # noqa: E402
from editor.core import render_process  # noqa: E402
from editor.core.text_edits import LineEdit  # noqa: E402


def make_book(words: int, keys: list[str], seed: int = 18) -> str:
    """A book of about ``words`` words: chapters and sections, paragraphs of 40-120 words, a
    citation every ~140 words (bracketed with pages, narrative, pairs), a footnote every
    ~2,000 words, a list now and then, and the reference list at the end."""
    rng = random.Random(seed)
    out = [
        "---",
        "title: A generated book",
        "author: Benchmark",
        "bibliography: library.json",
        "---",
        "",
    ]
    total = 0
    chapter = section = note = 0
    cited = keys[: max(1, min(len(keys), words // 300))]
    while total < words:
        if total // 10_000 >= chapter:
            chapter += 1
            out += [f"# Chapter {chapter}: {sentence(rng, 3)}", ""]
        if rng.random() < 0.08:
            section += 1
            out += [f"## {sentence(rng, rng.randint(2, 5))} {section}", ""]
        length = rng.randint(40, 120)
        pieces = sentence(rng, length).split(" ")
        for _ in range(max(0, round(length / 140 + rng.random() - 0.5))):
            key = rng.choice(cited)
            at = rng.randrange(len(pieces))
            style = rng.random()
            if style < 0.6:
                pieces[at] += f" [@{key}, p. {rng.randint(1, 300)}]"
            elif style < 0.85:
                pieces[at] = f"@{key} " + pieces[at]
            else:
                pieces[at] += f" [@{key}; @{rng.choice(cited)}]"
        if rng.random() < length / 2000:
            note += 1
            pieces[-1] += f"[^n{note}]"
        out += [" ".join(pieces) + ".", ""]
        if note and pieces[-1].endswith(f"[^n{note}]"):
            out += [f"[^n{note}]: {sentence(rng, rng.randint(8, 30))}.", ""]
        if rng.random() < 0.03:
            out += [f"- {sentence(rng, rng.randint(3, 10))}" for _ in range(rng.randint(2, 5))]
            out.append("")
        total += length
    out += ["# References", "", "::: {#refs}", ":::", ""]
    return "\n".join(out)


def measure(words: int, folder: Path, edits: int, shown_first: bool) -> dict[str, float]:
    library = make_library(1000)
    (folder / "library.json").write_text(json.dumps(list(library.values())), encoding="utf-8")
    text = make_book(words, list(library))
    lines = text.split("\n")
    visible = None
    if shown_first:
        # Opening with the first screenful visible, then the rest (a fresh process).
        render_process._renderer = render_process._session = None
        started = time.perf_counter()
        render_process.handle(("reset", (text, (0, 50)), folder, None))
        visible = time.perf_counter() - started
        render_process.handle(("complete", None, folder, None))
    render_process._renderer = render_process._session = None  # a fresh process, as it were
    started = time.perf_counter()
    render_process.handle(("reset", text, folder, None))
    opened = time.perf_counter() - started
    # The paragraph nearest the middle.
    middle = len(lines) // 2
    while not lines[middle][:1].isalpha() or lines[middle].startswith("#"):
        middle += 1
    line = lines[middle]
    costs, sizes = [], []
    for index in range(edits):
        changed = line + rng_letter(index) if index % 2 == 0 else line
        edit = LineEdit(middle, 1, (changed,), len(lines))
        started = time.perf_counter()
        reply = pickle.dumps(("ok", render_process.handle(("edit", [edit], folder, None))))
        costs.append(time.perf_counter() - started)
        sizes.append(len(reply))
    return {
        "words": len(text.split()),
        "citations": text.count("@"),
        "open_s": opened,
        "visible_s": visible if visible is not None else float("nan"),
        "median_ms": statistics.median(costs[2:]) * 1000,
        "max_ms": max(costs[2:]) * 1000,
        "reply_bytes": statistics.median(sizes),
    }


def rng_letter(index: int) -> str:
    return WORDS[index % len(WORDS)][0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, nargs="*", default=[2000, 100_000, 500_000, 1_000_000])
    parser.add_argument("--edits", type=int, default=22)
    parser.add_argument(
        "--visible", action="store_true", help="also time a reset that renders 50 lines first"
    )
    arguments = parser.parse_args()
    print(
        "| words | citations | open (reset) | visible first | one-block edit median / max | reply |"
    )
    print("|---:|---:|---:|---:|---|---:|")
    for words in arguments.words:
        with tempfile.TemporaryDirectory() as folder:
            result = measure(words, Path(folder), arguments.edits, arguments.visible)
        print(
            f"| {result['words']:,} | {result['citations']:,} | {result['open_s']:.2f} s | "
            f"{result['visible_s']:.2f} s | "
            f"{result['median_ms']:.2f} / {result['max_ms']:.2f} ms | "
            f"{result['reply_bytes']:,.0f} B |",
            flush=True,
        )


if __name__ == "__main__":
    main()
