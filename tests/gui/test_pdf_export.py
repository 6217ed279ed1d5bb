"""PDF export: real PDFs printed by QtWebEngine, read back with poppler's tools."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from editor.core.fileio import FileError, read_text
from editor.core.frontmatter import Metadata
from editor.core.render import Renderer
from editor.gui.pdf_export import (
    PageSetup,
    PdfExporter,
    export_pdf,
    page_setup_from_metadata,
)

PROJECT = Path(__file__).resolve().parents[2]
SAMPLE = PROJECT / "resources" / "sample" / "article.md"

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdfinfo") and shutil.which("pdffonts")),
    reason="poppler-utils (pdftotext, pdfinfo, pdffonts) is not installed",
)


def run_export_without_display(*args: str) -> subprocess.CompletedProcess:
    """``article-editor export ARGS`` as a user without a screen would run it: no DISPLAY,
    no QT_QPA_PLATFORM; the command must bring up offscreen Qt itself."""
    hidden = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    env = {key: value for key, value in os.environ.items() if key not in hidden}
    return subprocess.run(
        [sys.executable, "-m", "editor", "export", *args],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def pdf_info(path: Path) -> dict[str, str]:
    output = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in output.stdout.splitlines())
    )


def pdf_text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    output = subprocess.run(
        ["pdftotext", *pages, str(path), "-"], capture_output=True, text=True, check=True
    )
    return output.stdout


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# -- page setup from the front matter -----------------------------------------------------


def test_default_page_setup_is_a4_with_the_stylesheet_margins():
    assert page_setup_from_metadata(Metadata()) == PageSetup("a4", (25, 22, 25, 22))


@pytest.mark.parametrize(
    ("papersize", "paper"),
    [("letter", "letter"), ("a4paper", "a4"), ("letterpaper", "letter"), ("A5", "a5"),
     ("legal", "legal"), ("b7", "a4"), (None, "a4")],
)  # fmt: skip
def test_papersize_is_read_as_pandoc_reads_it(papersize, paper):
    assert page_setup_from_metadata({"papersize": papersize}).paper == paper


def test_geometry_margin_sets_all_sides_in_any_unit():
    assert page_setup_from_metadata({"geometry": "margin=2cm"}).margins_mm == (20, 20, 20, 20)
    inch = page_setup_from_metadata({"geometry": "margin=1in"}).margins_mm
    assert inch == pytest.approx((25.4,) * 4)


def test_geometry_list_sets_single_sides_and_ignores_what_it_cannot_read():
    setup = page_setup_from_metadata({"geometry": ["top=2cm", "left=30mm", "bottom=72pt", "x"]})
    assert setup.margins_mm == pytest.approx((20, 22, 25.4, 30))
    assert page_setup_from_metadata({"geometry": "margin=wide"}).margins_mm == (25, 22, 25, 22)


def test_the_print_rule_sets_the_paper_margins_and_page_numbers():
    css = PageSetup("letter", (10, 20, 30, 40)).print_css()
    assert "size: letter;" in css and "margin: 10mm 20mm 30mm 40mm;" in css
    assert 'content: counter(page) " / " counter(pages);' in css


# -- real PDFs from the command line, without a display --------------------------------------


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("pdf") / "article.pdf"
    result = run_export_without_display(str(SAMPLE), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert f"Wrote {target}" in result.stdout
    return target


@needs_poppler
def test_sample_article_prints_to_a4_with_its_text_and_citations(sample_pdf):
    info = pdf_info(sample_pdf)
    assert re.match(r"59[45](\.\d+)? x 841(\.\d+)? pts \(A4\)", info["Page size"]), info
    assert int(info["Pages"]) > 1
    text = one_line(pdf_text(sample_pdf))
    assert "Ketamine-assisted psychotherapy for treatment-resistant depression" in text
    assert "What we mean by treatment resistance" in text
    assert "(Berman et al., 2000; Zarate et al., 2006)" in text
    assert "Rush, A.J. et al. (2006)" in text  # the reference list


@needs_poppler
def test_every_page_has_its_number_in_the_footer(sample_pdf):
    pages = int(pdf_info(sample_pdf)["Pages"])
    for number in range(1, pages + 1):
        lines = [line for line in pdf_text(sample_pdf, number).splitlines() if line.strip()]
        assert re.fullmatch(rf"{number}\s*/\s*{pages}", lines[-1].strip()), lines[-3:]


@needs_poppler
def test_fonts_are_embedded_and_links_kept(sample_pdf):
    fonts = subprocess.run(
        ["pdffonts", str(sample_pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the emb column
    assert b"/URI (https://" in sample_pdf.read_bytes()


@needs_poppler
def test_papersize_from_front_matter_and_from_the_command_line(tmp_path):
    source = tmp_path / "letter.md"
    source.write_text(
        "---\ntitle: On letter paper\npapersize: letter\ngeometry: margin=1in\n---\n\nText.\n",
        encoding="utf-8",
    )
    letter = tmp_path / "letter.pdf"
    assert run_export_without_display(str(source), "-o", str(letter)).returncode == 0
    assert pdf_info(letter)["Page size"] == "612 x 792 pts (letter)"
    assert "On letter paper" in pdf_text(letter)

    a5 = tmp_path / "a5.pdf"
    result = run_export_without_display(str(source), "-o", str(a5), "--papersize", "a5")
    assert result.returncode == 0, result.stderr
    assert "(A5)" in pdf_info(a5)["Page size"]


@needs_poppler
def test_to_pdf_overrides_the_extension(tmp_path, fixtures):
    target = tmp_path / "features.out"
    result = run_export_without_display(
        str(fixtures / "features.md"), "-o", str(target), "--to", "pdf"
    )
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"%PDF-")
    assert "Dosing and titration" in one_line(pdf_text(target))


# -- refusals: exit status 2, nothing written ---------------------------------------------


def test_unknown_format_is_refused_and_nothing_written(tmp_path, fixtures):
    for args in (["-o", str(tmp_path / "x.odt")], ["-o", str(tmp_path / "x.pdf"), "--to", "odt"]):
        result = run_export_without_display(str(fixtures / "features.md"), *args)
        assert result.returncode == 2
        assert "format" in result.stderr or "invalid choice" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_missing_input_leaves_an_existing_pdf_alone(tmp_path):
    target = tmp_path / "good.pdf"
    target.write_bytes(b"%PDF-1.4 the good one")
    result = run_export_without_display(str(tmp_path / "nope.md"), "-o", str(target))
    assert result.returncode == 2
    assert "nope.md: no such file" in result.stderr
    assert target.read_bytes() == b"%PDF-1.4 the good one"
    assert list(tmp_path.iterdir()) == [target]


def test_missing_output_folder_is_a_clear_error(tmp_path, fixtures):
    target = tmp_path / "missing" / "x.pdf"
    result = run_export_without_display(str(fixtures / "features.md"), "-o", str(target))
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert not target.parent.exists()


def test_output_that_is_a_folder_is_refused(tmp_path, fixtures):
    target = tmp_path / "folder.pdf"
    target.mkdir()
    result = run_export_without_display(str(fixtures / "features.md"), "-o", str(target))
    assert result.returncode == 2
    assert "is a folder" in result.stderr
    assert list(target.iterdir()) == []


# -- in-process: the exporter's own behaviour ---------------------------------------------


def render(path: Path):
    return Renderer().render(read_text(path), folder=path.parent)


def test_failed_printing_keeps_the_old_file_and_cleans_up(qapp, qtbot, tmp_path, fixtures):
    """Chromium cannot write its file (the temporary name was taken by a folder meanwhile):
    the export fails, the good PDF already there is untouched, no temporary file remains."""
    target = tmp_path / "out.pdf"
    target.write_bytes(b"%PDF-1.4 the good one")
    exporter = PdfExporter()
    steps: list[str] = []

    def sabotage(step: str) -> None:
        steps.append(step)
        if len(steps) == 2:  # printing is about to start
            (temporary,) = tmp_path.glob(".out.pdf.*.pdf.tmp")
            temporary.unlink()
            temporary.mkdir()

    exporter.progress.connect(sabotage)
    with qtbot.waitSignal(exporter.finished, timeout=60_000) as finished:
        exporter.start(render(fixtures / "features.md"), fixtures / "features.md", target)
    ok, message = finished.args
    assert not ok and message == f"{target}: cannot write the PDF"
    assert target.read_bytes() == b"%PDF-1.4 the good one"
    assert [path.is_dir() for path in tmp_path.glob(".out.pdf.*")] == [True]  # only our folder
    assert not exporter.busy


@needs_poppler
def test_large_documents_print_through_a_temporary_page(qapp, tmp_path, fixtures):
    """Over setHtml's 2 MB limit the page is loaded from a file beside the output, which goes
    away afterwards; the PDF keeps the existing file's permissions."""
    folder = tmp_path / "big"
    folder.mkdir()
    # A tiny picture carrying a 2.5 MB comment: 3.3 MB of page once embedded as a data URI.
    (folder / "big.png").write_bytes(padded_png(2_500_000))
    source = folder / "big.md"
    source.write_text("# A big one\n\n![A noisy figure](big.png)\n", encoding="utf-8")
    target = folder / "big.pdf"
    target.write_bytes(b"old")
    target.chmod(0o640)
    export_pdf(render(source), source, target, PageSetup("letter"))
    assert "A big one" in pdf_text(target)
    assert pdf_info(target)["Page size"] == "612 x 792 pts (letter)"
    assert (target.stat().st_mode & 0o777) == 0o640
    assert sorted(path.name for path in folder.iterdir()) == ["big.md", "big.pdf", "big.png"]


def padded_png(padding: int, width: int = 16, height: int = 16) -> bytes:
    """A grey RGB PNG with a ``padding``-byte text chunk, which viewers ignore."""
    rows = b"".join(b"\0" + b"\x80" * (width * 3) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"Comment\0" + b"x" * padding)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_export_pdf_raises_file_error_for_a_missing_folder(qapp, tmp_path, fixtures):
    with pytest.raises(FileError, match="does not exist"):
        export_pdf(render(fixtures / "features.md"), None, tmp_path / "no" / "x.pdf")
