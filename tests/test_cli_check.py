"""``article-editor check`` on the real dictionaries and rules."""

import json

import pytest

from editor.cli import main
from editor.core.proofing.spelling import medical_word_list_path
from tests.conftest import run_cli_without_qt

FIXTURE_MISSPELLINGS = [
    (15, 70, 77, "recieve", "receive"),
    (25, 71, 78, "occured", "occurred"),
    (26, 14, 17, "teh", "the"),
    (26, 30, 38, "seperate", "separate"),
]
JSON_FIELDS = {"line", "column", "end", "end_line", "kind", "message", "text", "suggestions", "fix"}


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


def check_json(capsys, *args):
    code = main(["check", *map(str, args), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def kinds_and_texts(records):
    return [(r["kind"], r["text"]) for r in records]


def test_json_lists_exactly_the_fixtures_misspellings(fixtures, capsys):
    code, records = check_json(capsys, fixtures / "spelling.md", "--rules", "spelling")
    assert code == 1
    assert [set(record) for record in records] == [JSON_FIELDS] * 4
    assert [
        (r["line"], r["column"], r["end"], r["text"], r["suggestions"][0]) for r in records
    ] == FIXTURE_MISSPELLINGS
    assert {r["kind"] for r in records} == {"spelling"}
    assert records[0]["message"] == "“recieve” is not in the en_GB dictionary"


def test_all_rules_run_by_default_in_document_order(fixtures, capsys):
    code, records = check_json(capsys, fixtures / "spelling.md")
    assert code == 1
    assert [(r["line"], r["kind"], r["text"]) for r in records] == [
        (15, "spelling", "recieve"),
        (16, "citations", "@jelovac2025"),
        (16, "citations", "@smith-jones:2020"),
        (16, "citations", "@li2019"),
        (16, "citations", "-@nguyen.2021"),
        (18, "abbreviation", "TRD"),
        (18, "abbreviation", "PHQ"),
        (18, "abbreviation", "NMDA"),
        (19, "abbreviation", "SSRI"),
        (25, "spelling", "occured"),
        (26, "spelling", "teh"),
        (26, "spelling", "seperate"),
    ]


def test_text_format_is_grouped_by_rule_with_a_summary(fixtures, capsys):
    source = fixtures / "spelling.md"
    assert main(["check", str(source), "--rules", "spelling,abbreviation"]) == 1
    blocks = capsys.readouterr().out.split("\n\n")
    assert blocks[0].splitlines() == [
        "Spelling [spelling]: 4",
        f"  {source}:15:70: “recieve” is not in the en_GB dictionary -> receive, relieve, reverie",
        *blocks[0].splitlines()[2:],
    ]
    assert [line.split(" -> ")[0] for line in blocks[0].splitlines()[1:]] == [
        f"  {source}:{line}:{column}: “{word}” is not in the en_GB dictionary"
        for line, column, _end, word, _ in FIXTURE_MISSPELLINGS
    ]
    assert all(len(line.split(" -> ")[1].split(", ")) <= 5 for line in blocks[0].splitlines()[1:])
    assert blocks[1].splitlines()[0] == "Abbreviations not spelled out [abbreviation]: 4"
    assert blocks[1].splitlines()[1] == f"  {source}:18:5: “TRD” is never spelled out"
    assert blocks[2] == f"8 problems in {source} (spelling 4, abbreviation 4)\n"


def test_rules_and_no_rules_choose(fixtures, capsys):
    source = fixtures / "spelling.md"
    _, records = check_json(capsys, source, "--no-rules", "spelling,citations")
    assert {r["kind"] for r in records} == {"abbreviation"}
    _, records = check_json(capsys, source, "--rules", "citations", "--rules", "abbreviation")
    assert {r["kind"] for r in records} == {"citations", "abbreviation"}
    code, records = check_json(capsys, source, "--rules", "range")
    assert (code, records) == (0, [])


def test_an_unknown_rule_exits_2_naming_the_rules(fixtures, capsys):
    assert main(["check", str(fixtures / "spelling.md"), "--no-rules", "speling"]) == 2
    captured = capsys.readouterr()
    assert "unknown rule speling" in captured.err
    assert "spelling, variant, citations" in captured.err
    assert captured.out == ""


def test_no_suggestions(fixtures, capsys):
    code, records = check_json(capsys, fixtures / "spelling.md", "--no-suggestions")
    assert code == 1
    assert [r["text"] for r in records if r["kind"] == "spelling"] == [
        word for *_, word, _ in FIXTURE_MISSPELLINGS
    ]
    assert all(r["suggestions"] == [] for r in records)


def test_a_certain_fix_is_in_the_json(tmp_path, capsys):
    source = write(tmp_path, "In 50-70 cases it was was seen.\n")
    _, records = check_json(capsys, source)
    assert [(r["kind"], r["text"], r["fix"]) for r in records] == [
        ("range", "50-70", "50–70"),
        ("repeated-word", "was was", "was"),
    ]


def test_a_word_without_suggestions_has_none_printed(tmp_path, capsys):
    source = write(tmp_path, "Zqxjkvbw here.\n")
    assert main(["check", str(source)]) == 1
    assert capsys.readouterr().out.splitlines()[1] == (
        f"  {source}:1:1: “Zqxjkvbw” is not in the en_GB dictionary"
    )


def test_a_clean_file_exits_0_and_prints_nothing(tmp_path, capsys):
    source = write(tmp_path, "---\ntitle: A clean note\n---\n\nThe colour is fine.\n")
    assert main(["check", str(source)]) == 0
    assert capsys.readouterr().out == ""
    assert check_json(capsys, source) == (0, [])


def test_front_matter_ignoring_is_honoured(tmp_path, capsys):
    source = write(
        tmp_path,
        "---\nproofing:\n  ignore: [range]\n  ignore-text: ['spelling: Zqxjkvbw']\n---\n\n"
        "Zqxjkvbw saw 50-70 cases.\n",
    )
    assert check_json(capsys, source) == (0, [])


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


# The other English variant's spellings are `variant` findings now (with the right spelling
# as the fix), no longer misspellings: "color" in British English is a known word, not a typo.
def test_lang_option_chooses_the_dictionary(tmp_path, capsys):
    source = write(tmp_path, "The colour, or color, of anaesthetic.\n")
    _, records = check_json(capsys, source, "--lang", "en_GB")
    assert kinds_and_texts(records) == [("variant", "color")]
    assert records[0]["fix"] == "colour"
    _, records = check_json(capsys, source, "--lang", "en-US")
    assert kinds_and_texts(records) == [("variant", "colour"), ("variant", "anaesthetic")]


def test_front_matter_lang_is_honoured_over_the_system(tmp_path, capsys):
    source = write(tmp_path, "---\nlang: en-US\n---\n\nThe colour, or color.\n")
    assert kinds_and_texts(check_json(capsys, source)[1]) == [("variant", "colour")]
    records = check_json(capsys, source, "--lang", "en_GB")[1]
    assert kinds_and_texts(records) == [("variant", "color")]


def test_system_locale_then_british_default(tmp_path, capsys, monkeypatch):
    source = write(tmp_path, "The colour, or color.\n")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert kinds_and_texts(check_json(capsys, source)[1]) == [("variant", "colour")]
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert kinds_and_texts(check_json(capsys, source)[1]) == [("variant", "color")]


def test_a_front_matter_lang_without_dictionary_warns_and_falls_back(tmp_path, capsys):
    source = write(tmp_path, "---\nlang: tlh\n---\n\nThe colour, or color.\n")
    assert main(["check", str(source), "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert "no spelling dictionary for lang 'tlh'; checking with en_GB" in captured.err
    assert kinds_and_texts(json.loads(captured.out)) == [("variant", "color")]


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
    assert kinds_and_texts(check_json(capsys, source)[1]) == [
        ("spelling", "Sevoflurane"),
        ("spelling", "remifentanil"),
    ]
    assert main(["check", str(source), "--medical"]) == 0


def test_check_command_never_loads_qt(fixtures):
    result = run_cli_without_qt("check", str(fixtures / "spelling.md"), "--format", "json")
    assert result.returncode == 1, result.stderr
    assert len(json.loads(result.stdout)) == 12
