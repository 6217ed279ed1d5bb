"""Every character and line ending the author did not change is saved as it was: no-break
spaces, Unicode line and paragraph separators, mixed and lone-CR line endings; and the
window's preview, autosave and export see the same text as the command line."""

from __future__ import annotations

import string
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from editor.cli import main as cli_main
from editor.core.recovery import RecoveryStore
from editor.core.source_text import split_lines
from editor.gui.document_session import DocumentSession
from tests.gui.conftest import type_text

# Every space (Zs), every separator, every line ending, and the characters Qt keeps for
# itself (frame markers, noncharacters like its stand-ins), among ordinary text.
SPACES = " \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
SPACES += "\u202f\u205f\u3000"
SPECIAL = "\u2028\u2029\u0085\x0b\x0c\t\u200b\u200c\u200d\u2060\ufeff\ufffe\ufdd0\ufdd1\ufdd2\ufdef"
PIECES = [*SPACES, *SPECIAL, "\n", "\r\n", "\r", *string.ascii_letters[:6], "é", "😀", "#", "*"]
FILE_TEXT = st.lists(st.sampled_from(PIECES), min_size=1, max_size=80).map("".join)


def editor_line(document: QTextDocument, number: int) -> QTextCursor:
    cursor = QTextCursor(document.findBlockByNumber(number))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    return cursor


@settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(raw=FILE_TEXT, choice=st.integers(min_value=0), add_line=st.booleans())
def test_open_edit_elsewhere_save_keeps_every_untouched_character(
    qapp, tmp_path_factory, raw, choice, add_line
):
    path = tmp_path_factory.mktemp("round") / "doc.md"
    path.write_bytes(raw.encode("utf-8"))
    document = QTextDocument()
    session = DocumentSession(document)
    session.load(path)
    # A leading U+FEFF is the byte-order mark: kept as the file's, not as text.
    bom = "\ufeff" if raw.startswith("\ufeff") else ""
    lines, endings = split_lines(raw[len(bom) :])
    assert document.blockCount() == len(lines)  # one editor line per file line, no more
    number = choice % len(lines)
    if add_line:  # the author adds a line after this one
        editor_line(document, number).movePosition(QTextCursor.MoveOperation.EndOfBlock)
        cursor = editor_line(document, number)
        cursor.clearSelection()
        cursor.insertText("\nAdded")
        # A new line takes the file's most common ending (the first seen, on a tie).
        usual = Counter(endings).most_common(1)[0][0] if endings else "\n"
        expected_lines = [*lines[: number + 1], "Added", *lines[number + 1 :]]
        expected_endings = [*endings[: number + 1], usual, *endings[number + 1 :]]
        if number == len(lines) - 1:  # the old last line now ends, the new one does not
            expected_endings = [*endings, usual]
    else:  # the author rewrites this line
        editor_line(document, number).insertText("Edited")
        expected_lines = [*lines[:number], "Edited", *lines[number + 1 :]]
        expected_endings = endings
    session.save()
    expected = bom + "".join(
        line + (expected_endings[i] if i < len(expected_endings) else "")
        for i, line in enumerate(expected_lines)
    )
    assert path.read_bytes() == expected.encode("utf-8")


CLINICAL = (
    "---\ntitle: Dosing\n---\r\n\r\n"
    "Give 5\u00a0mg twice daily (Smith et\u00a0al.).\r\n"
    "A line\u2028broken inside, and a paragraph\u2029separator.\n"
    "Lone CR line\rlast line\n"
)


def test_no_break_spaces_and_separators_survive_the_window(make_window, tmp_path, qtbot):
    path = tmp_path / "dose.md"
    path.write_bytes(CLINICAL.encode("utf-8"))
    window = make_window()
    assert window.open_path(path)
    # The separators are stand-ins, not line breaks: the editor has the file's nine lines.
    assert window.editor.document().blockCount() == len(split_lines(CLINICAL)[0]) == 9
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(window.editor, "Added.")
    assert window.save()
    assert path.read_bytes() == (CLINICAL + "Added.").encode("utf-8")


def test_preview_autosave_and_export_see_the_no_break_spaces(make_window, tmp_path, qtbot, page):
    path = tmp_path / "dose.md"
    path.write_bytes(CLINICAL.encode("utf-8"))
    store = RecoveryStore(tmp_path / "recovery")
    window = make_window(recovery=store, autosave_seconds=1)
    assert window.open_path(path)
    page(window).wait_for("document.getElementById('ae-content').innerText.includes('5\\u00a0mg')")

    # The window's export and the command line's, of the same file: identical.
    from_window = tmp_path / "window.html"
    with qtbot.waitSignal(window.exports.exported, timeout=30000):
        assert window.exports.export_html(from_window)
    from_cli = tmp_path / "cli.html"
    assert cli_main(["export", str(path), "-o", str(from_cli)]) == 0
    assert "Give 5&nbsp;mg" in from_cli.read_text(encoding="utf-8")
    assert from_window.read_bytes() == from_cli.read_bytes()

    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(window.editor, "Unsaved.")
    qtbot.waitUntil(lambda: bool(list(store.folder.glob("*.md"))), timeout=5000)
    [autosaved] = store.folder.glob("*.md")
    expected = CLINICAL.replace("\r\n", "\n").replace("\r", "\n") + "Unsaved."
    qtbot.waitUntil(lambda: autosaved.read_bytes().decode("utf-8") == expected, timeout=5000)


def test_front_matter_edits_keep_no_break_spaces(make_window, tmp_path):
    from editor.gui.citations.bibliography_actions import add_to_front_matter

    path = tmp_path / "dose.md"
    path.write_bytes("---\ntitle: 5\u00a0mg\u2029dose\n---\nText\u00a0here.\n".encode())
    window = make_window()
    assert window.open_path(path)
    add_to_front_matter(window.session, "refs.json")
    assert window.save()
    saved = path.read_text(encoding="utf-8")
    assert "title: 5\u00a0mg\u2029dose\n" in saved and "Text\u00a0here." in saved
    assert "refs.json" in saved
