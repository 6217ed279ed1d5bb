"""The export dialog: paper and margins for a PDF (starting from what the front matter asks
for) and, when the document holds review marks, how to export them (the command line's
``--track-changes`` choice)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QWidget,
)

from editor.core.page_setup import PAPER_SIZES, PageSetup
from editor.core.review.resolve import TrackChanges

_PAPER_NAMES = {"a4": "A4", "letter": "US Letter", "a5": "A5", "legal": "US Legal"}


class ExportDialog(QDialog):
    """Asks what an export needs to know: the paper size and the four margins (millimetres)
    when ``page_setup`` is given, how to write review marks when ``track_changes`` is."""

    def __init__(
        self,
        title: str,
        page_setup: PageSetup | None = None,
        track_changes: TrackChanges | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("exportDialog")
        layout = QFormLayout(self)
        self.paper: QComboBox | None = None
        self.margins: list[QDoubleSpinBox] = []
        self.review: QComboBox | None = None
        if page_setup is not None:
            self._add_page_setup(layout, page_setup)
        if track_changes is not None:
            self.review = QComboBox(self)
            self.review.setObjectName("exportTrackChanges")
            for text, mode in (
                (self.tr("Accept all changes (the clean text)"), TrackChanges.ACCEPT),
                (self.tr("Reject all changes (the original)"), TrackChanges.REJECT),
                (self.tr("Show changes and comments"), TrackChanges.ALL),
            ):
                self.review.addItem(text, mode.value)
            self.review.setCurrentIndex(max(0, self.review.findData(track_changes.value)))
            self.review.setToolTip(
                self.tr(
                    "As article-editor export --track-changes accept|reject|all. Word files "
                    "get Word's own tracked changes and comments."
                )
            )
            layout.addRow(self.tr("Review marks:"), self.review)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def _add_page_setup(self, layout: QFormLayout, initial: PageSetup) -> None:
        self.paper = QComboBox(self)
        for key in PAPER_SIZES:
            self.paper.addItem(self.tr(_PAPER_NAMES.get(key, key.upper())), key)
        self.paper.setCurrentIndex(max(0, self.paper.findData(initial.paper)))
        layout.addRow(self.tr("Paper:"), self.paper)
        labels = (
            self.tr("Top margin:"),
            self.tr("Right margin:"),
            self.tr("Bottom margin:"),
            self.tr("Left margin:"),
        )
        for label, value in zip(labels, initial.margins_mm, strict=True):
            box = QDoubleSpinBox(self)
            box.setRange(0, 80)
            box.setDecimals(1)
            box.setSuffix(" mm")
            box.setValue(value)
            self.margins.append(box)
            layout.addRow(label, box)

    def page_setup(self) -> PageSetup | None:
        """The paper and margins chosen; ``None`` when the dialog did not ask."""
        if self.paper is None:
            return None
        top, right, bottom, left = (box.value() for box in self.margins)
        return PageSetup(paper=self.paper.currentData(), margins_mm=(top, right, bottom, left))

    def track_changes(self) -> TrackChanges | None:
        """How review marks are to be exported; ``None`` when the dialog did not ask."""
        if self.review is None:
            return None
        return TrackChanges(self.review.currentData())
