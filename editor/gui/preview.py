"""The live preview: a web view that loads the article page once and then patches only the
blocks that changed, so it never flickers and keeps its scroll position. A long document's
blocks far from the view are held by the page's script as HTML strings in empty boxes of
their height, so the page's memory follows what is on screen, not the document's length.

A document cannot reach out of the preview: its page runs no script of its own, its own
off-the-record profile's ``PreviewRequestGuard`` refuses every network request (unless the
user allows remote images, and then only images) and every local file outside the document's
folder, and a clicked link never navigates the preview: it is handed to the window, which
opens web links in the system browser and local ones only as ``gui/link_opener.py`` says."""

from __future__ import annotations

import html
import json
import os
from pathlib import Path
from string import Template

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QColor
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from editor.core.render_session import Splice
from editor.core.resources import read_resource
from editor.core.textpos import smallest_splice
from editor.gui import trace

_WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld
_REMOTE_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss"})
_HARMLESS_SCHEMES = frozenset({"data", "about", "blob"})
_CSP_LOCAL = "img-src file: data:"
_CSP_REMOTE = "img-src file: data: http: https:"
_DARK_BACKGROUND = "#1c1d1f"  # html.ae-dark's background in shell.html
# Past this much HTML (about 60,000 words) the page holds far blocks as strings.
HOLD_ABOVE_CHARS = 500_000


