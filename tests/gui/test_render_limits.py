"""The preview survives renders that never end, run out of memory or meet hostile input: the
worker is stopped and replaced, the status bar says why, and the next change renders again.

The stuck render is real: python-markdown backtracks for minutes on a line of 20,000 '['
(10,000 take about a minute). The memory test gives the worker a small ceiling and a document
that needs more than it; the default ceiling is gigabytes."""

from __future__ import annotations

import os
import shutil
import time

import pytest
from PySide6.QtGui import QTextCursor

from editor.core.text_edits import TextLines
from editor.gui.render_worker import RenderWorker
from editor.gui.settings import Settings
from tests.gui.conftest import type_text
from tests.hostile_inputs import bomb_document, deep_list_on_one_line

STUCK = "[" * 20_000 + "\n"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


class _Worker:
    """A render worker over a text of its own: ``request`` sets the text and sends it."""

    def __init__(self, **options) -> None:
        self.text = TextLines()
        self.worker = RenderWorker(lambda: self.text.snapshot(), **options)

    def request(self, revision: int, text: str) -> None:
        self.text = TextLines(text)
        self.worker.request_text(revision)

    @property
    def process_id(self):
        return self.worker.process_id

    def shutdown(self) -> None:
        self.worker.shutdown()


@pytest.fixture
def worker(qtbot):
    made: list[_Worker] = []

    def make(**options) -> _Worker:
        made.append(_Worker(**options))
        return made[-1]

    yield make
    for each in made:
        each.shutdown()


def _collect(render: _Worker):
    """The updates and failures ``render`` reports; an update's HTML is its fragments'."""
    rendered: list = []
    failed: list[str] = []
    render.worker.updated.connect(
        lambda revision, update: rendered.append((revision, "".join(update.fragments.inserted)))
    )
    render.worker.failed.connect(failed.append)
    return rendered, failed


def test_a_render_past_its_deadline_is_stopped_and_the_next_one_renders(qtbot, worker):
    render = worker(deadline=3)
    rendered, failed = _collect(render)
    render.request(1, "# Warm\n")
    qtbot.waitUntil(lambda: bool(rendered), timeout=60_000)
    stuck_pid = render.process_id
    started = time.monotonic()
    render.request(2, f"Before.\n\n{STUCK}\nAfter.\n")
    qtbot.wait(200)  # it is in flight
    render.request(3, "# Fixed\n\nThe text is fine again.\n")  # typed while it is stuck
    qtbot.waitUntil(lambda: bool(failed), timeout=30_000)
    assert failed == [
        "The preview stopped rendering: it took longer than 3 s. "
        "It renders again with the next change."
    ]
    assert time.monotonic() - started < 10
    qtbot.waitUntil(lambda: len(rendered) == 2, timeout=60_000)
    revision, document = rendered[-1]
    assert revision == 3 and "The text is fine again." in document
    assert render.process_id != stuck_pid
    assert not _alive(stuck_pid)


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc and setrlimit")
def test_a_render_out_of_memory_is_reported_and_the_worker_replaced(qtbot, worker):
    render = worker(memory_limit=400 * 1024**2)
    rendered, failed = _collect(render)
    render.request(1, "# Warm\n")
    qtbot.waitUntil(lambda: bool(rendered), timeout=60_000)
    first_pid = render.process_id
    render.request(2, "Many short paragraphs, *each* with `code`.\n\n" * 1_000_000)
    qtbot.waitUntil(lambda: bool(failed), timeout=120_000)
    assert failed == [
        "The preview stopped rendering: it ran out of memory (its limit is 400 MB). "
        "It renders again with the next change."
    ]
    render.request(3, "Small again.\n")
    qtbot.waitUntil(lambda: len(rendered) == 2, timeout=60_000)
    assert "Small again." in rendered[-1][1]
    assert render.process_id != first_pid


def test_a_killed_worker_is_replaced_with_a_message(qtbot, worker):
    render = worker(deadline=60)
    rendered, failed = _collect(render)
    render.request(1, "# Warm\n")
    qtbot.waitUntil(lambda: bool(rendered), timeout=60_000)
    render.request(2, STUCK)
    time.sleep(0.5)
    os.kill(render.process_id, 9)  # what the kernel's OOM killer does
    qtbot.waitUntil(lambda: bool(failed), timeout=20_000)
    assert failed == [
        "The preview stopped rendering: its process ended unexpectedly (killed by signal 9). "
        "It renders again with the next change."
    ]
    render.request(3, "Back.\n")
    qtbot.waitUntil(lambda: len(rendered) == 2, timeout=60_000)


