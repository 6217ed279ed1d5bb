"""Starts the desktop application."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from editor import APP_ID, APP_NAME, __version__
from editor.core.logs import configure_logging

ORGANISATION = "ArticleEditor"


def has_display() -> bool:
    """Whether Qt can show a window here (a display, or an explicitly chosen platform)."""
    return bool(
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
        or sys.platform in ("win32", "darwin")
    )


def configure_webengine_environment() -> None:
    """QtWebEngine's Chromium refuses to run as root without ``--no-sandbox``."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        if "--no-sandbox" not in flags:
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = f"{flags} --no-sandbox".strip()


def create_application(argv: list[str]):
    """The QApplication, set up as QtWebEngine requires (before any widget exists)."""
    configure_webengine_environment()
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from editor.core.resources import resource_path

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    existing = QApplication.instance()  # typed as the base class: check it is ours
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_ID)
    app.setWindowIcon(QIcon(str(resource_path("icons", f"{APP_ID}.svg"))))
    return app


def run_app(files: list[Path], verbose: bool = False) -> int:
    """Open a window for each file in ``files`` (or one empty window) and run until closed;
    ``verbose`` logs debugging detail to the terminal too."""
    configure_logging(verbose)
    if not has_display():
        print(
            "article-editor: no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the "
            "editor cannot open a window.\n"
            "To work without a window: article-editor export IN.md -o OUT.html",
            file=sys.stderr,
        )
        return 2
    app = create_application(sys.argv[:1])

    from PySide6.QtCore import QSettings, Qt

    from editor.gui.graphics import choose_scene_graph

    choose_scene_graph()  # before any window: software drawing where OpenGL is software

    from editor.core.fileio import remove_stale_temporaries
    from editor.core.recovery import RecoveryStore
    from editor.gui.main_window import MainWindow
    from editor.gui.recovery import offer_recovery
    from editor.gui.settings import Settings
    from editor.gui.trace import start_trace

    settings = Settings(QSettings(), app)
    trace = start_trace(app)  # None unless a benchmark asks for it (ARTICLE_EDITOR_TRACE)
    if trace is not None:
        app.aboutToQuit.connect(trace.close)
    store = RecoveryStore()
    # Temporary files a killed save left beside recent documents (opening one cleans too).
    for recent in settings.recent_files():
        remove_stale_temporaries(recent)
    windows = []

    def new_window() -> MainWindow:
        window = MainWindow(settings, recovery=store)
        # Deleted on close, so its web page goes before the application does.
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        windows.append(window)
        return window

    def recover(entry) -> None:
        window = new_window()
        window.recover(entry)
        window.show()

    # Before opening files, so a recovered document is not shadowed by its file.
    recovered = offer_recovery(store, recover)
    opening: list[Path | None] = list(files) or ([] if recovered else [None])
    for path in opening:
        window = new_window()
        if path is not None:
            window.open_path(path)
        if trace is not None:
            trace.watch(window.editor, window.preview, window.previews)
        window.show()
    return app.exec()


def main() -> int:
    """Entry point of the ``article-editor-gui`` launcher."""
    args = sys.argv[1:]
    return run_app([Path(arg) for arg in args if arg != "--verbose"], "--verbose" in args)
