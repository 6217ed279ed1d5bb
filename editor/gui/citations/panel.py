"""The citation panel: the document's references, searchable, citable from where you type."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from editor.core.citations.syntax import CitationItem
from editor.gui.citations.library_service import LibraryService
from editor.gui.citations.reference_form import WRITABLE_SUFFIXES, ReferenceForm, writable_paths

# The locator terms offered, and the CSL label each stands for.
LOCATOR_LABELS = [
    ("p.", "page"),
    ("chap.", "chapter"),
    ("sec.", "section"),
    ("para.", "paragraph"),
    ("fig.", "figure"),
    ("vol.", "volume"),
    ("l.", "line"),
    ("n.", "note"),
]
_KEY = Qt.ItemDataRole.UserRole
_ROOT = QModelIndex()


class ReferenceModel(QAbstractTableModel):
    """Rows of the reference index, in the order the panel chose; only shown rows are read."""

    HEADERS = ("", "Author", "Year", "Title")

    def __init__(self, library: LibraryService, parent=None) -> None:
        super().__init__(parent)
        self._library = library
        self.keys: list[str] = []

    def set_keys(self, keys: list[str]) -> None:
        self.beginResetModel()
        self.keys = keys
        self.endResetModel()

    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802 - Qt's API
        return 0 if parent.isValid() else len(self.keys)

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802 - Qt's API
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section]) if self.HEADERS[section] else ""
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        key = self.keys[index.row()]
        if role == _KEY:
            return key
        row = self._library.index.row(key)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            count = self._library.counts.get(key, 0)
            return (f"● {count}" if count else "", row.authors, row.year, row.title)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"@{key}"
        return None


class CitationPanel(QDockWidget):
    """A dock listing every reference; Enter or double-click cites the selection."""

    citationInsertRequested = Signal(list)  # list[CitationItem]
    jumpToKeyRequested = Signal(str)

    def __init__(self, library: LibraryService, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Citations"), parent)
        self.setObjectName("citationPanel")
        self._library = library
        self.recent: dict[str, float] = {}
        self._select_after_reload: str | None = None
        body = QWidget(self)
        layout = QVBoxLayout(body)

        self.search = QLineEdit(body)
        self.search.setPlaceholderText(self.tr("Search author, title, year, journal, key, DOI"))
        self.search.setClearButtonEnabled(True)
        row = QHBoxLayout()
        self.sort = QComboBox(body)
        self.sort.addItem(self.tr("By author"), "author")
        self.sort.addItem(self.tr("By year"), "year")
        self.sort.addItem(self.tr("Recently used"), "recent")
        self.cited_only = QCheckBox(self.tr("Cited only"), body)
        self.count_label = QLabel(body)
        row.addWidget(self.sort)
        row.addWidget(self.cited_only)
        row.addStretch(1)
        row.addWidget(self.count_label)

        self.model = ReferenceModel(library, self)
        self.table = QTableView(body)
        self.table.setObjectName("references")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        # Sized from the font, not the contents: "resize to contents" reads every row of a
        # large library on each filter, the visible pause the panel must not have.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics = self.table.fontMetrics()
        header.resizeSection(0, metrics.horizontalAdvance("● 888") + 12)
        header.resizeSection(1, metrics.horizontalAdvance("M") * 9)
        header.resizeSection(2, metrics.horizontalAdvance("8888–8888") + 12)
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 6)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

        self.preview = QTextBrowser(body)
        self.preview.setObjectName("referencePreview")
        self.preview.setOpenExternalLinks(True)
        self.preview.setMaximumHeight(110)

        form = QFormLayout()
        locator_row = QHBoxLayout()
        self.locator_label = QComboBox(body)
        for term, label in LOCATOR_LABELS:
            self.locator_label.addItem(term, label)
        self.locator = QLineEdit(body)
        self.locator.setPlaceholderText(self.tr("e.g. 33 or 12-15"))
        locator_row.addWidget(self.locator_label)
        locator_row.addWidget(self.locator, 1)
        self.prefix = QLineEdit(body)
        self.prefix.setPlaceholderText(self.tr("e.g. see"))
        self.suppress_author = QCheckBox(self.tr("Year only (author named in the text)"), body)
        form.addRow(self.tr("Locator:"), locator_row)
        form.addRow(self.tr("Prefix:"), self.prefix)
        form.addRow("", self.suppress_author)
        buttons = QHBoxLayout()
        self.insert_button = QPushButton(self.tr("&Insert Citation"), body)
        self.copy_button = QPushButton(self.tr("&Copy Reference"), body)
        buttons.addWidget(self.insert_button)
        buttons.addWidget(self.copy_button)
        edit_buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Add Reference…"), body)
        self.edit_button = QPushButton(self.tr("Edit &Reference…"), body)
        edit_buttons.addWidget(self.add_button)
        edit_buttons.addWidget(self.edit_button)
        edit_buttons.addStretch(1)

        self.problems = QListWidget(body)
        self.problems.setObjectName("citationProblems")
        self.problems.setMaximumHeight(90)

        layout.addWidget(self.search)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.preview)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addLayout(edit_buttons)
        layout.addWidget(QLabel(self.tr("Problems:"), body))
        layout.addWidget(self.problems)
        self.setWidget(body)

        # Filtering a large library on every keystroke is cheap, but let a burst settle.
        self._filter_timer = QTimer(self, singleShot=True, interval=30)
        self._filter_timer.timeout.connect(self.refilter)
        self.search.textChanged.connect(self._filter_timer.start)
        self.sort.currentIndexChanged.connect(self.refilter)
        self.cited_only.toggled.connect(self.refilter)
        self.table.doubleClicked.connect(lambda _index: self.insert_selected())
        self.table.activated.connect(lambda _index: self.insert_selected())
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.insert_button.clicked.connect(self.insert_selected)
        self.copy_button.clicked.connect(self.copy_selected)
        self.add_button.clicked.connect(self.add_reference)
        self.edit_button.clicked.connect(self.edit_selected)
        self.problems.itemActivated.connect(self._on_problem)
        self.problems.itemClicked.connect(self._on_problem)
        library.libraryChanged.connect(self.refresh)
        library.citedChanged.connect(self.refresh)
        self.refresh()

    # Listing -------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.refilter()
        self._fill_problems()
        self.add_button.setEnabled(bool(writable_paths(self._library)))
        self._enable_edit(self.selected_keys())
        key = self._select_after_reload
        if key is not None and key in self._library.library.entries:
            self._select_after_reload = None
            if key not in self.model.keys:
                self.search.clear()
                self.cited_only.setChecked(False)
                self.refilter()
            self.select_keys([key])

    def refilter(self) -> None:
        index = self._library.index
        keys = index.search(self.search.text())
        if self.cited_only.isChecked():
            keys = [key for key in keys if key in self._library.counts]
        keys = index.sorted_keys(keys, self.sort.currentData(), self.recent)
        selected = self.selected_keys()
        self.model.set_keys(keys)
        self.count_label.setText(
            self.tr("{shown} of {total} · {cited} cited").format(
                shown=len(keys), total=len(index), cited=len(self._library.counts)
            )
        )
        if selected:
            self.select_keys(selected)
        elif keys:
            self.table.selectRow(0)

    def selected_keys(self) -> list[str]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.keys[row] for row in rows if row < len(self.model.keys)]

    def select_keys(self, keys: list[str]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        for key in keys:
            if key in self.model.keys:
                row = self.model.keys.index(key)
                selection.select(
                    self.model.index(row, 0),
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )
                self.table.scrollTo(self.model.index(row, 0))

    def _show_selected(self, *_args) -> None:
        keys = self.selected_keys()
        self._enable_edit(keys)
        entry = self._library.format_entry(keys[0]) if keys else None
        self.preview.setHtml(entry or "")

    def _fill_problems(self) -> None:
        self.problems.clear()
        entries = self._library.library.entries
        for key, count in self._library.counts.items():
            if key not in entries:
                item = QListWidgetItem(
                    self.tr("Cited but missing: @{key} ({count}×)").format(key=key, count=count)
                )
                item.setData(_KEY, key)
                self.problems.addItem(item)
        for problem in self._library.library.problems:
            if "duplicate" in str(problem).lower():
                self.problems.addItem(QListWidgetItem(str(problem)))
        never = [key for key in entries if key not in self._library.counts]
        if never and self._library.counts:
            self.problems.addItem(
                QListWidgetItem(self.tr("{n} entries never cited").format(n=len(never)))
            )

    def _on_problem(self, item: QListWidgetItem) -> None:
        key = item.data(_KEY)
        if key:
            self.jumpToKeyRequested.emit(key)

    # Acting --------------------------------------------------------------------------------
    def insert_selected(self) -> None:
        """Ask for the selected references to be cited at the cursor, with the fields."""
        keys = self.selected_keys()
        if not keys:
            return
        label = self.locator_label.currentData()
        items = [
            CitationItem(
                key,
                prefix=self.prefix.text().strip() if i == 0 else "",
                locator=self.locator.text().strip() if i == len(keys) - 1 else "",
                label=label,
                suppress_author=self.suppress_author.isChecked(),
            )
            for i, key in enumerate(keys)
        ]
        now = time.time()
        for key in keys:
            self.recent[key] = now
        self.citationInsertRequested.emit(items)
        self.locator.clear()
        self.prefix.clear()
        self.suppress_author.setChecked(False)

    def copy_selected(self) -> None:
        """Put the formatted references on the clipboard, as rich text and as plain text."""
        entries = [self._library.format_entry(key) for key in self.selected_keys()]
        html = "\n".join(f"<p>{entry}</p>" for entry in entries if entry)
        if not html:
            return
        document = QTextDocument()
        document.setHtml(html)
        data = QMimeData()
        data.setHtml(html)
        data.setText(document.toPlainText())
        QGuiApplication.clipboard().setMimeData(data)

    # Adding and editing references ---------------------------------------------------------
    def _enable_edit(self, keys: list[str]) -> None:
        self.edit_button.setEnabled(len(keys) == 1 and self._editable(keys[0]))

    def _editable(self, key: str) -> bool:
        location = self._library.library.locations.get(key)
        return location is not None and Path(location[0]).suffix.lower() in WRITABLE_SUFFIXES

    def add_reference(self) -> None:
        """Open the form for a new reference; once saved, it is selected in the list."""
        self._run_form(ReferenceForm(self._library, parent=self))

    def edit_selected(self) -> None:
        """Open the form on the selected reference, in the file it came from."""
        keys = self.selected_keys()
        if len(keys) == 1 and self._editable(keys[0]):
            self._run_form(ReferenceForm(self._library, keys[0], parent=self))

    def _run_form(self, form: ReferenceForm) -> None:
        # accepted comes straight after save(), before the reload that save started lands.
        form.accepted.connect(lambda: self._follow_saved(form.saved_key))
        form.exec()
        form.deleteLater()

    def _follow_saved(self, key: str | None) -> None:
        self._select_after_reload = key
        if key is not None and key in self._library.library.entries:
            self.refresh()  # already reloaded (or an edit that kept its key)
