"""The Word export read back with python-docx: Word's own structures, the HTML export's
citation text, a journal template's styles, and LibreOffice opening the file."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from lxml import html as lxml_html

from editor.cli import main
from editor.core.export_docx import reference_doc_for
from editor.core.fileio import FileError
from editor.core.pandoc_tool import _version_of, find_pandoc
from editor.core.resources import resource_path

SAMPLE = resource_path("sample", "article.md")
W_FOOTNOTE = qn("w:footnote")


def _export(source: Path, target: Path, *extra: str) -> docx.document.Document:
    assert main(["export", str(source), "-o", str(target), *extra]) == 0
    return docx.Document(str(target))


def _text(value: str) -> str:
    return " ".join(value.split())


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory) -> docx.document.Document:
    return _export(SAMPLE, tmp_path_factory.mktemp("docx") / "article.docx")


@pytest.fixture(scope="module")
def features_docx(tmp_path_factory) -> docx.document.Document:
    folder = tmp_path_factory.mktemp("features")
    source = Path(__file__).parent.parent / "fixtures" / "features.md"
    text = source.read_text(encoding="utf-8") + (
        "\n### Third\n\n#### Fourth\n\n##### Fifth\n\n###### Sixth\n\n"
        "Some **bold**, *italic* and `code` text.\n\n1. one\n2. two\n"
    )
    (folder / "features.md").write_text(text, encoding="utf-8")
    shutil.copy(source.parent / "figure.svg", folder / "figure.svg")
    return _export(folder / "features.md", folder / "features.docx")


def _styles(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs]


def test_title_block_becomes_words_title_subtitle_author_and_date(features_docx):
    styles = _styles(features_docx)
    assert styles[:5] == [
        ("Title", "Dosing and titration"),
        ("Subtitle", "A worked example"),
        ("Author", "Ann Smith"),
        ("Author", "Bo Li"),
        ("Date", "2026-11-27"),
    ]
    title_runs = features_docx.paragraphs[0].runs
    assert [run.text for run in title_runs if run.italic] == ["and"]  # the title's *and*


def test_headings_use_words_heading_styles(features_docx):
    headings = [(style, text) for style, text in _styles(features_docx) if "Heading" in style]
    assert headings == [
        ("Heading 1", "Introduction"),
        ("Heading 2", "Introduction"),
        ("Heading 3", "Third"),
        ("Heading 4", "Fourth"),
        ("Heading 5", "Fifth"),
        ("Heading 6", "Sixth"),
    ]


def test_document_properties_come_from_the_front_matter(sample_docx):
    properties = sample_docx.core_properties
    assert properties.title == (
        "Ketamine-assisted psychotherapy for treatment-resistant depression"
    )
    assert properties.author == "Eleanor Marsh; Samuel Okafor"
    assert properties.keywords == (
        "ketamine, psychotherapy, treatment-resistant depression, narrative review"
    )
    assert properties.language == "en-GB"


def test_footnotes_are_real_word_footnotes(sample_docx):
    parts = [
        rel.target_part
        for rel in sample_docx.part.rels.values()
        if rel.reltype.endswith("/footnotes")
    ]
    assert len(parts) == 1
    xml = etree.fromstring(parts[0].blob)
    notes = [
        note
        for note in xml.iter(W_FOOTNOTE)
        if note.get(qn("w:type")) is None  # not the separator notes
    ]
    texts = ["".join(t.text or "" for t in note.iter(qn("w:t"))) for note in notes]
    assert len(notes) == 3
    assert texts[0].strip().startswith("The “window of plasticity” idea")
    assert "↩" not in "".join(texts)  # the HTML's back links are gone
    references = sample_docx.element.body.findall(".//" + qn("w:footnoteReference"))
    assert len(references) == 3
    # No endnotes section left in the body: the notes live only in Word's footnotes.
    assert not any("window of plasticity" in p.text for p in sample_docx.paragraphs)


def test_tables_lists_quotes_code_and_links_are_words_own(features_docx):
    assert len(features_docx.tables) == 1
    rows = [[cell.text for cell in row.cells] for row in features_docx.tables[0].rows]
    assert rows == [["Measure", "Baseline", "Week 4"], ["PHQ-9", "19", "11"]]
    body = features_docx.element.body
    numbered = [
        p.text
        for p in features_docx.paragraphs
        if p._p.pPr is not None and p._p.pPr.numPr is not None
    ]
    assert numbered == ["first", "second", "one", "two"]
    styles = dict((text, style) for style, text in _styles(features_docx))
    assert styles["A quoted line."] == "Block Text"
    assert styles['dose = "unchanged -- here"'] == "Source Code"
    emphasis = next(p for p in features_docx.paragraphs if p.text.startswith("Some bold"))
    assert [r.text for r in emphasis.runs if r.bold] == ["bold"]
    assert [r.text for r in emphasis.runs if r.italic] == ["italic"]
    assert [r.text for r in emphasis.runs if r.style.name == "Verbatim Char"] == ["code"]
    links = {
        features_docx.part.rels[link.get(qn("r:id"))].target_ref
        for link in body.iter(qn("w:hyperlink"))
        if link.get(qn("r:id"))
    }
    assert {"https://example.org/a", "https://example.org", "https://example.org/protocol"} <= links


def test_images_are_embedded_no_wider_than_the_text(features_docx):
    shapes = features_docx.inline_shapes
    assert len(shapes) == 1
    # pandoc's default page leaves 6.5 inches between the margins (its reference.docx's).
    assert 0 < shapes[0].width <= docx.shared.Inches(6.5)
    images = [rel.target_part for rel in features_docx.part.rels.values() if "image" in rel.reltype]
    assert images and b"<svg" in images[0].blob
    caption = next(p for p in features_docx.paragraphs if p.style.name == "Image Caption")
    assert caption.text == "Scores by week"


def test_citations_and_references_are_the_html_exports_text(tmp_path, sample_docx):
    assert main(["export", str(SAMPLE), "-o", str(tmp_path / "a.html")]) == 0
    page = lxml_html.fromstring((tmp_path / "a.html").read_bytes())
    citations = [_text(span.text_content()) for span in page.find_class("citation")]
    entries = [_text(div.text_content()) for div in page.find_class("csl-entry")]
    assert len(citations) >= 5 and len(entries) >= 5
    body = "\n".join(_text(p.text) for p in sample_docx.paragraphs)
    for citation in citations:
        assert citation in body
    bibliography = [_text(p.text) for p in sample_docx.paragraphs if p.style.name == "Bibliography"]
    assert bibliography == entries


def test_reference_doc_styles_are_carried_into_the_output(tmp_path):
    template = tmp_path / "journal.docx"
    template.write_bytes(
        subprocess.run(
            [str(find_pandoc()), "--print-default-data-file", "reference.docx"],
            capture_output=True,
            check=True,
        ).stdout
    )
    journal = docx.Document(str(template))
    journal.styles["Heading 1"].font.name = "Liberation Mono"
    journal.styles["Heading 1"].font.size = docx.shared.Pt(23)
    journal.save(str(template))
    source = tmp_path / "paper.md"
    source.write_text("---\nreference-doc: journal.docx\n---\n\n# Methods\n\nText.\n", "utf-8")
    for extra in ((), ("--reference-doc", str(template))):
        output = _export(source, tmp_path / "paper.docx", *extra)
        style = output.styles["Heading 1"]
        assert style.font.name == "Liberation Mono"
        assert style.font.size == docx.shared.Pt(23)


def test_missing_reference_doc_is_a_clear_error(tmp_path, capsys):
    source = tmp_path / "paper.md"
    source.write_text("---\nreference-doc: nowhere.docx\n---\n\nText.\n", "utf-8")
    assert main(["export", str(source), "-o", str(tmp_path / "paper.docx")]) == 2
    assert f"{tmp_path / 'nowhere.docx'}: reference document not found" in capsys.readouterr().err
    assert not (tmp_path / "paper.docx").exists()
    with pytest.raises(FileError):
        reference_doc_for({}, tmp_path, tmp_path / "absent.docx")


def test_remote_and_outside_images_are_not_fetched(tmp_path):
    (tmp_path / "doc").mkdir()
    (tmp_path / "secret.png").write_bytes(b"\x89PNG not really")
    source = tmp_path / "doc" / "paper.md"
    source.write_text(
        "![remote](http://127.0.0.1:9/x.png)\n\n![outside](../secret.png)\n\nText.\n", "utf-8"
    )
    output = _export(source, tmp_path / "paper.docx")
    assert len(output.inline_shapes) == 0
    assert "Text." in [p.text for p in output.paragraphs]


def test_odt_export_through_the_same_path(tmp_path):
    target = tmp_path / "article.odt"
    assert main(["export", str(SAMPLE), "-o", str(target)]) == 0
    assert target.read_bytes()[:2] == b"PK"
    assert b"application/vnd.oasis.opendocument.text" in target.read_bytes()[:200]


def test_the_shipped_pandoc_is_preferred_to_an_old_one(monkeypatch):
    old = shutil.which("pandoc")
    if old is None or (_version_of(Path(old)) or (9, 0)) >= (3, 0):
        pytest.skip("no pandoc 2 on PATH to prefer against")
    monkeypatch.setenv("ARTICLE_EDITOR_PANDOC", old)
    assert _version_of(find_pandoc()) >= (3, 0)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_the_docx_and_lays_it_out(tmp_path):
    target = tmp_path / "article.docx"
    assert main(["export", str(SAMPLE), "-o", str(target)]) == 0
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(target),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    pdf = tmp_path / "article.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "What clinicians need to know" in text
    assert "References" in text and "Berman" in text
    pages = int(re.search(r"Pages:\s+(\d+)", _pdfinfo(pdf)).group(1))
    assert pages >= 4
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    png = next(tmp_path.glob("page*.png"))
    assert png.stat().st_size > 2000  # a page with text on it, not a blank one


def _pdfinfo(pdf: Path) -> str:
    return subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
