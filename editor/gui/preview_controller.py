"""Connects the editor to the preview: every change is rendered in the background and the
result patched into the page; the preview follows the editor's scrolling."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from editor.core.citations.service import CitationOverrides
from editor.core.render import RenderedDocument
from editor.gui.editor_widget import MarkdownEditor
from editor.gui.preview import PreviewView
from editor.gui.render_worker import DEFAULT_DEADLINE_SECONDS, RenderWorker


class PreviewController(QObject):
    """Owns the render worker; keeps the preview in step with the editor."""

    documentRendered = Signal(object)  # RenderedDocument
    problem = Signal(str)

    def __init__(
        self,
        editor: MarkdownEditor,
        preview: PreviewView,
        text: Callable[[], str],
        parent: QObject | None = None,
        render_seconds: float = DEFAULT_DEADLINE_SECONDS,
    ) -> None:
        super().__init__(parent)
        self._editor = editor
        self._text = text  # the document's text, as saved and as the command line reads it
        self._preview = preview
        self._worker = RenderWorker(self, deadline=render_seconds)
        self._revision = 0
        self._block_lines: list[int] = []
        self._folder = Path.home()
        self._lang = ""
        self.sync_scroll = True
        self._worker.rendered.connect(self._on_rendered)
        self._worker.failed.connect(self.problem)
        editor.document().contentsChange.connect(self._on_contents_change)
        editor.topLineChanged.connect(self._on_top_line)
        preview.patched.connect(self._on_patched)
        # Reference managers rewrite the bibliography behind our back: render again then.
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_file_changed)
        # Scrolling produces many events; following the last one is enough.
        self._scroll_timer = QTimer(self, singleShot=True, interval=15)
        self._scroll_timer.timeout.connect(self.follow_editor)

    @property
    def revision(self) -> int:
        """The editor's current revision: it grows with every change."""
        return self._revision

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
        self._worker.reset()
        self._block_lines = []
        self.refresh()

    def refresh(self) -> None:
        self._revision += 1
        self._worker.request(self._revision, self._text(), self._folder)

    def shutdown(self) -> None:
        self._worker.shutdown()

    def _on_contents_change(self, _position: int, removed: int, added: int) -> None:
        if removed or added:
            self.refresh()

    def _on_rendered(self, revision: int, document: RenderedDocument) -> None:
        self._block_lines = document.block_lines
        self._watch(document.bibliography_paths)
        if document.metadata.lang != self._lang:
            self._lang = document.metadata.lang
            self._preview.set_base(self._folder, self._lang)
        self._preview.show_fragments(revision, document.fragments())
        self.documentRendered.emit(document)
        for problem in document.problems:
            self.problem.emit(
                self.tr("Line {line}: {message}").format(line=problem.line, message=problem.message)
            )
        for notice in document.notices[:3]:
            self.problem.emit(notice)

    def _watch(self, paths: list[Path]) -> None:
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
        if self.sync_scroll:
            self._scroll_timer.start()

    def _on_top_line(self, _line: int, _fraction: float) -> None:
        if self.sync_scroll:
            self._scroll_timer.start()

    def follow_editor(self) -> None:
        """Scroll the preview to show what the editor shows at its top."""
        if self._editor.verticalScrollBar().value() == 0:
            self._preview.scroll_to_top()
            return
        if self._editor.at_end():
            self._preview.scroll_to_end()
            return
        line, _fraction = self._editor.top_line()
        index = bisect.bisect_right(self._block_lines, line) - 1
        if index < 0:
            self._preview.scroll_to_block(0, 0.0)
            return
        start = self._block_lines[index]
        end = (
            self._block_lines[index + 1]
            if index + 1 < len(self._block_lines)
            else self._editor.document().blockCount()
        )
        within = self._editor.fraction_through(start, end)
        # Fragment 0 is the title block, so source block i is fragment i + 1.
        self._preview.scroll_to_block(index + 1, within)
