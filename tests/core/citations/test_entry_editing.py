"""The reference form's core: validation, drafts and CSL items, splicing an entry into real
CSL-JSON and BibTeX files (every other byte kept), read back through ``load_bibliography``."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from editor.core.citations.bibliography import load_bibliography
from editor.core.citations.entry_draft import (
    ENTRY_TYPES,
    EntryDraft,
    FieldProblem,
    csl_to_draft,
    draft_to_csl,
    suggest_key,
    validate,
)
from editor.core.citations.entry_store import create_bibliography, save_entry
from editor.core.citations.frontmatter_edit import add_bibliography_to_front_matter
from editor.core.fileio import FileError
from editor.core.frontmatter import find_front_matter


@pytest.fixture
def folder(fixtures: Path, tmp_path: Path) -> Path:
    for name in ("refs.json", "refs.bib", "article.md"):
        shutil.copy(fixtures / "bib_edit" / name, tmp_path / name)
    return tmp_path


def full_draft(**changes: object) -> EntryDraft:
    values = dict(
        key="berg2019",
        type="article-journal",
        authors=["van der Berg, Jan", "Marsh, Anna", "World Health Organization"],
        title="The DNA of iPhones: a study of 50% & $5 #1 a_b ~x^",
        container="Journal of Coastal & Marine Research",
        year="2019",
        volume="12",
        issue="3",
        pages="101-118",
        doi="https://doi.org/10.1000/xyz_123",
        url="https://example.org/a_b?c=1%20d",
        accessed="2023-02-28",
        publisher="Smith and Sons",
        place="New York",
        edition="2",
    )
    values.update(changes)
    return EntryDraft(**values)


def loaded(path: Path) -> dict[str, dict]:
    library = load_bibliography(path)
    assert library.problems == []
    return library.entries


def assert_same_fields(item: dict, read_back: dict) -> None:
    """Every variable the written item has reads back the same (the reader may add derived
    ones, such as ``title-short``)."""
    assert {name: read_back.get(name) for name in item} == item


def changed_region(old: str, new: str) -> tuple[int, int]:
    """The span of ``old`` outside which ``new`` is identical to it."""
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(old), len(new)) - prefix
        and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]
    ):
        suffix += 1
    return prefix, len(old) - suffix


def entry_span(text: str, head: str) -> tuple[int, int]:
    start = text.index(head)
    return start, text.index("\n}", start) + 2


# -- validation --------------------------------------------------------------------------------


def test_a_complete_draft_is_valid():
    assert validate(full_draft(), {"marsh2021"}) == []


def test_validation_names_each_bad_field():
    draft = EntryDraft(
        key="",
        title=" ",
        year="21",
        doi="doi 10/abc",
        url="ftp://example.org",
        accessed="2023-02-30",
        pages="12 to 34",
        authors=["Marsh, Anna, Jr., X"],
    )
    problems = validate(draft, set())
    assert {problem.field for problem in problems} == {
        "key",
        "title",
        "year",
        "doi",
        "url",
        "accessed",
        "pages",
        "authors",
    }
    assert FieldProblem("title", "A title is required.") in problems
    assert all(problem.message.endswith(".") for problem in problems)


@pytest.mark.parametrize("key", ["marsh2021", "_x", "a:b.c#d$e%f&g-h+i?j<k>l~m/n", "Müller2020"])
def test_pandoc_keys_are_accepted(key):
    assert validate(full_draft(key=key), set()) == []


@pytest.mark.parametrize("key", ["marsh 2021", "-marsh", "marsh.", "a{b}", "a,b", "a@b"])
def test_keys_pandoc_cannot_cite_are_refused(key):
    assert [problem.field for problem in validate(full_draft(key=key), set())] == ["key"]


def test_a_key_must_be_unique_except_for_the_entry_itself():
    draft = full_draft(key="marsh2021")
    problems = validate(draft, {"marsh2021", "ng2020"})
    assert problems == [
        FieldProblem("key", "The key 'marsh2021' is already used by another reference.")
    ]
    assert validate(draft, {"marsh2021", "ng2020"}, original_key="marsh2021") == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("year", ""),
        ("year", "n.d."),
        ("doi", "10.1000/182"),
        ("doi", "doi:10.1000/182"),
        ("doi", "http://dx.doi.org/10.1000/182"),
        ("pages", "e123"),
        ("pages", "12"),
        ("pages", "S12–S15"),
        ("pages", "xi-xx, 1-20"),
        ("accessed", "2024-02-29"),
        ("url", "http://localhost:8000/x"),
    ],
)
def test_accepted_forms(field, value):
    assert validate(full_draft(**{field: value}), set()) == []


# -- drafts and items --------------------------------------------------------------------------


def test_draft_to_csl_builds_names_dates_and_a_normalised_doi():
    item = draft_to_csl(full_draft(pages="101–118"))
    assert item["id"] == "berg2019"
    assert item["author"] == [
        {"family": "van der Berg", "given": "Jan"},
        {"family": "Marsh", "given": "Anna"},
        {"literal": "World Health Organization"},
    ]
    assert item["issued"] == {"date-parts": [[2019]]}
    assert item["accessed"] == {"date-parts": [[2023, 2, 28]]}
    assert item["DOI"] == "10.1000/xyz_123"
    assert item["page"] == "101-118"
    assert "n.d." not in json.dumps(draft_to_csl(full_draft(year="n.d.")))


def test_editing_keeps_what_the_form_does_not_show():
    base = {
        "id": "old",
        "type": "article-newspaper",
        "title": "Old",
        "issued": {"date-parts": [[2021, 3, 14]]},
        "abstract": "Kept.",
        "citation-key": "old",
        "volume": "9",
    }
    draft = csl_to_draft(base)
    draft.key, draft.volume = "new", ""
    item = draft_to_csl(draft, base)
    assert item["abstract"] == "Kept."
    assert item["citation-key"] == "new"
    assert item["issued"] == {"date-parts": [[2021, 3, 14]]}  # the year did not change
    assert "volume" not in item  # cleared in the form
    draft.year = "2022"
    assert draft_to_csl(draft, base)["issued"] == {"date-parts": [[2022]]}


def test_csl_to_draft_reverses_draft_to_csl():
    draft = full_draft(doi="10.1000/xyz_123")
    assert csl_to_draft(draft_to_csl(draft)) == draft


def test_csl_to_draft_reads_particles_and_unknown_types():
    draft = csl_to_draft(
        {
            "id": "x",
            "type": "motion_picture",
            "author": [{"family": "Gogh", "non-dropping-particle": "van", "given": "Vincent"}],
            "issued": {"date-parts": [["1888", "5"]]},
        }
    )
    assert (draft.type, draft.authors, draft.year) == ("document", ["van Gogh, Vincent"], "1888")


def test_suggest_key_uses_family_name_and_year_then_letters():
    draft = full_draft(authors=["Marsh, Anna"], year="2021")
    assert suggest_key(draft, set()) == "marsh2021"
    assert suggest_key(draft, {"marsh2021"}) == "marsh2021a"
    assert suggest_key(draft, {"marsh2021", "marsh2021a"}) == "marsh2021b"
    assert suggest_key(full_draft(authors=["Björk, Gudrun"], year=""), set()) == "bjork"
    assert suggest_key(full_draft(authors=[], title="On the Origin", year="1859"), set()) == (
        "origin1859"
    )


def test_entry_types_are_labelled_csl_types():
    types = dict(ENTRY_TYPES)
    assert types["article-journal"] == "Journal article"
    assert types["document"] == "Other"
    assert len(types) == 10


# -- CSL-JSON ----------------------------------------------------------------------------------


def test_editing_a_csl_json_entry_keeps_the_other_entries_byte_identical(folder):
    path = folder / "refs.json"
    old = path.read_text(encoding="utf-8")
    before = loaded(path)
    draft = csl_to_draft(before["who2020"])
    draft.year, draft.place = "2019", "Genève"
    item = draft_to_csl(draft, before["who2020"])
    save_entry(path, item, "who2020")
    new = path.read_text(encoding="utf-8")
    start = old.index('{\n    "id": "who2020"')
    end = old.index("}\n  },", start) + 3
    changed = changed_region(old, new)
    assert start <= changed[0] and changed[1] <= end
    after = loaded(path)
    assert after["marsh2021"] == before["marsh2021"]
    assert after["björk1999"] == before["björk1999"]
    assert_same_fields(item, after["who2020"])
    assert '    "publisher-place": "Genève"' in new  # formatted like its neighbours


def test_adding_to_a_csl_json_file_appends_before_the_closing_bracket(folder):
    path = folder / "refs.json"
    old = path.read_text(encoding="utf-8")
    item = draft_to_csl(full_draft())
    save_entry(path, item)
    new = path.read_text(encoding="utf-8")
    last_end = old.rindex("}") + 1
    assert new[:last_end] == old[:last_end]
    assert new.endswith("\n  }\n]\n")
    assert '\n  {\n    "id": "berg2019",' in new
    entries = loaded(path)
    assert list(entries) == ["marsh2021", "who2020", "björk1999", "berg2019"]
    assert_same_fields(item, entries["berg2019"])


@pytest.mark.parametrize("empty", ["[]\n", "[\n]\n", "  [ ]"])
def test_adding_to_an_empty_csl_json_file(tmp_path, empty):
    path = tmp_path / "refs.json"
    path.write_text(empty, encoding="utf-8")
    item = draft_to_csl(full_draft())
    save_entry(path, item)
    assert_same_fields(item, loaded(path)["berg2019"])


def test_a_one_line_csl_json_file_stays_on_one_line(tmp_path):
    path = tmp_path / "refs.json"
    path.write_text('[{"id": "a", "type": "book", "title": "A"}]', encoding="utf-8")
    save_entry(path, draft_to_csl(full_draft()))
    text = path.read_text(encoding="utf-8")
    assert "\n" not in text
    assert text.startswith('[{"id": "a", "type": "book", "title": "A"}, {"id": "berg2019"')
    assert list(loaded(path)) == ["a", "berg2019"]


def test_tab_indented_csl_json_keeps_its_tabs(tmp_path):
    path = tmp_path / "refs.json"
    path.write_text('[\n\t{\n\t\t"id": "a",\n\t\t"title": "A"\n\t}\n]\n', encoding="utf-8")
    save_entry(path, draft_to_csl(full_draft(authors=[])))
    assert ',\n\t{\n\t\t"id": "berg2019",\n\t\t"type"' in path.read_text(encoding="utf-8")


def test_crlf_and_bom_are_kept(folder):
    for name in ("refs.json", "refs.bib"):
        path = folder / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
        save_entry(path, draft_to_csl(full_draft()))
        save_entry(path, draft_to_csl(full_draft(title="Changed")), "berg2019")
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        assert data.count(b"\n") == data.count(b"\r\n")
        assert loaded(path)["berg2019"]["title"] == "Changed"


# -- BibTeX / BibLaTeX -------------------------------------------------------------------------


def test_editing_a_bibtex_entry_keeps_the_other_entries_byte_identical(folder):
    path = folder / "refs.bib"
    old = path.read_text(encoding="utf-8")
    before = loaded(path)
    draft = csl_to_draft(before["marsh2021"])
    draft.volume, draft.url = "38", "https://example.org/marsh"
    item = draft_to_csl(draft, before["marsh2021"])
    save_entry(path, item, "marsh2021")
    new = path.read_text(encoding="utf-8")
    start, end = entry_span(old, "@Article{marsh2021")
    changed = changed_region(old, new)
    assert start <= changed[0] and changed[1] <= end
    # Unchanged fields keep their text, @string and braces included; changed ones are
    # replaced where they stood, in the entry's alignment.
    assert "  journaltitle = jcr,\n" in new
    assert "  title        = {Tidal Wetlands and {Carbon}},\n" in new
    assert "  volume       = {38},\n" in new
    assert "  url          = {https://example.org/marsh},\n" in new
    assert "  keywords     = {wetlands, carbon},\n}" in new
    after = loaded(path)
    assert after["who2020"] == before["who2020"]
    assert after["bjork1999"] == before["bjork1999"]
    assert_same_fields(item, after["marsh2021"])


def test_renaming_and_retyping_a_bibtex_entry(folder):
    path = folder / "refs.bib"
    before = loaded(path)
    draft = csl_to_draft(before["who2020"])
    draft.key, draft.type = "who2020book", "book"
    item = draft_to_csl(draft, before["who2020"])
    save_entry(path, item, "who2020")
    text = path.read_text(encoding="utf-8")
    assert "@Book{who2020book," in text
    assert "institution" not in text  # its publisher is now written as a book's
    after = loaded(path)
    assert "who2020" not in after
    assert_same_fields(item, after["who2020book"])


@pytest.mark.parametrize("suffix", [".bib", ".bibtex", ".biblatex"])
@pytest.mark.parametrize("csl_type", [csl_type for csl_type, _ in ENTRY_TYPES])
def test_every_type_round_trips_through_a_new_bibtex_entry(tmp_path, suffix, csl_type):
    path = tmp_path / f"refs{suffix}"
    path.write_text("@book{a, title = {A}}\n", encoding="utf-8")
    articles = csl_type.startswith("article-")
    draft = full_draft(type=csl_type, issue="3" if articles else "")
    item = draft_to_csl(draft)
    save_entry(path, item)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("@book{a, title = {A}}\n\n@")
    assert_same_fields(item, loaded(path)["berg2019"])


def test_a_new_bibtex_entry_escapes_and_protects(folder):
    path = folder / "refs.bib"
    old = path.read_text(encoding="utf-8")
    save_entry(path, draft_to_csl(full_draft(title="Tidal Marshes in the {UK}")))
    new = path.read_text(encoding="utf-8")
    assert new.startswith(old + "\n@Article{berg2019,\n")
    entry = new[len(old) :]
    assert (
        "  author    = {{van der Berg}, Jan and Marsh, Anna and {World Health Organization}},"
        in (entry)
    )
    assert r"  title     = {Tidal {Marshes} in the {\{UK\}}}," in entry
    assert r"  journaltitle = {Journal of Coastal \& Marine Research}," in entry
    assert "  pages     = {101--118}," in entry
    assert "  publisher = {{Smith and Sons}}," in entry
    assert loaded(path)["berg2019"]["title"] == "Tidal Marshes in the {UK}"


def test_appending_to_a_file_without_a_final_newline(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text("@book{a, title = {A}}", encoding="utf-8")
    save_entry(path, draft_to_csl(full_draft()))
    assert path.read_text(encoding="utf-8").startswith("@book{a, title = {A}}\n\n@article{")
    assert list(loaded(path)) == ["a", "berg2019"]


def test_editing_an_entry_of_a_real_jabref_file(shared_corpus, tmp_path):
    path = tmp_path / "jabref-authors.bib"
    # The corpus is read-only (0444), which saving rightly refuses: copy the text alone.
    shutil.copyfile(shared_corpus / "bibtex" / "jabref-authors.bib", path)
    old = path.read_text(encoding="utf-8")
    before = load_bibliography(path)
    draft = csl_to_draft(before.entries["GustafssonJohansson2015"])
    draft.pages = "2205-2209"
    item = draft_to_csl(draft, before.entries["GustafssonJohansson2015"])
    save_entry(path, item, "GustafssonJohansson2015")
    new = path.read_text(encoding="utf-8")
    start, end = entry_span(old, "@InProceedings{GustafssonJohansson2015,")
    changed = changed_region(old, new)
    assert start <= changed[0] and changed[1] <= end
    assert "  pages     = {2205--2209},\n" in new
    assert "  bibsource = {dblp computer science bibliography, http://dblp.org},\n" in new
    after = load_bibliography(path)
    assert after.problems == before.problems
    for key, entry in before.entries.items():
        if key != "GustafssonJohansson2015":
            assert after.entries[key] == entry
    assert_same_fields(item, after.entries["GustafssonJohansson2015"])


# -- refusals ----------------------------------------------------------------------------------


def test_save_entry_refusals(folder):
    item = draft_to_csl(full_draft())
    with pytest.raises(ValueError, match="'.ris' file"):
        save_entry(folder / "refs.ris", item)
    with pytest.raises(ValueError, match="no entry with the key 'nobody'"):
        save_entry(folder / "refs.bib", item, "nobody")
    with pytest.raises(ValueError, match="'marsh2021' is already used"):
        save_entry(folder / "refs.json", {**item, "id": "marsh2021"}, "who2020")
    with pytest.raises(FileError, match="missing.json: no such file"):
        save_entry(folder / "missing.json", item)
    broken = folder / "broken.json"
    broken.write_text('[{"id": "a"},\n {"id": }]', encoding="utf-8")
    with pytest.raises(FileError, match=r"broken.json:2: not valid JSON"):
        save_entry(broken, item)
    assert broken.read_text(encoding="utf-8") == '[{"id": "a"},\n {"id": }]'


# -- new files and front matter ----------------------------------------------------------------


def test_create_bibliography_makes_an_empty_csl_json_file(tmp_path):
    path = tmp_path / "references.json"
    create_bibliography(path)
    assert path.read_text(encoding="utf-8") == "[]\n"
    assert load_bibliography(path).problems == []
    save_entry(path, draft_to_csl(full_draft()))
    with pytest.raises(FileError, match="references.json: already exists"):
        create_bibliography(path)
    assert list(loaded(path)) == ["berg2019"]


def front_matter(text: str) -> dict:
    span = find_front_matter(text.split("\n"))
    assert span is not None
    return yaml.safe_load(span.yaml_text)


def test_bibliography_added_to_a_document_without_front_matter():
    text = "# Title\n\nBody.\n"
    result = add_bibliography_to_front_matter(text, "refs.json")
    assert result == "---\nbibliography: refs.json\n---\n\n# Title\n\nBody.\n"


def test_a_single_bibliography_becomes_a_list(fixtures):
    text = (fixtures / "bib_edit" / "article.md").read_text(encoding="utf-8")
    result = add_bibliography_to_front_matter(text, "more refs/new.json")
    assert front_matter(result)["bibliography"] == ["refs.bib", "more refs/new.json"]
    assert result == text.replace(
        "bibliography: refs.bib\n", "bibliography:\n  - refs.bib\n  - more refs/new.json\n"
    )
    assert add_bibliography_to_front_matter(result, "refs.bib") == result


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "title: T\n# notes\nlang: en\n",
            "title: T\n# notes\nlang: en\nbibliography: new.json\n",
        ),
        (
            "bibliography:\n    - a.bib\n    - b.json\nlang: en\n",
            "bibliography:\n    - a.bib\n    - b.json\n    - new.json\nlang: en\n",
        ),
        (
            "bibliography:\n- a.bib\n\n# more\nlang: en\n",
            "bibliography:\n- a.bib\n- new.json\n\n# more\nlang: en\n",
        ),
        (
            "bibliography: [a.bib, b.json]  # both\n",
            "bibliography: [a.bib, b.json, new.json]  # both\n",
        ),
        ("bibliography: []\n", "bibliography: [new.json]\n"),
        ("bibliography:\nlang: en\n", "bibliography: new.json\nlang: en\n"),
        ('bibliography: "a.bib"  # main\n', 'bibliography:  # main\n  - "a.bib"\n  - new.json\n'),
    ],
)
def test_bibliography_edits_in_front_matter(before, after):
    text = f"---\n{before}---\n\nBody [@a].\n"
    result = add_bibliography_to_front_matter(text, "new.json")
    assert result == f"---\n{after}---\n\nBody [@a].\n"
    assert "new.json" in front_matter(result)["bibliography"]


@pytest.mark.parametrize(
    "value",
    ["bibliography: new.json", "bibliography: [a.bib, new.json]", "bibliography:\n  - new.json"],
)
def test_a_bibliography_already_named_is_not_added_again(value):
    text = f"---\ntitle: T\n{value}\n---\n\nBody.\n"
    assert add_bibliography_to_front_matter(text, "new.json") == text


def test_awkward_file_names_are_quoted():
    result = add_bibliography_to_front_matter("---\nbibliography: [a.bib]\n---\n", "x, y.json")
    assert front_matter(result)["bibliography"] == ["a.bib", "x, y.json"]
    result = add_bibliography_to_front_matter("Body\n", "#refs: 1.json")
    assert front_matter(result)["bibliography"] == "#refs: 1.json"


# Text pandoc reads back exactly from what the writer writes. (pandoc 2.17 does not know
# \textbraceleft, \textbraceright, \textquotesingle and \textasciigrave, which a lone brace,
# a straight quote and a backquote are written as: its reader drops them.)
_PANDOC_EXACT = [
    "A {b} c",
    "x\\y",
    "50% & $5 #1 a_b ~x^",
    'say "hi"',
    "Émile Ørsted 漢字 😀",
    "a -- b --- c",
    "{DNA} of iPhones: a study",
    "Mind the {gap} and {{nested}}",
]


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is the oracle")
@pytest.mark.parametrize("suffix,variant", [(".bib", "biblatex"), (".bibtex", "bibtex")])
def test_pandoc_reads_back_what_the_form_wrote(tmp_path, suffix, variant):
    path = tmp_path / f"refs{suffix}"
    path.write_text("", encoding="utf-8")
    for number, text in enumerate(_PANDOC_EXACT):
        draft = EntryDraft(
            key=f"k{number}",
            type="book",
            authors=[f"{text}, Jan", "World and Co"],
            title=text,
            publisher=text,
            place=text,
        )
        save_entry(path, draft_to_csl(draft))
    run = subprocess.run(
        ["pandoc", "-f", variant, "-t", "csljson", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    read = {item["id"]: item for item in json.loads(run.stdout)}
    ours = loaded(path)
    for number, text in enumerate(_PANDOC_EXACT):
        item = read[f"k{number}"]
        assert (item["title"], item["publisher"], item["publisher-place"]) == (text,) * 3
        assert item["author"][1] == {"literal": "World and Co"}
        assert ours[f"k{number}"]["title"] == text


@pytest.mark.parametrize("suffix", [".bib", ".bibtex"])
def test_a_lone_brace_is_written_so_that_bibtex_keeps_the_entry(tmp_path, suffix):
    path = tmp_path / f"refs{suffix}"
    path.write_text("", encoding="utf-8")
    draft = full_draft(title="Open { brace", container="close } brace", authors=["Lee, {Min"])
    save_entry(path, draft_to_csl(draft))
    written = path.read_text(encoding="utf-8")
    # As BibTeX counts braces (a backslash does not hide one), every field is balanced.
    for line in written.splitlines()[1:-1]:
        assert line.count("{") == line.count("}"), line
    assert r"\textbraceleft{}" in written and r"\textbraceright{}" in written
    entry = loaded(path)["berg2019"]
    assert entry["title"] == "Open { brace"
    assert entry["container-title"] == "close } brace"
    assert entry["author"] == [{"family": "Lee", "given": "{Min"}]


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("url", "https://example.org/a{b", "lone '{' or '}'"),
        ("url", "https://example.org/a\\b", "backslash"),
        ("doi", "10.1000/x}", "lone '{' or '}'"),
        ("issue", "3", "Only articles"),
    ],
)
def test_what_bibtex_cannot_hold_verbatim_is_refused(field, value, message):
    draft = full_draft(type="book", **{field: value})
    if field != "issue":
        draft.issue = ""
    problems = validate(draft, set())
    assert [problem.field for problem in problems] == [field]
    assert message in problems[0].message


def test_balanced_braces_in_a_url_are_kept_verbatim(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text("", encoding="utf-8")
    draft = full_draft(url="https://example.org/{a}%20b#c")
    assert validate(draft, set()) == []
    save_entry(path, draft_to_csl(draft))
    assert loaded(path)["berg2019"]["URL"] == "https://example.org/{a}%20b#c"


def test_a_control_character_is_refused_by_the_form():
    problems = validate(full_draft(title="Dose\x00 finding"), set())
    assert [problem.field for problem in problems] == ["title"]


@pytest.mark.parametrize("suffix", [".bib", ".bibtex"])
def test_initials_in_a_family_name_read_back_unspaced(tmp_path, suffix):
    """Found by the property test: "A.A." in a family name came back as "A. A."."""
    path = tmp_path / f"refs{suffix}"
    path.write_text("", encoding="utf-8")
    name = {"family": "0 A.A.", "given": "x"}
    save_entry(path, {"id": "k1", "type": "book", "title": "T", "author": [name]})
    assert load_bibliography(path).entries["k1"]["author"] == [name]
