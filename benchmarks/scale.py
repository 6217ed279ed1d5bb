"""Measures the editor at book length as a user meets it: documents of 100,000, 500,000 and
1,000,000 words and libraries of 10,000 and 100,000 entries, opened in the real application
(its own process, a real X window under Xvfb, Qt's xcb platform) and typed into with xdotool
from this process, in the middle and at the end of the document, at a typist's speed and at
a held key's.

Per document it reports: the first preview after opening (until the DOM first shows the
document, until the preview settles and until the editor goes idle); keystroke → preview DOM
latency (median / p95 / max, each key from the moment it was sent); GUI-thread stalls while
typing (how late each 5 ms heartbeat came: median / p99 / max, and how many were over 16, 100
and 200 ms) and how long keys waited to be received; the CPU time a key cost the GUI thread,
the GUI process, the render process and the web processes (which the machine's load hardly
changes, unlike the times); and the resident memory of the GUI process, the render process
and the web renderer (now and at its peak). Per library: opening a 100,000-word document that
cites it.

The documents and libraries come from ``synthetic.py`` (the en_GB dictionary's words at
Zipf's frequencies, headings, lists, tables, footnotes, 7 citations per 1,000 words); the
window is watched through its opt-in trace (``ARTICLE_EDITOR_TRACE``, see
``editor/gui/trace.py``) and ``/proc``, never from inside.

Run (a few minutes per size; ``--seconds 180`` types for the issue's three minutes)::

    .venv/bin/python benchmarks/scale.py --display :99 [--words 100k,500k,1M] \\
        [--seconds 30] [--rates 8,40] [--positions middle,end] [--libraries 10k,100k]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.live_window import (  # noqa: E402
    Cpu,
    EditorExitedError,
    LiveEditor,
    Memory,
    TypingResult,
    XServer,
    load_average,
    paragraph_line,
    stop_cleanly_on_terminate,
    typing_run,
    words_to_type,
)
from benchmarks.synthetic import make_document, write_library  # noqa: E402
from editor.core.citations.bibliography import MAX_BIBLIOGRAPHY_BYTES  # noqa: E402

DOCUMENT_LIBRARY = 1_000  # the documents cite a library of this size, as the did
LIBRARY_DOCUMENT_WORDS = 100_000  # the document opened to measure each library


def count(text: str) -> int:
    """``100k`` → 100000, ``1M`` → 1000000, ``2500`` → 2500."""
    text = text.strip().lower().replace(",", "").replace("_", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * scale)


def size(value: int) -> str:
    return f"{value // 1_000_000}M" if value % 1_000_000 == 0 else f"{value // 1_000}k"


@dataclass
class Opening:
    first: float  # s from launch until the DOM first showed the document
    settled: float  # s until the last patch before 2 s without one
    idle: float  # s until the editor's processes went quiet
    longest_stall: float  # ms, the GUI thread's longest wait from launch until idle
    memory: Memory
    cpu: Cpu  # s of CPU time from launch until idle


def open_document(editor: LiveEditor) -> Opening:
    first, settled, idle = editor.open_times()
    stalls = editor.trace.stalls(editor.launched, editor.launched + idle)
    longest = max(stalls, default=0.0)
    return Opening(first, settled, idle, longest, editor.memory(), editor.cpu())


def go_to(editor: LiveEditor, where: str, text: str) -> None:
    """Put the cursor in the middle (the end of a paragraph halfway through) or at the end
    (in a new paragraph after the last), with the keyboard, as a writer would."""
    if where == "middle":
        editor.go_to_line(paragraph_line(text, 0.5))
    else:
        editor.keys("ctrl+End", "Return")
    editor.quiet(1.0, 600)


def measure_document(
    folder: Path, display: str, words: int, keys: list[str], library: Path, options
) -> dict:
    document = folder / f"book-{size(words)}.md"
    text = make_document(words, keys, library.name)
    document.write_text(text, encoding="utf-8")
    print(f"\n{size(words)} words: {document.stat().st_size / 1e6:.1f} MB", flush=True)
    editor = LiveEditor(document, display, folder / f"run-{size(words)}", options.launcher)
    runs: list[dict] = []
    opening: Opening | None = None
    failure = ""
    step = "opening"
    try:
        opening = open_document(editor)
        print(f"  opened: {opening}", flush=True)
        editor.focus()
        for where in options.positions:
            step = f"going to the {where}"
            go_to(editor, where, text)
            for rate in options.rates:
                step = f"typing in the {where} at {rate:g} keys/s"
                typed = words_to_type(round(rate * options.seconds), seed=len(runs))
                result = typing_run(editor, typed, rate, timeout=options.timeout)
                print(f"  {where} at {rate:g} keys/s: {summary(result)}", flush=True)
                runs.append({"where": where, "rate": rate, **asdict(result)})
                editor.quiet(1.0, options.timeout)
        if options.screenshots:
            editor.screenshot(folder / f"screen-{size(words)}.png")
    except EditorExitedError as error:
        # Worth reporting, and no reason to lose the other sizes' measurements.
        failure = f"{error}, {step}"
        print(f"  {failure}", flush=True)
    finally:
        editor.stop()
    return {
        "words": words,
        "bytes": document.stat().st_size,
        "opening": asdict(opening) if opening is not None else None,
        "typing": runs,
        "failure": failure,
    }


def measure_library(folder: Path, display: str, entries: int, suffix: str, options) -> dict:
    keys, files = write_library(folder, entries)
    library = files[suffix]
    if library.stat().st_size > MAX_BIBLIOGRAPHY_BYTES:
        print(f"  warning: {library.name} is over the editor's 64 MB limit", flush=True)
    document = folder / f"cites-{size(entries)}-{suffix}.md"
    document.write_text(make_document(LIBRARY_DOCUMENT_WORDS, keys, library.name), "utf-8")
    editor = LiveEditor(document, display, folder / f"run-{document.stem}", options.launcher)
    opening: Opening | None = None
    failure = ""
    try:
        opening = open_document(editor)
    except EditorExitedError as error:
        failure = f"{error}, opening"
    finally:
        editor.stop()
    print(f"\nlibrary {library.name} ({library.stat().st_size / 1e6:.0f} MB): {opening or failure}")
    return {
        "entries": entries,
        "format": suffix,
        "bytes": library.stat().st_size,
        "opening": asdict(opening) if opening is not None else None,
        "failure": failure,
    }


def summary(result: TypingResult) -> str:
    median, p95, most = result.latency_summary()
    stall = result.stall_summary()
    return (
        f"{result.keys_sent} keys ({result.keys_received} received), latency {median:.0f} / "
        f"{p95:.0f} / {most:.0f} ms, stalls {stall[0]:.1f} / {stall[1]:.0f} / {stall[2]:.0f} "
        f"ms, over 16/100/200 ms: {stall[3]}/{stall[4]}/{stall[5]}, keys waited "
        f"{result.delay_summary()[0]:.0f} / {result.delay_summary()[1]:.0f} ms, CPU a key "
        f"{_cpu(asdict(result.cpu_per_key), '.1f')} ms, caught up after "
        f"{result.seconds:.1f} s"
    )


def _cpu(cpu: dict, spec: str) -> str:
    return " / ".join(f"{cpu[name]:{spec}}" for name in ("gui_thread", "gui", "render", "web"))


def _mb(pair: tuple[float, float]) -> str:
    return f"{pair[0]:,.0f} ({pair[1]:,.0f})"


def report(results: dict) -> str:
    """The results as the README's tables."""
    out = [
        f"{results['date']}, commit {results['commit']}, {results['cores']} cores, load "
        f"average {results['load_before']:.1f} before and {results['load_after']:.1f} after; "
        f"typing {results['seconds']:g} s per row",
        "",
        "| document | MB | first preview | settled | idle | longest stall opening | CPU s "
        "GUI thread / GUI / render / web until idle |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for document in results["documents"]:
        opening = document["opening"]
        if opening is None:
            continue
        out.append(
            f"| {document['words']:,} words | {document['bytes'] / 1e6:.1f} | "
            f"{opening['first']:.1f} s | {opening['settled']:.1f} s | {opening['idle']:.1f} s | "
            f"{opening['longest_stall']:,.0f} ms | {_cpu(opening['cpu'], '.1f')} |"
        )
    out += [
        "",
        "| document | where | keys/s | keystroke → DOM median / p95 / max | GUI stalls median "
        "/ p99 / max | stalls > 16 / 100 / 200 ms | keys waited median / max | CPU ms a key "
        "GUI thread / GUI / render / web | RSS MB GUI / render / web (peak) |",
        "|---|---|---:|---|---|---|---|---|---|",
    ]
    for document in results["documents"]:
        for run in document["typing"]:
            measured = {k: v for k, v in run.items() if k not in ("where", "rate")}
            result = TypingResult(
                **{
                    **measured,
                    "memory": Memory(**run["memory"]),
                    "cpu_per_key": Cpu(**run["cpu_per_key"]),
                }
            )
            median, p95, most = result.latency_summary()
            stall = result.stall_summary()
            memory = result.memory
            out.append(
                f"| {document['words']:,} | {run['where']} | {run['rate']:g} | "
                f"{median:,.0f} / {p95:,.0f} / {most:,.0f} ms | "
                f"{stall[0]:,.1f} / {stall[1]:,.0f} / {stall[2]:,.0f} ms | "
                f"{stall[3]:,} / {stall[4]:,} / {stall[5]:,} | "
                f"{result.delay_summary()[0]:,.0f} / {result.delay_summary()[1]:,.0f} ms | "
                f"{_cpu(run['cpu_per_key'], '.1f')} | "
                f"{_mb(memory.gui)} / "
                f"{_mb(memory.render)} / {_mb(memory.web)} |"
            )
    if results["libraries"]:
        out += [
            "",
            "| library | MB | first preview | settled | idle | longest stall | CPU s GUI thread "
            "/ GUI / render / web until idle | RSS MB GUI / render (peak) |",
            "|---|---:|---:|---:|---:|---:|---|---|",
        ]
        for library in results["libraries"]:
            opening = library["opening"]
            if opening is None:
                continue
            memory = opening["memory"]
            out.append(
                f"| {library['entries']:,} entries, {library['format']} | "
                f"{library['bytes'] / 1e6:.0f} | {opening['first']:.1f} s | "
                f"{opening['settled']:.1f} s | {opening['idle']:.1f} s | "
                f"{opening['longest_stall']:,.0f} ms | {_cpu(opening['cpu'], '.1f')} | "
                f"{_mb(memory['gui'])} / "
                f"{_mb(memory['render'])} |"
            )
    failures = [
        f"- {item.get('words', item.get('entries')):,}"
        f" {'words' if 'words' in item else 'entries'}: {item['failure']}"
        for item in results["documents"] + results["libraries"]
        if item.get("failure")
    ]
    if failures:
        out += ["", *failures]
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", default="100k,500k,1M", help="document sizes")
    parser.add_argument("--seconds", type=float, default=30, help="typing per row")
    parser.add_argument("--rates", default="8,40", help="keys a second: typist, held key")
    parser.add_argument("--positions", default="middle,end")
    parser.add_argument("--libraries", default="10k,100k", help="entries, or 'none'")
    parser.add_argument("--library-formats", default="bib,json")
    parser.add_argument("--display", help="the Xvfb display to start, e.g. :99")
    parser.add_argument("--app", help="the command to start, e.g. article-editor")
    parser.add_argument("--keep", type=Path, help="keep documents, traces and logs here")
    parser.add_argument("--json", type=Path, help="write the raw results here")
    parser.add_argument("--screenshots", action="store_true", help="the screen after typing")
    parser.add_argument("--timeout", type=float, default=900, help="s to wait for catching up")
    options = parser.parse_args()
    options.rates = [float(rate) for rate in options.rates.split(",")]
    options.positions = [where.strip() for where in options.positions.split(",")]
    options.launcher = options.app.split() if options.app else None
    sizes = [count(words) for words in options.words.split(",") if words.strip()]
    libraries = (
        []
        if options.libraries.strip().lower() == "none"
        else [count(entries) for entries in options.libraries.split(",")]
    )

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    results: dict = {
        "date": time.strftime("%Y-%m-%d"),
        "commit": commit,
        "cores": os.cpu_count(),
        "seconds": options.seconds,
        "load_before": load_average(),
        "documents": [],
        "libraries": [],
    }
    stop_cleanly_on_terminate()
    server = XServer(options.display)
    work = tempfile.TemporaryDirectory(prefix="ae-scale-") if options.keep is None else None
    folder = Path(work.name) if work is not None else options.keep
    folder.mkdir(parents=True, exist_ok=True)
    try:
        keys, files = write_library(folder, DOCUMENT_LIBRARY)
        for words in sizes:
            results["documents"].append(
                measure_document(folder, server.display, words, keys, files["bib"], options)
            )
        for entries in libraries:
            for suffix in options.library_formats.split(","):
                results["libraries"].append(
                    measure_library(folder, server.display, entries, suffix.strip(), options)
                )
    finally:
        server.stop()
        if work is not None:
            work.cleanup()
    results["load_after"] = load_average()
    if options.json is not None:
        options.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print("\n" + report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
