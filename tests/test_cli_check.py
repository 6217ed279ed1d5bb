"""``article-editor check`` on the real dictionaries."""

import json

import pytest

from editor.cli import main
from editor.core.proofing.spelling import medical_word_list_path
from tests.conftest import run_cli_without_qt

FIXTURE_PROBLEMS = [
    (15, 70, "recieve", "receive"),
    (25, 71, "occured", "occurred"),
    (26, 14, "teh", "the"),
    (26, 30, "seperate", "separate"),
]


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """A British system with an empty personal dictionary in a temporary folder."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def write(tmp_path, text, name="a.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_json_lists_exactly_the_fixtures_misspellings(fixtures, capsys):
    assert main(["check", str(fixtures / "spelling.md"), "--format", "json"]) == 1
    records = json.loads(capsys.readouterr().out)
    assert [set(record) for record in records] == [
        {"line", "column", "word", "suggestions", "kind"}
    ] * 4
    assert [
        (r["line"], r["column"], r["word"], r["suggestions"][0]) for r in records
    ] == FIXTURE_PROBLEMS
    assert {r["kind"] for r in records} == {"spelling"}


def test_text_format_one_line_per_misspelling(fixtures, capsys):
    source = fixtures / "spelling.md"
    assert main(["check", str(source)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" -> ")[0] for line in lines] == [
        f"{source}:{line}:{column}: {word}" for line, column, word, _ in FIXTURE_PROBLEMS
    ]
    assert lines[0] == f"{source}:15:70: recieve -> receive, relieve, reverie"
    assert all(len(line.split(" -> ")[1].split(", ")) <= 5 for line in lines)


def test_a_word_without_suggestions_has_none_printed(tmp_path, capsys):
    source = write(tmp_path, "Zqxjkvbw here.\n")
    assert main(["check", str(source)]) == 1
    assert capsys.readouterr().out == f"{source}:1:1: Zqxjkvbw\n"


def test_a_clean_file_exits_0_and_prints_nothing(tmp_path, capsys):
    source = write(tmp_path, "---\ntitle: A clean note\n---\n\nThe colour is fine.\n")
    assert main(["check", str(source)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["check", str(source), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_input_errors_exit_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.md")]) == 2
    assert "nope.md: no such file" in capsys.readouterr().err
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"fine\n\xff\xfe broken\n")
    assert main(["check", str(bad)]) == 2
    assert "bad.md:2: not valid UTF-8" in capsys.readouterr().err


def test_an_unknown_language_exits_2_naming_the_available_ones(fixtures, capsys):
    assert main(["check", str(fixtures / "spelling.md"), "--lang", "tlh"]) == 2
    captured = capsys.readouterr()
    assert "tlh" in captured.err and "en_GB" in captured.err and "en_US" in captured.err
    assert captured.out == ""


def test_usage_errors_exit_2(fixtures):
    with pytest.raises(SystemExit) as raised:
        main(["check", str(fixtures / "spelling.md"), "--format", "xml"])
    assert raised.value.code == 2


def test_lang_option_chooses_the_dictionary(tmp_path, capsys):
    source = write(tmp_path, "The colour, or color, of anaesthetic.\n")
    assert main(["check", str(source), "--lang", "en_GB", "--format", "json"]) == 1
    assert [r["word"] for r in json.loads(capsys.readouterr().out)] == ["color"]
    assert main(["check", str(source), "--lang", "en-US", "--format", "json"]) == 1
    assert [r["word"] for r in json.loads(capsys.readouterr().out)] == ["colour", "anaesthetic"]


def test_front_matter_lang_is_honoured_over_the_system(tmp_path, capsys):
    source = write(tmp_path, "---\nlang: en-US\n---\n\nThe colour, or color.\n")
    assert main(["check", str(source), "--format", "json"]) == 1
    assert [r["word"] for r in json.loads(capsys.readouterr().out)] == ["colour"]
    assert main(["check", str(source), "--lang", "en_GB", "--format", "json"]) == 1
    assert [r["word"] for r in json.loads(capsys.readouterr().out)] == ["color"]


def test_system_locale_then_british_default(tmp_path, capsys, monkeypatch):
    source = write(tmp_path, "The colour, or color.\n")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert main(["check", str(source), "--format", "json"]) == 1
    assert [r["word"] for r in json.loads(capsys.readouterr().out)] == ["colour"]
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert main(["check", str(source), "--format", "json"]) == 1
    assert [r["word"] for r in json.loads(capsys.readouterr().out)] == ["color"]


def test_a_front_matter_lang_without_dictionary_warns_and_falls_back(tmp_path, capsys):
    source = write(tmp_path, "---\nlang: tlh\n---\n\nThe colour, or color.\n")
    assert main(["check", str(source), "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert "no spelling dictionary for lang 'tlh'; checking with en_GB" in captured.err
    assert [r["word"] for r in json.loads(captured.out)] == ["color"]


def test_the_personal_dictionary_is_used(tmp_path, capsys):
    source = write(tmp_path, "Jelovac agrees.\n")
    assert main(["check", str(source)]) == 1
    capsys.readouterr()
    personal = tmp_path / "data" / "article-editor" / "personal-dictionary.txt"
    personal.parent.mkdir(parents=True)
    personal.write_text("Jelovac\n", encoding="utf-8")
    assert main(["check", str(source)]) == 0


def test_medical_option(tmp_path, capsys):
    if medical_word_list_path() is None:
        pytest.skip("hunspell-en-med is not installed")
    source = write(tmp_path, "Sevoflurane and remifentanil were used.\n")
    assert main(["check", str(source), "--format", "json"]) == 1
    assert [r["word"] for r in json.loads(capsys.readouterr().out)] == [
        "Sevoflurane",
        "remifentanil",
    ]
    assert main(["check", str(source), "--medical"]) == 0


def test_check_command_never_loads_qt(fixtures):
    result = run_cli_without_qt("check", str(fixtures / "spelling.md"), "--format", "json")
    assert result.returncode == 1, result.stderr
    assert len(json.loads(result.stdout)) == 4
