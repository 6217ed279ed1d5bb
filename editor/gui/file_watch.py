"""Notices when another program changes or deletes the open file, and asks what to do."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from editor.core.fileio import FileError
from editor.gui.document_session import DiskState, DocumentSession

SETTLE_MS = 150  # other programs' saves come as several events (write, rename): wait for quiet


class FileWatcher(QObject):
    """Watches the session's file and its folder (a file replaced by a rename is no longer
    watched, so the folder tells us it came back). Our own saves are recognised by the
    session, which remembers what it wrote."""

    fileDeleted = Signal()
    reloaded = Signal()
    problem = Signal(str)

    def __init__(
        self,
        session: DocumentSession,
        ask_reload: Callable[[str, bool], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.ask_reload = ask_reload
        self.watcher = QFileSystemWatcher(self)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.check)
        self._asking = False
        self.watcher.fileChanged.connect(self._on_event)
        self.watcher.directoryChanged.connect(self._on_event)
        session.pathChanged.connect(self._watch)
        self._watch(session.path)

    def check(self) -> None:
        """Compare the file with what we last loaded or saved, and act on a difference."""
        if self._asking:  # a question is open: look again when it is answered
            return
        self._rewatch_file()
        state = self.session.check_disk()
        if state is DiskState.DELETED:
            self.session.file_deleted()
            self.fileDeleted.emit()
        elif state is DiskState.CHANGED:
            self.resolve_change()

    def resolve_change(self) -> bool:
        """Another program changed the file (noticed here, or by a save): ask whether to
        reload it or keep the editor's text. ``True`` when the editor's text was kept."""
        if self._asking:  # the same question is already open
            return False
        self._asking = True
        try:
            reload = self.ask_reload(self.session.display_name, self.session.is_modified())
        finally:
            self._asking = False
        if reload:
            self._reload()
            return False
        self.session.keep_mine()
        return True

    def _reload(self) -> None:
        path = self.session.path
        if path is None:  # an untitled document has no file to reload
            return
        try:
            self.session.load(path)
        except FileError as error:
            self.session.keep_mine()
            self.problem.emit(str(error))
            return
        self.reloaded.emit()

    def _on_event(self, _path: str) -> None:
        self._settle.start()

    def _watch(self, path: Path | None) -> None:
        watched = self.watcher.files() + self.watcher.directories()
        if watched:
            self.watcher.removePaths(watched)
        if path is not None and path.parent.is_dir():
            self.watcher.addPath(str(path.parent))
            self._rewatch_file()

    def _rewatch_file(self) -> None:
        path = self.session.path
        if path is not None and str(path) not in self.watcher.files() and path.exists():
            self.watcher.addPath(str(path))
