"""PDF export: the standalone HTML printed by QtWebEngine, so the PDF matches the preview, then
given its metadata and bookmarks by ``core.pdf_finish``."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
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
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)

from editor.core.fileio import FileError, write_bytes_atomic
from editor.core.page_setup import DEFAULT_PAPER, PageSetup, print_html
from editor.core.pdf_finish import finish_pdf
from editor.core.render import RenderedDocument

# Qt's page size for each of the core's paper sizes (a test checks none is missing).
QT_PAGE_SIZES = {
    "a4": QPageSize.PageSizeId.A4,
    "a5": QPageSize.PageSizeId.A5,
    "letter": QPageSize.PageSizeId.Letter,
    "legal": QPageSize.PageSizeId.Legal,
}
# Chromium takes a local file's type from its suffix: anything but .html may print as text.
_PAGE_NAME = "page.html"
_WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld
# "article" when the loaded page is the article laid out as HTML, else what it was read as.
_LAID_OUT_CHECK = (
    "document.contentType !== 'text/html' ? document.contentType"
    " : document.querySelector('main.article') ? 'article' : 'a page without the article'"
)
_TIMEOUT_MS = 300_000
DEFAULT_PAGE_SETUP = PageSetup()


def page_layout(page_setup: PageSetup) -> QPageLayout:
    """The layout Chromium is asked to print with (the page's CSS ``@page`` rule agrees)."""
    size_id = QT_PAGE_SIZES.get(page_setup.paper, QT_PAGE_SIZES[DEFAULT_PAPER])
    top, right, bottom, left = page_setup.margins_mm
    return QPageLayout(
        QPageSize(size_id),
        QPageLayout.Orientation.Portrait,
        QMarginsF(left, top, right, bottom),
        QPageLayout.Unit.Millimeter,
    )


class PrintRequestGuard(QWebEngineUrlRequestInterceptor):
    """Decides every request the print page makes: the page's own file, and images inside the
    document's folder; nothing else, and nothing from the network, whatever the preview
    allows. ``blocked`` lists the URLs refused, for tests and diagnostics."""

    def __init__(self, page_file: Path, folder: Path | None, parent: QObject | None = None):
        super().__init__(parent)
        self._page_file = os.path.realpath(page_file)
        self._folder = Path(os.path.realpath(folder)) if folder is not None else None
        self.blocked: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 - Qt's API
        url = info.requestUrl()
        if not self.allows(url, info.resourceType()):
            self.blocked.append(url.toString())
            info.block(True)

    def allows(self, url: QUrl, resource_type: QWebEngineUrlRequestInfo.ResourceType) -> bool:
        scheme = url.scheme().lower()
        if scheme == "data":
            return True
        if scheme != "file" or not url.toLocalFile():
            return False
        # realpath settles ".." and symbolic links, so neither leads out of the folder.
        path = os.path.realpath(url.toLocalFile())
        if path == self._page_file:
            return True
        return (
            resource_type == QWebEngineUrlRequestInfo.ResourceType.ResourceTypeImage
            and self._folder is not None
            and Path(path).is_relative_to(self._folder)
        )


class PdfExporter(QObject):
    """Prints one document to a PDF file in an offscreen page, of any length: the page is
    written to a ``.html`` file in a private temporary folder and loaded from there (a
    ``setHtml`` data URL stops at 2 MB), its requests held to that file and the document's
    images by a ``PrintRequestGuard``. The file appears whole or not at all, and only when
    the page laid out was the article (never its source as text): the PDF arrives in memory
    and is written beside the target, then renamed over it. ``finished`` reports the
    outcome; ``progress`` each step."""

    progress = Signal(str)
    finished = Signal(bool, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._page: QWebEnginePage | None = None
        self._target: Path | None = None
        self._document: RenderedDocument | None = None
        self._fallback_title = ""
        self._html_folder: Path | None = None
        self._page_setup = PageSetup()
        self._guard: PrintRequestGuard | None = None
        self._job = 0  # counts exports, so a late answer for a cancelled one is dropped
        self.blocked_requests: list[str] = []  # what the last export's guard refused

    @property
    def busy(self) -> bool:
        return self._page is not None

    def start(
        self,
        document: RenderedDocument,
        source_path: Path | None,
        target: Path,
        page_setup: PageSetup = DEFAULT_PAGE_SETUP,
    ) -> None:
        """Begin printing ``document`` to ``target``; raises ``FileError`` at once when the
        target's folder cannot take the file or the page cannot be written."""
        if self.busy:
            raise FileError(f"{target}: an export is already running")
        target = Path(target)
        folder = target.parent if str(target.parent) else Path(".")
        if not folder.is_dir():
            raise FileError(f"{target}: cannot write: folder {folder} does not exist")
        if target.is_dir():
            raise FileError(f"{target}: is a folder, not a file")
        html_text = print_html(document, source_path, page_setup)
        # Never beside the document: its folder may be read-only, synced or watched.
        try:
            html_folder = Path(tempfile.mkdtemp(prefix="article-editor-print-"))
        except OSError as error:
            raise FileError(
                f"{target}: cannot lay out the document: {error.strerror or error}"
            ) from None
        page_file = html_folder / _PAGE_NAME
        try:
            page_file.write_text(html_text, encoding="utf-8")
        except OSError as error:
            shutil.rmtree(html_folder, ignore_errors=True)
            raise FileError(
                f"{target}: cannot lay out the document: {page_file}: {error.strerror or error}"
            ) from None
        self._html_folder = html_folder
        self._target = target
        self._document = document
        self._fallback_title = source_path.stem if source_path else ""
        self._page_setup = page_setup
        # A profile of its own, as the preview has, so the guard decides every request of
        # this page and of no other. Off the record: nothing of the document is kept on disk.
        # The page owns it, so the page is gone before its profile.
        profile = QWebEngineProfile()
        guard = PrintRequestGuard(page_file, source_path.parent if source_path else None, profile)
        profile.setUrlRequestInterceptor(guard)
        self._guard = guard  # Qt calls its Python method only while the wrapper lives
        page = QWebEnginePage(profile, self)
        profile.setParent(page)
        self.blocked_requests = guard.blocked  # outlives the guard, which goes with the page
        settings = page.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptEnabled, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.PluginsEnabled, False)
        settings.setAttribute(
            QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False
        )
        # A bound method, not a lambda holding the page: with a lambda, PySide crashed when
        # the exporter went before the page's deferred deletion.
        page.loadFinished.connect(self._on_loaded)
        self._page = page
        self._job += 1
        self.progress.emit(self.tr("Laying out the document"))
        page.load(QUrl.fromLocalFile(str(page_file)))

    def _on_loaded(self, ok: bool) -> None:
        page = self._page
        if page is None:
            return
        if not ok:
            self._finish(False, f"{self._target}: the document could not be laid out")
            return
        # What Chromium made of the file: the article, not its source shown as text.
        job = self._job
        page.runJavaScript(_LAID_OUT_CHECK, _WORLD, lambda kind: self._on_checked(job, kind))

    def _on_checked(self, job: int, kind: object) -> None:
        page = self._page
        if page is None or job != self._job:
            return  # a cancelled export's answer
        if kind != "article":
            self._finish(
                False,
                f"{self._target}: the document could not be laid out (read as {kind or 'nothing'})",
            )
            return
        self.progress.emit(self.tr("Printing to PDF"))
        page.printToPdf(lambda data: self._on_printed(job, data), page_layout(self._page_setup))

    def _on_printed(self, job: int, data: QByteArray) -> None:
        target = self._target
        if self._page is None or target is None or job != self._job:
            return
        pdf = bytes(data.data())
        if not pdf.startswith(b"%PDF-"):
            self._finish(False, f"{self._target}: cannot write the PDF: printing produced none")
            return
        try:
            if self._document is not None:
                pdf = finish_pdf(pdf, self._document, self._fallback_title)
            write_bytes_atomic(target, pdf)
        except FileError as error:
            self._finish(False, str(error))
            return
        self._finish(True, str(self._target))

    def _finish(self, ok: bool, message: str) -> None:
        if self._html_folder is not None:
            shutil.rmtree(self._html_folder, ignore_errors=True)  # made by mkdtemp: ours
            self._html_folder = None
        self._document = None
        if self._page is not None:
            self._page.deleteLater()  # and with it its profile and guard
            self._page = self._guard = None
        self.finished.emit(ok, message)

    def cancel(self) -> None:
        """Give up: the temporary page goes, the target stays as it was."""
        if self.busy:
            self._finish(False, f"{self._target}: export cancelled")


def export_pdf(
    document: RenderedDocument,
    source_path: Path | None,
    target: Path,
    page_setup: PageSetup = DEFAULT_PAGE_SETUP,
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
