"""Spell-checking in the real editor, on real enchant dictionaries."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtTest import QTest

from editor.gui.highlighter import block_spelling


def load(window, qtbot, tmp_path, text, name="doc.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert window.open_path(path)
    qtbot.waitUntil(lambda: not window.spelling.checking, timeout=20000)
    return path


def errors_in(window):
    return [o.word for o in window.spelling.occurrences()]


def settle(window, qtbot):
    """Wait for the proofing check, then for the spelling pass it may start."""
    qtbot.waitUntil(lambda: not window.proofing.checking, timeout=20000)
    qtbot.waitUntil(lambda: not window.spelling.checking, timeout=20000)


def variants(window):
    return [p.finding.text for p, *_ in window.proofing.problems("variant")]


def underline_at(window, position):
    block = window.editor.document().findBlock(position)
    offset = position - block.position()
    for fmt_range in block.layout().formats():
        if fmt_range.start <= offset < fmt_range.start + fmt_range.length:
            fmt = QTextCharFormat(fmt_range.format)
            if fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.SpellCheckUnderline:
                return True
    return False


def test_misspellings_are_underlined_and_markup_is_not_checked(make_window, qtbot, tmp_path):
    window = make_window()
    load(
        window,
        qtbot,
        tmp_path,
        "# A sentance about colour\n\nSee `teh code` at https://example.org/recieve "
        "and [@smith2020], but this is mispelled.\n",
    )
    assert errors_in(window) == ["sentance", "mispelled"]
    text = window.editor.toPlainText()
    assert underline_at(window, text.index("sentance") + 2)
    assert not underline_at(window, text.index("colour") + 2)
    assert not underline_at(window, text.index("teh") + 1)


def test_typing_a_misspelling_underlines_it_at_once(make_window, qtbot, tmp_path):
    window = make_window()
    load(window, qtbot, tmp_path, "Fine words.\n")
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(window.editor, "Now a wrod appears ")
    window.editor.insertPlainText("😀")  # as an input method commits it; QTest types ASCII only
    QTest.keyClicks(window.editor, " then anothr")
    assert errors_in(window) == ["wrod", "anothr"]
    text = window.editor.toPlainText()
    # After the emoji, Qt positions are one more than Python's: the underline must follow.
    position = len(text[: text.index("anothr")].encode("utf-16-le")) // 2
    assert underline_at(window, position + 1)
    assert not underline_at(window, position - 2)


def test_context_menu_suggests_and_replaces(make_window, qtbot, tmp_path):
    window = make_window()
    load(window, qtbot, tmp_path, "We recieve patients.\n")
    start = window.editor.toPlainText().index("recieve")
    cursor = window.editor.textCursor()
    cursor.setPosition(start + 2)
    point = window.editor.cursorRect(cursor).center()
    menu = window.editor.build_context_menu(point)
    texts = [action.text() for action in menu.actions()]
    assert texts[0] == "receive"
    assert "Add “recieve” to Dictionary" in texts and "Ignore All" in texts
    assert any("Copy" in text for text in texts)  # the standard actions follow
    menu.actions()[0].trigger()
    assert window.editor.toPlainText() == "We receive patients.\n"
    assert errors_in(window) == []


def test_add_to_dictionary_survives_a_restart(make_window, qtbot, tmp_path, personal_dictionary):
    window = make_window()
    load(window, qtbot, tmp_path, "The psychedelicist spoke.\n")
    assert errors_in(window) == ["psychedelicist"]
    window.spelling.add_to_dictionary("psychedelicist")
    assert errors_in(window) == []
    assert "psychedelicist" in personal_dictionary.read_text(encoding="utf-8").split()
    window.close()

    again = make_window()
    load(again, qtbot, tmp_path, "The psychedelicist spoke twice.\n", name="other.md")
    assert errors_in(again) == []


def test_ignore_all_is_for_this_session_only(make_window, qtbot, tmp_path):
    window = make_window()
    path = load(window, qtbot, tmp_path, "Zorblat and zorblat again.\n")
    assert errors_in(window) == ["Zorblat", "zorblat"]
    window.spelling.ignore("zorblat")
    assert errors_in(window) == []  # the capitalised form too, as at a sentence's start
    window.close()
    again = make_window()
    again.open_path(path)
    qtbot.waitUntil(lambda: not again.spelling.checking, timeout=10000)
    assert errors_in(again) == ["Zorblat", "zorblat"]


def test_f7_walks_through_misspellings(make_window, qtbot, tmp_path):
    window = make_window()
    load(window, qtbot, tmp_path, "One mistkae here.\n\nAnother mistkae there.\n")
    window.editor.moveCursor(QTextCursor.MoveOperation.Start)
    window.editor.setFocus()
    QTest.keyClick(window.editor, Qt.Key.Key_F7)
    assert window.editor.textCursor().selectedText() == "mistkae"
    assert window.editor.textCursor().blockNumber() == 0
    QTest.keyClick(window.editor, Qt.Key.Key_F7)
    assert window.editor.textCursor().blockNumber() == 2


def test_language_follows_front_matter_and_the_menu_choice_is_remembered(
    make_window, qtbot, tmp_path
):
    window = make_window()
    path = load(window, qtbot, tmp_path, "---\nlang: en-US\n---\n\nThe colour of the color.\n")
    qtbot.waitUntil(lambda: window.spelling.language == "en_US", timeout=10000)
    settle(window, qtbot)
    # The other variant's spelling is the Problems panel's to name, not the red wave's.
    assert variants(window) == ["colour"] and errors_in(window) == []
    assert window.language_label.text() == "en_US"

    window.menu_actions.language_menu.aboutToShow.emit()
    choice = next(a for a in window.menu_actions.language_menu.actions() if a.text() == "en_GB")
    choice.trigger()
    settle(window, qtbot)
    assert variants(window) == ["color"] and errors_in(window) == []
    window.close()

    again = make_window()
    again.open_path(path)
    qtbot.waitUntil(lambda: again.spelling.language == "en_GB", timeout=10000)


def test_medical_terms_option(make_window, qtbot, tmp_path):
    window = make_window()
    if not window.spelling.checker.medical_available:
        pytest.skip("hunspell-en-med is not installed")
    # Words the medical list has and Hunspell's British dictionary lacks.
    load(window, qtbot, tmp_path, "Pramlintide, then dexmedetomidine; the myoparesis eased.\n")
    assert errors_in(window) == ["Pramlintide", "dexmedetomidine", "myoparesis"]
    window.menu_actions.medical_terms.trigger()
    qtbot.waitUntil(lambda: not window.spelling.checking and errors_in(window) == [], timeout=10000)


def test_a_long_document_is_checked_in_the_background_visible_part_first(
    make_window, qtbot, tmp_path
):
    window = make_window()
    paragraph = "Careful clinicians recieve referrals and documant outcomes every week.\n\n"
    path = tmp_path / "long.md"
    path.write_text(paragraph * 3000, encoding="utf-8")
    assert window.open_path(path)
    # Opening returned before checking 6,000 blocks; the screen's blocks come first.
    assert window.spelling.checking
    qtbot.waitUntil(
        lambda: block_spelling(window.editor.firstVisibleBlock()) is not None, timeout=5000
    )
    qtbot.waitUntil(lambda: not window.spelling.checking, timeout=60000)
    assert len(window.spelling.occurrences()) == 6000


def test_checking_can_be_switched_off(make_window, qtbot, tmp_path):
    window = make_window()
    load(window, qtbot, tmp_path, "A mispelled word.\n")
    assert errors_in(window) == ["mispelled"]
    window.menu_actions.check_spelling.trigger()
    qtbot.waitUntil(lambda: not window.spelling.checking, timeout=5000)
    assert errors_in(window) == []
    assert not underline_at(window, 4)
    assert window.language_label.text() == "No spelling"


def test_ignored_words_do_not_follow_into_the_next_document(make_window, qtbot, tmp_path):
    window = make_window()
    load(window, qtbot, tmp_path, "A zorblat here.\n", name="first.md")
    window.spelling.ignore("zorblat")
    assert errors_in(window) == []
    load(window, qtbot, tmp_path, "Another zorblat there.\n", name="second.md")
    assert errors_in(window) == ["zorblat"]
