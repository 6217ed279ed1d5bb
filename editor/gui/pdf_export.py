"""PDF export: the standalone HTML printed by QtWebEngine, so the PDF matches the preview."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QMarginsF,
    QObject,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineSettings

from editor.core.export_html import standalone_html
from editor.core.fileio import FileError
from editor.core.frontmatter import Metadata
from editor.core.render import RenderedDocument

# name: (Qt's page size, CSS's name for it)
PAPER_SIZES = {
    "a4": (QPageSize.PageSizeId.A4, "A4"),
    "a5": (QPageSize.PageSizeId.A5, "A5"),
    "letter": (QPageSize.PageSizeId.Letter, "letter"),
    "legal": (QPageSize.PageSizeId.Legal, "legal"),
}
_MM_PER_UNIT = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "bp": 25.4 / 72}
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(mm|cm|in|pt|bp)\s*$", re.IGNORECASE)
_SIDES = ("top", "right", "bottom", "left")
# setHtml passes the page as a data: URL, which Qt limits to 2 MB.
_SET_HTML_LIMIT = 2 * 1024 * 1024 - 4096
_TIMEOUT_MS = 300_000


@dataclass(frozen=True)
class PageSetup:
    """Paper and margins (top, right, bottom, left, in millimetres) of an exported PDF."""

    paper: str = "a4"
    margins_mm: tuple[float, float, float, float] = (25, 22, 25, 22)

    def page_layout(self) -> QPageLayout:
        """The layout Chromium is asked to print with (the CSS ``@page`` rule agrees)."""
        size_id, _ = PAPER_SIZES.get(self.paper, PAPER_SIZES["a4"])
        top, right, bottom, left = self.margins_mm
        return QPageLayout(
            QPageSize(size_id),
            QPageLayout.Orientation.Portrait,
            QMarginsF(left, top, right, bottom),
            QPageLayout.Unit.Millimeter,
        )

    def print_css(self) -> str:
        """An ``@page`` rule with this paper and these margins, and page numbers in the
        footer; placed after ``article.css`` so its size and margins win."""
        _, css_size = PAPER_SIZES.get(self.paper, PAPER_SIZES["a4"])
        margins = " ".join(f"{value:g}mm" for value in self.margins_mm)
        return (
            "@page {\n"
            f"  size: {css_size};\n"
            f"  margin: {margins};\n"
            "  @bottom-center {\n"
            '    content: counter(page) " / " counter(pages);\n'
            "    font: 9pt 'Charis SIL', 'DejaVu Serif', serif;\n"
            "    color: #444;\n"
            "  }\n"
            "}\n"
        )


def page_setup_from_metadata(
    metadata: Metadata | Mapping[str, Any], default: PageSetup | None = None
) -> PageSetup:
    """The page setup the front matter asks for, read as pandoc reads it: ``papersize``
    (``a4``, ``letter``, ``a4paper``...) and ``geometry`` (``margin=2cm`` or a list such as
    ``[top=2cm, left=3cm]``). Values it cannot read are ignored; what it does not say comes
    from ``default`` (the user's export preferences)."""
    extra = metadata.extra if isinstance(metadata, Metadata) else metadata
    default = default or PageSetup()
    paper = str(extra.get("papersize") or "").strip().lower().removesuffix("paper")
    if paper not in PAPER_SIZES:
        paper = default.paper
    margins = dict(zip(_SIDES, default.margins_mm, strict=True))
    geometry = extra.get("geometry") or []
    options = geometry if isinstance(geometry, list) else str(geometry).split(",")
    for option in options:
        key, _, value = str(option).partition("=")
        key = key.strip().lower()
        length = _millimetres(value)
        if length is None:
            continue
        if key == "margin":
            margins = dict.fromkeys(_SIDES, length)
        elif key in ("hmargin", "lrmargin"):
            margins.update(left=length, right=length)
        elif key in ("vmargin", "tbmargin"):
            margins.update(top=length, bottom=length)
        elif key in ("inner", "outer"):
            margins["left" if key == "inner" else "right"] = length
        elif key in _SIDES:
            margins[key] = length
    return PageSetup(paper, tuple(margins[side] for side in _SIDES))


def _millimetres(value: str) -> float | None:
    match = _LENGTH.match(value)
    if not match:
        return None
    return float(match.group(1)) * _MM_PER_UNIT[match.group(2).lower()]


def print_html(document: RenderedDocument, source_path: Path | None, page_setup: PageSetup) -> str:
    """The standalone page with images embedded and the page setup's ``@page`` rule."""
    base_dir = source_path.parent if source_path else None
    page = standalone_html(
        document, fallback_title=source_path.stem if source_path else "", base_dir=base_dir
    )
    head_end = page.index("</head>")
    rule = f'<style media="print">\n{page_setup.print_css()}</style>\n'
    return page[:head_end] + rule + page[head_end:]


class PdfExporter(QObject):
    """Prints one document to a PDF file in an offscreen page. The file appears whole or
    not at all: Chromium writes a temporary file beside the target, renamed over it when
    done. ``finished`` reports the outcome; ``progress`` each step."""

    progress = Signal(str)
    finished = Signal(bool, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._page: QWebEnginePage | None = None
        self._target: Path | None = None
        self._temporary: Path | None = None
        self._html_file: Path | None = None
        self._page_setup = PageSetup()

    @property
    def busy(self) -> bool:
        return self._page is not None

    def start(
        self,
        document: RenderedDocument,
        source_path: Path | None,
        target: Path,
        page_setup: PageSetup = PageSetup(),
    ) -> None:
        """Begin printing ``document`` to ``target``; raises ``FileError`` at once when the
        target's folder cannot take the file."""
        if self.busy:
            raise FileError(f"{target}: an export is already running")
        target = Path(target)
        folder = target.parent if str(target.parent) else Path(".")
        if not folder.is_dir():
            raise FileError(f"{target}: cannot write: folder {folder} does not exist")
        if target.is_dir():
            raise FileError(f"{target}: is a folder, not a file")
        html_text = print_html(document, source_path, page_setup)
        self._temporary = _reserve(target, ".pdf.tmp")
        self._target = target
        self._page_setup = page_setup
        page = QWebEnginePage(self)
        settings = page.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptEnabled, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.PluginsEnabled, False)
        page.loadFinished.connect(self._on_loaded)
        page.pdfPrintingFinished.connect(self._on_printed)
        self._page = page
        self.progress.emit(self.tr("Laying out the document"))
        data = html_text.encode("utf-8")
        base_url = QUrl.fromLocalFile(str(source_path.parent) + "/") if source_path else QUrl()
        if len(data) < _SET_HTML_LIMIT:
            page.setHtml(html_text, base_url)
            return
        try:
            self._html_file = _reserve(target, ".html.tmp")
            self._html_file.write_bytes(data)
        except (OSError, FileError) as error:
            self._finish(False, f"{target}: cannot write: {error}")
            return
        page.load(QUrl.fromLocalFile(str(self._html_file)))

    def _on_loaded(self, ok: bool) -> None:
        if self._page is None:
            return
        if not ok:
            self._finish(False, f"{self._target}: the document could not be laid out")
            return
        self.progress.emit(self.tr("Printing to PDF"))
        self._page.printToPdf(str(self._temporary), self._page_setup.page_layout())

    def _on_printed(self, path: str, ok: bool) -> None:
        if self._page is None or Path(path) != self._temporary:
            return
        if not ok:
            self._finish(False, f"{self._target}: cannot write the PDF")
            return
        try:
            _set_permissions(self._temporary, self._target)
            os.replace(self._temporary, self._target)
        except OSError as error:
            self._finish(False, f"{self._target}: cannot write: {error.strerror or error}")
            return
        self._finish(True, str(self._target))

    def _finish(self, ok: bool, message: str) -> None:
        for leftover in (self._temporary, self._html_file):
            if leftover is not None:
                # If it cannot be removed, leave it: never remove what might not be ours.
                with contextlib.suppress(OSError):
                    leftover.unlink(missing_ok=True)
        self._temporary = self._html_file = None
        if self._page is not None:
            self._page.deleteLater()
            self._page = None
        self.finished.emit(ok, message)

    def cancel(self) -> None:
        """Give up: the temporary files go, the target stays as it was."""
        if self.busy:
            self._finish(False, f"{self._target}: export cancelled")


def _reserve(target: Path, suffix: str) -> Path:
    """A new empty file beside ``target``, so the final rename stays on one file system."""
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=folder)
    except OSError as error:
        raise FileError(f"{target}: cannot write: {error.strerror or error}") from None
    os.close(handle)
    return Path(name)


def _set_permissions(temporary: Path, target: Path) -> None:
    """Keep an existing file's permissions; a new one gets the usual ones (umask)."""
    if target.exists():
        os.chmod(temporary, target.stat().st_mode & 0o7777)
        return
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)


def export_pdf(
    document: RenderedDocument,
    source_path: Path | None,
    target: Path,
    page_setup: PageSetup = PageSetup(),
) -> None:
    """Print ``document`` to ``target`` and wait until the file is written; raises
    ``FileError`` on failure. Needs a ``QApplication``; for the command line and tests."""
    exporter = PdfExporter()
    outcome: list[tuple[bool, str]] = []
    loop = QEventLoop()

    def done(ok: bool, message: str) -> None:
        outcome.append((ok, message))
        loop.quit()

    exporter.finished.connect(done)
    timer = QTimer(singleShot=True, interval=_TIMEOUT_MS)
    timer.timeout.connect(exporter.cancel)
    try:
        exporter.start(document, source_path, target, page_setup)
        if not outcome:
            timer.start()
            loop.exec()
    finally:
        timer.stop()
        exporter.deleteLater()
        # Let the page go now, before the application does.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    ok, message = outcome[0]
    if not ok:
        raise FileError(message)