def test_shutdown_does_not_wait_for_a_stuck_render(qtbot, worker):
    render = worker(deadline=600)
    rendered, _failed = _collect(render)
    render.request(1, "# Warm\n")
    qtbot.waitUntil(lambda: bool(rendered), timeout=60_000)
    render.request(2, STUCK)
    time.sleep(1.0)
    pid = render.process_id
    started = time.monotonic()
    render.shutdown()
    assert time.monotonic() - started < 2.5
    assert not _alive(pid)


# Through the window ----------------------------------------------------------------------------


def _window_with_deadline(make_window, settings_path, seconds: int):
    Settings.at_path(settings_path).set("preview/render_seconds", seconds)
    return make_window()


def _messages(window) -> list[str]:
    seen: list[str] = []
    window.previews.problem.connect(seen.append)
    return seen


def test_the_window_recovers_from_a_stuck_render(make_window, settings_path, page, tmp_path):
    source = tmp_path / "stuck.md"
    source.write_text("# Title\n\nFirst paragraph.\n", encoding="utf-8")
    window = _window_with_deadline(make_window, settings_path, 3)
    messages = _messages(window)
    assert window.open_path(source)
    view = page(window)
    view.wait_for("document.querySelector('h1') !== null", timeout=60)
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.editor.insertPlainText("\n" + STUCK)
    view.qtbot.waitUntil(lambda: any("longer than 3 s" in m for m in messages), timeout=30_000)
    assert "took longer than 3 s" in window.statusBar().currentMessage()
    # Fix the text: the stuck line goes, a new paragraph is typed.
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock, QTextCursor.MoveMode.KeepAnchor)
    cursor.movePosition(QTextCursor.MoveOperation.PreviousBlock, QTextCursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()
    window.editor.setTextCursor(cursor)
    type_text(window.editor, "\nWorks again.")
    assert "Works again." in view.wait_for(
        "document.getElementById('ae-content').innerText.includes('Works again.') && "
        "document.getElementById('ae-content').innerText",
        timeout=60,
    )
    assert "[[[[" not in view.text()


def test_hostile_documents_show_the_rest_and_say_what_was_refused(make_window, page, tmp_path):
    window = make_window()
    messages = _messages(window)
    source = tmp_path / "bomb.md"
    source.write_text(bomb_document("title"), encoding="utf-8")
    assert window.open_path(source)
    view = page(window)
    assert "The text after it." in view.wait_for(
        "document.getElementById('ae-content').innerText.includes('The text after it.') && "
        "document.getElementById('ae-content').innerText",
        timeout=60,
    )
    view.qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert messages[0].startswith("Line 6: front matter is not read: its aliases")
    # Replace the bomb with a 50,000-deep list: refused as a block, the rest shown.
    messages.clear()
    window.editor.setPlainText(f"# Heading\n\n{deep_list_on_one_line()}\nClosing words.\n")
    view.wait_for("document.getElementById('ae-content').innerText.includes('Closing words.')")
    view.qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert messages[0] == (
        "Line 3: lists or block quotes nested more than 50 deep; this block is shown as plain text"
    )
    assert view.js("document.querySelector('pre.ae-refused') !== null")


def test_lone_surrogates_in_front_matter_and_csl_json_in_the_window(
    make_window, page, tmp_path, fixtures
):
    refs = tmp_path / "refs.json"
    refs.write_text(
        '[{"id": "bad", "type": "book", "title": "Bad \\ud800 title", "issued": 2020,'
        ' "author": [{"family": "Smith", "given": "Ann"}]},'
        ' {"id": "good", "type": "book", "title": "Good title", "issued": 2021,'
        ' "author": [{"family": "Jones", "given": "Bo"}]}]',
        encoding="utf-8",
    )
    source = tmp_path / "draft.md"
    source.write_text(
        '---\ntitle: "Broken \\udfff title"\nbibliography: refs.json\n---\n\n'
        "See [@bad] and [@good].\n",
        encoding="utf-8",
    )
    window = make_window()
    messages = _messages(window)
    assert window.open_path(source)
    view = page(window)
    entry = view.wait_for("(document.querySelector('#ref-bad') || {}).innerText", timeout=60)
    assert "Bad \ufffd title" in entry
    assert view.js("document.querySelector('h1.title').innerText") == "Broken \ufffd title"
    view.qtbot.waitUntil(lambda: len(messages) >= 2, timeout=10_000)
    assert any(m.startswith("Line 2: front matter has an escape") for m in messages)
    assert any(f"{refs}:1: item 1 has an escape" in m for m in messages)
    # The citation panel loads both entries.
    view.qtbot.waitUntil(lambda: set(window.library.library.entries) == {"bad", "good"})
    assert window.library.format_entry("bad").count("\ufffd") == 1
    shutil.rmtree(tmp_path / "unused", ignore_errors=True)
