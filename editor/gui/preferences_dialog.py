"""Edit → Preferences: one page per subject, every control bound to one preference of the
settings table and applied live (the window listens to ``Settings.changed``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFontComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from editor.core.proofing.checker import rule_catalogue
from editor.gui.settings import PREFERENCES, Settings


@dataclass
class _Binding:
    """How one control shows and changes one preference."""

    widget: QWidget
    show: Callable[[Any], None]  # put the preference's value into the control


class PreferencesDialog(QDialog):
    """The preferences, applied as they change; **Restore Defaults** resets all of them."""

    def __init__(
        self,
        settings: Settings,
        languages: list[str],
        parent: QWidget | None = None,
        choose_style: Callable[[QWidget, Path | None], Path | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("Preferences"))
        self._settings = settings
        self._languages = languages
        self._choose_style = choose_style or _choose_style_file
        self._bindings: dict[str, _Binding] = {}
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._editor_page(), self.tr("Editor"))
        self.tabs.addTab(self._appearance_page(), self.tr("Appearance"))
        self.tabs.addTab(self._writing_page(), self.tr("Writing"))
        self.tabs.addTab(self._proofing_page(), self.tr("Proofing"))
        self.tabs.addTab(self._citations_page(), self.tr("Citations and Export"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = buttons.addButton(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.restore_button.clicked.connect(settings.restore_defaults)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        settings.changed.connect(self._on_setting_changed)
        for key in self._bindings:
            self._on_setting_changed(key)

    def control(self, key: str) -> QWidget:
        """The control bound to the preference ``key`` (for tests and shortcuts)."""
        return self._bindings[key].widget

    # Pages -----------------------------------------------------------------------------------
    def _editor_page(self) -> QWidget:
        page, form = _page()
        self.system_font = QCheckBox(self.tr("The system's fixed-width font"), page)
        self.font_family = QFontComboBox(page)
        self.font_family.setObjectName("fontFamily")
        form.addRow(self.tr("Font:"), self.system_font)
        form.addRow("", self.font_family)
        self._bind_font_family()
        form.addRow(self.tr("Size:"), self._spin("editor/font_size", 6, 48, suffix=" pt"))
        width = self._spin("editor/line_width", 0, 400, suffix=self.tr(" characters"))
        width.setSpecialValueText(self.tr("As wide as the window"))
        form.addRow(self.tr("Line width:"), width)
        form.addRow("", self._check("editor/center_text", self.tr("Centre the lines")))
        form.addRow(
            self.tr("Line spacing:"),
            self._spin("editor/line_spacing", 100, 250, suffix=" %", step=5),
        )
        form.addRow("", self._check("editor/wrap", self.tr("Wrap long lines")))
        return page

    def _appearance_page(self) -> QWidget:
        page, form = _page()
        theme = self._combo(
            "view/theme",
            [
                (self.tr("Follow the system"), "system"),
                (self.tr("Light"), "light"),
                (self.tr("Dark"), "dark"),
            ],
        )
        form.addRow(self.tr("Theme:"), theme)
        form.addRow("", self._check("preview/visible", self.tr("Show the preview")))
        form.addRow(
            self.tr("Focus mode dims:"),
            self._combo(
                "focus/dim",
                [
                    (self.tr("All but the paragraph"), "paragraph"),
                    (self.tr("All but the sentence"), "sentence"),
                    (self.tr("Nothing"), "none"),
                ],
            ),
        )
        form.addRow(
            "",
            self._check("focus/typewriter", self.tr("Typewriter scrolling in focus mode")),
        )
        return page

    def _writing_page(self) -> QWidget:
        page, form = _page()
        goal = self._spin("goal/words", 0, 1_000_000, suffix=self.tr(" words"), step=100)
        goal.setSpecialValueText(self.tr("No goal"))
        form.addRow(self.tr("Word count goal:"), goal)
        form.addRow(
            self.tr("Counted:"),
            self._combo(
                "goal/scope",
                [
                    (self.tr("Words written this session"), "session"),
                    (self.tr("Words in the document"), "document"),
                ],
            ),
        )
        form.addRow(
            self.tr("Autosave every:"),
            self._spin("recovery/autosave_seconds", 1, 3600, suffix=self.tr(" s")),
        )
        languages = [(self.tr("The system's language"), "")]
        languages += [(language, language) for language in self._languages]
        form.addRow(self.tr("Spelling language:"), self._combo("spelling/language", languages))
        form.addRow("", self._check("spelling/medical", self.tr("Medical terms")))
        form.addRow(self.tr("Reviewer's name:"), self._line("review/author"))
        return page

    def _line(self, key: str) -> QLineEdit:
        field = QLineEdit(self._settings.get(key), self)
        field.setObjectName(key.replace("/", "_"))
        field.setPlaceholderText(self.tr("Signs your comments, e.g. Jane Doe"))
        field.textEdited.connect(lambda text: self._settings.set(key, text.strip()))
        return field

    def _proofing_page(self) -> QWidget:
        """One checkbox per proofing rule, all bound to the list of rules turned off."""
        page, form = _page()
        rules = QListWidget(page)
        rules.setObjectName("proofingRules")
        for rule_id, title in rule_catalogue():
            item = QListWidgetItem(f"{title} ({rule_id})", rules)
            item.setData(Qt.ItemDataRole.UserRole, rule_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        key = "proofing/off_rules"

        def store(_item: QListWidgetItem) -> None:
            off = [
                rules.item(row).data(Qt.ItemDataRole.UserRole)
                for row in range(rules.count())
                if rules.item(row).checkState() != Qt.CheckState.Checked
            ]
            self._settings.set(key, ",".join(off))

        def show(value: str) -> None:
            off = set(value.split(","))
            with QSignalBlocker(rules):
                for row in range(rules.count()):
                    item = rules.item(row)
                    on = item.data(Qt.ItemDataRole.UserRole) not in off
                    item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

        rules.itemChanged.connect(store)
        self._bindings[key] = _Binding(rules, show)
        form.addRow(self.tr("Check for:"), rules)
        return page

    def _citations_page(self) -> QWidget:
        page, form = _page()
        row = QWidget(page)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.style_path = QLineEdit(row)
        self.style_path.setObjectName("defaultStyle")
        self.style_path.setPlaceholderText(self.tr("Cite Them Right Harvard (built in)"))
        self.style_path.setToolTip(
            self.tr("A .csl file, or a style of the CSL repository by id: apa, bmj, vancouver…")
        )
        browse = QPushButton(self.tr("Choose…"), row)
        built_in = QPushButton(self.tr("Built In"), row)
        line.addWidget(self.style_path, 1)
        line.addWidget(browse)
        line.addWidget(built_in)
        key = "citations/default_style"
        self.style_path.editingFinished.connect(
            lambda: self._settings.set(key, self.style_path.text().strip())
        )
        browse.clicked.connect(self._browse_style)
        built_in.clicked.connect(lambda: self._settings.set(key, ""))
        self._bindings[key] = _Binding(self.style_path, self.style_path.setText)
        form.addRow(self.tr("Default citation style:"), row)
        form.addRow(
            self.tr("Paper:"),
            self._combo(
                "export/paper",
                [
                    (self.tr("A4"), "a4"),
                    (self.tr("US Letter"), "letter"),
                    (self.tr("A5"), "a5"),
                    (self.tr("US Legal"), "legal"),
                ],
            ),
        )
        for side, label in (
            ("top", self.tr("Top margin:")),
            ("right", self.tr("Right margin:")),
            ("bottom", self.tr("Bottom margin:")),
            ("left", self.tr("Left margin:")),
        ):
            form.addRow(label, self._double(f"export/margin_{side}", 0, 80, " mm"))
        form.addRow("", self._check("export/html_fragment", self.tr("HTML without the page")))
        form.addRow(
            self.tr("Review marks:"),
            self._combo(
                "export/track_changes",
                [
                    (self.tr("Accept all changes"), "accept"),
                    (self.tr("Reject all changes"), "reject"),
                    (self.tr("Show changes and comments"), "all"),
                ],
            ),
        )
        return page

    # Bindings --------------------------------------------------------------------------------
    def _check(self, key: str, text: str) -> QCheckBox:
        box = QCheckBox(text, self)
        box.toggled.connect(lambda on: self._settings.set(key, on))
        self._bindings[key] = _Binding(box, box.setChecked)
        return box

    def _spin(self, key: str, low: int, high: int, suffix: str = "", step: int = 1) -> QSpinBox:
        box = QSpinBox(self)
        box.setRange(low, high)
        box.setSingleStep(step)
        box.setSuffix(suffix)
        box.valueChanged.connect(lambda value: self._settings.set(key, value))
        self._bindings[key] = _Binding(box, box.setValue)
        return box

    def _double(self, key: str, low: float, high: float, suffix: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setRange(low, high)
        box.setDecimals(1)
        box.setSuffix(suffix)
        box.valueChanged.connect(lambda value: self._settings.set(key, value))
        self._bindings[key] = _Binding(box, box.setValue)
        return box

    def _combo(self, key: str, items: list[tuple[str, Any]]) -> QComboBox:
        box = QComboBox(self)
        for text, value in items:
            box.addItem(text, value)
        box.currentIndexChanged.connect(lambda index: self._settings.set(key, box.itemData(index)))

        def show(value: Any) -> None:
            index = box.findData(value)
            if index < 0:  # a language whose dictionary has gone: keep it visible
                box.addItem(str(value), value)
                index = box.count() - 1
            box.setCurrentIndex(index)

        self._bindings[key] = _Binding(box, show)
        return box

    def _bind_font_family(self) -> None:
        key = "editor/font_family"

        def chosen() -> None:
            system = self.system_font.isChecked()
            self.font_family.setEnabled(not system)
            self._settings.set(key, "" if system else self.font_family.currentFont().family())

        def show(family: str) -> None:
            self.system_font.setChecked(not family)
            self.font_family.setEnabled(bool(family))
            if family:
                self.font_family.setCurrentFont(QFont(family))

        self.system_font.toggled.connect(chosen)
        self.font_family.currentFontChanged.connect(chosen)
        self._bindings[key] = _Binding(self.font_family, show)

    def _browse_style(self) -> None:
        current = self._settings.get("citations/default_style")
        path = self._choose_style(self, Path(current) if current else None)
        if path is not None:
            self._settings.set("citations/default_style", str(path))

    def _on_setting_changed(self, key: str) -> None:
        binding = self._bindings.get(key)
        if binding is None or key not in PREFERENCES:
            return
        # Showing a value must not write it back (and announce it) again.
        blockers = [QSignalBlocker(binding.widget)]
        if key == "editor/font_family":
            blockers.append(QSignalBlocker(self.system_font))
        binding.show(self._settings.get(key))
        del blockers


def _page() -> tuple[QWidget, QFormLayout]:
    page = QWidget()
    form = QFormLayout(page)
    return page, form


def _choose_style_file(parent: QWidget, current: Path | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent,
        parent.tr("Default Citation Style"),
        str(current.parent if current else Path.home()),
        parent.tr("Citation styles (*.csl);;All files (*)"),
    )
    return Path(name) if name else None
