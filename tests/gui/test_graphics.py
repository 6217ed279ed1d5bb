"""The window is drawn in software where OpenGL is software: checked on a real X server
(Xvfb's OpenGL is Mesa's llvmpipe), in a fresh interpreter, since the choice must come
before the first window of a process."""

import os
import subprocess
import sys

from editor.gui.graphics import is_software
from tests.test_crash_recovery import display  # noqa: F401 - the Xvfb fixture

PROBE = """
import sys
from editor.gui.app import create_application
from editor.gui.graphics import choose_scene_graph, opengl_renderer
from PySide6.QtQuick import QQuickWindow
app = create_application(sys.argv[:1])
renderer = opengl_renderer()
print(repr(renderer))
print(choose_scene_graph())
print(QQuickWindow.sceneGraphBackend() or "default")
"""


def probe(display_name, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("QT_QUICK_BACKEND",)}
    environment |= {"DISPLAY": display_name, "QT_QPA_PLATFORM": "xcb", **env}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=environment, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_software_renderers_are_recognised():
    assert is_software("llvmpipe (LLVM 15.0.6, 256 bits)")
    assert is_software("softpipe")
    assert is_software(None)  # no OpenGL at all
    assert not is_software("Mesa Intel(R) UHD Graphics 620 (KBL GT2)")
    assert not is_software("NVIDIA GeForce RTX 3060/PCIe/SSE2")


def test_xvfb_llvmpipe_gets_the_software_scene_graph(display):  # noqa: F811
    renderer, chosen, api = probe(display)
    # Xvfb has no graphics hardware: its OpenGL (Mesa's llvmpipe here), if any, is software.
    assert is_software(None if renderer == "None" else renderer), renderer
    assert chosen.startswith("software")
    assert api == "software"


def test_the_users_choice_wins(display):  # noqa: F811
    _renderer, chosen, api = probe(display, QSG_RHI_BACKEND="opengl")
    assert chosen == "as the environment says"
    assert api != "software"
