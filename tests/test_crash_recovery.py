"""The real application, killed with SIGKILL while a document is unsaved, gives back every
character typed up to the last autosave when it starts again. Runs the app as a separate
process on its own Xvfb display and types into it with xdotool."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from editor.core.recovery import RecoveryStore

PROJECT = Path(__file__).resolve().parent.parent
TYPED = "Typed after the start, then killed: 1234 (ok)."


def wait_until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def display():
    if not shutil.which("Xvfb") or not shutil.which("xdotool"):
        pytest.skip("needs Xvfb and xdotool")
    number = next(
        (
            n
            for n in range(91, 140)
            if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists()
        ),
        None,
    )
    if number is None:
        pytest.skip("no free X display number")
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), 10, "Xvfb")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


class App:
    """The editor as a separate process, and xdotool to drive it."""

    def __init__(self, display: str, home: Path) -> None:
        self.env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
        self.env.update(
            DISPLAY=display,
            ARTICLE_EDITOR_DATA_DIR=str(home / "data"),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_RUNTIME_DIR=str(home / "runtime"),
        )
        (home / "runtime").mkdir(mode=0o700, exist_ok=True)
        settings = home / "config" / "ArticleEditor" / "Article Editor.conf"
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text("[recovery]\nautosave_seconds=1\n", encoding="utf-8")
        self.log = home / "app.log"
        self.process: subprocess.Popen | None = None

    def start(self, *files: Path) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "editor", *map(str, files)],
                cwd=PROJECT,
                env=self.env,
                stdout=log,
                stderr=log,
                # Its own process group, so the kill takes its worker processes too, as a
                # crash of the whole session would.
                start_new_session=True,
            )

    def xdotool(self, *args: str, timeout: float = 30) -> str:
        result = subprocess.run(
            ["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )
        return result.stdout.strip() if result.returncode == 0 else ""

    def window(self, name: str, timeout: float = 60) -> str:
        def find():
            assert self.process.poll() is None, self.log.read_text(errors="replace")
            return self.xdotool("search", "--onlyvisible", "--name", name).split("\n")[0]

        return wait_until(find, timeout, f"a window named {name!r}")

    def click(self, window: str, x: int, y: int) -> None:
        self.xdotool("mousemove", "--window", window, str(x), str(y))
        self.xdotool("click", "1")

    def click_to_focus(self, window: str, x: int, y: int, timeout: float = 30) -> None:
        """Click at (x, y) until the window has the keyboard: keys sent before are lost."""

        def focused():
            self.click(window, x, y)
            return self.xdotool("getwindowfocus") == window

        wait_until(focused, timeout, f"the keyboard focus in window {window}")

    def kill(self) -> None:
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(10)  # reaped, so its entries count as left by a dead process


def test_sigkill_after_autosave_loses_nothing_typed(display, tmp_path):
    article = tmp_path / "article.md"
    article.write_text("Start.\n", encoding="utf-8")
    app = App(display, tmp_path)
    recovery = RecoveryStore(tmp_path / "data" / "recovery")
    try:
        app.start(article)
        editor_window = app.window("article.md")
        app.click_to_focus(editor_window, 200, 300)  # the editor is the left half
        app.xdotool("key", "ctrl+End")
        app.xdotool("type", "--delay", "20", TYPED)
        expected = "Start.\n" + TYPED

        def autosaved_whole():
            # The text is written first, its description (.json) second: both, of this text.
            texts = list(recovery.folder.glob("*.md"))
            try:
                if [path.read_text(encoding="utf-8") for path in texts] != [expected]:
                    return False
                about = texts[0].with_suffix(".json")
                return about.stat().st_mtime_ns >= texts[0].stat().st_mtime_ns
            except OSError:  # replaced while we looked
                return False

        wait_until(autosaved_whole, 15, "the autosave of every character")
        app.kill()
        assert article.read_text(encoding="utf-8") == "Start.\n"  # never saved

        [entry] = recovery.list_recoverable()
        assert entry.text() == expected
        assert entry.original == article.resolve()

        # The next start offers the document; Recover, then Save writes it back.
        app.start()
        dialog = app.window("Recover Unsaved Documents")
        app.click(dialog, 100, 100)
        app.xdotool("key", "alt+r")
        recovered_window = app.window("article.md")
        app.click_to_focus(recovered_window, 200, 300)
        app.xdotool("key", "ctrl+s")
        wait_until(
            lambda: article.read_text(encoding="utf-8") == expected, 15, "the recovered save"
        )
        wait_until(lambda: not list(recovery.folder.iterdir()), 10, "the cleanup")
    finally:
        app.kill()
