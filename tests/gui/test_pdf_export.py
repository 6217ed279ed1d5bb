"""PDF export: real PDFs printed by QtWebEngine, read back with poppler's tools."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtWebEngineCore import QWebEngineUrlRequestInfo

from editor.core.fileio import FileError, read_text
from editor.core.page_setup import PAPER_SIZES, PageSetup
from editor.core.render import Renderer
from editor.gui.pdf_export import (
    QT_PAGE_SIZES,
    PdfExporter,
    PrintRequestGuard,
    export_pdf,
    page_layout,
)
from tests.test_hostile_export import write_hostile_document

PROJECT = Path(__file__).resolve().parents[2]
SAMPLE = PROJECT / "resources" / "sample" / "article.md"

needs_poppler = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdffonts", "pdfimages")),
    reason="poppler-utils (pdftotext, pdfinfo, pdffonts, pdfimages) is not installed",
)


def run_export_without_display(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
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
        timeout=timeout,
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


# -- the core's page setup as Qt prints it ----------------------------------------------------


def test_every_paper_size_has_a_qt_page_of_the_same_size():
    assert set(QT_PAGE_SIZES) == set(PAPER_SIZES)
    # Qt's sizes agree with the names the CSS @page rule uses, in millimetres.
    expected = {"a4": (210, 297), "a5": (148, 210), "letter": (215.9, 279.4),
                "legal": (215.9, 355.6)}  # fmt: skip
    for name in PAPER_SIZES:
        layout = page_layout(PageSetup(name, (10, 20, 30, 40)))
        size = layout.pageSize().size(QPageSize.Unit.Millimeter)
        assert (size.width(), size.height()) == pytest.approx(expected[name], abs=0.5)
        margins = layout.margins(QPageLayout.Unit.Millimeter)
        sides = (margins.top(), margins.right(), margins.bottom(), margins.left())
        assert sides == (10, 20, 30, 40)


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
def test_each_url_is_printed_once(sample_pdf):
    text = one_line(pdf_text(sample_pdf))
    doi = "https://doi.org/10.1016/S0006-3223(99)00230-9"
    assert text.count(doi) == 1, text[text.find("Berman, R.M.") :][:300]
    assert f"<{doi}>" not in text
    assert "Available at: https://doi.org/10.1001/archpsyc.63.8.856." in text


@needs_poppler
def test_a_link_with_other_text_still_shows_its_address_on_paper(tmp_path):
    source = tmp_path / "links.md"
    source.write_text(
        "See [the protocol](https://example.org/protocol) and <https://example.org/a>.\n",
        encoding="utf-8",
    )
    target = tmp_path / "links.pdf"
    assert run_export_without_display(str(source), "-o", str(target)).returncode == 0
    text = one_line(pdf_text(target))
    assert "the protocol <https://example.org/protocol>" in text
    assert text.count("https://example.org/a") == 1


@needs_poppler
def test_document_information_and_language_come_from_the_front_matter(tmp_path):
    source = tmp_path / "paper.md"
    source.write_text(
        "---\ntitle: Dosing *and* titration\nauthor: [Ann Smith, Bo Li]\nlang: en-GB\n"
        "keywords: [dosing, ketamine]\nabstract: A short   summary.\n---\n\n# One\n\nText.\n",
        encoding="utf-8",
    )
    target = tmp_path / "paper.pdf"
    assert run_export_without_display(str(source), "-o", str(target)).returncode == 0
    info = pdf_info(target)
    assert info["Title"] == "Dosing and titration"
    assert info["Author"] == "Ann Smith; Bo Li"
    assert info["Subject"] == "A short summary."
    assert info["Keywords"] == "dosing, ketamine"
    assert info["Metadata Stream"] == "yes"  # XMP too
    import pikepdf

    with pikepdf.open(target) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"


@needs_poppler
def test_bookmarks_follow_the_headings_nested_and_on_their_pages(sample_pdf):
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", str(sample_pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    outline = xml[xml.index("<outline>") :]
    items = re.findall(r'<item page="(\d+)">([^<]*)</item>|(<outline>)|(</outline>)', outline)
    depth, found = 0, []
    for page, title, opening, closing in items:
        if opening:
            depth += 1
        elif closing:
            depth -= 1
        else:
            found.append((depth, title, int(page)))
    titles = [(depth, title) for depth, title, _ in found]
    assert titles[:3] == [
        (1, "Background"),
        (2, "What we mean by treatment resistance"),
        (1, "How this review was put together"),
    ]
    assert (1, "References") in titles
    # Each bookmark's page is the one where the heading is printed.
    for _, title, page in found:
        assert title.replace("“", "").replace("”", "")[:25] in one_line(
            pdf_text(sample_pdf, page)
        ).replace("“", "").replace("”", ""), (title, page)
    assert _page_mode(sample_pdf) == "/UseOutlines"  # viewers open the bookmarks


def _page_mode(path: Path) -> str:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return str(pdf.Root.get("/PageMode"))


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
    for args in (["-o", str(tmp_path / "x.rtf")], ["-o", str(tmp_path / "x.pdf"), "--to", "rtf"]):
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


def noisy_png(path: Path, width: int, height: int, seed: int = 7) -> None:
    """A photo-sized PNG of random pixels, which no compression makes small."""
    from PySide6.QtGui import QImage

    pixels = random.Random(seed).randbytes(width * height * 3)
    image = QImage(pixels, width, height, width * 3, QImage.Format.Format_RGB888)
    assert image.save(str(path), "PNG")


def pdf_images(path: Path) -> list[tuple[int, int, int]]:
    """(page, width, height) of each image in the PDF, from ``pdfimages -list``."""
    output = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split() for line in output.splitlines()[2:] if line.strip()]
    return [(int(row[0]), int(row[3]), int(row[4])) for row in rows]


PHOTO_ARTICLE = """\
---
title: The harbour at dawn
---

