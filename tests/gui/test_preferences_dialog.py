"""The preferences dialog and the themes, driven through the real window: each control
changes the live editor and preview, persists across a restart, and the dark theme keeps
its contrast (measured from the palette and the preview's computed styles)."""

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from editor.core.md_syntax import Kind
from editor.gui.settings import PREFERENCES, Settings
from editor.gui.themes import DARK, contrast_ratio, palette_for
from tests.gui.conftest import type_text

# Reads a computed colour as [r, g, b] (Chromium reports "rgb(r, g, b)").
_RGB = "getComputedStyle({el}).{prop}.match(/\\d+/g).slice(0, 3).map(Number)"


def computed(view, selector: str, prop: str = "color") -> QColor:
    element = f"document.querySelector({selector!r})"
    red, green, blue = view.js(_RGB.format(el=element, prop=prop))
    return QColor(red, green, blue)


@pytest.fixture(autouse=True)
def system_palette():
    """The themes set the application's palette: give every test the platform's back."""
    yield
    QApplication.instance().setPalette(QPalette())


def open_preferences(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.editor.setFocus()
    QTest.keyClick(window.editor, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.preferences_dialog is not None, timeout=3000)
    dialog = window.preferences_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    return dialog


def test_ctrl_comma_opens_preferences_and_each_change_is_live(
    make_window, page, qtbot, article, settings_path
):
    window = make_window()
    assert window.open_path(article)
    view = page(window)
    view.wait_for("document.querySelector('h1.title') !== null")
    dialog = open_preferences(window, qtbot)

    dialog.control("editor/font_size").setValue(15)
    assert window.editor.font().pointSizeF() == 15

    width = dialog.control("editor/line_width")
    width.setValue(20)
    margins = window.editor.viewportMargins()
    text_width = window.editor.viewport().width()
    expected = window.editor.fontMetrics().averageCharWidth() * 20 + 24  # + document margins
    assert abs(text_width - expected) <= 2
    assert abs(margins.left() - margins.right()) <= 1 and margins.left() > 0  # centred
    dialog.control("editor/center_text").setChecked(False)
    assert window.editor.viewportMargins().left() == 0

    theme = dialog.control("view/theme")
    theme.setCurrentIndex(theme.findData("dark"))
    assert view.wait_for("document.documentElement.classList.contains('ae-dark')")
    assert window.editor.palette().color(QPalette.ColorRole.Base) == QColor(DARK.base)
    assert window.editor.highlighter.dark

    dialog.control("preview/visible").setChecked(False)
    assert window.preview.isHidden()
    dialog.control("preview/visible").setChecked(True)
    assert window.preview.isVisible()

    dialog.control("export/paper").setCurrentIndex(
        dialog.control("export/paper").findData("letter")
    )
    dialog.control("export/margin_left").setValue(30)
    setup = window.exports.front_matter_page_setup()  # the fixture says nothing of paper
    assert setup.paper == "letter" and setup.margins_mm[3] == 30

    dialog.control("recovery/autosave_seconds").setValue(42)
    dialog.control("spelling/medical").setChecked(True)
    assert window.menu_actions.medical_terms.isChecked()

    # A restart reads every preference back.
    window.close()
    again = make_window()
    assert again.editor.font().pointSizeF() == 15
    assert again.editor.line_width == 20 and not again.editor.center_text
    assert again.themes.theme.dark
    stored = Settings.at_path(settings_path)
    assert stored.get("recovery/autosave_seconds") == 42
    assert stored.get("export/paper") == "letter"

    dialog = open_preferences(again, qtbot)
    assert dialog.control("editor/font_size").value() == 15
    dialog.restore_button.click()
    for key, pref in PREFERENCES.items():
        assert again.settings.get(key) == pref.default, key
    assert dialog.control("editor/font_size").value() == PREFERENCES["editor/font_size"].default
    assert again.editor.viewportMargins().left() == 0
    assert not again.themes.theme.dark


def test_dark_theme_keeps_text_and_headings_readable(make_window, page, article):
    window = make_window()
    window.settings.set("view/theme", "dark")
    assert window.open_path(article)
    view = page(window)
    view.wait_for(
        "document.documentElement.classList.contains('ae-dark') && "
        "document.querySelector('h2') !== null"
    )
    # The preview, as Chromium computed it.
    background = computed(view, "html", "backgroundColor")
    assert background.lightness() < 60
    for selector in ("h1.title", "h1", "h2", "p", "li", "blockquote", "figcaption", "a"):
        ratio = contrast_ratio(computed(view, selector), background)
        assert ratio >= 4.5, (selector, ratio)
    # The editor: its text and every highlighted role against its background.
    palette = window.editor.palette()
    base = palette.color(QPalette.ColorRole.Base)
    assert contrast_ratio(palette.color(QPalette.ColorRole.Text), base) >= 4.5
    formats = window.editor.highlighter._formats
    for kind in (Kind.HEADING, Kind.LINK_TEXT, Kind.CITATION, Kind.QUOTE, Kind.META_KEY):
        colour = formats[kind].foreground().color()
        assert contrast_ratio(colour, base) >= 4.5, kind
    # The painted heading is really that colour: read it back from the highlighted block.
    block = window.editor.document().findBlock(window.editor.toPlainText().index("## "))
    ranges = block.layout().formats()
    heading = QColor(ranges[0].format.foreground().color())
    assert contrast_ratio(heading, base) >= 7


def test_light_theme_contrast_and_export_stays_light(make_window, page, article, tmp_path):
    window = make_window()
    window.settings.set("view/theme", "light")
    assert window.open_path(article)
    view = page(window)
    view.wait_for("document.querySelector('h2') !== null")
    background = computed(view, "html", "backgroundColor")
    for selector in ("h1.title", "h2", "p"):
        assert contrast_ratio(computed(view, selector), background) >= 4.5
    window.settings.set("view/theme", "dark")
    assert view.wait_for("document.documentElement.classList.contains('ae-dark')")
    # The exported page never carries the preview's dark rules.
    from editor.gui.export_actions import write_html

    target = tmp_path / "out.html"
    write_html(window.editor.toPlainText(), article, target)
    assert "ae-dark" not in target.read_text(encoding="utf-8")


def test_follow_the_system_takes_a_dark_palette_as_dark(make_window, page, article):
    # A dark desktop hands Qt a dark palette (offscreen reports no colour scheme, so the
    # palette is what tells): the headings must not vanish into it.
    QApplication.instance().setPalette(palette_for(DARK))
    window = make_window()
    assert window.settings.get("view/theme") == "system"
    assert window.themes.theme.dark
    base = window.editor.palette().color(QPalette.ColorRole.Base)
    heading = window.editor.highlighter._formats[Kind.HEADING].foreground().color()
    assert contrast_ratio(heading, base) >= 4.5
    window.open_path(article)
    assert page(window).wait_for("document.documentElement.classList.contains('ae-dark')")
    # Back to a light desktop: the window follows when the colour scheme signal comes.
    QApplication.instance().setPalette(QPalette())
    QApplication.instance().styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert not window.themes.theme.dark


def test_line_spacing_moves_lines_apart(make_window, qtbot):
    window = make_window()
    type_text(window.editor, "word " * 200)
    block = window.editor.document().firstBlock()
    single = window.editor.blockBoundingRect(block).height()
    lines = block.layout().lineCount()
    assert lines > 2
    window.settings.set("editor/line_spacing", 150)
    spaced = window.editor.blockBoundingRect(block).height()
    margin = window.editor.document().documentMargin()  # below the last block, not spaced
    assert spaced == pytest.approx((single - margin) * 1.5 + margin, abs=1)
    height = block.layout().lineAt(0).height()
    # Each line sits in the middle of its taller slot.
    assert block.layout().lineAt(1).y() == pytest.approx(height * 1.5 + height * 0.25, abs=0.5)
    window.settings.set("editor/line_spacing", 100)
    assert window.editor.blockBoundingRect(block).height() == pytest.approx(single, abs=1)


def test_default_citation_style_applies_only_without_csl(make_window, page, tmp_path, fixtures):
    for name in ("library.json", "numeric.csl"):
        shutil.copy(fixtures / "citations" / name, tmp_path / name)
    source = tmp_path / "draft.md"
    source.write_text("---\nbibliography: library.json\n---\n\nFirst [@smith2019].\n")
    window = make_window()
    assert window.open_path(source)
    view = page(window)
    cite = "(document.querySelector('span.citation') || {}).textContent"
    harvard = view.wait_for(cite)
    assert not harvard.startswith("[")
    window.settings.set("citations/default_style", str(tmp_path / "numeric.csl"))
    assert view.wait_for(f"({cite} || '').startsWith('[') && {cite}") == "[1]"
    # A document that names its style keeps it.
    source.write_text(
        "---\nbibliography: library.json\ncsl: missing-but-named.csl\n---\n\nFirst [@smith2019].\n"
    )
    window.editor.document().setModified(False)
    assert window.open_path(source)
    assert view.wait_for(f"!({cite} || '[').startsWith('[') && {cite}") == harvard
    # and exports follow the preference too
    source.write_text("---\nbibliography: library.json\n---\n\nFirst [@smith2019].\n")
    from editor.gui.export_actions import write_html

    target = tmp_path / "out.html"
    write_html(source.read_text(), source, target, overrides=window.exports.citation_overrides())
    assert ">[1]</span>" in target.read_text(encoding="utf-8")


def test_word_goal_in_the_status_bar(make_window, qtbot, article):
    window = make_window()
    assert window.open_path(article)
    qtbot.waitUntil(lambda: not window.word_count.text().startswith("0 "), timeout=10000)
    assert window.word_goal.isHidden()
    window.settings.set("goal/words", 10)
    assert window.word_goal.isVisible()
    assert window.word_goal.text().startswith("Session: 0 of 10 words")
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    type_text(window.editor, "\n\nOne two three four five.")
    qtbot.waitUntil(lambda: "5 of 10" in window.word_goal.text(), timeout=10000)
    assert "(50 %)" in window.word_goal.text()
    window.settings.set("goal/scope", "document")
    assert window.word_goal.text().startswith("Goal reached:")


def test_hand_edited_values_are_kept_in_range(settings_path):
    settings = Settings.at_path(settings_path)
    settings._store.setValue("view/theme", "purple")
    settings._store.setValue("view/zoom", "5000")
    settings._store.setValue("editor/line_width", "-3")
    settings._store.setValue("export/margin_top", "not a number")
    assert settings.get("view/theme") == "system"
    assert settings.get("view/zoom") == 300
    assert settings.get("editor/line_width") == 0
    assert settings.get("export/margin_top") == 25.0
