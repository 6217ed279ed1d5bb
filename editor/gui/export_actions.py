"""File → Export: renders the window's text off the GUI thread and writes HTML or Word (or
hands the rendered document to the PDF printer), with progress in the status bar and a message
naming the file, with an Open button, when it is done."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QProgressBar, QStatusBar, QWidget

from editor.core.citations.service import CitationOverrides
from editor.core.export_docx import reference_doc_for, review_markup_for, write_office
from editor.core.export_html import standalone_html
from editor.core.fileio import FileError, write_text_atomic
from editor.core.frontmatter import find_front_matter, parse_metadata
from editor.core.page_setup import PageSetup, page_setup_from_metadata
from editor.core.render import RenderedDocument, Renderer
from editor.core.review.criticmarkup import has_marks
from editor.core.review.resolve import ReviewMarkup, TrackChanges
from editor.gui.dialogs import Dialogs
from editor.gui.export_dialog import ExportDialog
from editor.gui.settings import Settings

if TYPE_CHECKING:  # imported when first used: it loads QtWebEngine's printing
    from editor.gui.pdf_export import PdfExporter

log = logging.getLogger(__name__)

# Short exports finish before this: only longer ones show the progress bar.
PROGRESS_DELAY_MS = 300
_MARGIN_SIDES = ("top", "right", "bottom", "left")


def render_document(
    text: str,
    folder: Path | None,
    overrides: CitationOverrides | None = None,
    track_changes: TrackChanges = TrackChanges.ACCEPT,
    review_markup: ReviewMarkup = ReviewMarkup.HTML,
) -> RenderedDocument:
    """Render ``text`` with a fresh renderer (the preview's lives in its own process), its
    review marks accepted, rejected or all shown (written in ``review_markup``)."""
    return Renderer().render(
        text,
        folder=folder,
        overrides=overrides,
        track_changes=track_changes,
        review_markup=review_markup,
    )


def write_html(
    text: str,
    source_path: Path | None,
    target: Path,
    fragment: bool = False,
    overrides: CitationOverrides | None = None,
    track_changes: TrackChanges = TrackChanges.ACCEPT,
) -> RenderedDocument:
    """Render ``text`` (the document at ``source_path``, if saved) and write it to ``target``
    as one standalone page, or as a bare ``<article>`` with ``fragment``."""
    folder = source_path.parent if source_path else None
    document = render_document(text, folder, overrides, track_changes)
    page = standalone_html(
        document,
        fallback_title=source_path.stem if source_path else "",
        base_dir=folder,
        fragment=fragment,
    )
    write_text_atomic(target, page)
    return document


def write_docx(
    text: str,
    source_path: Path | None,
    target: Path,
    overrides: CitationOverrides | None = None,
    track_changes: TrackChanges = TrackChanges.ACCEPT,
) -> RenderedDocument:
    """Render ``text`` and write it to ``target`` as Word (or ODT, by the suffix), with the
    styles of the front matter's ``reference-doc`` when it names one."""
    folder = source_path.parent if source_path else None
    kind = "odt" if target.suffix.lower() == ".odt" else "docx"
    document = render_document(text, folder, overrides, track_changes, review_markup_for(kind))
    template = reference_doc_for(document.metadata.extra, folder)
    write_office(document, target, folder, template, kind)
    return document


class ExportController(QObject):
    """Exports one window's document. Work that grows with the document (rendering, writing)
    runs on a worker thread; the window keeps responding. One export at a time."""

    exported = Signal(object)  # the Path written
    failed = Signal(str)  # why nothing was written
    _rendered = Signal(object, object, str)  # job, result, error: back on the GUI thread

    def __init__(
        self,
        parent: QWidget,
        settings: Settings,
        dialogs: Dialogs,
        text: Callable[[], str],
        source_path: Callable[[], Path | None],
        status_bar: QStatusBar,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._settings = settings
        self._dialogs = dialogs
        self._text = text
        self._source_path = source_path
        self._status_bar = status_bar
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="export")
        self._closed = False
        self._busy = False
        self._pdf_exporter: PdfExporter | None = None  # created on first PDF export
        # Chosen in the export dialog; None: the front matter's.
        self._page_setup: PageSetup | None = None
        self.message_box: QMessageBox | None = None  # the last outcome shown, for tests
        self.progress = QProgressBar(status_bar)
        self.progress.setObjectName("exportProgress")
        self.progress.setRange(0, 0)  # busy: rendering has no measurable steps
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        status_bar.addPermanentWidget(self.progress)
        self._progress_timer = QTimer(self, singleShot=True, interval=PROGRESS_DELAY_MS)
        self._progress_timer.timeout.connect(self.progress.show)
        self._rendered.connect(self._on_rendered)

    @property
    def busy(self) -> bool:
        return self._busy

    # Dialog entries ------------------------------------------------------------------------
    def export_html_dialog(self) -> None:
        target = self._dialogs.save_export_file(self._parent, self.suggested_target("html"), "html")
        if target is None:
            return
        dialog = self._options_dialog(self.tr("Export as HTML"), with_page=False)
        if dialog is None:
            self.export_html(target)
        elif dialog.exec() == ExportDialog.DialogCode.Accepted:
            self.export_html(target, self._chosen_track_changes(dialog))

    def export_pdf_dialog(self) -> None:
        target = self._dialogs.save_export_file(self._parent, self.suggested_target("pdf"), "pdf")
        if target is None:
            return
        dialog = self._options_dialog(self.tr("Export as PDF"), with_page=True)
        if dialog is not None and dialog.exec() == ExportDialog.DialogCode.Accepted:
            self.export_pdf(target, dialog.page_setup(), self._chosen_track_changes(dialog))

    def export_docx_dialog(self) -> None:
        target = self._dialogs.save_export_file(self._parent, self.suggested_target("docx"), "docx")
        if target is None:
            return
        dialog = self._options_dialog(self.tr("Export as Word"), with_page=False)
        if dialog is None:
            self.export_docx(target)
        elif dialog.exec() == ExportDialog.DialogCode.Accepted:
            self.export_docx(target, self._chosen_track_changes(dialog))

    def _options_dialog(self, title: str, with_page: bool) -> ExportDialog | None:
        """The export dialog, asking for what this export needs: paper and margins for a PDF,
        the review marks' treatment when the document has any. ``None``: nothing to ask."""
        asks_review = has_marks(self._text())
        if not with_page and not asks_review:
            return None
        return ExportDialog(
            title,
            self.front_matter_page_setup() if with_page else None,
            self.track_changes() if asks_review else None,
            self._parent,
        )

    def _chosen_track_changes(self, dialog: ExportDialog) -> TrackChanges:
        """The dialog's choice, remembered for the next export (as the preference)."""
        chosen = dialog.track_changes()
        if chosen is None:
            return self.track_changes()
        self._settings.set("export/track_changes", chosen.value)
        return chosen

    def track_changes(self) -> TrackChanges:
        """How exports write review marks: the choice last made (``export/track_changes``)."""
        return TrackChanges(self._settings.get("export/track_changes"))

    def front_matter_page_setup(self) -> PageSetup:
        """The paper and margins the document's front matter asks for (pandoc's keys)."""
        metadata, _ = parse_metadata(find_front_matter(self._text().split("\n")))
        return page_setup_from_metadata(metadata, self.preferred_page_setup())

    def preferred_page_setup(self) -> PageSetup:
        """The paper and margins of the export preferences (for what the front matter
        leaves unsaid)."""
        get = self._settings.get
        margins = tuple(get(f"export/margin_{side}") for side in _MARGIN_SIDES)
        return PageSetup(paper=get("export/paper"), margins_mm=margins)

    def citation_overrides(self) -> CitationOverrides | None:
        """The default citation style preference, for documents that name none."""
        style = self._settings.get("citations/default_style")
        return CitationOverrides(default_csl=style) if style else None

    def suggested_target(self, kind: str) -> Path:
        """The document's name with the export's suffix, in the folder last exported to."""
        source = self._source_path()
        folder = self._settings.last_export_folder() or (source.parent if source else Path.home())
        stem = source.stem if source else self.tr("Untitled")
        return folder / f"{stem}.{kind}"

    # Exports -------------------------------------------------------------------------------
    def export_html(self, target: Path, track_changes: TrackChanges | None = None) -> bool:
        """Start writing the HTML export to ``target``, review marks as ``track_changes``
        says (else as the last export chose); ``False`` when one is already running.
        ``exported`` or ``failed`` follows."""
        fragment = self._settings.get("export/html_fragment")
        return self._submit(
            ("html", Path(target)),
            write_html,
            self._text(),
            self._source_path(),
            Path(target),
            fragment,
            self.citation_overrides(),
            track_changes or self.track_changes(),
        )

    def export_docx(self, target: Path, track_changes: TrackChanges | None = None) -> bool:
        """Start writing the Word export to ``target``, review marks as ``track_changes``
        says (else as the last export chose); ``False`` when one is already running.
        ``exported`` or ``failed`` follows."""
        return self._submit(
            ("docx", Path(target)),
            write_docx,
            self._text(),
            self._source_path(),
            Path(target),
            self.citation_overrides(),
            track_changes or self.track_changes(),
        )

    def export_pdf(
        self,
        target: Path,
        page_setup: PageSetup | None = None,
        track_changes: TrackChanges | None = None,
    ) -> bool:
        """Start printing the document to the PDF ``target`` with ``page_setup`` (else the
        front matter's), review marks as ``track_changes`` says (else as the last export
        chose); ``False`` when one is already running or PDF export is not available.
        ``exported`` or ``failed`` follows."""
        try:
            from editor.gui import pdf_export  # noqa: F401 - QtWebEngine loads on first use
        except ImportError:
            self._show_status(self.tr("PDF export is not available."))
            return False
        source = self._source_path()
        self._page_setup = page_setup
        return self._submit(
            ("pdf", Path(target)),
            render_document,
            self._text(),
            source.parent if source else None,
            self.citation_overrides(),
            track_changes or self.track_changes(),
        )

    def shutdown(self) -> None:
        """The window is closing: drop results that arrive later and stop a PDF print."""
        self._closed = True
        if self._pdf_exporter is not None:
            self._pdf_exporter.cancel()
        self._executor.shutdown(wait=False, cancel_futures=True)

    def done_message(self, target: Path) -> str:
        return self.tr("Exported “{name}” to {folder}.").format(
            name=target.name, folder=target.parent
        )

    # Internals -----------------------------------------------------------------------------
    def _submit(self, job: tuple[str, Path], work, *args) -> bool:
        if self._busy:
            self._show_status(self.tr("An export is already running."))
            return False
        self._busy = True
        self._show_status(self.tr("Exporting {name}…").format(name=job[1].name))
        self._progress_timer.start()
        future = self._executor.submit(work, *args)
        future.add_done_callback(lambda done: self._deliver(job, done))
        return True

    def _deliver(self, job: tuple[str, Path], future: Future) -> None:
        # Runs on the worker thread: hand over to the GUI thread through a queued signal.
        if self._closed or future.cancelled():
            return
        try:
            result, error = future.result(), ""
        except FileError as exc:
            result, error = None, str(exc)
        except Exception as exc:  # a bug in rendering must not take the editor down
            log.exception("exporting %s failed", job[1])
            result, error = None, f"{job[1]}: {type(exc).__name__}: {exc}"
        with contextlib.suppress(RuntimeError):  # the controller may be gone already
            self._rendered.emit(job, result, error)

    def _on_rendered(self, job: tuple[str, Path], document, error: str) -> None:
        kind, target = job
        if error:
            self._finish(False, error)
        elif kind in ("html", "docx"):
            self._finish(True, str(target))
        else:
            self._start_pdf(document, target)

    def _start_pdf(self, document: RenderedDocument, target: Path) -> None:
        from editor.gui.pdf_export import PdfExporter

        if self._pdf_exporter is None:
            self._pdf_exporter = PdfExporter(self)
            self._pdf_exporter.finished.connect(self._finish)
            self._pdf_exporter.progress.connect(self._show_status)
        try:
            setup = self._page_setup or page_setup_from_metadata(
                document.metadata, self.preferred_page_setup()
            )
            self._pdf_exporter.start(document, self._source_path(), target, setup)
        except FileError as error:
            self._finish(False, str(error))

    def _finish(self, ok: bool, message: str) -> None:
        self._busy = False
        self._progress_timer.stop()
        self.progress.hide()
        if self._closed:
            return
        if not ok:
            self._show_status(self.tr("Export failed."))
            self._show_box(QMessageBox.Icon.Warning, self.tr("Export failed"), message, None)
            self.failed.emit(message)
            return
        target = Path(message)
        self._settings.set_last_export_folder(target.parent)
        text = self.done_message(target)
        self._show_status(text)
        self._show_box(QMessageBox.Icon.Information, self.tr("Export finished"), text, target)
        self.exported.emit(target)

    def _show_box(self, icon, title: str, text: str, target: Path | None) -> None:
        # open(), not exec(): the window keeps working while the message is up.
        if self.message_box is not None:
            self.message_box.close()
            self.message_box.deleteLater()
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Close, self._parent)
        if target is not None:
            open_button = box.addButton(self.tr("Open"), QMessageBox.ButtonRole.AcceptRole)
            open_button.clicked.connect(lambda: self.open_exported(target))
        self.message_box = box
        box.open()

    def open_exported(self, target: Path) -> bool:
        """Open an exported file in the desktop's viewer; say so when there is none (Qt only
        returns ``False``, and shows nothing)."""
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
            return True
        text = self.tr(
            "No program could open {name}. It is saved in {folder}; open it from there."
        ).format(name=target.name, folder=str(target.parent))
        self._show_status(text)
        self._show_box(QMessageBox.Icon.Warning, self.tr("Cannot open file"), text, None)
        return False

    def _show_status(self, message: str) -> None:
        self._status_bar.showMessage(message, 6000)