Taken from the sea wall, before the boats went out.

![The harbour, looking east](harbour.png)

The light lasted about ten minutes.
"""


@needs_poppler
def test_an_article_with_a_photo_prints_the_photo_quickly(tmp_path):
    """A five-line article beside a 1.5 MB photo: embedded as base64 its page passed 2 MB
    and could not be laid out; read from the folder it prints in about a second."""
    folder = tmp_path / "harbour"
    folder.mkdir()
    noisy_png(folder / "harbour.png", 720, 700)
    assert (folder / "harbour.png").stat().st_size > 1_500_000
    source = folder / "harbour.md"
    source.write_text(PHOTO_ARTICLE, encoding="utf-8")
    target = folder / "harbour.pdf"
    started = time.monotonic()
    result = run_export_without_display(str(source), "-o", str(target))
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert pdf_images(target) == [(1, 720, 700)]
    text = one_line(pdf_text(target))
    assert "The harbour at dawn" in text and "The light lasted about ten minutes." in text
    assert elapsed < 30, elapsed  # about 1 s on the project's machine (README)
    assert sorted(path.name for path in folder.iterdir()) == [
        "harbour.md", "harbour.pdf", "harbour.png"
    ]  # fmt: skip


@pytest.mark.slow
@needs_poppler
def test_a_300000_word_book_prints_as_a_book_not_as_its_source(tmp_path):
    """Its page is over 2 MB, so it was loaded from a ``.html.tmp`` file that Chromium
    printed as text: 720 pages of markup, exit status 0. Now it is laid out."""
    from benchmarks.synthetic import make_book

    source = tmp_path / "book.md"
    source.write_text(make_book(300_000), encoding="utf-8")
    target = tmp_path / "book.pdf"
    result = run_export_without_display(str(source), "-o", str(target), timeout=600)
    assert result.returncode == 0, result.stderr
    assert int(pdf_info(target)["Pages"]) > 400
    first = one_line(pdf_text(target, 1))
    assert "<html" not in first and "<!DOCTYPE" not in first and "<p>" not in first
    assert first.startswith("A generated book Benchmark Section 1:"), first[:200]
    last_heading = re.findall(r"^#+ (Section \d+: \w+ review)$", source.read_text(), re.M)[-1]
    assert last_heading in one_line(pdf_text(target))
    assert "</" not in pdf_text(target)


def test_the_page_is_printed_from_a_private_html_file_removed_afterwards(
    qapp, qtbot, tmp_path, monkeypatch
):
    """Never beside the document nor the PDF; an ``.html`` name, so Chromium reads HTML;
    the PDF keeps the existing file's permissions."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    folder = tmp_path / "doc"
    folder.mkdir()
    noisy_png(folder / "small.png", 40, 30)
    source = folder / "a.md"
    source.write_text("# Small\n\n![a small one](small.png)\n", encoding="utf-8")
    target = folder / "a.pdf"
    target.write_bytes(b"old")
    target.chmod(0o640)
    seen: list[tuple[list[Path], int]] = []

    def look(_step: str) -> None:
        found = sorted(temporary.rglob("*"))
        seen.append((found, found[0].stat().st_mode & 0o777))

    exporter = PdfExporter()
    exporter.progress.connect(look)
    with qtbot.waitSignal(exporter.finished, timeout=60_000) as finished:
        exporter.start(render(source), source, target, PageSetup("letter"))
    assert finished.args == [True, str(target)]
    ((private, page), mode), *_ = seen
    assert private.name.startswith("article-editor-print-") and page == private / "page.html"
    assert mode == 0o700  # mkdtemp's: only ours to read
    assert list(temporary.iterdir()) == []
    assert sorted(path.name for path in folder.iterdir()) == ["a.md", "a.pdf", "small.png"]
    assert (target.stat().st_mode & 0o777) == 0o640
    assert pdf_info(target)["Page size"] == "612 x 792 pts (letter)"
    assert exporter.blocked_requests == []
    assert pdf_images(target) == [(1, 40, 30)]


