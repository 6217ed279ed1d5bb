"""The Problems panel and the window's proofing, in the real window on real dictionaries."""

import threading

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtTest import QTest

from editor.gui.preferences_dialog import PreferencesDialog
from editor.gui.proofing.problems import LAYER


def load(window, qtbot, tmp_path, text, name="doc.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert window.open_path(path)
    wait_checked(window, qtbot)
    return path


def wait_checked(window, qtbot):
    qtbot.waitUntil(lambda: not window.proofing.checking, timeout=20000)


def open_panel(window, qtbot):
    toggle = next(a for a in window.menu_actions.tools_menu.actions() if a.text() == "&Problems")
    assert toggle.shortcut().toString() == "Ctrl+Shift+F7"
    toggle.trigger()
    panel = window.problems_panel
    qtbot.waitUntil(panel.isVisible)
    return panel


def groups(panel):
    model = panel.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def child(panel, group, row):
    """The index of the ``row``-th problem under the group whose title starts ``group``."""
    model = panel.model
    top = next(
        model.index(i, 0)
        for i in range(model.rowCount())
        if model.index(i, 0).data().startswith(group)
    )
    panel.tree.expand(top)
    return model.index(row, 0, top)


def click(panel, index):
    rect = panel.tree.visualRect(index)
    assert rect.isValid()  # on screen, as the writer sees it
    QTest.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


TEXT = (
    "In 10-20 cases and 30-40 others the the drug worked.\n\n"
    "A recieve here, and a seperate one, and recieve again.\n"
)


def test_panel_groups_by_rule_jumps_and_underlines_per_kind(make_window, qtbot, tmp_path):
    window = make_window()
    load(window, qtbot, tmp_path, TEXT)
    panel = open_panel(window, qtbot)
    assert groups(panel) == ["Spelling (3)", "Repeated words (1)", "Ranges with a hyphen (2)"]
    assert not panel.tree.currentIndex().isValid()  # nothing picked until the writer picks
    assert window.editor.textCursor().selectedText() == ""

    item = child(panel, "Ranges", 1)
    click(panel, item)
    assert window.editor.textCursor().selectedText() == "30-40"
    assert panel.fix_button.isEnabled() and panel.fix_all_button.isEnabled()

    underlines = window.editor._selection_layers[LAYER]
    marked = {(s.cursor.selectedText(), s.format.underlineColor().name()) for s in underlines}
    assert marked == {("10-20", "#8a3ffc"), ("30-40", "#8a3ffc"), ("the the", "#8a3ffc")}
    assert {s.format.underlineStyle() for s in underlines} == {
        QTextCharFormat.UnderlineStyle.DotLine
    }


def test_fix_all_is_one_undo_step(make_window, qtbot, tmp_path):
    window = make_window()
    load(window, qtbot, tmp_path, TEXT)
    panel = open_panel(window, qtbot)
    click(panel, child(panel, "Ranges", 0))
    panel.fix_all_button.click()
    assert window.editor.toPlainText().startswith("In 10–20 cases and 30–40 others")
    wait_checked(window, qtbot)
    qtbot.waitUntil(lambda: "Ranges with a hyphen (2)" not in groups(panel))
    window.editor.undo()
    assert window.editor.toPlainText() == TEXT


def test_replace_moves_to_the_next_problem_of_its_kind_and_a_second_press_changes_nothing(
    make_window, qtbot, tmp_path
):
    window = make_window()
    load(window, qtbot, tmp_path, TEXT)
    panel = open_panel(window, qtbot)
    click(panel, child(panel, "Spelling", 0))
    assert window.editor.textCursor().selectedText() == "recieve"
    assert panel.suggestions.currentItem() is None  # no suggestion chosen for the writer
    assert not panel.replace_button.isEnabled()
    panel.suggestions.setCurrentRow(0)
    assert panel.suggestions.currentItem().text() == "receive"
    panel.replace_button.setFocus()
    QTest.keyClick(panel.replace_button, Qt.Key.Key_Space)
    text = window.editor.toPlainText()
    assert "A receive here, and a seperate one" in text
    # The next misspelling in document order, shown in the editor; focus off the button.
    assert window.editor.textCursor().selectedText() == "seperate"
    assert panel.current()[0].finding.text == "seperate"
    assert panel.tree.hasFocus() or not panel.replace_button.hasFocus()
    assert panel.suggestions.currentItem() is None
    panel.replace_current()  # a second press: no suggestion chosen, nothing changes
    QTest.keyClick(panel.tree, Qt.Key.Key_Return)
    assert window.editor.toPlainText() == text

    wait_checked(window, qtbot)  # the new results keep the pick, not the first entry
    qtbot.waitUntil(lambda: groups(panel)[0] == "Spelling (2)")
    assert panel.current()[0].finding.text == "seperate"
    assert window.editor.textCursor().selectedText() == "seperate"


def test_ignore_writes_the_front_matter_in_one_undo_step(make_window, qtbot, tmp_path):
    window = make_window()
    start = "---\ntitle: Trial\n---\n\n"
    load(window, qtbot, tmp_path, start + TEXT)
    panel = open_panel(window, qtbot)
    click(panel, child(panel, "Ranges", 0))
    panel.ignore_rule_button.click()
    assert window.editor.toPlainText() == (
        "---\ntitle: Trial\nproofing:\n  ignore: [range]\n---\n\n" + TEXT
    )
    wait_checked(window, qtbot)
    qtbot.waitUntil(lambda: not any(g.startswith("Ranges") for g in groups(panel)))
    click(panel, child(panel, "Spelling", 0))
    panel.ignore_button.click()
    assert "  ignore-text: ['spelling: recieve']\n" in window.editor.toPlainText()
    wait_checked(window, qtbot)
    qtbot.waitUntil(lambda: "Spelling (1)" in groups(panel))
    window.editor.undo()
    assert "ignore-text" not in window.editor.toPlainText()
    window.editor.undo()
    assert window.editor.toPlainText() == start + TEXT


def test_the_wave_spares_the_reference_lists_words_and_leaves_variants_to_the_panel(
    make_window, qtbot, tmp_path
):
    window = make_window()
    window.spelling.choose_language("en_GB")
    text = (
        "The Jelovac method measured the tumor; Qwzxv did not.\n\n"
        "## References\n\n"
        "Jelovac, A. (2025). Ketamine. Journal.\n"
    )
    load(window, qtbot, tmp_path, text)
    qtbot.waitUntil(lambda: not window.spelling.checking, timeout=20000)
    misspelt = [o.word for o in window.spelling.occurrences()]
    assert misspelt == ["Qwzxv"]
    kinds = [(p.kind, p.finding.text) for p, *_ in window.proofing.problems()]
    assert ("spelling", "Qwzxv") in kinds and ("variant", "tumor") in kinds
    assert "Jelovac" not in {text for _kind, text in kinds}

    # Once the reference list no longer names Jelovac, the wave comes back.
    document = window.editor.document()
    cursor = QTextCursor(document.findBlockByNumber(4))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText("Murrough, J. (2013). Ketamine. Journal.")
    wait_checked(window, qtbot)
    qtbot.waitUntil(lambda: not window.spelling.checking, timeout=20000)
    assert [o.word for o in window.spelling.occurrences()] == ["Jelovac", "Qwzxv"]


def test_ignore_once_hides_that_occurrence_only_and_writes_nothing(make_window, qtbot, tmp_path):
    window = make_window()
    text = "Ranges of 10-20 here.\n\nAnd 10-20 again.\n"
    path = load(window, qtbot, tmp_path, text)
    panel = open_panel(window, qtbot)
    assert groups(panel) == ["Ranges with a hyphen (2)"]
    click(panel, child(panel, "Ranges", 1))
    panel.ignore_once_button.click()
    assert groups(panel) == ["Ranges with a hyphen (1)"]
    assert window.editor.toPlainText() == text and path.read_text(encoding="utf-8") == text
    left = window.proofing.problems("range")
    assert [(p.context, window.editor.toPlainText()[s:e]) for p, s, e in left] == [
        ("Ranges of 10-20 here.", "10-20")
    ]
    assert panel.current() is None  # nothing of its kind after it: nothing picked

    # An edit elsewhere, and the check it starts, do not bring it back.
    cursor = QTextCursor(window.editor.document())
    cursor.insertText("Intro. ")
    wait_checked(window, qtbot)
    assert [p.context for p, *_ in window.proofing.problems("range")] == [
        "Intro. Ranges of 10-20 here."
    ]
    marked = [s.cursor.selectedText() for s in window.editor._selection_layers[LAYER]]
    assert marked == ["10-20"]
    assert window.editor.toPlainText().endswith("And 10-20 again.\n")


def test_rules_switched_off_in_preferences(make_window, qtbot, tmp_path):
    window = make_window()
    load(window, qtbot, tmp_path, TEXT)
    panel = open_panel(window, qtbot)
    dialog = PreferencesDialog(window.settings, [], window)
    rules = dialog.control("proofing/off_rules")
    for row in range(rules.count()):
        if rules.item(row).data(Qt.ItemDataRole.UserRole) in ("spelling", "range"):
            rules.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert window.settings.get("proofing/off_rules") == "spelling,range"
    wait_checked(window, qtbot)
    qtbot.waitUntil(lambda: groups(panel) == ["Repeated words (1)"])


def test_the_check_runs_off_the_gui_thread_after_typing_stops(make_window, qtbot, tmp_path):
    window = make_window()
    load(window, qtbot, tmp_path, "Plain text.\n")
    threads = []
    checker = window.proofing._checker
    original = checker.check_document

    def spy(*args, **kwargs):
        threads.append(threading.current_thread())
        return original(*args, **kwargs)

    checker.check_document = spy
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    for char in "the the":
        QTest.keyClick(window.editor, char)
    assert threads == []  # debounced: nothing while typing
    wait_checked(window, qtbot)
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert [p.finding.kind for p, *_ in window.proofing.problems()] == ["repeated-word"]


class _GateRule:
    """A rule that holds the check until the test lets it go (a check of a book takes
    seconds; this makes one be running when the writer types again, every time)."""

    id, title, default_on = "gate", "Gate", True

    def __init__(self):
        self.entered, self.release, self.calls = threading.Event(), threading.Event(), 0

    def check(self, document):
        self.calls += 1
        self.entered.set()
        assert self.release.wait(20)
        return []


class _CountRule:
    id, title, default_on = "count", "Count", True

    def __init__(self):
        self.calls = 0

    def check(self, document):
        self.calls += 1
        return []


def test_a_check_made_stale_by_typing_stops_and_the_next_waits_for_a_pause(
    make_window, qtbot, tmp_path
):
    window = make_window()
    load(window, qtbot, tmp_path, "Plain text.\n")
    gate, count = _GateRule(), _CountRule()
    window.proofing._checker.rules[:0] = [gate]
    window.proofing._checker.rules.append(count)
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.proofing.check_now()
    assert gate.entered.wait(10)
    QTest.keyClick(window.editor, "a")  # the text the check has is now old
    gate.release.set()
    # The stale check ends before its remaining rules, and no check starts again at once.
    qtbot.waitUntil(lambda: not window.proofing._running, timeout=10000)
    assert count.calls == 0
    assert gate.calls == 1
    for char in "bcd":  # typing on, with pauses shorter than the debounce
        QTest.keyClick(window.editor, char)
        qtbot.wait(200)
        assert gate.calls == 1
    wait_checked(window, qtbot)  # a pause: one whole check of the text as it is now
    assert (gate.calls, count.calls) == (2, 1)


def test_suggestions_are_computed_only_when_asked(make_window, qtbot, tmp_path, monkeypatch):
    from editor.core.proofing.spelling import SpellChecker

    asked: list[str] = []
    real_suggest = SpellChecker.suggest
    monkeypatch.setattr(
        SpellChecker,
        "suggest",
        lambda self, word, limit=8: asked.append(word) or real_suggest(self, word, limit),
    )
    window = make_window()
    text = "".join(f"Paragraph {n}: we recieve a seperate documant.\n\n" for n in range(50))
    load(window, qtbot, tmp_path, text)
    panel = open_panel(window, qtbot)
    assert groups(panel)[0] == "Spelling (150)"
    # 150 misspellings found and listed, not one suggestion computed for them.
    assert asked == []

    click(panel, child(panel, "Spelling", 1))  # the writer picks one: its suggestions only
    # (asked again as the panel redraws: the checker's cache answers those)
    assert list(dict.fromkeys(asked)) == ["seperate"]
    assert "separate" in [
        panel.suggestions.item(i).text() for i in range(panel.suggestions.count())
    ]

    editor = window.editor
    cursor = editor.textCursor()
    cursor.setPosition(editor.toPlainText().index("documant") + 2)
    menu = editor.build_context_menu(editor.cursorRect(cursor).center())
    assert menu.actions()[0].text() == "document"
    assert list(dict.fromkeys(asked)) == ["seperate", "documant"]
