"""Measures ``article-editor export`` to HTML, PDF and DOCX against pandoc, on the sample
article and a generated ~100,000-word book, and to HTML on a generated ~100,000-word document
with citations (``synthetic.make_document``: 7 citations per 1,000 words, about 700, of a
1,000-entry BibTeX library written by ``synthetic.write_library``).

Each number is the wall time of the whole command, as a user runs it (a fresh process:
interpreter start, rendering, citations, and for PDF starting Qt and Chromium offscreen),
the best of ``--runs``. Pandoc runs on the same input (``pandoc IN.md --citeproc -s -o
OUT.html``), and pandoc 3 (the one DOCX export uses) straight from markdown to DOCX with
``--citeproc``; pandoc's PDF needs LaTeX, which is not installed, so it is not timed.

Run::

    .venv/bin/python benchmarks/export.py [--runs 3] [--words 100000] [--html-only]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import make_book, make_document, write_library  # noqa: E402
from editor.core.pandoc_tool import find_pandoc  # noqa: E402

SAMPLE = ROOT / "resources" / "sample" / "article.md"


def best_time(command: list[str], runs: int, env: dict[str, str], cwd: Path = ROOT) -> float:
    """The fastest of ``runs`` runs of ``command``, in seconds; fails loudly on an error."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
    return min(times)


def pages(pdf: Path) -> str:
    if not shutil.which("pdfinfo"):
        return "?"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--html-only", action="store_true", help="time HTML alone (no PDF or DOCX)")
    options = parser.parse_args()
    # As a user without a screen: the command must bring up offscreen Qt itself.
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    pandoc = shutil.which("pandoc")
    editor = [sys.executable, "-m", "editor", "export"]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        # The book sits beside the sample so both resolve the same bibliography.
        book = SAMPLE.parent / f".benchmark-book-{os.getpid()}.md"
        book.write_text(make_book(options.words), encoding="utf-8")
        # The cited document beside its library, which its front matter names.
        keys, libraries = write_library(work, 1_000)
        cited = work / "cited.md"
        cited.write_text(
            make_document(options.words, keys, bibliography=libraries["bib"].name),
            encoding="utf-8",
        )
        citations = cited.read_text(encoding="utf-8").count("@")
        try:
            inputs = [
                ("sample article", SAMPLE, True),
                (f"{options.words:,}-word book", book, True),
                (f"{options.words:,} words, {citations} cites", cited, False),
            ]
            rows = []
            for label, source, every_format in inputs:
                html, pdf = work / "out.html", work / "out.pdf"
                row: dict = {
                    "input": label,
                    "html": best_time([*editor, str(source), "-o", str(html)], options.runs, env),
                }
                if every_format and not options.html_only:
                    row["pdf"] = best_time(
                        [*editor, str(source), "-o", str(pdf)], options.runs, env
                    )
                    row["pages"] = pages(pdf)
                    row["pdf_kb"] = pdf.stat().st_size // 1024
                    row["docx"] = best_time(
                        [*editor, str(source), "-o", str(work / "out.docx")], options.runs, env
                    )
                    row["pandoc_docx"] = best_time(
                        [str(find_pandoc()), str(source), "--citeproc", "-o", str(work / "p.docx")],
                        options.runs,
                        env,
                        cwd=source.parent,
                    )
                if pandoc:
                    command = [pandoc, str(source), "--citeproc", "-s", "-o", str(work / "p.html")]
                    # pandoc finds the bibliography relative to where it runs.
                    row["pandoc"] = best_time(command, options.runs, env, cwd=source.parent)
                rows.append(row)
        finally:
            book.unlink(missing_ok=True)
    print(f"Wall time of the whole command, best of {options.runs} (pandoc: HTML only, no LaTeX)")
    print(
        f"{'input':<26} {'AE → HTML':>10} {'pandoc → HTML':>14} {'AE/pandoc':>10} "
        f"{'AE → PDF':>10} {'pages':>6} {'PDF KiB':>8} {'AE → DOCX':>10} {'pandoc 3 → DOCX':>16}"
    )
    for row in rows:
        pandoc_time = f"{row['pandoc']:.2f} s" if "pandoc" in row else "n/a"
        ratio = f"{row['html'] / row['pandoc']:.2f}" if "pandoc" in row else "n/a"
        print(
            f"{row['input']:<26} {row['html']:>8.2f} s {pandoc_time:>14} {ratio:>10} "
            f"{_seconds(row, 'pdf'):>10} {row.get('pages', '–'):>6} {row.get('pdf_kb', '–'):>8} "
            f"{_seconds(row, 'docx'):>10} {_seconds(row, 'pandoc_docx'):>16}"
        )
    return 0


def _seconds(row: dict, name: str) -> str:
    return f"{row[name]:.2f} s" if name in row else "–"


if __name__ == "__main__":
    raise SystemExit(main())
