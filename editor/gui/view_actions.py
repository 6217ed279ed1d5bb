"""View → zoom (the editor and the preview together), full screen and focus mode."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from editor.gui.settings import Settings

ZOOM_KEY = "view/zoom"
# The steps browsers use, so each press feels the same as in the reader's browser.
ZOOM_STEPS = (50, 67, 75, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300)


def next_zoom(current: int, direction: int) -> int:
    """The zoom step after ``current`` towards ``direction`` (+1 in, -1 out)."""
    if direction > 0:
        index = bisect.bisect_right(ZOOM_STEPS, current)
        return ZOOM_STEPS[min(index, len(ZOOM_STEPS) - 1)]
    index = bisect.bisect_left(ZOOM_STEPS, current) - 1
    return ZOOM_STEPS[max(index, 0)]


@dataclass
class ViewActions:
    zoom_in: QAction
    zoom_out: QAction
    zoom_reset: QAction
    full_screen: QAction
    focus_mode: QAction


class ViewController(QObject):
    """Adds the zoom, full-screen and focus-mode entries to ``menu`` and carries them out.
    Zoom is the ``view/zoom`` preference, which the window applies to editor and preview."""

    def __init__(self, window: QMainWindow, settings: Settings, focus_mode, menu: QMenu) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._focus = focus_mode
        self._was_maximized = False
        tr = self.tr

        def action(text: str, *shortcuts, checkable: bool = False) -> QAction:
            item = QAction(text, window)
            item.setShortcuts([QKeySequence(shortcut) for shortcut in shortcuts])
            item.setCheckable(checkable)
            return item

        self.actions = ViewActions(
            # Ctrl+= too: on most layouts "+" needs Shift, and people press Ctrl and "=".
            zoom_in=action(tr("Zoom &In"), QKeySequence.StandardKey.ZoomIn, "Ctrl+="),
            zoom_out=action(tr("Zoom &Out"), QKeySequence.StandardKey.ZoomOut),
            # Ctrl+0 belongs to Format → Paragraph, so Typora's Ctrl+Shift+0 resets.
            zoom_reset=action(tr("&Actual Size"), "Ctrl+Shift+0"),
            full_screen=action(tr("&Full Screen"), "F11", checkable=True),
            focus_mode=action(tr("F&ocus Mode"), "F8", checkable=True),
        )
        self.actions.zoom_in.setObjectName("zoomIn")
        self.actions.zoom_out.setObjectName("zoomOut")
        self.actions.zoom_reset.setObjectName("zoomReset")
        menu.addSeparator()
        menu.addAction(self.actions.zoom_in)
        menu.addAction(self.actions.zoom_out)
        menu.addAction(self.actions.zoom_reset)
        menu.addSeparator()
        menu.addAction(self.actions.full_screen)
        menu.addAction(self.actions.focus_mode)

        self.actions.zoom_in.triggered.connect(lambda: self.zoom(+1))
        self.actions.zoom_out.triggered.connect(lambda: self.zoom(-1))
        self.actions.zoom_reset.triggered.connect(lambda: settings.set(ZOOM_KEY, 100))
        self.actions.full_screen.toggled.connect(self.set_full_screen)
        self.actions.focus_mode.toggled.connect(focus_mode.set_active)
        focus_mode.activeChanged.connect(self.actions.focus_mode.setChecked)
        window.installEventFilter(self)

    def zoom(self, direction: int) -> None:
        """One step in (+1) or out (-1), for the editor and the preview together."""
        self._settings.set(ZOOM_KEY, next_zoom(self._settings.get(ZOOM_KEY), direction))

    def set_full_screen(self, on: bool) -> None:
        window = self._window
        if on == window.isFullScreen():
            return
        if on:
            self._was_maximized = window.isMaximized()
            window.showFullScreen()
        elif self._was_maximized:
            window.showMaximized()
        else:
            window.showNormal()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's API
        # The window manager may leave full screen by itself: keep the check mark true.
        if watched is self._window and event.type() == QEvent.Type.WindowStateChange:
            full = bool(self._window.windowState() & Qt.WindowState.WindowFullScreen)
            if full != self.actions.full_screen.isChecked():
                self.actions.full_screen.setChecked(full)
        return False
