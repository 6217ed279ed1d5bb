"""Bibliographies that used to hang or fill the memory: a FIFO, a device, a huge file, a
@preamble macro that calls itself, macros and @strings that double; and lone surrogates in
CSL-JSON. Each becomes a problem naming the file (and line), quickly; the rest still loads."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from editor.core.citations.bibliography import (
    MAX_BIBLIOGRAPHY_BYTES,
    load_bibliographies,
    load_bibliography,
)
from tests.hostile_inputs import RECURSIVE_NEWCOMMAND_BIB, doubling_strings_bib


def _load_timed(path, limit=2.0):
    start = time.monotonic()
    library = load_bibliography(path)
    assert time.monotonic() - start < limit, "took too long"
    return library


def _messages(library):
    return [(problem.line, problem.message) for problem in library.problems]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "refs.bib"
    os.mkfifo(fifo)
    good = tmp_path / "good.json"
    good.write_text(json.dumps([{"id": "fine", "type": "book", "title": "Fine"}]))
    start = time.monotonic()
    library = load_bibliographies([fifo, good])
    assert time.monotonic() - start < 2.0
    assert list(library.entries) == ["fine"]
    assert [str(problem) for problem in library.problems] == [
        f"{fifo}: a named pipe (FIFO), not a file; not read"
    ]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_is_refused_not_read_for_ever(tmp_path):
    library = _load_timed(Path("/dev/zero"))
    assert library.entries == {}
    assert _messages(library) == [(None, "a device, not a file; not read")]


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path):
    huge = tmp_path / "huge.bib"
    with huge.open("wb") as stream:  # sparse: costs no disk
        stream.truncate(MAX_BIBLIOGRAPHY_BYTES + 1)
    library = _load_timed(huge)
    assert library.entries == {}
    [(line, message)] = _messages(library)
    assert line is None and message.startswith("larger than 64 MB")


def test_a_newcommand_that_calls_itself_is_reported_and_the_entry_loads(tmp_path):
    path = tmp_path / "looped.bib"
    path.write_text(RECURSIVE_NEWCOMMAND_BIB, encoding="utf-8")
    library = _load_timed(path)
    assert library.entries["looped"]["title"] == "Around"
    assert _messages(library) == [
        (
            1,
            "@preamble: \\loop is defined in terms of itself, so it would expand for ever; "
            "it is left undefined",
        )
    ]


def test_macros_that_multiply_each_other_stop_at_the_expansion_budget(tmp_path):
    # No macro calls itself, but each uses the one before eight times: 8^8 expansions.
    names = "abcdefghi"
    backslash = "\\"
    definitions = ["\\newcommand{\\a}{x}"] + [
        f"{backslash}newcommand{{{backslash}{name}}}{{{(backslash + previous) * 8}}}"
        for previous, name in zip(names, names[1:], strict=False)
    ]
    path = tmp_path / "chain.bib"
    path.write_text(
        f'@preamble{{"{" ".join(definitions)}"}}\n'
        "@article{bomb, title = {\\i}, year = 2020}\n"
        "@article{fine, title = {Fine}, year = 2021}\n",
        encoding="utf-8",
    )
    library = _load_timed(path)
    assert list(library.entries) == ["fine"]
    [(line, message)] = _messages(library)
    assert line == 2
    assert message.startswith("entry 'bomb': its @preamble macros")
    assert "expand to more than 100,000 characters; entry skipped" in message


def test_doubling_strings_stop_at_the_value_cap(tmp_path):
    path = tmp_path / "doubling.bib"
    path.write_text(doubling_strings_bib(), encoding="utf-8")
    library = _load_timed(path)
    assert set(library.entries) == {"doubled", "fine"}
    first_line, first = _messages(library)[0]
    assert first_line == 20
    assert first.startswith("@string 's19' would be 1,048,576 characters long")
    assert len(library.entries["doubled"]["title"]) < 1_000


def test_lone_surrogates_in_csl_json_are_replaced_and_reported_with_the_line(tmp_path):
    path = tmp_path / "refs.json"
    path.write_text(
        '[\n{"id": "good", "type": "book", "title": "Good \\ud83d\\ude00"},\n'
        '{"id": "bad", "type": "book", "title": "Bad \\ud800 here",\n'
        ' "author": [{"family": "X\\udc00", "given": "Y"}], "note\\ud800": "kept"}\n]\n',
        encoding="utf-8",
    )
    library = _load_timed(path)
    assert library.entries["good"]["title"] == "Good \U0001f600"
    bad = library.entries["bad"]
    assert bad["title"] == "Bad \ufffd here"
    assert bad["author"] == [{"family": "X\ufffd", "given": "Y"}]
    assert bad["note\ufffd"] == "kept"
    json.dumps(bad, ensure_ascii=False).encode("utf-8")  # encodable everywhere now
    [(line, message)] = _messages(library)
    assert line == 3 and "surrogate" in message
