"""Help → Show Log Folder: opens the folder holding the log, for a bug report."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QAction, QDesktopServices

from editor.core.logs import log_folder

log = logging.getLogger(__name__)


class ShowLogFolderAction(QAction):
    """Opens the log folder in the file manager, creating it if no log was written yet; where
    nothing can open it, the status bar says where it is."""

    def __init__(
        self,
        show_status: Callable[[str], None],
        parent: QObject,
        folder: Callable[[], Path] = log_folder,
    ) -> None:
        super().__init__(parent)
        self.setText(self.tr("Show &Log Folder"))
        self._show_status = show_status
        self._folder = folder
        self.triggered.connect(self.open_folder)

    def open_folder(self) -> bool:
        """Open the folder; ``False`` (and the reason in the status bar) when it cannot be."""
        folder = self._folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            reason = error.strerror or str(error)
            self._show_status(
                self.tr("Cannot create the log folder {folder}: {reason}").format(
                    folder=folder, reason=reason
                )
            )
            return False
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            return True
        log.warning("no program opened the log folder %s", folder)
        self._show_status(
            self.tr("Could not open the log folder: the log is in {folder}").format(folder=folder)
        )
        return False
