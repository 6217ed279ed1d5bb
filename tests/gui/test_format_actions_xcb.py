"""The keyboard tests of the Format menu again on a real X display (Qt's xcb platform, its
X11 key theme), where QPlainTextEdit binds Ctrl+K to "delete to the end of the line": a
fresh pytest on its own Xvfb, one of them typing through the X server with xdotool."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.test_crash_recovery import display  # noqa: F401 - the Xvfb fixture

PROJECT = Path(__file__).resolve().parents[2]


def test_format_shortcuts_under_xcb(display, tmp_path):  # noqa: F811 - the fixture
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        XDG_RUNTIME_DIR=str(tmp_path),
        PYTHONPATH=str(PROJECT) + os.pathsep + env.get("PYTHONPATH", ""),
    )
    os.chmod(tmp_path, 0o700)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs",
         "tests/gui/test_format_actions.py", "-k", "shortcut"],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    report = done.stdout[-4000:] + done.stderr[-2000:]
    assert done.returncode == 0, report
    assert " passed" in done.stdout and "failed" not in done.stdout, report
    # The X keyboard test ran rather than skipped: the real key path was taken.
    assert "typed_on_the_x_keyboard" not in done.stdout, report
