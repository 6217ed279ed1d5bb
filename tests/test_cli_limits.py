"""The command line on hostile input, in a real process with a time limit: ``export`` and
``check`` finish quickly, warn naming the file and line, and still write the rest."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile_inputs import (
    RECURSIVE_NEWCOMMAND_BIB,
    bomb_document,
    cited_document,
    deep_indented_lists,
    deep_list_on_one_line,
    deep_yaml_document,
    doubling_strings_bib,
)

PROJECT = Path(__file__).resolve().parent.parent


def run(*args: str, limit: float = 10.0) -> tuple[subprocess.CompletedProcess, float]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "editor", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=limit * 3,  # a hang fails the test rather than the suite
    )
    return result, time.monotonic() - start


@pytest.mark.parametrize("key", ["title", "lang", "bibliography"])
def test_export_and_check_of_an_alias_bomb_finish_with_the_line(tmp_path, key):
    source = tmp_path / "bomb.md"
    source.write_text(bomb_document(key), encoding="utf-8")
    target = tmp_path / "bomb.html"
    result, seconds = run("export", str(source), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert seconds < 10
    assert f"{source}:6: warning: front matter is not read: its aliases" in result.stderr
    assert "The text after it." in target.read_text(encoding="utf-8")
    # Without --lang, check reads the front matter for the language.
    result, seconds = run("check", str(source), "--format", "json")
    assert result.returncode in (0, 1), result.stderr  # 1: the lols are misspelt
    assert seconds < 10
    assert f"{source}:6: warning: front matter is not read" in result.stderr


def test_check_of_deep_yaml_warns_and_checks(tmp_path):
    source = tmp_path / "deep.md"
    source.write_text(deep_yaml_document() + "\nA mispelt word.\n", encoding="utf-8")
    result, _ = run("check", str(source))
    assert result.returncode == 1
    assert f"{source}:2: warning: front matter is not read: it is nested more than 64" in (
        result.stderr
    )
    assert "mispelt" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("fifo", "refs.bib: a named pipe (FIFO), not a file; not read"),
        ("zero", "/dev/zero: a device, not a file; not read"),
        ("newcommand", "refs.bib:1: @preamble: \\loop is defined in terms of itself"),
        ("strings", "refs.bib:20: @string 's19' would be 1,048,576 characters long"),
    ],
)
def test_export_with_a_hostile_bibliography_warns_and_writes(tmp_path, kind, expected):
    bibliography = tmp_path / "refs.bib"
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("needs FIFOs")
        os.mkfifo(bibliography)
    elif kind == "zero":
        if not os.path.exists("/dev/zero"):
            pytest.skip("needs /dev/zero")
        bibliography = Path("/dev/zero")
    elif kind == "newcommand":
        bibliography.write_text(RECURSIVE_NEWCOMMAND_BIB, encoding="utf-8")
    else:
        bibliography.write_text(doubling_strings_bib(), encoding="utf-8")
    source = tmp_path / "article.md"
    source.write_text(cited_document(str(bibliography)), encoding="utf-8")
    target = tmp_path / "article.html"
    result, seconds = run("export", str(source), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert seconds < 10
    assert expected in result.stderr
    assert "The last paragraph." in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("body", [deep_list_on_one_line(), deep_indented_lists()])
def test_export_of_deep_lists_warns_with_the_line_instead_of_a_traceback(tmp_path, body):
    source = tmp_path / "deep.md"
    source.write_text(f"Before.\n\n{body}\nAfter.\n", encoding="utf-8")
    target = tmp_path / "deep.html"
    result, seconds = run("export", str(source), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert seconds < 10
    assert f"{source}:" in result.stderr and "nested more than 50 deep" in result.stderr
    assert "Traceback" not in result.stderr
    assert "<p>After.</p>" in target.read_text(encoding="utf-8")


def test_export_with_surrogates_in_front_matter_and_csl_json(tmp_path):
    (tmp_path / "refs.json").write_text(
        '[{"id": "fine", "type": "book", "title": "Bad \\ud800 title"},'
        ' {"id": "looped", "type": "book", "title": "Good"}]',
        encoding="utf-8",
    )
    source = tmp_path / "article.md"
    source.write_text(
        cited_document("refs.json").replace("---\n", '---\ntitle: "A \\udfff"\n', 1),
        encoding="utf-8",
    )
    target = tmp_path / "article.html"
    result, _ = run("export", str(source), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert f"{source}:2: warning: front matter has an escape for half of a UTF-16" in (
        result.stderr
    )
    assert f"{tmp_path / 'refs.json'}:1: item 1 has an escape" in result.stderr
    html = target.read_text(encoding="utf-8")
    assert "Bad \ufffd title" in html and "A \ufffd" in html and "Good" in html
