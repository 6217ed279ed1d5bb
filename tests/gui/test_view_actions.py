"""View → zoom, full screen and focus mode, driven with the keyboard in the real window."""

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from editor.gui.focus_mode import focus_range
from editor.gui.view_actions import next_zoom
from tests.gui.conftest import type_text

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(autouse=True)
def system_palette():
    yield
    QApplication.instance().setPalette(QPalette())


def press(window, key, modifiers=Qt.KeyboardModifier.NoModifier):
    # Window shortcuts fire only in the active window: an earlier test's may still be it.
    window.activateWindow()
    deadline = time.monotonic() + 3
    while QApplication.activeWindow() is not window and time.monotonic() < deadline:
        QTest.qWait(20)
    window.editor.setFocus()
    QTest.keyClick(window.editor, key, modifiers)


def test_zoom_shortcuts_scale_editor_and_preview_together(make_window, page, article, qtbot):
    window = make_window()
    assert window.open_path(article)
    view = page(window)
    view.wait_for("document.querySelector('h1.title') !== null")
    base_size = window.editor.font().pointSizeF()
    base_ratio = view.js("window.devicePixelRatio")

    press(window, Qt.Key.Key_Plus, CTRL)
    assert window.settings.get("view/zoom") == 110
    press(window, Qt.Key.Key_Equal, CTRL)  # the same key without Shift
    assert window.settings.get("view/zoom") == 125
    assert window.editor.font().pointSizeF() == pytest.approx(base_size * 1.25)
    assert window.preview.zoomFactor() == pytest.approx(1.25)
    # Chromium's own view of it: CSS pixels are 1.25 device pixels now.
    assert view.wait_for(f"window.devicePixelRatio > {base_ratio} && window.devicePixelRatio") == (
        pytest.approx(base_ratio * 1.25)
    )

    press(window, Qt.Key.Key_Minus, CTRL)
    press(window, Qt.Key.Key_Minus, CTRL)
    press(window, Qt.Key.Key_Minus, CTRL)
    assert window.settings.get("view/zoom") == 90
    press(window, Qt.Key.Key_0, CTRL | SHIFT)
    assert window.settings.get("view/zoom") == 100
    assert window.editor.font().pointSizeF() == pytest.approx(base_size)
    assert window.preview.zoomFactor() == pytest.approx(1.0)

    # The zoom survives a restart, and the reloaded page takes it again.
    press(window, Qt.Key.Key_Plus, CTRL)
    window.close()
    again = make_window()
    assert again.editor.font().pointSizeF() == pytest.approx(base_size * 1.1)
    assert again.preview.zoomFactor() == pytest.approx(1.1)


def test_zoom_steps_stop_at_the_ends():
    assert next_zoom(100, +1) == 110 and next_zoom(100, -1) == 90
    assert next_zoom(300, +1) == 300 and next_zoom(50, -1) == 50
    assert next_zoom(105, +1) == 110 and next_zoom(105, -1) == 100


def test_f11_toggles_full_screen(make_window, qtbot):
    window = make_window()
    press(window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen, timeout=3000)
    assert window.view.actions.full_screen.isChecked()
    press(window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=3000)
    assert not window.view.actions.full_screen.isChecked()


def test_focus_mode_hides_chrome_dims_and_centres_the_line(make_window, qtbot):
    window = make_window()
    window.problems_panel.show()
    paragraphs = [f"Paragraph {n} has a first sentence. And a second one." for n in range(80)]
    type_text(window.editor, "\n\n".join(paragraphs))
    cursor = window.editor.textCursor()
    cursor.setPosition(window.editor.toPlainText().index("Paragraph 40 ") + 3)
    window.editor.setTextCursor(cursor)

    press(window, Qt.Key.Key_F8)
    assert window.focus_mode.active and window.view.actions.focus_mode.isChecked()
    assert window.menuBar().isHidden()
    assert window.preview.isHidden()
    assert window.problems_panel.isHidden()
    # Shortcuts still work with the menu bar hidden.
    press(window, Qt.Key.Key_Plus, CTRL)
    assert window.settings.get("view/zoom") == 110

    dimmed = [s for s in window.editor.extraSelections() if s.format.foreground().style()]
    assert len(dimmed) == 2
    start, end = focus_range(window.editor.textCursor(), "paragraph")
    assert (dimmed[0].cursor.selectionEnd(), dimmed[1].cursor.selectionStart()) == (start, end)
    assert window.editor.toPlainText()[start:end] == paragraphs[40]
    text = window.editor.palette().color(QPalette.ColorRole.Text)
    assert dimmed[0].format.foreground().color().lightness() > text.lightness()

    # Typewriter scrolling: the cursor's line stays in the middle as the writer moves on.
    for _ in range(6):
        press(window, Qt.Key.Key_Down)
    qtbot.wait(200)
    middle = window.editor.viewport().height() / 2
    assert abs(window.editor.cursorRect().center().y() - middle) < 40

    window.settings.set("focus/dim", "sentence")
    start, end = focus_range(window.editor.textCursor(), "sentence")
    sentence = window.editor.toPlainText()[start:end]
    assert sentence.strip() in ("And a second one.",) or sentence.startswith("Paragraph")
    assert sentence.count(".") == 1

    press(window, Qt.Key.Key_Escape)
    assert not window.focus_mode.active
    assert window.menuBar().isVisible() and window.preview.isVisible()
    assert window.problems_panel.isVisible()
    assert not [s for s in window.editor.extraSelections() if s.format.foreground().style()]


def test_sentence_range_in_a_paragraph(make_window):
    window = make_window()
    window.editor.setPlainText("One thing. Another thing here. Last.")
    cursor = window.editor.textCursor()
    cursor.setPosition(15)
    start, end = focus_range(cursor, "sentence")
    assert window.editor.toPlainText()[start:end] == "Another thing here. "
    cursor.movePosition(QTextCursor.MoveOperation.End)
    start, end = focus_range(cursor, "sentence")
    assert window.editor.toPlainText()[start:end] == "Last."
