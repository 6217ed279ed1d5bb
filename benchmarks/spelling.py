"""Measures spell-checking on a generated ~100,000-word markdown article.

Five numbers:

1. a full check, cold: a new ``SpellChecker`` (dictionary loaded) and ``misspellings`` on the
   whole document, suggestions included;
2. the same check warm: every word's verdict and suggestions cached;
3. a cold check without suggestions (what underlining needs; suggestions are asked per word);
4. finding the words alone (``document_words``), the part no cache helps;
5. re-checking one line after a keystroke: ``spell_spans`` and ``check`` on a typical 20-word
   line whose words are cached but for the one being typed;
6. with ``--gui``, the editor's background pass: opening the document in the real window,
   the time until every block is checked and the longest the event loop waited meanwhile.

Run::

    QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox \
        .venv/bin/python benchmarks/spelling.py [--words 100000] [--language en_GB] [--gui]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from editor.core.md_syntax import NORMAL  # noqa: E402
from editor.core.proofing.spelling import SpellChecker  # noqa: E402
from editor.core.proofing.tokens import document_words, spell_spans  # noqa: E402
from editor.core.textstats import count_words  # noqa: E402

HUNSPELL_GB = Path("/usr/share/hunspell/en_GB.dic")
_COMMON = (
    "the patient clinical evidence trial response dose session therapist treatment effect study "
    "review outcome we found that in a of and to with for on was were is are not but which "
    "this these their its over under after before between during depression ketamine colour "
    "behaviour organise anaesthetic randomised placebo control group significant modest "
    "careful structured practice service referral safety monitoring consent weeks relapse "
    "double-blind treatment-resistant don’t patients’ clinician’s"
).split()


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    """Common words first, then a deterministic sample of the British dictionary's words."""
    words = list(_COMMON)
    if HUNSPELL_GB.is_file():
        entries = HUNSPELL_GB.read_text(encoding="utf-8", errors="replace").split("\n")[1:]
        plain = sorted(
            {e.split("/")[0] for e in entries if e[:1].islower() and e.split("/")[0].isalpha()}
        )
        words += rng.sample(plain, min(size, len(plain)))
    return words


def misspell(word: str, rng: random.Random) -> str:
    """``word`` with two neighbouring letters swapped, or a letter doubled."""
    if len(word) < 4 or not word.isalpha():
        return word + word[-1]
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def make_article(words: int = 100_000, seed: int = 2026) -> str:
    """A deterministic article: front matter, headings, paragraphs with citations, code,
    links and footnotes, and about one misspelling in 400 words."""
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(vocab))]  # Zipf: few words, often

    def sentence() -> str:
        chosen = rng.choices(vocab, weights, k=rng.randint(10, 22))
        for index in range(len(chosen)):
            if rng.random() < 1 / 400:
                chosen[index] = misspell(chosen[index], rng)
        extra = rng.random()
        if extra < 0.10:
            chosen.append(f"[@author{rng.randint(1, 300)}]")
        elif extra < 0.15:
            chosen.insert(rng.randrange(len(chosen)), f"`code_{rng.randint(1, 99)}`")
        elif extra < 0.20:
            chosen.insert(rng.randrange(len(chosen)), "[a link](https://example.org/x)")
        elif extra < 0.23:
            chosen.insert(rng.randrange(len(chosen)), f"PHQ-{rng.randint(2, 9)}")
        text = " ".join(chosen)
        return text[:1].upper() + text[1:] + "."

    out = ['---\ntitle: "A generated article"\nauthor: Benchmark\nlang: en-GB\n---']
    total = paragraph = 0
    while total < words:
        chunk = []
        if paragraph % 12 == 0:
            chunk.append(f"## Section {paragraph // 12 + 1}: {rng.choice(vocab)} {{#s{paragraph}}}")
        text = " ".join(sentence() for _ in range(rng.randint(4, 7)))
        if rng.random() < 0.1:
            chunk += [text + f"[^n{paragraph}]", f"[^n{paragraph}]: {sentence()}"]
        else:
            chunk.append(text)
        if rng.random() < 0.03:
            chunk.append("```python\nvalue = compute(dose, weeks)\n```")
        out += chunk
        total += count_words("\n".join(chunk))
        paragraph += 1
    return "\n\n".join(out) + "\n"


