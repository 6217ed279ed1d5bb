"""Quit exits the real application within seconds while its preview is stuck in a render
(python-markdown backtracking for minutes on a line of 20,000 '['), and leaves no render
process behind. Runs the app as a separate process on its own Xvfb display, as a user would."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.test_crash_recovery import App, display, wait_until  # noqa: F401 - a fixture

STUCK = "[" * 20_000


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(int(child) for child in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")
def test_quit_exits_at_once_while_a_render_is_stuck(display, tmp_path):  # noqa: F811
    article = tmp_path / "stuck.md"
    article.write_text(f"# A title\n\nBefore.\n\n{STUCK}\n\nAfter.\n", encoding="utf-8")
    app = App(display, tmp_path)
    settings = tmp_path / "config" / "ArticleEditor" / "Article Editor.conf"
    # Far beyond the test: the render is still stuck when Quit comes.
    settings.write_text(settings.read_text() + "[preview]\nrender_seconds=600\n")
    try:
        app.start(article)
        window = app.window("stuck.md")

        def busy_worker():
            # Starting and warming up take about a second of CPU; three mean it is stuck in
            # the render (counted in CPU time, so a busy machine only makes it slower).
            for child in _children(app.process.pid):
                if _cpu_ticks(child) > 300:
                    return child
            return None

        worker = wait_until(busy_worker, 120, "a render process busy with the stuck line")
        app.click(window, 200, 300)

        def window_closed():
            # A key press can be lost on a loaded display before the window has focus: press
            # again until Quit has closed the window, then time the exit from there.
            app.xdotool("windowfocus", window)
            app.xdotool("key", "ctrl+q")
            time.sleep(0.5)
            return not app.xdotool("search", "--onlyvisible", "--name", "stuck.md")

        wait_until(window_closed, 20, "Quit to close the window")
        started = time.monotonic()
        app.process.wait(10)
        assert time.monotonic() - started < 4, "Quit waited for the render"
        assert app.process.returncode == 0
        wait_until(lambda: not _alive(worker), 2, "the render process to be gone")
    finally:
        app.kill()
