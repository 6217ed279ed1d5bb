"""Paper and margins for a PDF export, starting from what the front matter asks for."""

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

_PAPER_NAMES = {"a4": "A4", "letter": "US Letter", "a5": "A5", "legal": "US Legal"}


class PageSetupDialog(QDialog):
    """Asks for the paper size and the four margins (millimetres) of the PDF."""

    def __init__(self, initial: PageSetup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export as PDF"))
        layout = QFormLayout(self)
        self.paper = QComboBox(self)
        for key in PAPER_SIZES:
            self.paper.addItem(self.tr(_PAPER_NAMES.get(key, key.upper())), key)
        self.paper.setCurrentIndex(max(0, self.paper.findData(initial.paper)))
        layout.addRow(self.tr("Paper:"), self.paper)
        self.margins: list[QDoubleSpinBox] = []
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
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def page_setup(self) -> PageSetup:
        top, right, bottom, left = (box.value() for box in self.margins)
        return PageSetup(
            paper=self.paper.currentData(),
            margins_mm=(top, right, bottom, left),
        )
