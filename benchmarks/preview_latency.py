"""Measures how quickly the live preview follows typing, on the sample article and on a
generated ~100,000-word book.

Three numbers per document:

1. keystroke-to-preview latency: a real key press in the editor until the preview's DOM shows
   that revision (``PreviewView.patched``), one keystroke at a time;
2. GUI-thread stalls while typing continuously: gaps between the ticks of a 5 ms timer, minus
   5 ms, while a second timer types a key every 30 ms and until the preview has caught up;
3. render time alone, in this process: ``Renderer().render`` cold, then warm after one edit.

Run::

    QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox \\
        .venv/bin/python benchmarks/preview_latency.py [--quick]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from editor.core.render import Renderer  # noqa: E402
from editor.core.textstats import count_words  # noqa: E402
from editor.gui.app import create_application  # noqa: E402

SAMPLE = ROOT / "resources" / "sample" / "article.md"
TICK_MS = 5  # the stall probe's interval
TYPE_EVERY_MS = 30  # continuous typing: one key this often
TIMEOUT_S = 60.0

_WORDS = (
    "the patient clinical evidence trial response dose session therapist treatment effect study "
    "review outcome follow-up we found that in a of and to with for on was were is are not but "
    "which this these their its over under after before between during depression ketamine "
    "integration preparation measure scale sample cohort randomised placebo control group "
    "significant modest uncertain careful structured practice service referral safety "
    "monitoring consent early late weeks months relapse benefit"
).split()


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def make_book(words: int = 100_000, seed: int = 2026) -> str:
    """A deterministic markdown book of about ``words`` words: sections, paragraphs of
    80-120 words, lists, tables and footnotes."""
    rng = random.Random(seed)

    def sentence() -> str:
        chosen = rng.choices(_WORDS, k=rng.randint(8, 20))
        if rng.random() < 0.3:
            chosen[rng.randrange(len(chosen))] = f"*{rng.choice(_WORDS)}*"
        if rng.random() < 0.1:
            chosen[rng.randrange(len(chosen))] = f"[{rng.choice(_WORDS)}](https://example.org/)"
        return " ".join(chosen).capitalize() + "."

    out = ['---\ntitle: "A generated book"\nauthor: Benchmark\nlang: en\n---']
    paragraph = total = 0
    while total < words:
        chunk = []
        if paragraph % 15 == 0:
            level = "##" if paragraph % 45 == 0 else "###"
            chunk.append(f"{level} Section {paragraph // 15 + 1}: {rng.choice(_WORDS)} review")
        text, target = [], rng.randint(80, 120)
        while sum(len(s.split()) for s in text) < target:
            text.append(sentence())
        if rng.random() < 0.15:
            chunk += [" ".join(text) + f"[^n{paragraph}]", f"[^n{paragraph}]: {sentence()}"]
        else:
            chunk.append(" ".join(text))
        if rng.random() < 0.08:
            chunk.append("\n".join(f"- {sentence()}" for _ in range(rng.randint(3, 6))))
        if rng.random() < 0.03:
            rows = (
                f"| {rng.choice(_WORDS)} | {rng.randint(1, 99)} | {rng.choice(_WORDS)} |"
                for _ in range(rng.randint(3, 8))
            )
            chunk.append("| Item | Count | Note |\n|:--|--:|:--|\n" + "\n".join(rows))
        out += chunk
        total += count_words("\n".join(chunk))
        paragraph += 1
    return "\n\n".join(out) + "\n"


def middle_paragraph_line(text: str) -> int:
    """The 0-based line of a plain paragraph near the middle of ``text``."""
    lines = text.split("\n")
    for line in range(len(lines) // 2, len(lines)):
        if len(lines[line]) > 200 and lines[line][0].isalpha():
            return line
    raise ValueError("no paragraph in the second half of the document")


def render_times(text: str) -> tuple[float, float]:
    """Seconds for a cold render of ``text``, then a warm one after one character changed."""
    renderer = Renderer()
    start = time.perf_counter()
    renderer.render(text)
    cold = time.perf_counter() - start
    lines = text.split("\n")
    line = middle_paragraph_line(text)
    lines[line] = lines[line][:40] + "x" + lines[line][40:]
    edited, start = "\n".join(lines), time.perf_counter()
    renderer.render(edited)
    return cold, time.perf_counter() - start


class Bench:
    """One editor window on one document, and the measurements made through it."""

    def __init__(self, settings, path: Path) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        from editor.gui.main_window import MainWindow

        # Waiting runs a nested event loop rather than spinning processEvents(): a busy GUI
        # thread would take one of the machine's cores from the render and web processes.
        self._loop = QEventLoop()
        self._deadline = QTimer(singleShot=True)
        self._deadline.timeout.connect(self._loop.quit)
        self._until: Callable[[], bool] | None = None
        self.shown_revision = -1
        self.patched_at = 0.0  # perf_counter() when the last patch landed

        self.window = MainWindow(settings)
        self.window.preview.patched.connect(self._on_patched)
        self.window.resize(1400, 900)
        self.window.show()
        self.window.open_path(path)
        self.wait_for(self.caught_up)
        editor = self.window.editor
        cursor = editor.textCursor()
        line = middle_paragraph_line(editor.toPlainText())
        cursor.setPosition(editor.document().findBlockByNumber(line).position() + 40)
        editor.setTextCursor(cursor)
        editor.centerCursor()
        editor.setFocus()
        self.settle(0.5)

    def _on_patched(self, revision: int) -> None:
        self.patched_at = time.perf_counter()
        self.shown_revision = max(self.shown_revision, revision)
        if self._until is not None and self._until():
            self._loop.quit()

    def caught_up(self) -> bool:
        return self.shown_revision >= self.window.previews.revision

    def wait_for(self, condition: Callable[[], bool], timeout: float = TIMEOUT_S) -> None:
        """Run the event loop until a patch makes ``condition`` true."""
        if condition():
            return
        self._until = condition
        self._deadline.start(round(timeout * 1000))
        self._loop.exec()
        self._deadline.stop()
        self._until = None
        if not condition():
            raise TimeoutError("the preview did not catch up")

    def settle(self, seconds: float) -> None:
        """Run the event loop for ``seconds``."""
        self._deadline.start(round(seconds * 1000))
        self._loop.exec()

    def latency(self, keystrokes: int) -> list[float]:
        """Milliseconds from each key press to the DOM showing it."""
        from PySide6.QtTest import QTest

        times = []
        for _ in range(keystrokes):
            start = time.perf_counter()
            QTest.keyClick(self.window.editor, "x")
            target = self.window.previews.revision
            self.wait_for(lambda target=target: self.shown_revision >= target)
            times.append((self.patched_at - start) * 1000)
            self.settle(0.1)
        return times

    def stalls(self, seconds: float) -> list[float]:
        """Milliseconds each 5 ms tick came late while typing for ``seconds`` and catching up."""
        from PySide6.QtCore import Qt, QTimer
        from PySide6.QtTest import QTest

        ticks: list[float] = []
        probe = QTimer(interval=TICK_MS, timerType=Qt.TimerType.PreciseTimer)
        probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
        typist = QTimer(interval=TYPE_EVERY_MS, timerType=Qt.TimerType.PreciseTimer)
        typist.timeout.connect(lambda: QTest.keyClick(self.window.editor, "y"))
        probe.start()
        typist.start()
        self.settle(seconds)
        typist.stop()
        self.wait_for(self.caught_up)
        probe.stop()
        return [max(0.0, (b - a) * 1000 - TICK_MS) for a, b in zip(ticks, ticks[1:], strict=False)]

    def close(self) -> None:
        self.window.editor.document().setModified(False)
        self.window.close()
        self.settle(0.2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer keystrokes, shorter typing")
    args = parser.parse_args()
    keystrokes = {"sample": 10, "book": 5} if args.quick else {"sample": 30, "book": 15}
    typing_s = 1.5 if args.quick else 3.0

    app = create_application(sys.argv[:1])  # noqa: F841 - must live while windows do
    from editor.gui.settings import Settings

    rows = []
    with tempfile.TemporaryDirectory(prefix="ae-bench-") as tmp:
        settings = Settings.at_path(Path(tmp) / "settings.ini")
        book = Path(tmp) / "book.md"
        book.write_text(make_book(), encoding="utf-8")
        for name, path in (("sample", SAMPLE), ("book", book)):
            text = path.read_text(encoding="utf-8")
            cold, warm = render_times(text)
            bench = Bench(settings, path)
            latency = bench.latency(keystrokes[name])
            stalls = bench.stalls(typing_s)
            bench.close()
            rows.append((name, count_words(text), latency, stalls, cold, warm))

    print(
        f"\nkeystroke-to-preview latency and GUI stalls (ms); typing every {TYPE_EVERY_MS} ms "
        f"for {typing_s:g} s, probe every {TICK_MS} ms"
    )
    header = (
        f"{'document':<8} {'words':>7} {'keys':>4} {'lat med':>8} {'lat p90':>8} "
        f"{'lat max':>8} {'stall p99':>9} {'stall max':>9} {'cold':>8} {'warm':>7}"
    )
    print(header)
    print("-" * len(header))
    for name, words, latency, stalls, cold, warm in rows:
        print(
            f"{name:<8} {words:>7,} {len(latency):>4} {statistics.median(latency):>8.1f} "
            f"{percentile(latency, 0.9):>8.1f} {max(latency):>8.1f} "
            f"{percentile(stalls, 0.99):>9.1f} {max(stalls):>9.1f} "
            f"{cold * 1000:>8.1f} {warm * 1000:>7.1f}"
        )
    print("cold/warm: Renderer().render in this process, first render and after one edit (ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