class PreviewRequestGuard(QWebEngineUrlRequestInterceptor):
    """Decides every request the preview page makes: local files only inside the document's
    folder, remote ones only for images and only when the user allows remote images.
    ``blocked`` lists the URLs refused, for tests and diagnostics."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._folder: str | None = None
        self.remote_images = False
        self.blocked: list[str] = []

    def set_folder(self, folder: Path | None) -> None:
        """Local files are readable in ``folder`` and its subfolders, nowhere else."""
        self._folder = os.path.realpath(folder) if folder is not None else None

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 - Qt's API
        url = info.requestUrl()
        if not self.allows(url, info.resourceType()):
            self.blocked.append(url.toString())
            info.block(True)

    def allows(self, url: QUrl, resource_type: QWebEngineUrlRequestInfo.ResourceType) -> bool:
        scheme = url.scheme().lower()
        if scheme in _HARMLESS_SCHEMES:
            return True
        if scheme == "file":
            return self._inside_folder(url.toLocalFile())
        if scheme in _REMOTE_SCHEMES:
            return (
                self.remote_images
                and resource_type == QWebEngineUrlRequestInfo.ResourceType.ResourceTypeImage
            )
        return False

    def _inside_folder(self, local_path: str) -> bool:
        if self._folder is None or not local_path:
            return False
        # realpath settles ".." and symbolic links, so neither leads out of the folder.
        resolved = os.path.realpath(local_path)
        return resolved == self._folder or resolved.startswith(self._folder.rstrip(os.sep) + os.sep)


class PreviewPage(QWebEnginePage):
    """A page that never navigates away: a clicked link is handed over as
    ``externalLinkRequested`` (the window's ``LinkOpener`` decides what it leads to)."""

    externalLinkRequested = Signal(QUrl)

    def acceptNavigationRequest(  # noqa: N802
        self, url: QUrl | str, kind, is_main_frame: bool
    ) -> bool:
        url = QUrl(url)  # Qt passes a QUrl; the override must also take what the base takes
        if kind == QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
            if _same_document(url, self.url()):
                return True  # a jump inside the article, such as to a footnote
            self.externalLinkRequested.emit(url)
            return False
        return kind != QWebEnginePage.NavigationType.NavigationTypeBackForward


def _same_document(first: QUrl, second: QUrl) -> bool:
    """Whether two URLs differ at most in their fragment."""
    return (first.scheme(), first.host(), first.path(), first.query()) == (
        second.scheme(),
        second.host(),
        second.path(),
        second.query(),
    )


class PreviewView(QWebEngineView):
    """Shows rendered fragments. ``patched`` reports each DOM update as it lands."""

    patched = Signal(int)  # revision now shown in the DOM

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview")
        # A profile of its own, so the guard never sees other pages (such as the PDF
        # exporter's). Off the record: nothing of a document is kept on disk. The page owns
        # the profile, so the page is gone before its profile is.
        profile = QWebEngineProfile()
        self.request_guard = PreviewRequestGuard(profile)
        profile.setUrlRequestInterceptor(self.request_guard)
        page = PreviewPage(profile, self)
        profile.setParent(page)
        self.setPage(page)
        self.preview_page = page  # page() is typed as the base class, without our signal
        settings = page.settings()
        # The document's own scripts never run; the editor's code runs in its own world.
        settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptEnabled, False)
        settings.setAttribute(
            QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False
        )
        settings.setAttribute(QWebEngineSettings.WebAttribute.PluginsEnabled, False)
        script = QWebEngineScript()
        script.setName("article-editor-preview")
        script.setWorldId(_WORLD)
        script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentReady)
        script.setSourceCode(read_resource("preview", "preview.js"))
        page.scripts().insert(script)

        self._shell = Template(read_resource("preview", "shell.html"))
        self._css = read_resource("css", "article.css")
        self._ready = False
        self._shown: list[str] = []  # the fragments the page shows (or will, once loaded)
        self._shown_revision = 0
        self._base_url = QUrl()
        self._lang = ""
        self._dark = False
        self._zoom = 1.0
        self.hold_above = HOLD_ABOVE_CHARS  # characters of HTML past which far blocks are held
        self.loadFinished.connect(self._on_load_finished)

    def set_base(self, folder: Path, lang: str = "") -> None:
        """Load the empty article page, resolving relative links and images in ``folder``."""
        url = QUrl.fromLocalFile(str(folder.resolve()) + "/")
        if url == self._base_url and lang == self._lang and self._ready:
            return
        self._base_url, self._lang = url, lang
        self.request_guard.set_folder(folder)
        self._load_shell()

    def set_remote_images(self, allowed: bool) -> None:
        """Whether images on the web may load (the ``preview/remote_images`` preference)."""
        if allowed == self.request_guard.remote_images:
            return
        self.request_guard.remote_images = allowed
        # A page loaded from a folder may reach the web only when images from there may load;
        # the guard still lets nothing but images through.
        self.page().settings().setAttribute(
            QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, allowed
        )
        if not self._base_url.isEmpty():
            self._load_shell()

    def set_dark(self, dark: bool) -> None:
        """Show the page in the dark theme's colours (the export keeps the light ones)."""
        if dark == self._dark:
            return
        self._dark = dark
        self.page().setBackgroundColor(QColor(_DARK_BACKGROUND if dark else "#ffffff"))
        if self._ready:
            code = f"document.documentElement.classList.toggle('ae-dark', {json.dumps(dark)})"
            self.page().runJavaScript(code, _WORLD)

    def set_zoom(self, factor: float) -> None:
        """Scale the page by ``factor`` (1.0: as designed), together with the editor."""
        self._zoom = factor
        self.setZoomFactor(factor)

    def _load_shell(self) -> None:
        self._ready = False
        csp_images = _CSP_REMOTE if self.request_guard.remote_images else _CSP_LOCAL
        # The front matter gives only language tags; escaped all the same, as any text put
        # into the page must be.
        lang = html.escape(self._lang or "en", quote=True)
        page = self._shell.substitute(
            css=self._css,
            lang=lang,
            csp_images=csp_images,
            theme_class="ae-dark" if self._dark else "",
        )
        self.setHtml(page, self._base_url)

    @property
    def fragments(self) -> list[str]:
        """The fragments the page shows (a copy)."""
        return list(self._shown)

    def show_fragments(self, revision: int, fragments: list[str]) -> None:
        """Make the page show ``fragments``, patching only what differs from what it shows
        (a diff over every fragment: for a whole new list, never per keystroke)."""
        start, removed, inserted = smallest_splice(self._shown, fragments)
        self.apply_splice(revision, Splice(start, removed, tuple(inserted)))

    def clear(self) -> None:
        """Show nothing (another document comes): its fragments will be new from the first."""
        self._shown = []
        if self._ready:
            self.page().runJavaScript(f"AE.replaceAll([], {self.hold_above})", _WORLD)

    def apply_splice(self, revision: int, splice: Splice[str], full: bool = False) -> None:
        """Replace fragments ``[start, start + removed)`` by ``inserted`` (``full``: everything
        by ``inserted``), in the page at once: what it costs follows the splice."""
        if full and self._shown:
            # The same document rendered again from its text (another style, a bibliography
            # changed): patch only what differs, so the page keeps its place. Rare, never a
            # keystroke's.
            self.show_fragments(revision, list(splice.inserted))
            return
        if full:
            self._shown = list(splice.inserted)
        else:
            splice.apply(self._shown)
        self._shown_revision = revision
        if not self._ready:
            return  # the page shows them all once it has loaded
        if full:
            code = f"AE.replaceAll({json.dumps(self._shown)}, {self.hold_above})"
        elif splice.empty:
            self.patched.emit(revision)
            return
        else:
            code = f"AE.patch({splice.start}, {splice.removed}, {json.dumps(splice.inserted)})"
        # Scripts run in the order they are sent, so patches need not wait for each other.
        trace.stage("splice", revision)
        self.page().runJavaScript(code, _WORLD, lambda _result: self.patched.emit(revision))

    def scroll_to_block(self, index: int, fraction: float) -> None:
        """Bring fragment ``index`` (``fraction`` through it) to the top of the view."""
        if self._ready:
            self.page().runJavaScript(f"AE.scrollToBlock({index}, {fraction:.4f})", _WORLD)

    def scroll_to_top(self) -> None:
        if self._ready:
            self.page().runJavaScript("AE.scrolledTo = null; window.scrollTo(0, 0)", _WORLD)

    def scroll_to_end(self) -> None:
        if self._ready:
            self.page().runJavaScript(
                "AE.scrolledTo = null; window.scrollTo(0, document.documentElement.scrollHeight)",
                _WORLD,
            )

    def scroll_to_block_end(self, index: int) -> None:
        """Bring the end of fragment ``index`` into view, near the bottom of the view."""
        if self._ready:
            self.page().runJavaScript(f"AE.scrollToBlockEnd({index})", _WORLD)

    def findText(self, text: str, *args, **kwargs) -> None:  # noqa: N802 - Qt's API
        """Find as the web view does, first filling the held blocks that hold ``text`` (the
        web view finds only what the page holds as elements)."""
        if not self._ready or not text:
            if self._ready:
                self.page().runJavaScript("AE.reveal('', false)", _WORLD)
            super().findText(text, *args, **kwargs)
            return
        flags = args[0] if args else kwargs.get("options", QWebEnginePage.FindFlag(0))
        case = bool(flags & QWebEnginePage.FindFlag.FindCaseSensitively)
        code = f"AE.reveal({json.dumps(text)}, {json.dumps(case)})"
        self.page().runJavaScript(
            code, _WORLD, lambda _filled: QWebEngineView.findText(self, text, *args, **kwargs)
        )

    def run_in_page(self, code: str, callback) -> None:
        """Evaluate ``code`` where the preview's own helpers live (tests and benchmarks)."""
        self.page().runJavaScript(code, _WORLD, callback)

    def _on_load_finished(self, ok: bool) -> None:
        self._ready = ok
        # Chromium keeps zoom per page load: give the new page the editor's zoom again.
        self.setZoomFactor(self._zoom)
        # Every load starts empty (a load overtaken by a newer one can still report finishing
        # first; the one that finishes last is given them again): show what should be shown.
        if ok and self._shown:
            shown, self._shown = self._shown, []
            self.apply_splice(self._shown_revision, Splice(0, 0, tuple(shown)), full=True)
