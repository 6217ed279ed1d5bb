"""The light and dark themes: which one applies (the preference, or the system's colour
scheme), and painting it on the application, the editor, its highlighting and the preview."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from editor.gui.settings import Settings

log = logging.getLogger(__name__)

THEME_KEY = "view/theme"


@dataclass(frozen=True)
class Theme:
    """The colours of the window around the text; the highlighter and the preview's page
    have their own matching tables (``highlighter.DARK_FORMATS``, ``html.ae-dark``)."""

    name: str
    dark: bool
    window: str
    window_text: str
    base: str
    alternate_base: str
    text: str
    button: str
    highlight: str
    highlighted_text: str
    placeholder: str
    disabled_text: str
    link: str


LIGHT = Theme(
    name="light",
    dark=False,
    window="#efefef",
    window_text="#1d1d1b",
    base="#ffffff",
    alternate_base="#f5f5f3",
    text="#1d1d1b",
    button="#efefef",
    highlight="#2f65ca",
    highlighted_text="#ffffff",
    placeholder="#6e6e6a",
    disabled_text="#8c8c88",
    link="#1d5fa8",
)

DARK = Theme(
    name="dark",
    dark=True,
    window="#2a2c30",
    window_text="#e3e1dc",
    base="#1f2124",
    alternate_base="#26282c",
    text="#e3e1dc",
    button="#33363b",
    highlight="#3d6fb8",
    highlighted_text="#ffffff",
    placeholder="#9a9893",
    disabled_text="#7c7b78",
    link="#80b3ef",
)


def system_is_dark(app: QGuiApplication) -> bool:
    """Whether the platform asks for dark colours: its colour scheme where it reports one,
    else the palette it gave us (light text on a dark window)."""
    scheme = app.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    palette = app.palette()
    return (
        palette.color(QPalette.ColorRole.Window).lightness()
        < palette.color(QPalette.ColorRole.WindowText).lightness()
    )


def resolve_theme(preference: str, system_dark: bool) -> Theme:
    """The theme for the ``view/theme`` preference ("system", "light" or "dark")."""
    if preference == "dark":
        return DARK
    if preference == "light":
        return LIGHT
    return DARK if system_dark else LIGHT


def palette_for(theme: Theme) -> QPalette:
    """A full palette for ``theme``, inactive and disabled groups included."""
    role = QPalette.ColorRole
    palette = QPalette()
    colours = {
        role.Window: theme.window,
        role.WindowText: theme.window_text,
        role.Base: theme.base,
        role.AlternateBase: theme.alternate_base,
        role.Text: theme.text,
        role.Button: theme.button,
        role.ButtonText: theme.window_text,
        role.BrightText: "#ffffff",
        role.Highlight: theme.highlight,
        role.HighlightedText: theme.highlighted_text,
        role.ToolTipBase: theme.base,
        role.ToolTipText: theme.text,
        role.PlaceholderText: theme.placeholder,
        role.Link: theme.link,
        role.LinkVisited: theme.link,
    }
    for colour_role, colour in colours.items():
        palette.setColor(colour_role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(disabled, colour_role, QColor(theme.disabled_text))
    return palette


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2's contrast ratio of two opaque colours (1 to 21)."""

    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(colour.redF())
            + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF())
        )

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


class ThemeController(QObject):
    """Keeps one window's editor, highlighter and preview (and the application's palette) in
    the theme the preference names, following the system's colour scheme when asked to."""

    def __init__(self, settings: Settings, editor, preview, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._editor = editor
        self._preview = preview
        self._applied_preference: str | None = None
        self.theme = LIGHT
        app = QApplication.instance()
        if not isinstance(app, QApplication):  # instance() is typed as the base class
            raise RuntimeError("themes need the QApplication to exist")
        self._app = app
        settings.changed.connect(self._on_setting_changed)
        app.styleHints().colorSchemeChanged.connect(self._on_scheme_changed)
        self.apply()

    def apply(self) -> None:
        """Paint the theme the preference asks for now."""
        preference = self._settings.get(THEME_KEY)
        if preference == "system":
            # Give the platform's palette back before asking it whether it is dark.
            if self._applied_preference not in (None, "system"):
                self._app.setPalette(QPalette())
            theme = resolve_theme(preference, system_is_dark(self._app))
        else:
            theme = resolve_theme(preference, False)
            self._app.setPalette(palette_for(theme))
        self._applied_preference = preference
        self.theme = theme
        self._paint_text_areas(theme)

    def _paint_text_areas(self, theme: Theme) -> None:
        # The text areas always take the theme's own colours, so the highlighting (made for
        # them) keeps its contrast whatever palette the platform hands the window.
        palette = self._editor.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor(theme.base))
        palette.setColor(QPalette.ColorRole.Text, QColor(theme.text))
        # The margins around centred lines are the scroll area's, painted with Window.
        palette.setColor(QPalette.ColorRole.Window, QColor(theme.base))
        palette.setColor(QPalette.ColorRole.Highlight, QColor(theme.highlight))
        palette.setColor(QPalette.ColorRole.HighlightedText, QColor(theme.highlighted_text))
        self._editor.setPalette(palette)
        self._editor.highlighter.set_dark(theme.dark)
        self._preview.set_dark(theme.dark)
        log.debug("theme %s applied", theme.name)

    def _on_setting_changed(self, key: str) -> None:
        if key == THEME_KEY:
            self.apply()

    def _on_scheme_changed(self, _scheme) -> None:
        if self._settings.get(THEME_KEY) == "system":
            self.apply()
