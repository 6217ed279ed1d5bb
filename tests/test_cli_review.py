"""``export --track-changes accept|reject|all`` and ``check``'s review findings, through the
real command: HTML read back, a real PDF read back with pdftotext."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from editor.cli import main

PROJECT = Path(__file__).resolve().parent.parent
REVIEWED = """---
title: Reviewed
lang: en-GB
---

The patients{++ (n = 42)++} were {--randomly --}assigned to {~~two~>three~~} groups.

The {==primary outcome==}{>>Jane Doe 2026-12-01: define it here<<} was pain.
"""


@pytest.fixture
def reviewed(tmp_path):
    source = tmp_path / "reviewed.md"
    source.write_text(REVIEWED, encoding="utf-8")
    return source


def export_html(source, *mode):
    target = source.with_suffix(".html")
    assert main(["export", str(source), "-o", str(target), *mode]) == 0
    return target.read_text(encoding="utf-8")


def test_accept_is_the_default_and_gives_the_clean_text(reviewed):
    page = export_html(reviewed)
    assert "<p>The patients (n = 42) were assigned to three groups.</p>" in page
    assert "<p>The primary outcome was pain.</p>" in page
    assert export_html(reviewed, "--track-changes", "accept") == page
    for trace in ("{++", "randomly", "Jane Doe", "<ins", "<del"):
        assert trace not in page.split("</style>")[-1]


def test_reject_gives_the_original(reviewed):
    page = export_html(reviewed, "--track-changes", "reject")
    assert "<p>The patients were randomly assigned to two groups.</p>" in page
    assert "define it here" not in page


def test_all_shows_insertions_deletions_and_comments(reviewed):
    page = export_html(reviewed, "--track-changes", "all")
    assert '<ins class="ae-ins"> (n = 42)</ins>' in page
    assert '<del class="ae-del">randomly </del>' in page
    assert '<del class="ae-del">two</del><ins class="ae-ins">three</ins>' in page
    assert 'title="Jane Doe, 2026-12-01: define it here">primary outcome</mark>' in page
    assert '<span class="ae-note"' in page
    assert "ins.ae-ins" in page  # the stylesheet that shows them goes with the page


def test_an_unknown_mode_is_refused(reviewed, capsys):
    with pytest.raises(SystemExit):
        main(
            [
                "export",
                str(reviewed),
                "-o",
                str(reviewed.with_suffix(".html")),
                "--track-changes",
                "maybe",
            ]
        )
    assert "invalid choice: 'maybe'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("mode", "present", "absent"),
    [
        ("all", ["randomly", "two", "three", "Jane Doe, 2026-12-01: define it here"], []),
        ("reject", ["randomly assigned to two groups"], ["three", "Jane Doe"]),
    ],
)
def test_pdf_export_in_each_mode_reads_back(reviewed, tmp_path, mode, present, absent):
    target = tmp_path / f"{mode}.pdf"
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "QT_QPA_PLATFORM": "offscreen"}
    env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "editor",
            "export",
            str(reviewed),
            "-o",
            str(target),
            "--track-changes",
            mode,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    text = " ".join(
        subprocess.run(
            ["pdftotext", target, "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    for words in present:
        assert words in text
    for words in absent:
        assert words not in text


def test_check_reports_each_open_change_and_comment(reviewed, capsys):
    reviewed.write_text(REVIEWED + "\nStill {++open here.\n", encoding="utf-8")
    rules = "change,comment,review-syntax"
    assert main(["check", str(reviewed), "--lang", "en_GB", "--rules", rules]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Open tracked changes [change]: 3",
        f"  {reviewed}:6:13: unresolved insertion: '(n = 42)'",
        f"  {reviewed}:6:34: unresolved deletion: 'randomly'",
        f"  {reviewed}:6:61: unresolved substitution: 'two' -> 'three'",
        "",
        "Open comments [comment]: 1",
        f"  {reviewed}:8:5: unresolved comment by Jane Doe: 'define it here'",
        "",
        "Broken review markup [review-syntax]: 1",
        f"  {reviewed}:10:7: unclosed insertion '{{++' (no '++}}' in its paragraph)",
        "",
        f"5 problems in {reviewed} (change 3, comment 1, review-syntax 1)",
    ]


def test_check_json_has_the_spelling_fields_plus_end_and_message(reviewed, capsys):
    assert main(["check", str(reviewed), "--lang", "en_GB", "--format", "json"]) == 1
    records = json.loads(capsys.readouterr().out)
    assert records[0] == {
        "line": 6,
        "column": 13,
        "end_line": 6,
        "end": 28,
        "kind": "change",
        "message": "unresolved insertion: '(n = 42)'",
        "text": "{++ (n = 42)++}",
        "suggestions": [],
        "fix": None,
    }
    assert [record["kind"] for record in records] == ["change", "change", "change", "comment"]


def test_check_of_a_resolved_text_passes(tmp_path):
    source = tmp_path / "clean.md"
    source.write_text("The patients were assigned to three groups.\n", encoding="utf-8")
    assert main(["check", str(source), "--lang", "en_GB"]) == 0
