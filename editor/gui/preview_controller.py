"""Connects the editor to the preview: every change goes to the render process as the lines
it touched, and what comes back (the fragments and lists that changed) is spliced into the
page and the window's ``LiveDocument``; the preview follows the editor's scrolling.

Nothing here reads the whole text on a keystroke: the change arrives as a ``LineEdit`` from
the session's ``LineEditFeed``, and the whole text is read (off the GUI thread, from the
feed's mirror) only to start a document again: the first render, another document, folder
or style, a bibliography file changed, a render process replaced or out of step."""

from __future__ import annotations

import bisect
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from editor.core.citations.service import CitationOverrides
from editor.core.render_session import RenderUpdate
from editor.core.text_edits import LineEdit
from editor.gui.document_session import DocumentSession
from editor.gui.editor_widget import MarkdownEditor
from editor.gui.live_document import LiveDocument
from editor.gui.preview import PreviewView
from editor.gui.render_worker import DEFAULT_DEADLINE_SECONDS, RenderWorker


class PreviewController(QObject):
    """Owns the render worker; keeps the preview and ``document`` in step with the editor.
    ``documentRendered`` carries ``document`` after each update: readers skip the lists that
    are the same objects as before (``document.changed`` names those that are not)."""

    documentRendered = Signal(object)  # LiveDocument
    problem = Signal(str)

    def __init__(
        self,
        editor: MarkdownEditor,
        preview: PreviewView,
        session: DocumentSession,
        parent: QObject | None = None,
        render_seconds: float = DEFAULT_DEADLINE_SECONDS,
    ) -> None:
        super().__init__(parent)
        self._editor = editor
        self._preview = preview
        self._feed = session.edits
        self._worker = RenderWorker(session.lines_snapshot, self, deadline=render_seconds)
        self.document = LiveDocument()
        self._revision = 0
        self._folder = Path.home()
        self._lang = ""
        self._notices: tuple[str, ...] = ()
        self._replacing = False
        self.sync_scroll = True
        self._worker.updated.connect(self._on_updated)
        self._worker.failed.connect(self.problem)
        self._feed.edited.connect(self._on_edited)
        session.aboutToReplace.connect(self._before_replace)
        editor.topLineChanged.connect(self._on_top_line)
        preview.patched.connect(self._on_patched)
        # Reference managers rewrite the bibliography behind our back: render again then.
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_file_changed)
        # Scrolling produces many events; following them once per 15 ms is enough. Not a
        # timer restarted by each: while a long document is laid out, or while one types,
        # they never pause for 15 ms and the preview would not follow at all.
        self._scroll_timer = QTimer(self, singleShot=True, interval=15)
        self._scroll_timer.timeout.connect(self.follow_editor)

    @property
    def revision(self) -> int:
        """The editor's current revision: it grows with every change."""
        return self._revision

    @property
    def worker(self) -> RenderWorker:
        return self._worker

    def set_folder(self, folder: Path) -> None:
        """The document now lives in ``folder`` (relative images resolve there)."""
        self._folder = folder
        self._preview.set_base(folder, self._lang)
        self.refresh()

    def set_default_style(self, csl: str | Path | None) -> None:
        """Format citations with ``csl`` (a .csl file, a style id or title; None: the built-in
        style) when the document names no ``csl:`` of its own."""
        overrides = CitationOverrides(default_csl=csl) if csl is not None else None
        if overrides != self._worker.overrides:
            self._worker.overrides = overrides
            self.refresh()

    def document_replaced(self) -> None:
        """A different document is in the editor: forget everything about the old one."""
        self._replacing = False
        self._worker.reset()
        self._preview.clear()
        self.document = LiveDocument()
        self._notices = ()
        self.refresh()

    def refresh(self) -> None:
        """Render the whole text again (the lines on screen first)."""
        self._revision += 1
        self._worker.request_text(self._revision, self._folder, self._visible_lines())

    def shutdown(self) -> None:
        self._worker.shutdown()

    def _before_replace(self) -> None:
        # The whole text is about to be set: its change is the new document, sent whole.
        self._replacing = True

    def _on_edited(self, edit: LineEdit) -> None:
        if self._replacing:
            return
        self._revision += 1
        self._worker.request_edit(self._revision, edit, self._folder)

    def _visible_lines(self) -> tuple[int, int]:
        first, _fraction = self._editor.top_line()
        height = self._editor.viewport().height()
        # A generous guess at the lines on screen (wrapped lines make fewer).
        spacing = max(1, self._editor.fontMetrics().lineSpacing())
        return first, first + max(1, height // spacing) + 1

    def _on_updated(self, revision: int, update: RenderUpdate) -> None:
        document = self.document
        document.apply(update)
        self._watch(document.bibliography_paths)
        if document.metadata.lang != self._lang:
            self._lang = document.metadata.lang
            self._preview.set_base(self._folder, self._lang)
        self._preview.apply_splice(revision, update.fragments, full=update.full)
        self.documentRendered.emit(document)
        if "problems" in document.changed:
            for problem in document.problems:
                self.problem.emit(
                    self.tr("Line {line}: {message}").format(
                        line=problem.line, message=problem.message
                    )
                )
        if document.notices != self._notices:
            self._notices = document.notices
            for notice in document.notices[:3]:
                self.problem.emit(notice)

    def _watch(self, paths: tuple[Path, ...]) -> None:
        wanted = {str(path) for path in paths if path.exists()}
        watched = set(self._watcher.files())
        if watched - wanted:
            self._watcher.removePaths(list(watched - wanted))
        # A file replaced by a new one (as exporters save) drops out of the watch: add again.
        if wanted - watched:
            self._watcher.addPaths(list(wanted - watched))

    def _on_file_changed(self, _path: str) -> None:
        # Exporters often write a new file and rename it over the old; give them a moment.
        QTimer.singleShot(200, self.refresh)

    def _on_patched(self, _revision: int) -> None:
        self._follow_soon()

    def _on_top_line(self, _line: int, _fraction: float) -> None:
        self._follow_soon()

    def _follow_soon(self) -> None:
        if self.sync_scroll and not self._scroll_timer.isActive():
            self._scroll_timer.start()

    def follow_editor(self) -> None:
        """Scroll the preview to show what the editor shows at its top. With the end of the
        document on screen, the top would run out of preview before the end of the text does
        (the notes come after it): then the end of the block holding the cursor, where one
        writes, is kept in view instead."""
        if self._editor.verticalScrollBar().value() == 0:
            self._preview.scroll_to_top()
            return
        block_lines = self.document.block_lines
        if self._editor.at_end():
            line = self._editor.textCursor().blockNumber()
            index = max(0, bisect.bisect_right(block_lines, line) - 1)
            # Fragment 0 is the title block, so source block i is fragment i + 1.
            self._preview.scroll_to_block_end(index + 1)
            return
        line, _fraction = self._editor.top_line()
        index = bisect.bisect_right(block_lines, line) - 1
        if index < 0:
            self._preview.scroll_to_block(0, 0.0)
            return
        start = block_lines[index]
        end = (
            block_lines[index + 1]
            if index + 1 < len(block_lines)
            else self._editor.document().blockCount()
        )
        within = self._editor.fraction_through(start, end)
        # Fragment 0 is the title block, so source block i is fragment i + 1.
        self._preview.scroll_to_block(index + 1, within)
