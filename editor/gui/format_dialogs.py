"""The small questions the Format menu asks: a link's URL, an image file, a table's size."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.gif *.webp *.svg);;All files (*)"
URL_PREFIXES = ("http://", "https://", "mailto:", "ftp://", "www.")


def clipboard_url() -> str:
    """The clipboard's text when it is one URL, else an empty string."""
    text = QGuiApplication.clipboard().text().strip()
    if text and not any(ch.isspace() for ch in text) and text.lower().startswith(URL_PREFIXES):
        return text
    return ""


class LinkDialog(QDialog):
    """Asks for a link's URL; the text being linked is shown, never edited."""

    def __init__(self, label: str, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkDialog")
        self.setWindowTitle(self.tr("Link"))
        form = QFormLayout()
        shown = QLabel(label or self.tr("(the URL itself)"), self)
        shown.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.tr("Text:"), shown)
        self.url = QLineEdit(url, self)
        self.url.setObjectName("linkUrl")
        self.url.setPlaceholderText("https://")
        self.url.setMinimumWidth(360)
        self.url.selectAll()
        form.addRow(self.tr("&URL:"), self.url)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        hint = QLabel(self.tr("An empty URL removes the link and keeps its text."), self)
        hint.setEnabled(False)
        layout.addWidget(hint)
        layout.addWidget(buttons)


class TableGrid(QWidget):
    """A grid of cells to pick a table's size by pointing or with the arrow keys."""

    picked = Signal(int, int)  # rows (the header row included), columns
    changed = Signal(int, int)

    ROWS, COLUMNS, CELL = 8, 8, 22

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tableGrid")
        self.rows, self.columns = 3, 3
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFixedSize(self.sizeHint())

    def sizeHint(self) -> QSize:
        return QSize(self.COLUMNS * self.CELL + 1, self.ROWS * self.CELL + 1)

    def _set(self, rows: int, columns: int) -> None:
        rows = min(max(rows, 1), self.ROWS)
        columns = min(max(columns, 1), self.COLUMNS)
        if (rows, columns) != (self.rows, self.columns):
            self.rows, self.columns = rows, columns
            self.changed.emit(rows, columns)
            self.update()

    def _cell_at(self, point: QPoint) -> tuple[int, int]:
        return point.y() // self.CELL + 1, point.x() // self.CELL + 1

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt's API
        self._set(*self._cell_at(event.position().toPoint()))

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's API
        self._set(*self._cell_at(event.position().toPoint()))
        self.picked.emit(self.rows, self.columns)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's API
        moves = {
            Qt.Key.Key_Down: (1, 0),
            Qt.Key.Key_Up: (-1, 0),
            Qt.Key.Key_Right: (0, 1),
            Qt.Key.Key_Left: (0, -1),
        }
        if event.key() in moves:
            down, right = moves[event.key()]
            self._set(self.rows + down, self.columns + right)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.picked.emit(self.rows, self.columns)
        else:
            super().keyPressEvent(event)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's API
        painter = QPainter(self)
        palette = self.palette()
        chosen = palette.color(QPalette.ColorRole.Highlight)
        empty = palette.color(QPalette.ColorRole.Base)
        line = palette.color(QPalette.ColorRole.Mid)
        for row in range(self.ROWS):
            for column in range(self.COLUMNS):
                cell = QRect(column * self.CELL, row * self.CELL, self.CELL, self.CELL)
                inside = row < self.rows and column < self.columns
                fill = QColor(chosen) if inside else empty
                if inside and row == 0:
                    fill = fill.darker(130)  # the header row
                painter.fillRect(cell.adjusted(1, 1, -1, -1), fill)
                painter.setPen(line)
                painter.drawRect(cell.adjusted(0, 0, -1, -1))


class TablePicker(QDialog):
    """A small popup with a `TableGrid` and the size it will make."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tablePicker")
        self.setWindowTitle(self.tr("Insert Table"))
        self.grid = TableGrid(self)
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.grid)
        layout.addWidget(self.label)
        self.grid.changed.connect(self._show_size)
        self.grid.picked.connect(lambda _r, _c: self.accept())
        self._show_size(self.grid.rows, self.grid.columns)
        self.grid.setFocus()

    def _show_size(self, rows: int, columns: int) -> None:
        self.label.setText(
            self.tr("{columns} × {rows} (a header row and {body} below)").format(
                columns=columns, rows=rows, body=max(rows - 1, 1)
            )
        )


class FormatDialogs:
    """The Format menu's questions, parented to the window that asks; tests drive these
    same dialogs with the keyboard."""

    def ask_link(self, parent: QWidget, label: str, url: str) -> str | None:
        """The URL for a link around ``label``; ``None`` when cancelled."""
        dialog = LinkDialog(label, url, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        url = dialog.url.text().strip()
        dialog.deleteLater()
        return url if accepted else None

    def choose_image(self, parent: QWidget, folder: Path) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            parent, parent.tr("Insert Image"), str(folder), parent.tr(IMAGE_FILTER)
        )
        return Path(name) if name else None

    def pick_table(self, parent: QWidget) -> tuple[int, int] | None:
        """(rows including the header, columns), or ``None`` when cancelled."""
        picker = TablePicker(parent)
        accepted = picker.exec() == QDialog.DialogCode.Accepted
        size = (picker.grid.rows, picker.grid.columns)
        picker.deleteLater()
        return size if accepted else None
