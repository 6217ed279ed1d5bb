"""Word import: a .docx made by pandoc and one saved by LibreOffice, read back as markdown,
its images in images/, its tracked changes and comments kept as review marks."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from editor.cli import main
from editor.core.import_docx import convert_office, settle_review_marks
from editor.core.pandoc_tool import find_pandoc

MARKDOWN = """---
title: A trial report
---

# Methods

Some *emphasis*, **strong** text and a [link](https://example.org/x).[^1]

- first
- second

| Measure | Week 4 |
|---------|-------:|
| PHQ-9   | 11     |

![A figure](dot.png)

[^1]: The note's text.
"""


def _word_file(folder: Path, markdown: str = MARKDOWN, name: str = "draft.docx") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), "red").save(folder / "dot.png")
    target = folder / name
    subprocess.run(
        [str(find_pandoc()), "--from=markdown", "-o", str(target)],
        input=markdown.encode(),
        cwd=folder,
        check=True,
    )
    return target


def _assert_structures(markdown: str) -> None:
    assert "# Methods" in markdown
    assert "*emphasis*" in markdown and "**strong**" in markdown
    assert "[link](https://example.org/x)" in markdown
    assert "[^1]" in markdown and "[^1]: The note's text." in markdown
    assert "- first" in markdown and "- second" in markdown
    assert "PHQ-9" in markdown and "Measure" in markdown


def test_a_docx_made_by_pandoc_becomes_markdown_with_its_images(tmp_path):
    source = _word_file(tmp_path / "from")
    target = tmp_path / "out" / "draft.md"
    target.parent.mkdir()
    assert main(["import", str(source), "-o", str(target)]) == 0
    markdown = target.read_text(encoding="utf-8")
    _assert_structures(markdown)
    assert "title: A trial report" in markdown
    images = list((tmp_path / "out" / "images").iterdir())
    assert len(images) == 1
    assert f"](images/{images[0].name})" in markdown
    assert Image.open(images[0]).size == (40, 30)
    assert source.stat().st_size > 0  # read, never changed


def test_an_existing_markdown_file_is_kept_unless_forced(tmp_path, capsys):
    source = _word_file(tmp_path)
    target = tmp_path / "draft.md"
    target.write_text("mine", encoding="utf-8")
    assert main(["import", str(source), "-o", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine"
    assert main(["import", str(source), "-o", str(target), "--force"]) == 0
    assert "# Methods" in target.read_text(encoding="utf-8")


def test_images_already_there_are_not_overwritten(tmp_path):
    source = _word_file(tmp_path / "from")
    name = convert_office(source, tmp_path / "first").images[0]  # the name pandoc gives
    images = tmp_path / "out" / "images"
    images.mkdir(parents=True)
    (images / name.name).write_bytes(b"someone else's")
    imported = convert_office(source, tmp_path / "out")
    assert (images / name.name).read_bytes() == b"someone else's"
    other = f"{name.stem}-2{name.suffix}"
    assert [path.name for path in imported.images] == [other]
    assert f"images/{other}" in imported.markdown


def test_a_broken_file_is_a_clear_error_naming_it(tmp_path, capsys):
    source = tmp_path / "broken.docx"
    source.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["import", str(source), "-o", str(tmp_path / "x.md")]) == 2
    assert str(source) in capsys.readouterr().err
    assert not (tmp_path / "x.md").exists()
    assert main(["import", str(tmp_path / "notes.rtf"), "-o", str(tmp_path / "x.md")]) == 2


def test_tracked_changes_and_comments_become_review_marks(tmp_path, capsys):
    reviewed = (
        "Text [newly added]{.insertion author=Ann date=2026-01-01T00:00:00Z} and "
        "[struck out]{.deletion author=Bo date=2026-01-01T00:00:00Z} "
        "[A remark]{.comment-start id=0 author=Ann date=2026-01-01T00:00:00Z}"
        "commented[]{.comment-end id=0} words.\n"
    )
    source = _word_file(tmp_path, reviewed)
    target = tmp_path / "draft.md"
    assert main(["import", str(source), "-o", str(target)]) == 0
    markdown = target.read_text(encoding="utf-8")
    # Each change signed by its reviewer; the comment on the words it was made on.
    assert (
        "Text {++newly added++}{>>Ann 2026-01-01:<<} and {--struck out--}{>>Bo 2026-01-01:<<} "
        in (markdown)
    )
    assert "{==commented==}{>>Ann 2026-01-01: A remark<<} words." in markdown
    assert "{." not in markdown  # no spans left behind
    err = capsys.readouterr().err
    assert "kept 1 tracked insertion, 1 tracked deletion and 1 comment as review marks" in err
    # The review parser reads them: the marks the Review panel will list.
    from editor.core.review.criticmarkup import parse

    kinds = [mark.kind.name for mark in parse(markdown).marks]
    assert kinds == ["INSERTION", "DELETION", "HIGHLIGHT"], kinds
    assert [mark.author for mark in parse(markdown).marks] == ["Ann", "Bo", "Ann"]


def test_settle_review_marks_writes_criticmarkup():
    span = {"t": "Span", "c": [["", ["insertion"], []], [{"t": "Str", "c": "kept"}]]}
    gone = {"t": "Span", "c": [["", ["deletion"], []], [{"t": "Str", "c": "gone"}]]}
    ast = {"blocks": [{"t": "Para", "c": [span, {"t": "Space"}, gone]}]}
    settled, marks = settle_review_marks(ast)
    raw = [
        node["c"][1] if node["t"] == "RawInline" else node.get("c")
        for node in settled["blocks"][0]["c"]
    ]
    assert raw == ["{++", "kept", "++}", None, "{--", "gone", "--}"]
    assert (marks.insertions, marks.deletions, marks.comments) == (1, 1, 0)


def _span(kind: str, text: str, **attributes: str) -> dict:
    pairs = [[key, value] for key, value in attributes.items()]
    return {"t": "Span", "c": [["", [kind], pairs], [{"t": "Str", "c": text}] if text else []]}


def test_a_replacement_and_comments_that_cannot_be_highlights():
    signed = {"author": "Ann", "date": "2026-01-01T10:00:00Z"}
    replaced = [_span("deletion", "old", **signed), _span("insertion", "new", **signed)]
    # A comment over a change and a comment spanning another comment's end stay comments.
    inlines = [
        *replaced,
        {"t": "Space"},
        _span("comment-start", "why", id="1", **signed),
        _span("insertion", "x"),
        _span("comment-end", "", id="1"),
        _span("comment-start", "across", id="2"),
        {"t": "Str", "c": "a"},
        _span("comment-start", "inner", id="3"),
        _span("comment-end", "", id="2"),
        _span("comment-end", "", id="3"),
    ]
    settled, marks = settle_review_marks({"blocks": [{"t": "Para", "c": inlines}]})
    text = "".join(
        node["c"][1] if node["t"] == "RawInline" else node.get("c", " ")
        for node in settled["blocks"][0]["c"]
    )
    assert text == (
        "{~~old~>new~~}{>>Ann 2026-01-01:<<} {++x++}{>>Ann 2026-01-01: why<<}"
        "{>>across<<}a{>>inner<<}"
    )
    assert (marks.insertions, marks.deletions, marks.comments) == (2, 1, 3)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_a_docx_saved_by_libreoffice_imports_too(tmp_path):
    made = _word_file(tmp_path / "pandoc")
    saved = tmp_path / "saved"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(saved),
            str(made),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    imported = convert_office(saved / "draft.docx", tmp_path / "out")
    _assert_structures(imported.markdown)
    assert len(imported.images) == 1
