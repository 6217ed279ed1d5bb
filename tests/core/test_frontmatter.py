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
