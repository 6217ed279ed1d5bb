import pytest

from editor.core.frontmatter import find_front_matter, parse_metadata


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
