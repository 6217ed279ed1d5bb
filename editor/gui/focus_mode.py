"""Focus mode, as ghostwriter has it: the menus and panels step aside, everything but the
paragraph (or sentence) being written is dimmed, and typewriter scrolling keeps the
cursor's line in the middle of the view."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTextBoundaryFinder, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QKeySequence,
    QPalette,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTextEdit, QWidget

from editor.gui.settings import Settings

DIM_KEY = "focus/dim"
TYPEWRITER_KEY = "focus/typewriter"
LAYER = "focus"
# Marks our extra selections, so the editor's other ones (search hits...) stay untouched.
_DIM_PROPERTY = QTextFormat.Property.UserProperty + 71
_DIM_STRENGTH = 0.38  # how much of the text colour is left in dimmed text


def dim_colour(palette: QPalette) -> QColor:
    """The text colour faded towards the background."""
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)

    def mix(a: float, b: float) -> float:
        return a * _DIM_STRENGTH + b * (1 - _DIM_STRENGTH)

    return QColor.fromRgbF(
        mix(text.redF(), base.redF()),
        mix(text.greenF(), base.greenF()),
        mix(text.blueF(), base.blueF()),
    )


def focus_range(cursor: QTextCursor, unit: str) -> tuple[int, int]:
    """The document positions [start, end) of the paragraph or sentence holding ``cursor``."""
    block = cursor.block()
    start, end = block.position(), block.position() + block.length() - 1
    if unit != "sentence":
        return start, end
    text = block.text()
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Sentence, text)
    inside = cursor.positionInBlock()
    finder.setPosition(inside)
    if not finder.isAtBoundary() or inside == len(text):
        before = finder.toPreviousBoundary()
    else:
        before = inside
    finder.setPosition(inside)
    after = finder.toNextBoundary()
    before = 0 if before < 0 else before
    after = len(text) if after < 0 else after
    return start + before, start + after


class FocusMode(QObject):
    """Turns focus mode on and off for one window. Esc leaves it."""

    activeChanged = Signal(bool)

    def __init__(self, window: QMainWindow, editor, settings: Settings) -> None:
        super().__init__(window)
        self._window = window
        self._editor = editor
        self._settings = settings
        self.active = False
        self._dimming = False  # the dimmed layer is showing
        self._hidden: list[QWidget] = []
        self._leave = QShortcut(QKeySequence("Esc"), window)
        self._leave.setEnabled(False)
        self._leave.activated.connect(lambda: self.set_active(False))
        editor.cursorPositionChanged.connect(self._follow_cursor)
        # Rewrapping (a new zoom, font or width) moves the line: centre it again once the
        # layout has settled.
        self._recentre = QTimer(self, singleShot=True, interval=0)
        self._recentre.timeout.connect(self._centre)
        editor.document().documentLayout().documentSizeChanged.connect(self._recentre.start)
        settings.changed.connect(self._on_setting_changed)

    def set_active(self, on: bool) -> None:
        if on == self.active:
            return
        self.active = on
        window = self._window
        if on:
            # Hidden menus take their shortcuts with them; the window keeps them alive.
            for menu_action in window.menuBar().actions():
                if menu_action.menu() is not None:
                    window.addActions(_all_actions(menu_action.menu()))
            panels: list[QWidget] = [window.menuBar()] + [
                dock for dock in window.findChildren(QDockWidget) if dock.isVisible()
            ]
            self._hidden = panels
            for widget in panels:
                widget.hide()
        else:
            for widget in self._hidden:
                widget.show()
            self._hidden = []
        self._leave.setEnabled(on)
        self._editor.setCenterOnScroll(on and self._settings.get(TYPEWRITER_KEY))
        self._editor.setFocus()
        self._follow_cursor()
        self.activeChanged.emit(on)

    def _on_setting_changed(self, key: str) -> None:
        if key in (DIM_KEY, TYPEWRITER_KEY, "view/theme") and self.active:
            self._editor.setCenterOnScroll(self._settings.get(TYPEWRITER_KEY))
            self._follow_cursor()

    def _follow_cursor(self) -> None:
        editor = self._editor
        if not self.active and not self._dimming:
            return  # out of focus mode a cursor move costs nothing here
        unit = self._settings.get(DIM_KEY)
        mine: list[QTextEdit.ExtraSelection] = []
        if self.active and unit != "none":
            start, end = focus_range(editor.textCursor(), unit)
            colour = dim_colour(editor.palette())
            last = editor.document().characterCount() - 1
            for first, after in ((0, start), (end, last)):
                if after > first:
                    mine.append(_dimmed(editor.document(), first, after, colour))
        # A layer of its own: the other layers (find matches, problems) stay as they are.
        editor.set_selection_layer(LAYER, mine)
        self._dimming = bool(mine)
        self._centre()

    def _centre(self) -> None:
        if self.active and self._settings.get(TYPEWRITER_KEY):
            self._editor.centerCursor()


def _dimmed(document, start: int, end: int, colour: QColor) -> QTextEdit.ExtraSelection:
    selection = QTextEdit.ExtraSelection()
    cursor = QTextCursor(document)
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    selection.cursor = cursor
    text_format = QTextCharFormat()
    text_format.setForeground(colour)
    text_format.setProperty(_DIM_PROPERTY, True)
    selection.format = text_format
    return selection


def _all_actions(menu) -> list:
    found = []
    for action in menu.actions():
        if action.menu() is not None:
            found.extend(_all_actions(action.menu()))
        elif not action.isSeparator():
            found.append(action)
    return found
