import pytest

from editor.core.frontmatter import find_front_matter, parse_metadata
from tests.hostile_inputs import bomb_document, deep_yaml_document


def parse(text):
    return parse_metadata(find_front_matter(text.split("\n")))


def test_pandoc_fields_and_unknown_keys_kept():
    metadata, problem = parse(
        "---\ntitle: A title\nsubtitle: Sub\nauthor:\n  - Ann Smith\n  - name: Bo Li\n"
        "date: 2026-11-27\nlang: en-GB\nkeywords: [a, b]\nbibliography: refs.bib\n---\n"
    )
    assert problem is None
    assert metadata.title == "A title" and metadata.subtitle == "Sub"
    assert metadata.authors == ["Ann Smith", "Bo Li"]
    assert metadata.date == "2026-11-27"  # YAML reads a date; it comes back as written
    assert metadata.lang == "en-GB"
    assert metadata.extra == {"keywords": ["a", "b"], "bibliography": "refs.bib"}


def test_single_author_string():
    metadata, _ = parse("---\nauthor: Ann Smith\n---")
    assert metadata.authors == ["Ann Smith"]


def test_malformed_yaml_reports_the_document_line():
    metadata, problem = parse("---\ntitle: ok\nauthor: [unclosed\n---\n\nBody")
    assert metadata.title == ""
    assert problem is not None and problem.line in (3, 4)
    assert "YAML" in problem.message


def test_front_matter_must_open_on_the_first_line_and_close():
    assert find_front_matter(["", "---", "title: x", "---"]) is None
    assert find_front_matter(["---", "title: x"]) is None
    assert find_front_matter(["---", "", "text", "---"]) is None  # a rule, then text


@pytest.mark.parametrize(
    "value,lang",
    [
        ("en", "en"),
        ("en-GB", "en-GB"),
        ("en_GB", "en-GB"),
        ("zh-Hant-TW", "zh-Hant-TW"),
        ("de-CH-1996", "de-CH-1996"),
        ("tlh", "tlh"),
        ("", ""),
    ],
)
def test_a_language_tag_is_kept(value, lang):
    metadata, problem = parse_metadata(find_front_matter(["---", f"lang: '{value}'", "---"]))
    assert (metadata.lang, problem) == (lang, None)


@pytest.mark.parametrize(
    "value",
    [
        'en"><meta http-equiv=refresh>',
        "</html>",
        "en GB",
        "e",
        "en-",
        "-en",
        "en--GB",
        "en-toolongsubtag",
        "fr\\n",
        "'\"",
        "1234",
    ],
)
def test_anything_else_is_dropped_with_a_problem_on_its_line(value):
    yaml_value = "'" + value.replace("'", "''") + "'"
    lines = ["---", "title: T", f"lang: {yaml_value}", "---"]
    metadata, problem = parse_metadata(find_front_matter(lines))
    assert metadata.lang == "" and metadata.title == "T"
    assert problem.line == 3
    assert "not a language tag" in problem.message


# Hostile front matter: refused quickly with the line, the rest of the document unharmed.


def _timed_parse(text):
    import time

    start = time.monotonic()
    result = parse(text)
    return result, time.monotonic() - start


@pytest.mark.parametrize("key", ["title", "lang", "bibliography"])
def test_an_alias_bomb_is_refused_at_once_naming_its_line(key):
    (metadata, problem), seconds = _timed_parse(bomb_document(key))
    assert seconds < 1.0
    assert metadata.title == "" and metadata.extra == {}
    assert "front matter is not read" in problem.message
    assert "aliases" in problem.message and "100,000" in problem.message
    assert 2 <= problem.line <= 11  # an anchor line of the bomb, counted in the document


def test_ordinary_aliases_still_work():
    metadata, problem = parse(
        "---\nauthor: &me Jane Doe\neditor: *me\nshared: &s [1, 2]\nboth: [*s, *s]\n---\n"
    )
    assert problem is None
    assert metadata.authors == ["Jane Doe"]
    assert metadata.extra["editor"] == "Jane Doe"
    assert metadata.extra["both"] == [[1, 2], [1, 2]]


def test_nesting_100000_deep_is_refused_not_a_recursion_error():
    (metadata, problem), seconds = _timed_parse(deep_yaml_document())
    assert seconds < 2.0
    assert metadata.title == ""
    assert problem.line == 2
    assert "nested more than 64 levels deep" in problem.message


def test_a_lone_surrogate_escape_becomes_a_replacement_character_with_its_line():
    metadata, problem = parse('---\nlang: en-GB\ntitle: "Bad \\ud800 here"\n---\n')
    assert metadata.title == "Bad \ufffd here"
    metadata.title.encode("utf-8")  # what nh3 and the page need
    assert metadata.lang == "en-GB"  # the rest of the front matter is read
    assert problem.line == 3
    assert "surrogate" in problem.message


def test_an_escaped_surrogate_pair_is_the_character_it_encodes():
    metadata, problem = parse('---\ntitle: "Smile \\ud83d\\ude00"\n---\n')
    assert metadata.title == "Smile \U0001f600"
    assert problem is None
