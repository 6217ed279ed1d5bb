"""Tools → Citations → Citation Style…: search the CSL repository, see the document's own first
citations and entries in the highlighted style (formatted off the GUI thread), and write the
choice into the front matter as one undo step."""

from __future__ import annotations

import contextlib
import html
import logging
import re
import threading

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from editor.core.citations.formatter import DEFAULT_LOCALE, CitationFormatter, CitationStyle
from editor.core.citations.frontmatter_edit import front_matter_csl, set_csl_in_front_matter
from editor.core.citations.styles import StyleInfo, StyleRepository
from editor.core.citations.syntax import CitationItem, Cluster
from editor.gui.citations.bibliography_actions import replace_text
from editor.gui.citations.library_service import LibraryService
from editor.gui.document_session import DocumentSession
from editor.gui.settings import Settings

log = logging.getLogger(__name__)

_SHOWN = 300  # list rows at most: a search narrows 10,000 styles to what a person reads
_PREVIEW_CITATIONS = 3
_SAMPLE = {  # what the preview formats when the document cites nothing yet
    "sample": {
        "id": "sample",
        "type": "article-journal",
        "title": "Early mobilisation after hip fracture surgery",
        "author": [{"family": "Okafor", "given": "Sarah"}, {"family": "Lee", "given": "Min"}],
        "container-title": "BMJ",
        "volume": "368",
        "page": "m12",
        "issued": {"date-parts": [[2020]]},
    }
}


