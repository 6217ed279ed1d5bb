"""Windows open wholly on their screen at any scaling, and never exactly on each other."""

import json
import os
import subprocess
import sys

from PySide6.QtCore import QPoint, QRect

from editor.gui.window_placement import CASCADE_STEP, cascade, default_rect, fit_rect
from tests.conftest import PROJECT

SCREEN = QRect(0, 0, 1280, 720)


def test_fit_rect_moves_and_shrinks_into_the_screen():
    assert fit_rect(QRect(100, 100, 800, 600), SCREEN) == QRect(100, 100, 800, 600)
    assert fit_rect(QRect(900, 500, 800, 600), SCREEN) == QRect(480, 120, 800, 600)
    assert fit_rect(QRect(-50, -20, 1920, 1080), SCREEN) == SCREEN
    assert fit_rect(QRect(0, 0, 100, 100), QRect(1280, 0, 800, 600)) == QRect(1280, 0, 100, 100)


def test_default_rect_is_at_most_ninety_per_cent_and_centred():
    rect = default_rect(QRect(0, 0, 1280, 720))  # 1920 x 1080 at 150 %
    assert rect.height() == 648 and rect.width() == 1152
    assert rect.center().x() in (639, 640) and rect.top() == 36
    assert default_rect(QRect(0, 0, 2560, 1440)).size().toTuple() == (1280, 820)


def test_cascade_steps_off_taken_places_and_wraps():
    rect = QRect(100, 100, 600, 400)
    assert cascade(rect, [], SCREEN) == rect
    moved = cascade(rect, [QPoint(100, 100)], SCREEN)
    assert moved.topLeft() == QPoint(100 + CASCADE_STEP, 100 + CASCADE_STEP)
    assert cascade(rect, [QPoint(100, 100), moved.topLeft()], SCREEN).topLeft() == QPoint(164, 164)
    corner = QRect(680, 320, 600, 400)  # no room below: back to the top left
    assert cascade(corner, [QPoint(680, 320)], SCREEN).topLeft() == QPoint(0, 0)


_CHILD = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from editor.gui.app import create_application
from editor.gui.main_window import MainWindow
from editor.gui.settings import Settings

if __name__ == "__main__":
    app = create_application(sys.argv[:1])
    settings = Settings.at_path(Path(sys.argv[1]))
    first = MainWindow(settings)
    first.show()
    app.processEvents()
    second = MainWindow(settings)
    second.show()
    app.processEvents()
    screen = first.screen()
    print(json.dumps({
        "ratio": screen.devicePixelRatio(),
        "available": screen.availableGeometry().getRect(),
        "windows": [w.frameGeometry().getRect() for w in (first, second)],
        "status": [w.statusBar().mapTo(w, w.statusBar().rect().bottomLeft()).y() + w.y()
                   for w in (first, second)],
    }))
    for window in (first, second):
        window.close()
"""


def test_windows_fit_a_small_screen_at_150_per_cent(tmp_path):
    # A 1366 x 768 laptop at 150 %: 911 x 512 logical pixels for a window made for 1280 x 820.
    config = tmp_path / "screens.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "laptop",
                        "x": 0,
                        "y": 0,
                        "width": 1366,
                        "height": 768,
                        "logicalDpi": 96,
                    }
                ]
            }
        )
    )
    script = tmp_path / "child.py"
    script.write_text(_CHILD)
    env = dict(os.environ, QT_SCALE_FACTOR="1.5", PYTHONPATH=str(PROJECT))
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "settings.ini")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["ratio"] == 1.5
    x, y, width, height = seen["available"]
    screen = QRect(x, y, width, height)
    assert width < 1280 and height < 820  # the old fixed size would not have fitted
    for rect, status_bottom in zip(seen["windows"], seen["status"], strict=True):
        assert screen.contains(QRect(*rect)), rect
        assert status_bottom <= y + height  # the status bar is on screen
    first, second = (QRect(*rect) for rect in seen["windows"])
    assert first.topLeft() != second.topLeft()