def test_a_page_read_as_text_is_an_error_not_a_pdf_of_markup(qapp, qtbot, tmp_path, monkeypatch):
    """Given the old ``.html.tmp`` name back, Chromium shows the page's source as text: the
    exporter sees that before printing, fails, and leaves the good PDF as it was."""
    import editor.gui.pdf_export as pdf_export

    monkeypatch.setattr(pdf_export, "_PAGE_NAME", "page.html.tmp")
    source = tmp_path / "a.md"
    source.write_text("# Title\n\nProse.\n", encoding="utf-8")
    target = tmp_path / "a.pdf"
    target.write_bytes(b"%PDF-1.4 the good one")
    exporter = PdfExporter()
    with qtbot.waitSignal(exporter.finished, timeout=60_000) as finished:
        exporter.start(render(source), source, target)
    ok, message = finished.args
    assert not ok
    assert message == f"{target}: the document could not be laid out (read as text/plain)"
    assert target.read_bytes() == b"%PDF-1.4 the good one"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.md", "a.pdf"]


@needs_poppler
def test_the_print_page_fetches_nothing_remote_and_no_file_outside_the_folder(
    qapp, qtbot, tmp_path, web_server
):
    source = write_hostile_document(tmp_path, remote=web_server.url)
    target = tmp_path / "hostile.pdf"
    exporter = PdfExporter()
    with qtbot.waitSignal(exporter.finished, timeout=60_000) as finished:
        exporter.start(render(source), source, target)
    assert finished.args == [True, str(target)]
    assert web_server.requests == []
    # inside.png, once; not outside.png (7 x 5) nor the server's (11 x 3). The blocked ones
    # are drawn as Chromium's broken-image icon, as in the preview.
    sizes = [(width, height) for _page, width, height in pdf_images(target)]
    assert sizes.count((9, 4)) == 1 and (7, 5) not in sizes and (11, 3) not in sizes, sizes
    # Remote images never get as far as the guard (a local page may not reach the web).
    assert exporter.blocked_requests == [(tmp_path / "outside.png").as_uri()]
    assert "Last paragraph." in pdf_text(target)


def test_the_print_guard_allows_the_page_and_the_folder_s_images_only(qapp, tmp_path):
    folder = tmp_path / "doc"
    (folder / "figures").mkdir(parents=True)
    (tmp_path / "escape").symlink_to(tmp_path)  # a way out, for realpath to settle
    (folder / "up").symlink_to(tmp_path)
    page = tmp_path / "print" / "page.html"
    guard = PrintRequestGuard(page, folder)
    image = QWebEngineUrlRequestInfo.ResourceType.ResourceTypeImage
    frame = QWebEngineUrlRequestInfo.ResourceType.ResourceTypeMainFrame

    def allowed(url: str, kind=image) -> bool:
        return guard.allows(QUrl(url), kind)

    assert allowed(page.as_uri(), frame)
    assert allowed((folder / "figures" / "a.png").as_uri())
    assert allowed("data:image/png;base64,AAAA")
    assert not allowed((folder / "figures" / "a.png").as_uri(), frame)  # images only
    assert not allowed((tmp_path / "print" / "other.html").as_uri(), frame)
    assert not allowed((folder / "up" / "secret.png").as_uri())
    assert not allowed(folder.as_uri() + "/../secret.png")
    for remote in ("https://example.org/x.png", "http://127.0.0.1:9/x.png", "ftp://h/x.png"):
        assert not allowed(remote)
    assert not PrintRequestGuard(page, None).allows(QUrl((folder / "a.png").as_uri()), image)


def test_a_full_disk_says_so_and_leaves_the_pdf_alone(full_disk, fixtures):
    target = full_disk / "out.pdf"
    result = run_export_without_display(str(fixtures / "features.md"), "-o", str(target))
    assert result.returncode == 2
    assert f"{target}: cannot write: No space left on device" in result.stderr
    assert target.read_bytes() == b"%PDF-1.4 the good one"
    assert sorted(path.name for path in full_disk.iterdir()) == ["filler", "out.pdf"]


def test_export_pdf_raises_file_error_for_a_missing_folder(qapp, tmp_path, fixtures):
    with pytest.raises(FileError, match="does not exist"):
        export_pdf(render(fixtures / "features.md"), None, tmp_path / "no" / "x.pdf")


@needs_poppler
def test_a_numbered_reference_list_prints_each_number_apart_from_its_text(tmp_path, fixtures):
    shutil.copy(fixtures / "cite" / "refs.json", tmp_path / "refs.json")
    source = tmp_path / "numbered.md"
    source.write_text(
        "---\nbibliography: refs.json\ncsl: nature\n---\n\nAs shown [@marsh2021; @lee2019].\n",
        encoding="utf-8",
    )
    target = tmp_path / "numbered.pdf"
    assert run_export_without_display(str(source), "-o", str(target)).returncode == 0
    assert "1.Marsh" not in one_line(pdf_text(target))
    # the number in a column of its own, the text beside it (as the page shows it)
    shown = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line.strip() for line in shown.splitlines() if line.strip()]
    assert any(re.fullmatch(r"1\.\s+Marsh, E\. & Okafor, S\. Ketamine.*", line) for line in lines)
    # Nature title-cases the book title, hyphenated parts too, as citeproc-js prints it
    assert any(re.fullmatch(r"2\.\s+Lee, J\. Psychedelic-Assisted.*", line) for line in lines)
