"""Help → Keyboard Shortcuts, read from the window's real menus, and the writing guide."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMenuBar,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from editor.core.render import Renderer
from editor.core.resources import read_resource


@dataclass(frozen=True)
class ShortcutEntry:
    """One command and its keys, as the menus show them."""

    menu: str  # "Edit › Find…"'s "Edit", or "Tools › Spelling"
    command: str
    keys: str  # every binding, "Ctrl+Y, Ctrl+Shift+Z"


def _plain(text: str) -> str:
    # "&&" is a literal ampersand in a menu; a single "&" marks the mnemonic.
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def shortcut_entries(menu_bar: QMenuBar) -> list[ShortcutEntry]:
    """Every action with a shortcut in ``menu_bar``'s menus and submenus, in menu order: so
    whatever adds an action to a menu appears here too."""
    entries: list[ShortcutEntry] = []
    seen: set[int] = set()

    def walk(actions: list[QAction], path: list[str]) -> None:
        for action in actions:
            # PySide6's stubs type QAction.menu() as QObject; a menu bar's actions hold QMenus.
            menu = cast(QMenu | None, action.menu())
            if menu is not None:
                walk(menu.actions(), [*path, _plain(menu.title())])
                continue
            if action.isSeparator() or id(action) in seen:
                continue
            keys = [key for key in action.shortcuts() if not key.isEmpty()]
            if not keys:
                continue
            seen.add(id(action))
            entries.append(
                ShortcutEntry(
                    " › ".join(path),
                    _plain(action.text()).rstrip("…").rstrip("."),
                    ", ".join(key.toString(QKeySequence.SequenceFormat.NativeText) for key in keys),
                )
            )

    walk(menu_bar.actions(), [])
    return entries


class ShortcutsDialog(QDialog):
    """A searchable table of the window's commands and their keys."""

    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard Shortcuts"))
        self.resize(560, 520)
        self.entries = shortcut_entries(menu_bar)
        model = QStandardItemModel(0, 3, self)
        model.setHorizontalHeaderLabels([self.tr("Command"), self.tr("Keys"), self.tr("Menu")])
        for entry in self.entries:
            row = [
                QStandardItem(entry.command),
                QStandardItem(entry.keys),
                QStandardItem(entry.menu),
            ]
            for item in row:
                item.setEditable(False)
            model.appendRow(row)
        self.filter = QSortFilterProxyModel(self)
        self.filter.setSourceModel(model)
        self.filter.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter.setFilterKeyColumn(-1)  # the command, its keys or its menu
        self.search = QLineEdit(self)
        self.search.setObjectName("shortcutSearch")
        self.search.setPlaceholderText(self.tr("Search commands and keys"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.filter.setFilterFixedString)
        self.table = QTableView(self)
        self.table.setObjectName("shortcutTable")
        self.table.setModel(self.filter)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.ResizeToContents
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.search.setFocus()

    def visible_commands(self) -> list[str]:
        return [self.filter.index(row, 0).data() for row in range(self.filter.rowCount())]


class GuideDialog(QDialog):
    """The shipped Markdown and Citations Guide, rendered as the preview renders articles."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle(self.tr("Markdown and Citations Guide"))
        self.resize(720, 760)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guideText")
        self.browser.setOpenExternalLinks(True)
        self.browser.document().setDefaultStyleSheet(
            "pre { background: #f4f4f4; } td, th { padding: 2px 8px; } "
            "table { border-collapse: collapse; }"
        )
        rendered = Renderer().render(read_resource("help", "guide.md"))
        self.browser.setHtml(rendered.body_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
