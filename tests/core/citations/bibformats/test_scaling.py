"""Readers grow linearly with the number of entries: made-up keys are found in one set kept up
to date (a copy per record made 100,000 RIS records take minutes), counted in probes where the
design shows in a count and timed against the same run's smaller file where it does not."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.synthetic import make_library, to_bibtex, to_ris
from editor.core.citations.bibformats import common, read_bibtex, read_ris
from editor.core.citations.bibliography import load_bibliographies

SMALL, LARGE = 10_000, 40_000


def _count_probes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the suffixes tried (``_letters`` makes each one) while keys are made unique."""
    calls = [0]
    letters = common._letters

    def counted(number: int) -> str:
        calls[0] += 1
        return letters(number)

    monkeypatch.setattr(common, "_letters", counted)
    return calls


def _bare_records(count: int, tag_line: str = "") -> str:
    """Records with no author, title or year: every made-up key has the stem ``anon``."""
    record = f"TY  - GEN\n{tag_line}ER  - \n"
    return record * count


def test_made_up_keys_of_one_stem_take_linear_probes(monkeypatch):
    calls = _count_probes(monkeypatch)
    probes = {}
    for count in (SMALL, LARGE):
        calls[0] = 0
        result = read_ris(_bare_records(count))
        keys = [entry.key for entry in result.entries]
        assert len(set(keys)) == count
        assert keys[:4] == ["anon", "anona", "anonb", "anonc"]
        assert keys[26:28] == ["anonz", "anonaa"]
        probes[count] = calls[0]
    # One probe per key; searching from "a" again for each key would take count² / 2.
    assert probes[SMALL] <= 2 * SMALL
    assert probes[LARGE] <= 2 * LARGE


def test_repeated_ids_take_linear_probes(monkeypatch):
    calls = _count_probes(monkeypatch)
    result = read_ris(_bare_records(LARGE, "ID  - 17\n"))
    keys = [entry.key for entry in result.entries]
    assert keys[:3] == ["17", "17a", "17b"]
    assert len(set(keys)) == LARGE
    assert calls[0] <= 2 * LARGE
    assert "ID '17' is used by an earlier record; key '17a' given" in result.problems[0][1]


def test_made_up_keys_avoid_ids_of_later_records():
    text = "TY  - GEN\nER  - \nTY  - GEN\nER  - \nTY  - GEN\nID  - anona\nER  - \n"
    assert [entry.key for entry in read_ris(text).entries] == ["anon", "anonb", "anona"]


def _best_cpu_seconds(run: Callable[[], object], runs: int) -> float:
    """The fastest of ``runs`` in CPU seconds, with the cycle collector off: its full passes
    come when the live objects have grown by a quarter, so one may fall in the large run and
    none in the small, which says nothing about the reader."""
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            run()
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


def _assert_linear(read: Callable[[str], object], small: str, large: str, runs: int) -> None:
    """The large text (4x the entries) costs at most 5x the small one, best of ``runs`` each
    in CPU time (robust to a busy machine); a quadratic reader costs 16x."""
    small_time = _best_cpu_seconds(lambda: read(small), runs)
    large_time = _best_cpu_seconds(lambda: read(large), runs)
    assert large_time <= 5 * small_time, f"{small_time:.2f}s for {SMALL}, {large_time:.2f}s"


@pytest.mark.slow
def test_ris_reading_is_linear():
    items = list(make_library(LARGE).values())
    small, large = to_ris(items[:SMALL]), to_ris(items)
    assert len(read_ris(large).entries) == LARGE
    _assert_linear(read_ris, small, large, runs=3)


@pytest.mark.slow
def test_bibtex_reading_is_linear():
    items = list(make_library(LARGE).values())
    small, large = to_bibtex(items[:SMALL]), to_bibtex(items)
    _assert_linear(lambda text: len(read_bibtex(text).entries) == LARGE, small, large, runs=2)


@pytest.mark.slow
def test_merging_renamed_keys_is_linear(tmp_path: Path):
    """Two files of records with made-up keys: every key of the second is renamed, without
    copying the keys loaded so far for each (that cost 40,000 x 80,000 steps)."""
    paths = {}
    for count in (SMALL, LARGE):
        for name in ("a", "b"):
            path = tmp_path / f"{name}{count}.ris"
            path.write_text(_bare_records(count), encoding="utf-8")
            paths.setdefault(count, []).append(path)
    library = load_bibliographies(paths[LARGE])
    assert len(library.entries) == 2 * LARGE
    assert not library.problems
    small_time = _best_cpu_seconds(lambda: load_bibliographies(paths[SMALL]), 2)
    large_time = _best_cpu_seconds(lambda: load_bibliographies(paths[LARGE]), 2)
    assert large_time <= 5 * small_time, f"{small_time:.2f}s for {SMALL}, {large_time:.2f}s"
