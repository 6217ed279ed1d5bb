"""The document's references in the GUI process, for the citation panel: loaded off the GUI
thread, indexed for searching, formatted one entry at a time when shown."""

from __future__ import annotations

import contextlib
import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from editor.core.citations.bibliography import BibProblem, Library, load_bibliographies
from editor.core.citations.formatter import CitationFormatter, CitationStyle, StyleError
from editor.core.citations.reference_index import ReferenceIndex, citation_counts
from editor.core.citations.service import file_stamps
from editor.gui.live_document import Rendered

log = logging.getLogger(__name__)


class LibraryService(QObject):
    """Follows the rendered document: which bibliographies it uses and which keys it cites."""

    libraryChanged = Signal()  # new entries (or none)
    citedChanged = Signal()  # the document cites other keys, or as often
    _loaded = Signal(object, object, object)  # paths, stamp, Library

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths: tuple[Path, ...] = ()
        self.library = Library(entries={}, problems=[], locations={}, paths=[])
        self.index = ReferenceIndex({})
        self.cited_keys: list[str] = []
        self.document_lang = ""  # the front matter's lang ("" when it says none)
        self.counts: dict[str, int] = {}
        self._stamp: tuple = ()
        self._loading: tuple | None = None
        self._formatter: CitationFormatter | None = None
        self._style: CitationStyle | None = None
        self._style_key: tuple = ()
        self._closed = False
        # The citation lists last counted: the same objects again are no change.
        self._seen_uses: tuple[object, object] = (None, None)
        self._loaded.connect(self._on_loaded)

    def follow(self, document: Rendered) -> None:
        """Take the bibliography files, style and cited keys of a fresh render (the citations
        are counted again only when the render's lists are new objects)."""
        paths = tuple(document.bibliography_paths)
        stamp = file_stamps(paths)
        if (paths, stamp) != (self.paths, self._stamp) and (paths, stamp) != self._loading:
            self._load(paths, stamp)
        style_key = (document.csl_path, document.csl_locale or document.metadata.lang or "en-GB")
        if style_key != self._style_key:
            self._style_key, self._style, self._formatter = style_key, None, None
        self.document_lang = document.metadata.lang or ""
        seen_keys, seen_uses = self._seen_uses
        if document.cited_keys is seen_keys and document.citation_uses is seen_uses:
            return
        self._seen_uses = (document.cited_keys, document.citation_uses)
        counts = citation_counts(document.citation_uses)
        if list(document.cited_keys) != self.cited_keys or counts != self.counts:
            self.cited_keys = list(document.cited_keys)
            self.counts = counts
            self.citedChanged.emit()

    def reload(self) -> None:
        self._load(self.paths, file_stamps(self.paths))

    def _load(self, paths: tuple[Path, ...], stamp: tuple) -> None:
        self._loading = (paths, stamp)
        # A daemon thread per load (loads are rare: a file changed): one that never ended could
        # not keep the editor from quitting, as a thread pool's worker would at exit.
        threading.Thread(
            target=self._load_in_thread, args=(paths, stamp), name="bibliography", daemon=True
        ).start()

    def _load_in_thread(self, paths, stamp) -> None:
        try:
            library = load_bibliographies(list(paths))
        except Exception as error:  # a reader bug must not take the panel down
            log.exception("loading the bibliographies %s failed", ", ".join(map(str, paths)))
            reason = f"could not be loaded ({type(error).__name__}: {error})"
            problems = [BibProblem(path, None, reason) for path in paths]
            library = Library(entries={}, problems=problems, locations={}, paths=list(paths))
        if self._closed:
            return
        with contextlib.suppress(RuntimeError):  # the window may be gone
            self._loaded.emit(paths, stamp, library)

    def _on_loaded(self, paths, stamp, library: Library) -> None:
        if self._loading != (paths, stamp):
            return  # a newer load is under way
        self._loading = None
        self.paths, self._stamp, self.library = paths, stamp, library
        self.index = ReferenceIndex(library.entries)
        self._formatter = None
        self.libraryChanged.emit()

    def format_entry(self, key: str) -> str | None:
        """The entry as the reference list shows it, in the document's style."""
        if key not in self.library.entries:
            return None
        if self._formatter is None:
            self._formatter = CitationFormatter(self.library.entries, self._citation_style())
        return self._formatter.format_entry(key)

    def citation_style(self) -> CitationStyle:
        """The document's citation style (the default one when its own cannot be used)."""
        return self._citation_style()

    def _citation_style(self) -> CitationStyle:
        if self._style is None:
            csl, lang = self._style_key or (None, "en-GB")
            try:
                self._style = CitationStyle(csl, lang)
            except StyleError:
                self._style = CitationStyle()  # the preview reports the problem
        return self._style

    def shutdown(self) -> None:
        self._closed = True
