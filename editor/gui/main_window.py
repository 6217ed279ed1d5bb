"""The main window: the editor beside the live preview, file handling and the status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from editor import APP_NAME, __version__
from editor.core.citations.styles import StyleRepository
from editor.core.fileio import EncodingError, FileError
from editor.core.recovery import RecoveryEntry, RecoveryStore
from editor.gui.actions import build_menus
from editor.gui.citations.bibliography_actions import new_bibliography, open_bibliography
from editor.gui.citations.completer import CitationCompleter
from editor.gui.citations.insert import insert_citation, select_next_use
from editor.gui.citations.library_service import LibraryService
from editor.gui.citations.panel import CitationPanel
from editor.gui.citations.style_chooser import choose_style
from editor.gui.dialogs import Dialogs, DiscardReason, UnsavedChoice
from editor.gui.document_session import DiskChangedError, DocumentSession
from editor.gui.edit_menu import fill_edit_menu
from editor.gui.editor_widget import MarkdownEditor
from editor.gui.export_actions import ExportController
from editor.gui.file_watch import FileWatcher
from editor.gui.find_bar import FindBar
from editor.gui.focus_mode import FocusMode
from editor.gui.format_actions import FormatActions
from editor.gui.link_opener import LinkOpener
from editor.gui.live_document import Rendered
from editor.gui.log_folder_action import ShowLogFolderAction
from editor.gui.office_import import dropped_message, import_for_editing, is_office_file
from editor.gui.outline_panel import OutlinePanel
from editor.gui.paste import PasteHandler
from editor.gui.preferences_dialog import PreferencesDialog
from editor.gui.preview import PreviewView
from editor.gui.preview_controller import PreviewController
from editor.gui.proofing.problems import ProblemsController
from editor.gui.proofing.problems_panel import ProblemsPanel
from editor.gui.proofing.spelling import SpellingController
from editor.gui.recovery import Autosaver
from editor.gui.review.review_actions import ReviewActions
from editor.gui.settings import Settings
from editor.gui.shortcuts_dialog import GuideDialog, ShortcutsDialog
from editor.gui.status import WordCountLabel
from editor.gui.themes import ThemeController
from editor.gui.view_actions import ViewController
from editor.gui.window_placement import place_window
from editor.gui.word_goal import WordGoalLabel

STATUS_MESSAGE_MS = 6000


class MainWindow(QMainWindow):
    """One document in an editor beside its preview."""

    def __init__(
        self,
        settings: Settings,
        dialogs: Dialogs | None = None,
        personal_dictionary: Path | None = None,
        parent: QWidget | None = None,
        recovery: RecoveryStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings
        self.dialogs = dialogs or Dialogs()

        self.editor = MarkdownEditor(self)
        self.preview = PreviewView(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.editor)
        self.splitter.addWidget(self.preview)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        # The find bar sits above both panes: it finds in whichever had the focus.
        self.find_bar = FindBar(
            self.editor, self.preview, lambda: self.session.lines_snapshot(), self
        )
        central = QWidget(self)
        central.setObjectName("centralArea")
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.find_bar)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.session = DocumentSession(self.editor.document(), self)
        self.previews = PreviewController(
            self.editor,
            self.preview,
            self.session,
            self,
            max(1, settings.get("preview/render_seconds")),
        )
        self.links = LinkOpener(self, self.dialogs, self.open_path, self.show_status)
        # Queued: following a link may ask the user or load another document, neither of
        # which may happen inside the page's navigation callback.
        self.preview.preview_page.externalLinkRequested.connect(
            self.links.follow, Qt.ConnectionType.QueuedConnection
        )
        self.word_count = WordCountLabel(self.editor, self)
        self.statusBar().addPermanentWidget(self.word_count)
        self.spelling = SpellingController(self.editor, settings, personal_dictionary, self)
        self.editor.spelling = self.spelling
        self.language_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.language_label)
        self.proofing = ProblemsController(
            self.editor, self.spelling, settings, self.session.lines_snapshot, self
        )
        self.problems_panel = ProblemsPanel(self.proofing, self.spelling, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.problems_panel)
        self.problems_panel.hide()
        self._panel_sized = False
        self.library = LibraryService(self)
        self.style_repository = StyleRepository()  # the chooser's; its index cached on disk
        self.citation_panel = CitationPanel(self.library, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.citation_panel)
        self.citation_panel.hide()
        self.citation_panel.visibilityChanged.connect(self._size_citation_panel)
        self.completer = CitationCompleter(self.editor, self.library)
        self.exports = ExportController(
            self,
            settings,
            self.dialogs,
            self.session.text,
            lambda: self.session.path,
            self.statusBar(),
        )
        self.menu_actions = build_menus(self)
        toggle = self.problems_panel.toggleViewAction()
        toggle.setText(self.tr("&Problems"))
        toggle.setShortcut("Ctrl+Shift+F7")
        self.menu_actions.tools_menu.addAction(toggle)
        toggle = self.citation_panel.toggleViewAction()
        toggle.setText(self.tr("&Citation Panel"))
        toggle.setShortcut("Ctrl+Shift+B")
        self.menu_actions.tools_menu.addAction(toggle)
        self._build_writing_tools()
        self._build_formatting()
        # --- Preferences and views (ui-prefs) ---
        self.themes = ThemeController(settings, self.editor, self.preview, self)
        # Before the panels' toggles would matter: focus mode hides whatever is shown then.
        self.focus_mode = FocusMode(self, self.editor, settings)
        self.view = ViewController(self, settings, self.focus_mode, self.menu_actions.view_menu)
        self.word_goal = WordGoalLabel(settings, self)
        self.statusBar().addPermanentWidget(self.word_goal)
        self.preferences_dialog: PreferencesDialog | None = None
        # --- end of preferences and views ---
        self.title_text = ""
        self.file_watcher = FileWatcher(
            self.session,
            lambda name, modified: self.dialogs.ask_reload(self, name, modified),
            self,
        )
        # Without a store (tests that are not about recovery) nothing is autosaved.
        self.autosaver = (
            Autosaver(self.session, recovery, settings, self._plain_title, self)
            if recovery is not None
            else None
        )

        self._connect()
        self._apply_preferences()
        self._restore_window_state()
        self.session.new()

    # Wiring --------------------------------------------------------------------------------
    def _build_writing_tools(self) -> None:
        """The Edit menu, the find bar, the outline and the Help menu's guides."""
        self.edit_actions = fill_edit_menu(
            self.menu_actions.edit_menu, self, self.editor, self.preview, self.find_bar
        )
        self.menu_actions.edit_menu.addSeparator()
        self.menu_actions.edit_menu.addAction(self.menu_actions.preferences)
        self.find_bar.replaced.connect(
            lambda count: self.show_status(self.tr("Replaced {count}").format(count=count))
        )
        self.outline = OutlinePanel(self.editor, self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.outline)
        self.outline.hide()
        self.previews.documentRendered.connect(self.outline.show_document)
        toggle = self.outline.toggleViewAction()
        toggle.setText(self.tr("&Outline"))
        toggle.setShortcut("Ctrl+Shift+O")
        self.menu_actions.tools_menu.addAction(toggle)
        help_menu = self.menu_actions.help_menu
        guide = QAction(self.tr("Markdown and Citations &Guide"), self)
        guide.setShortcut("F1")
        guide.triggered.connect(lambda: self._show_dialog(GuideDialog(self)))
        shortcuts = QAction(self.tr("&Keyboard Shortcuts"), self)
        shortcuts.setShortcut("Ctrl+/")
        shortcuts.triggered.connect(
            lambda: self._show_dialog(ShortcutsDialog(self.menuBar(), self))
        )
        first = help_menu.actions()[0]  # About, which actions.py puts there
        help_menu.insertAction(first, guide)
        help_menu.insertAction(first, shortcuts)
        help_menu.insertSeparator(first)
        self.show_log_folder = ShowLogFolderAction(self.show_status, self)
        help_menu.insertAction(first, self.show_log_folder)
        help_menu.insertSeparator(first)

    def _show_dialog(self, dialog) -> None:
        # Not modal: the guide can stay open beside the text it explains.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.open_dialogs = [d for d in getattr(self, "open_dialogs", []) if d.isVisible()]
        self.open_dialogs.append(dialog)
        dialog.show()

    def _build_formatting(self) -> None:
        """The Format menu (between View and Tools), its toolbar, and paste and drop."""
        self.paste_handler = PasteHandler(
            self.editor, self._document_folder, self.save, parent=self
        )
        self.editor.paste_handler = self.paste_handler
        self.paste_handler.problem.connect(self.show_status)
        self.formatting = FormatActions(
            self, self.editor, self.settings, self.paste_handler, self._document_folder
        )
        self.menuBar().insertMenu(self.menu_actions.tools_menu.menuAction(), self.formatting.menu)
        self.review = ReviewActions(self, self.editor, self.settings)
        self.menuBar().insertMenu(self.menu_actions.tools_menu.menuAction(), self.review.menu)
        self.statusBar().addPermanentWidget(self.review.indicator)
        self.previews.documentRendered.connect(self.review.panel.show_document)
        self.menu_actions.view_menu.addSeparator()
        self.menu_actions.view_menu.addAction(self.formatting.toggle_toolbar)

    def _connect(self) -> None:
        actions = self.menu_actions
        actions.new.triggered.connect(self.new_document)
        actions.open.triggered.connect(self.open_dialog)
        actions.save.triggered.connect(self.save)
        actions.save_as.triggered.connect(self.save_as_dialog)
        actions.export_html.triggered.connect(self.exports.export_html_dialog)
        actions.export_pdf.triggered.connect(self.exports.export_pdf_dialog)
        actions.export_docx.triggered.connect(self.exports.export_docx_dialog)
        actions.quit.triggered.connect(self.close)
        actions.toggle_preview.toggled.connect(
            lambda shown: self.settings.set("preview/visible", shown)
        )
        actions.sync_scroll.toggled.connect(lambda on: self.settings.set("preview/sync_scroll", on))
        actions.about.triggered.connect(self.show_about)
        actions.recent_menu.aboutToShow.connect(self._fill_recent_menu)

        self.session.pathChanged.connect(self._on_path_changed)
        self.session.aboutToReplace.connect(self.spelling.before_replace)
        self.session.replaced.connect(self.spelling.after_replace)
        self.session.replaced.connect(self.previews.document_replaced)
        actions.check_spelling.toggled.connect(lambda on: self.settings.set("spelling/enabled", on))
        actions.medical_terms.toggled.connect(lambda on: self.settings.set("spelling/medical", on))
        actions.skip_all_caps.toggled.connect(
            lambda on: self.settings.set("spelling/skip_all_caps", on)
        )
        actions.next_misspelling.triggered.connect(self.spelling.go_to_next)
        actions.language_menu.aboutToShow.connect(self._fill_language_menu)
        self.spelling.checkerChanged.connect(self._on_checker_changed)
        self.previews.documentRendered.connect(self.library.follow)
        self.preview.set_remote_images(self.settings.get("preview/remote_images"))
        actions.open_bibliography.triggered.connect(
            lambda: open_bibliography(self, self.session, self._document_folder())
        )
        actions.new_bibliography.triggered.connect(
            lambda: new_bibliography(self, self.session, self._document_folder())
        )
        actions.citation_style.triggered.connect(
            lambda: choose_style(
                self, self.session, self.library, self.settings, self.style_repository
            )
        )
        self.citation_panel.citationInsertRequested.connect(
            lambda items: insert_citation(self.editor, items)
        )
        self.citation_panel.jumpToKeyRequested.connect(
            lambda key: select_next_use(self.editor, key)
        )
        self.spelling.problem.connect(self.show_status)
        self.editor.document().modificationChanged.connect(self.setWindowModified)
        self.previews.documentRendered.connect(self._on_rendered)
        self.previews.problem.connect(self.show_status)
        self.settings.changed.connect(self._on_setting_changed)
        self.file_watcher.fileDeleted.connect(self._on_file_deleted)
        self.file_watcher.reloaded.connect(
            lambda: self.show_status(
                self.tr("Reloaded {name}").format(name=self.session.display_name)
            )
        )
        self.file_watcher.problem.connect(self.show_status)
        if self.autosaver is not None:
            self.autosaver.problem.connect(self.show_status)
        # --- Preferences and views (ui-prefs) ---
        actions.preferences.triggered.connect(self.show_preferences)
        self.focus_mode.activeChanged.connect(lambda _on: self._apply_preferences())
        self.session.replaced.connect(self.word_goal.start_session)

    def _apply_preferences(self) -> None:
        zoom = self.settings.get("view/zoom")
        self.editor.apply_font(
            self.settings.get("editor/font_family"), self.settings.get("editor/font_size"), zoom
        )
        self.editor.set_soft_wrap(self.settings.get("editor/wrap"))
        self.editor.set_line_width(
            self.settings.get("editor/line_width"), self.settings.get("editor/center_text")
        )
        self.editor.set_line_spacing(self.settings.get("editor/line_spacing"))
        self.preview.set_zoom(zoom / 100)
        style = self.settings.get("citations/default_style")
        self.previews.set_default_style(style or None)
        shown = self.settings.get("preview/visible")
        self.preview.setVisible(shown and not self.focus_mode.active)
        self.menu_actions.toggle_preview.setChecked(shown)
        follow = self.settings.get("preview/sync_scroll")
        self.previews.sync_scroll = follow
        self.menu_actions.sync_scroll.setChecked(follow)
        self.menu_actions.check_spelling.setChecked(self.settings.get("spelling/enabled"))
        self.menu_actions.medical_terms.setChecked(self.settings.get("spelling/medical"))
        self.menu_actions.skip_all_caps.setChecked(self.settings.get("spelling/skip_all_caps"))

    def _on_setting_changed(self, key: str) -> None:
        if key == "preview/remote_images":
            self.preview.set_remote_images(self.settings.get(key))
        self._apply_preferences()

    def _restore_window_state(self) -> None:
        geometry = self.settings.geometry()
        restored = geometry is not None and self.restoreGeometry(geometry)
        others = [
            window
            for window in QApplication.topLevelWidgets()
            if isinstance(window, MainWindow) and window is not self
        ]
        place_window(self, restored, others)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.splitter_state()
        if splitter is None or not self.splitter.restoreState(splitter):
            half = max(self.width() // 2, 200)
            self.splitter.setSizes([half, half])

    def _save_window_state(self) -> None:
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        self.settings.set_splitter_state(self.splitter.saveState())
        self.settings.sync()

    def show_preferences(self) -> PreferencesDialog:
        """Edit → Preferences: one dialog per window, raised again when already open."""
        if self.preferences_dialog is None:
            self.preferences_dialog = PreferencesDialog(
                self.settings, self.spelling.languages(), self
            )
        self.preferences_dialog.show()
        self.preferences_dialog.raise_()
        self.preferences_dialog.activateWindow()
        return self.preferences_dialog

    # Files ---------------------------------------------------------------------------------
    def new_document(self) -> None:
        if self.confirm_discard(DiscardReason.NEW):
            self.session.new()

    def open_dialog(self) -> None:
        if not self.confirm_discard(DiscardReason.OPEN):
            return
        path = self.dialogs.open_file(self, self.session.folder)
        if path is not None:
            self.open_path(path, confirmed=True)

    def open_path(self, path: Path, confirmed: bool = False) -> bool:
        """Open ``path`` in this window; ``False`` when the user kept the current text or the
        file could not be read (the reason is shown)."""
        if not confirmed and not self.confirm_discard(DiscardReason.OPEN):
            return False
        if is_office_file(Path(path)):
            return self._open_office_file(Path(path))
        try:
            self.session.load(Path(path))
        except EncodingError as error:
            # Never guess: the author chooses how to read it (and it is saved back the same
            # way), or it stays closed.
            encoding = self.dialogs.choose_encoding(self, Path(path), str(error), error.candidates)
            if encoding is None:
                self.show_status(self.tr("Not opened: {reason}").format(reason=str(error)))
                return False
            try:
                self.session.load(Path(path), encoding)
            except FileError as again:
                self.dialogs.show_error(self, self.tr("Cannot open file"), str(again))
                return False
        except FileError as error:
            self.dialogs.show_error(self, self.tr("Cannot open file"), str(error))
            return False
        self.editor.moveCursor(QTextCursor.MoveOperation.Start)
        if self.session.path is not None:
            self.settings.add_recent_file(self.session.path)
        self.show_status(self.tr("Opened {name}").format(name=self.session.display_name))
        return True

    def _open_office_file(self, path: Path) -> bool:
        """A Word or ODT file opens as new markdown, unsaved, saving beside it."""
        try:
            imported, markdown_path = import_for_editing(path)
        except FileError as error:
            self.dialogs.show_error(self, self.tr("Cannot open file"), str(error))
            return False
        self.session.restore(imported.markdown, markdown_path)
        self.editor.moveCursor(QTextCursor.MoveOperation.Start)
        self.show_status(dropped_message(imported, path))
        return True

    def recover(self, entry: RecoveryEntry) -> bool:
        """Open a recovered document: its autosaved text, unsaved, saving to its original
        file if it had one. ``False`` (the reason shown) when the text cannot be read."""
        try:
            text = entry.text()
        except FileError as error:
            self.dialogs.show_error(self, self.tr("Cannot recover document"), str(error))
            return False
        self.session.restore(text, entry.original)
        if self.autosaver is not None:
            self.autosaver.adopt(entry.id)
        self.show_status(self.tr("Recovered {name}").format(name=entry.name))
        return True

    def save(self) -> bool:
        if self.session.path is None:
            return self.save_as_dialog()
        return self._save_to(None)

    def save_as_dialog(self) -> bool:
        suggested = self.session.path or self.session.folder / f"{self.tr('Untitled')}.md"
        path = self.dialogs.save_file(self, suggested)
        return self._save_to(path) if path is not None else False

    def save_as(self, path: Path) -> bool:
        return self._save_to(Path(path))

    def _save_to(self, path: Path | None) -> bool:
        while True:
            try:
                self.session.save(path)
                break
            except DiskChangedError:
                # Another program wrote the file since we read it, maybe a moment ago: the
                # same question as when the watcher notices, and Keep Mine saves over it.
                if not self.file_watcher.resolve_change():
                    return False
            except FileError as error:
                self.dialogs.show_error(self, self.tr("Cannot save file"), str(error))
                return False
        if self.session.path is not None:
            self.settings.add_recent_file(self.session.path)
        self.show_status(self.tr("Saved {name}").format(name=self.session.display_name))
        return True

    def confirm_discard(self, reason: DiscardReason = DiscardReason.CLOSE) -> bool:
        """Ask about unsaved changes; ``True`` when it is fine to replace or close the text."""
        if not self.session.is_modified():
            return True
        choice = self.dialogs.ask_unsaved_changes(self, self.session.display_name, reason)
        if choice is UnsavedChoice.SAVE:
            return self.save()
        return choice is UnsavedChoice.DISCARD

    def _fill_recent_menu(self) -> None:
        menu = self.menu_actions.recent_menu
        menu.clear()
        files = self.settings.recent_files()
        for path in files:
            action = menu.addAction(path.name)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(p))
        if not files:
            menu.addAction(self.tr("No recent files")).setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction(self.tr("Clear Menu"), self.settings.clear_recent_files)

    def _size_citation_panel(self, visible: bool) -> None:
        # The first time it appears, give the panel room for its title column.
        if visible and not self._panel_sized:
            self._panel_sized = True
            self.resizeDocks([self.citation_panel], [420], Qt.Orientation.Horizontal)

    def _document_folder(self) -> Path | None:
        return self.session.path.parent if self.session.path else None

    def _fill_language_menu(self) -> None:
        menu = self.menu_actions.language_menu
        menu.clear()
        group = QActionGroup(menu)
        for language in self.spelling.languages():
            action = menu.addAction(language)
            action.setCheckable(True)
            action.setChecked(language == self.spelling.language)
            action.setActionGroup(group)
            action.triggered.connect(
                lambda _checked=False, lang=language: self.spelling.choose_language(lang)
            )
        if menu.isEmpty():
            menu.addAction(self.tr("No dictionaries installed")).setEnabled(False)

    def _on_checker_changed(self) -> None:
        language = self.spelling.language
        self.language_label.setText(language or self.tr("No spelling"))
        self.menu_actions.medical_terms.setEnabled(self.spelling.checker.medical_available)

    # Display -------------------------------------------------------------------------------
    def _on_path_changed(self, path: Path | None) -> None:
        self.previews.set_folder(path.parent if path else Path.home())
        self.spelling.document_changed(path)
        self.proofing.document_path = path
        self._update_title()

    def _on_rendered(self, document: Rendered) -> None:
        self.word_count.set_document_words(document.word_count, document.body_start_line)
        self.word_goal.set_document_words(document.word_count)
        self.spelling.set_front_matter_lang(document.metadata.lang)
        if document.title_text != self.title_text:
            self.title_text = document.title_text
            self._update_title()

    def _update_title(self) -> None:
        # "[*]" is where Qt shows the modified marker.
        name = self.session.display_name
        if self.title_text:
            self.setWindowTitle(f"{name}[*] ({self.title_text}) — {APP_NAME}")
        else:
            self.setWindowTitle(f"{name}[*] — {APP_NAME}")

    def _on_file_deleted(self) -> None:
        message = self.tr(
            "{name} was deleted by another program; the text is kept here, unsaved."
        ).format(name=self.session.display_name)
        self.show_status(message)

    def _plain_title(self) -> str:
        return self.windowTitle().replace("[*]", "")

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_MESSAGE_MS)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About {name}").format(name=APP_NAME),
            self.tr(
                "<h3>{name} {version}</h3>"
                "<p>An offline editor for articles with references.</p>"
                "<p>Markdown rendering by Python-Markdown; HTML sanitising by nh3; spelling by "
                "Enchant and Hunspell; citations by citeproc-py; interface by Qt for Python.</p>"
                "<p>Citation styles and locales are from the Citation Style Language project "
                "(citationstyles.org), licensed CC BY-SA 3.0.</p>"
            ).format(name=APP_NAME, version=__version__),
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's API
        if not self.confirm_discard():
            event.ignore()
            return
        if self.autosaver is not None:
            self.autosaver.discard()
        self._save_window_state()
        self.previews.shutdown()
        self.library.shutdown()
        self.exports.shutdown()
        self.proofing.shutdown()
        event.accept()
