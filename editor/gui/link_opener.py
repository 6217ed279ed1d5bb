"""Following a link clicked in the preview: web pages and e-mail in the system's programs,
markdown documents in the editor, other local files only when the user agrees, and never a
program run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from editor.core.links import LinkKind, classify_link
from editor.gui.dialogs import Dialogs


def open_with_desktop(path: Path) -> None:
    """Hand a file (a document, or a folder to show) to the desktop's default application."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class LinkOpener(QObject):
    """Decides each link the preview hands over (``follow``). ``open_markdown`` opens a
    document as File → Open would (asking about unsaved changes); ``browse`` takes only
    http, https and mailto URLs; ``open_local`` only files the user agreed to open, never a
    program; ``status`` tells the user what was refused."""

    def __init__(
        self,
        window: QWidget,
        dialogs: Dialogs,
        open_markdown: Callable[[Path], object],
        status: Callable[[str], None],
        browse: Callable[[QUrl], object] | None = None,
        open_local: Callable[[Path], None] | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._dialogs = dialogs
        self._open_markdown = open_markdown
        self._status = status
        # Looked up when called, so that tests can stand in for the system browser.
        self._browse = browse or (lambda url: QDesktopServices.openUrl(url))
        self._open_local = open_local or (lambda path: open_with_desktop(path))

    def follow(self, url: QUrl) -> None:
        target = classify_link(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
        path = target.path  # set for every kind that leads to a local file
        if target.kind is LinkKind.WEB:
            self._browse(url)
        elif target.kind is LinkKind.MARKDOWN and path is not None:
            self._open_markdown(path)
        elif target.kind is LinkKind.DOCUMENT and path is not None:
            if self._dialogs.ask_open_file(self._window, path):
                self._open_local(path)
        elif target.kind is LinkKind.PROGRAM and path is not None:
            # A program is never handed to the opener (it might run it): its folder is shown.
            if self._dialogs.ask_show_program_folder(self._window, path):
                self._open_local(path.parent)
        elif target.kind is LinkKind.MISSING:
            self._status(self.tr("No file at {path}").format(path=target.path))
        else:
            scheme = url.scheme() or self.tr("this kind of")
            self._status(
                self.tr("Not followed: {scheme} links are not opened").format(scheme=scheme)
            )
