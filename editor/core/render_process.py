"""The entry point that a preview worker process calls: one renderer per process, so its
block cache lives as long as the process and each request re-renders only changed blocks."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from editor.core.citation_service import CitationOverrides
from editor.core.render import RenderedDocument, Renderer

_renderer: Renderer | None = None  # this process's renderer; only the worker calls in here


def render_in_worker(
    text: str, folder: Path | None = None, overrides: CitationOverrides | None = None
) -> RenderedDocument:
    """Render ``text`` (a document in ``folder``) with this process's cached renderer."""
    global _renderer
    if _renderer is None:
        _renderer = Renderer()
    return _renderer.render(text, folder, overrides)


def warm_up() -> bool:
    """Import and build everything once, so the first real render is fast."""
    render_in_worker("# Warm up\n\nText with *emphasis*.")
    return True


def exit_with_parent(poll_seconds: float = 0.5) -> None:
    """Run at a worker's start: end the worker when the editor that started it is gone, so a
    killed editor leaves no renderer behind (a worker blocked on its queue would not notice)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_seconds)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
