"""What a paste or a drop puts into the editor: markdown for HTML from the web or Word, an
image saved beside the document, links and images for dropped files."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit, QWidget

from editor.core import paste
from editor.core.formatting import image_markdown, link_markdown
from editor.gui.text_regions import insert_markdown


def ask_to_save_first(parent: QWidget) -> bool:
    """Whether the author agrees to save the untitled document so images have a folder."""
    answer = QMessageBox.question(
        parent,
        parent.tr("Save the document first"),
        parent.tr(
            "Pasted and dropped images are kept in an “images” folder beside the document. "
            "Save the document now?"
        ),
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    return answer == QMessageBox.StandardButton.Save


class PasteHandler(QObject):
    """Turns clipboard and drop contents into markdown for ``editor``.

    ``document_folder()`` is the open document's folder (``None`` when untitled);
    ``save_document()`` saves it, asking where, and says whether it did; ``confirm_save``
    asks whether to. ``problem`` carries what could not be pasted, for the status bar.
    """

    problem = Signal(str)

    def __init__(
        self,
        editor: QPlainTextEdit,
        document_folder: Callable[[], Path | None],
        save_document: Callable[[], bool],
        confirm_save: Callable[[QWidget], bool] = ask_to_save_first,
        clock: Callable[[], datetime] = datetime.now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._editor = editor
        self._document_folder = document_folder
        self._save_document = save_document
        self._confirm_save = confirm_save
        self._clock = clock

    def can_insert(self, source: QMimeData) -> bool:
        return source.hasHtml() or source.hasImage() or bool(self._local_files(source))

    def insert(self, source: QMimeData) -> bool:
        """Insert what ``source`` holds as markdown; ``False`` leaves it to the plain-text
        paste (text without structure)."""
        files = self._local_files(source)
        if files:
            self.insert_files(files)
            return True
        if source.hasHtml():
            html = source.html()
            if paste.has_structure(html) or not source.hasText():
                markdown = paste.html_to_markdown(html)
                if markdown and not (source.hasImage() and paste.is_only_images(markdown)):
                    self._insert_markdown(markdown)
                    return True
        if source.hasImage():
            self.insert_image(QImage(source.imageData()))
            return True
        if source.hasText():
            return False
        formats = ", ".join(source.formats()) or self.tr("nothing")
        self.problem.emit(
            self.tr("Nothing to paste: the clipboard holds no text or image ({formats}).").format(
                formats=formats
            )
        )
        return True

    def insert_image(self, image: QImage) -> bool:
        """Save ``image`` as a PNG in the document's ``images/`` folder and refer to it."""
        if image.isNull():
            self.problem.emit(self.tr("The pasted image could not be read."))
            return False
        folder = self._asset_folder()
        if folder is None:
            self.problem.emit(self.tr("Image not pasted: the document has no folder yet."))
            return False
        images = folder / paste.IMAGE_FOLDER
        target = paste.pasted_image_path(images, self._clock())
        try:
            images.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self.problem.emit(
                self.tr("Image not pasted: cannot create {folder}: {reason}").format(
                    folder=images, reason=error.strerror or error
                )
            )
            return False
        # PySide6 takes the format as str and refuses bytes, which its stubs ask for.
        if not image.save(str(target), "PNG"):  # type: ignore[call-overload]
            self.problem.emit(self.tr("Image not pasted: cannot write {file}").format(file=target))
            return False
        self._insert_markdown(image_markdown(paste.relative_reference(target, folder)))
        return True

    def insert_files(self, files: list[Path]) -> None:
        """Images become ``![](…)`` (copied into ``images/`` when from outside the
        document's folder, so the preview may show them); other files become links."""
        pieces = []
        for file in files:
            if paste.is_image(file):
                reference = self._image_reference(file)
                if reference is not None:
                    pieces.append(image_markdown(reference))
            else:
                reference = paste.relative_reference(file, self._document_folder())
                pieces.append(link_markdown(reference, file.name))
        if pieces:
            self._insert_markdown("\n\n".join(pieces) if len(pieces) > 1 else pieces[0])

    def _image_reference(self, file: Path) -> str | None:
        folder = self._document_folder()
        if folder is not None and file.resolve().is_relative_to(folder.resolve()):
            return paste.relative_reference(file, folder)
        folder = self._asset_folder()
        if folder is None:
            self.problem.emit(
                self.tr("{name} not inserted: the document has no folder yet.").format(
                    name=file.name
                )
            )
            return None
        images = folder / paste.IMAGE_FOLDER
        target = paste.free_path(images, file.name)
        try:
            images.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, target)
        except OSError as error:
            self.problem.emit(
                self.tr("{name} not inserted: cannot copy it to {folder}: {reason}").format(
                    name=file.name, folder=images, reason=error.strerror or error
                )
            )
            return None
        return paste.relative_reference(target, folder)

    def _asset_folder(self) -> Path | None:
        folder = self._document_folder()
        if folder is not None:
            return folder
        if self._confirm_save(self._editor.window()) and self._save_document():
            return self._document_folder()
        return None

    @staticmethod
    def _local_files(source: QMimeData) -> list[Path]:
        if not source.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in source.urls() if url.isLocalFile()]

    def _insert_markdown(self, markdown: str) -> None:
        insert_markdown(self._editor, markdown)