class _PreviewWorker(QObject):
    """Formats one style's preview at a time on a daemon thread; only the newest request
    matters, so a run of highlighted rows formats the last one only."""

    formatted = Signal(str, str)  # style id, HTML

    def __init__(self, repository: StyleRepository, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._repository = repository
        self._wanted: tuple | None = None
        self._wake = threading.Condition()
        self._closed = False
        threading.Thread(target=self._run, name="style-preview", daemon=True).start()

    def request(self, style_id: str, entries: dict, keys: list[str], lang: str) -> None:
        with self._wake:
            self._wanted = (style_id, entries, keys, lang)
            self._wake.notify()

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._wanted is None and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
                wanted, self._wanted = self._wanted, None
            if wanted is None:
                continue
            style_id = wanted[0]
            try:
                text = _preview_html(self._repository, *wanted)
            except Exception as error:  # a style citeproc-py cannot follow: say so, go on
                log.exception("cannot preview the style %s", style_id)
                text = f"<p><i>{html.escape(str(error))}</i></p>"
            with contextlib.suppress(RuntimeError):  # the dialog may be gone
                self.formatted.emit(style_id, text)


def _preview_html(
    repository: StyleRepository, style_id: str, entries: dict, keys: list[str], lang: str
) -> str:
    resolved = repository.resolve(style_id)
    if resolved.path is None:
        return f"<p><i>{html.escape(resolved.problem or '')}</i></p>"
    style = CitationStyle(resolved.path, lang or resolved.default_locale or DEFAULT_LOCALE)
    if not keys:
        entries, keys = _SAMPLE, list(_SAMPLE)
    clusters = [Cluster((CitationItem(key),)) for key in keys]
    formatted = CitationFormatter(entries, style).format(clusters)
    cites = "".join(f'<p class="citation">{text}</p>' for text in formatted.clusters)
    return f"{cites}<hr/>{_entries_html(formatted.bibliography)}"


# A numbered entry as the formatter writes it: its number and its text in two elements that
# the window's style sheet sets side by side (second-field-align).
_NUMBERED = re.compile(
    r'<div class="csl-left-margin">(.*?)</div>\s*<div class="csl-right-inline">(.*)</div>',
    re.DOTALL,
)


def _entries_html(entries: list[str]) -> str:
    """The reference list for the preview. A QTextBrowser puts each <div> on a line of its own,
    so numbered entries become the rows of a table: the number beside its entry, the text
    wrapping in its own column."""
    rows = [_NUMBERED.fullmatch(entry.strip()) for entry in entries]
    if not any(rows):
        return "".join(f'<p class="entry">{entry}</p>' for entry in entries)
    cells = [
        f'<tr><td class="number" valign="top">{row.group(1)}</td><td>{row.group(2)}</td></tr>'
        if row
        else f'<tr><td colspan="2">{entry}</td></tr>'
        for row, entry in zip(rows, entries, strict=True)
    ]
    return f'<table class="entries" cellspacing="0" cellpadding="3">{"".join(cells)}</table>'


class StyleChooser(QDialog):
    """Pick a citation style; ``chosen`` is its id once accepted."""

    previewShown = Signal(str)  # style id, once its preview is on screen
    _indexed = Signal(object)  # the repository's index, from its thread

    def __init__(
        self,
        repository: StyleRepository,
        library: LibraryService,
        recent: list[str],
        current: str = "",
        lang: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Citation Style"))
        self.resize(900, 560)
        self.chosen = ""
        self._repository = repository
        self._recent = recent
        self._lang = lang
        self._index: list[StyleInfo] | None = None
        cited = [key for key in library.cited_keys if key in library.library.entries]
        self._keys = cited[:_PREVIEW_CITATIONS]
        self._entries = {key: library.library.entries[key] for key in self._keys}

        self.search = QLineEdit(self)
        self.search.setObjectName("styleSearch")
        self.search.setPlaceholderText(self.tr("Search by name, id or field (medicine, law…)"))
        self.styles = QListWidget(self)
        self.styles.setObjectName("styleList")
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("stylePreview")
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._ok.setEnabled(False)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.details)
        right_layout.addWidget(self.preview, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.styles)
        split.addWidget(right)
        split.setSizes([420, 480])
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)

        self._filter_timer = QTimer(self, singleShot=True, interval=120)
        self._filter_timer.timeout.connect(self._fill)
        self.search.textChanged.connect(self._filter_timer.start)
        self.styles.currentItemChanged.connect(self._highlighted)
        self.styles.itemDoubleClicked.connect(self.accept)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._worker = _PreviewWorker(repository, self)
        self._worker.formatted.connect(self._show_preview)
        self._indexed.connect(self._on_indexed)

        # The recent and current styles at once (a file each); the whole index off the thread.
        self._fill_rows(self._known([current, *recent]), select=current or None)
        threading.Thread(target=self._load_index, name="style-index", daemon=True).start()

    def _load_index(self) -> None:
        try:
            index = self._repository.index()
        except Exception:
            log.exception("cannot index the citation styles")
            index = []
        with contextlib.suppress(RuntimeError):
            self._indexed.emit(index)

    def _on_indexed(self, index: list[StyleInfo]) -> None:
        self._index = index
        self._fill()

    def _known(self, ids: list[str]) -> list[StyleInfo]:
        found = (self._repository.info(style_id) for style_id in dict.fromkeys(ids) if style_id)
        return [info for info in found if info is not None]

    def _fill(self) -> None:
        if self._index is None:
            return  # the index is still loading; it fills the list when it comes
        query = self.search.text().strip()
        found = self._repository.search(query) if query else self._index
        recent = [info for info in self._known(self._recent) if info in found or not query]
        recent_ids = {info.id for info in recent}
        rows = recent + [info for info in found if info.id not in recent_ids]
        current = self.styles.currentItem()
        self._fill_rows(rows[:_SHOWN], current.data(Qt.ItemDataRole.UserRole) if current else None)

    def _fill_rows(self, rows: list[StyleInfo], select: str | None) -> None:
        self.styles.blockSignals(True)
        self.styles.clear()
        chosen_row = 0 if rows and self.search.text().strip() else -1
        for number, info in enumerate(rows):
            label = info.title if not info.short_title else f"{info.title} ({info.short_title})"
            item = QListWidgetItem(label, self.styles)
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            item.setToolTip(info.id)
            if info.id == select:
                chosen_row = number
        self.styles.blockSignals(False)
        if chosen_row >= 0:
            self.styles.setCurrentRow(chosen_row)
        elif not rows:
            self._ok.setEnabled(False)

    def _highlighted(self, item: QListWidgetItem | None, _previous=None) -> None:
        self._ok.setEnabled(item is not None)
        if item is None:
            return
        style_id = item.data(Qt.ItemDataRole.UserRole)
        info = self._repository.info(style_id)
        if info is not None:
            parts = [f"<b>{html.escape(info.title)}</b>", html.escape(info.id)]
            if info.citation_format:
                parts.append(html.escape(info.citation_format))
            if info.fields:
                parts.append(html.escape(", ".join(info.fields)))
            if info.parent:
                parts.append(self.tr("based on %1").replace("%1", html.escape(info.parent)))
            self.details.setText(" · ".join(parts))
        self.preview.setHtml(f"<p><i>{html.escape(self.tr('Formatting…'))}</i></p>")
        self._worker.request(style_id, self._entries, self._keys, self._lang)

    def _show_preview(self, style_id: str, text: str) -> None:
        item = self.styles.currentItem()
        if item is None or item.data(Qt.ItemDataRole.UserRole) != style_id:
            return  # a row highlighted since
        self.preview.setHtml(text)
        self.previewShown.emit(style_id)

    def highlighted_id(self) -> str:
        item = self.styles.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else ""

    def accept(self) -> None:
        self.chosen = self.highlighted_id()
        if self.chosen:
            super().accept()

    def done(self, result: int) -> None:
        self._worker.close()
        super().done(result)


def choose_style(
    parent: QWidget,
    session: DocumentSession,
    library: LibraryService,
    settings: Settings,
    repository: StyleRepository,
) -> StyleChooser:
    """Open the chooser (not modal: the preview keeps rendering); its OK writes ``csl:``."""
    text = session.text()
    chooser = StyleChooser(
        repository,
        library,
        settings.recent_styles(),
        front_matter_csl(text),
        library.document_lang,
        parent,
    )

    def write(result: int) -> None:
        if result == QDialog.DialogCode.Accepted and chooser.chosen:
            current = session.text()
            replace_text(session, current, set_csl_in_front_matter(current, chooser.chosen))
            settings.add_recent_style(chooser.chosen)
        chooser.deleteLater()

    chooser.finished.connect(write)
    chooser.open()
    return chooser