def seconds(action, repeat: int = 1) -> float:
    """Median wall time of ``action`` over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def keystroke_cost(checker: SpellChecker, line: str, repeat: int = 2000) -> tuple[float, float]:
    """Seconds to re-check ``line`` when all its words are cached, and when the word being
    typed is new (a fresh dictionary look-up)."""

    def recheck(text: str) -> None:
        spans, _ = spell_spans(text, NORMAL, False, checker.skip_all_caps)
        for span in spans:
            checker.check(span.word)

    recheck(line)
    cached = seconds(lambda: recheck(line), repeat)
    fresh = []
    for index in range(repeat // 10):
        typed = f"{line} zorbal{chr(97 + index % 26)}{chr(97 + index // 26 % 26)}{index}q"
        typed = typed.replace(str(index), "")  # a word with a digit would be skipped
        fresh.append(seconds(lambda text=typed: recheck(text)))
    return cached, statistics.median(fresh)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--language", default="en_GB")
    parser.add_argument("--gui", action="store_true", help="also time the window's pass")
    options = parser.parse_args()

    text = make_article(options.words)
    started = time.perf_counter()
    checker = SpellChecker(options.language)
    load = time.perf_counter() - started
    found: list = []
    cold = seconds(lambda: found.extend(checker.misspellings(text)))
    warm = seconds(lambda: checker.misspellings(text), 3)
    fresh_checker = SpellChecker(options.language)
    verdicts = seconds(lambda: [fresh_checker.check(s.word) for _, s in document_words(text)])
    tokens = seconds(lambda: sum(1 for _ in document_words(text)), 3)
    checked = sum(1 for _ in document_words(text))
    distinct = len({span.word for _, span in document_words(text)})
    line = (
        "We found that careful monitoring of the patient’s response to ketamine, "
        "[@smith2020] after each session, was a modest but significant benefit."
    )
    cached, fresh = keystroke_cost(checker, line)

    print(
        f"Document: {count_words(text):,} words, {text.count(chr(10)):,} lines; "
        f"{checked:,} words checked ({distinct:,} distinct), {len(found)} misspellings; "
        f"dictionary {checker.language}"
    )
    rows = [
        ("load the dictionary", load * 1000),
        ("full check, cold (incl. suggestions)", cold * 1000),
        ("full check, warm (cached)", warm * 1000),
        ("check without suggestions, cold", verdicts * 1000),
        ("finding the words alone", tokens * 1000),
        ("one 20-word line, words cached", cached * 1000),
        ("one 20-word line, one new word", fresh * 1000),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"{'measure':<{width}}  {'ms':>10}")
    for name, value in rows:
        print(f"{name:<{width}}  {value:>10.3f}")
    if options.gui:
        total, open_ms, stall = background_pass(text, options.language)
        print(
            f"\nIn the window: opening took {open_ms:.0f} ms; every block was checked "
            f"{total:.0f} ms later; the longest event-loop wait meanwhile was {stall:.1f} ms"
        )
    return 0


def background_pass(text: str, language: str) -> tuple[float, float, float]:
    """Open ``text`` in the real window; return (ms until fully checked, ms to open, longest
    gap between 5 ms timer ticks while checking, less the 5 ms)."""
    import tempfile

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from editor.gui.app import create_application
    from editor.gui.main_window import MainWindow
    from editor.gui.settings import Settings

    app = create_application(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings.at_path(Path(folder) / "settings.ini")
        settings.set("spelling/language", language)
        window = MainWindow(settings, personal_dictionary=Path(folder) / "words.txt")
        window.resize(1400, 900)
        window.show()
        path = Path(folder) / "book.md"
        path.write_text(text, encoding="utf-8")
        ticks: list[float] = []
        probe = QTimer(interval=5)
        probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
        started = time.perf_counter()
        window.open_path(path)
        opened = time.perf_counter()
        probe.start()
        while window.spelling.checking:
            app.processEvents()
        finished = time.perf_counter()
        probe.stop()
        gaps = [(b - a) * 1000 - 5 for a, b in zip(ticks, ticks[1:], strict=False)]
        window.editor.document().setModified(False)
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents()
    return (finished - opened) * 1000, (opened - started) * 1000, max(gaps, default=0.0)


if __name__ == "__main__":
    sys.exit(main())
