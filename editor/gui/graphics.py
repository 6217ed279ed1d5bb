"""How the window is drawn when there is no graphics hardware to draw it.

The preview (QtWebEngine) is a Qt Quick scene inside the window, and with Qt Quick's default
(OpenGL) scene graph the whole window is then composed through OpenGL on every repaint,
the editor's too. Where OpenGL is itself software (Mesa's llvmpipe: virtual machines, remote
desktops, Xvfb, machines without a driver), that composition is the most expensive thing the
editor does: measured typing at 8 keys a second into a 100,000-word book under Xvfb, it cost
the GUI process 52–56 ms of CPU per key (two llvmpipe threads busy), made keystroke →
preview 20–22 ms at the median with 51–65 GUI stalls over 16 ms in 15 s; with Qt Quick's
software scene graph, 14 ms of CPU per key, 8–10 ms and no stall over 16 ms. So where
OpenGL would be software anyway, the software scene graph is chosen; with real graphics
hardware nothing changes. ``QT_QUICK_BACKEND`` or ``QSG_RHI_BACKEND`` set by the user win.
"""

from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)

GL_RENDERER = 0x1F01
# Mesa's and others' renderers that draw on the CPU.
SOFTWARE_RENDERERS = ("llvmpipe", "softpipe", "swrast", "software rasterizer", "swiftshader")


def opengl_renderer() -> str | None:
    """The OpenGL renderer's name on this display, or None when there is no OpenGL (needs
    the QGuiApplication)."""
    from PySide6.QtGui import QOffscreenSurface, QOpenGLContext

    context = QOpenGLContext()
    if not context.create():
        return None
    surface = QOffscreenSurface()
    surface.setFormat(context.format())
    surface.create()
    try:
        if not surface.isValid() or not context.makeCurrent(surface):
            return None
        name = context.functions().glGetString(GL_RENDERER)
        context.doneCurrent()
        return str(name) if name else None
    finally:
        surface.destroy()


def is_software(renderer: str | None) -> bool:
    """Whether ``renderer`` (an OpenGL renderer's name; None: no OpenGL) draws on the CPU."""
    return renderer is None or any(part in renderer.lower() for part in SOFTWARE_RENDERERS)


def choose_scene_graph() -> str:
    """Use Qt Quick's software scene graph where OpenGL would be software; call after the
    QApplication is made and before any window. Returns what was chosen, and why."""
    if os.environ.get("QT_QUICK_BACKEND") or os.environ.get("QSG_RHI_BACKEND"):
        return "as the environment says"
    from PySide6.QtQuick import QQuickWindow, QSGRendererInterface

    renderer = opengl_renderer()
    if not is_software(renderer):
        log.info("drawing with OpenGL on %s", renderer)
        return f"OpenGL ({renderer})"
    QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)
    log.info("OpenGL here is %s: drawing the preview in software", renderer or "unavailable")
    return f"software (OpenGL: {renderer or 'none'})"
