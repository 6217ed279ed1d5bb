"""The life of a preview worker process: one renderer per process, so its block cache lives as
long as the process and each request re-renders only changed blocks; a ceiling on its memory,
and an end when the editor that started it is gone."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: no address-space limit; the deadline still applies
    resource = None  # type: ignore[assignment]  # the module or None, as tested where used

from editor.core.citations.service import CitationOverrides
from editor.core.logs import LogSetup, configure_logging
from editor.core.render import RenderedDocument, Renderer
from editor.core.render_session import RenderSession
from editor.core.text_edits import EditMismatchError

log = logging.getLogger(__name__)

_renderer: Renderer | None = None  # this process's renderer; only the worker calls in here
_session: RenderSession | None = None  # the document the editor keeps in step by edits


def render_in_worker(
    text: str, folder: Path | None = None, overrides: CitationOverrides | None = None
) -> RenderedDocument:
    """Render ``text`` (a document in ``folder``) with this process's cached renderer."""
    global _renderer
    if _renderer is None:
        _renderer = Renderer()
    return _renderer.render(text, folder, overrides)


def session_in_worker() -> RenderSession:
    """This process's render session, sharing the process's renderer (and its cache)."""
    global _renderer, _session
    if _renderer is None:
        _renderer = Renderer()
    if _session is None:
        _session = RenderSession(_renderer)
    return _session


def handle(request: tuple) -> object:
    """Answer one request: ``("render", text, folder, overrides)`` gives a whole
    ``RenderedDocument``; ``("reset", text, folder, overrides)`` and ``("edit", edits,
    folder, overrides)`` a ``RenderUpdate`` of the process's render session; a reset's
    payload may be ``(text, (first_line, end_line))``, rendering those lines first (a partial
    update), and ``("complete", None, folder, overrides)`` then renders the rest."""
    kind, payload, folder, overrides = request
    if kind == "render":
        return render_in_worker(payload, folder, overrides)
    if kind == "reset":
        # A reset that names the lines on screen, (text, (first, end)), renders those first
        # (sent only when the session's reset takes ``visible``).
        if isinstance(payload, tuple):
            text, visible = payload
            reset: Callable[..., object] = session_in_worker().reset
            return reset(text, folder, overrides, visible=visible)
        return session_in_worker().reset(payload, folder, overrides)
    if kind == "complete":
        return getattr(session_in_worker(), "complete")(folder, overrides)  # noqa: B009
    if kind == "edit":
        return session_in_worker().edit(payload, folder, overrides)
    raise ValueError(f"unknown request {kind!r}")


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


def limit_memory(limit: int) -> None:
    """Cap this process's address space at ``limit`` bytes: past it allocations fail with a
    ``MemoryError`` here instead of the machine swapping and the OOM killer choosing a victim."""
    if resource is None:
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def serve(
    connection: Connection, memory_limit: int | None = None, log_setup: LogSetup | None = None
) -> None:
    """A worker process's main loop: ``("ready", None)`` once warmed up, then for each
    request received (see ``handle``) one reply: ``("ok", result)``, ``("mismatch", message)``
    for edits that do not fit the session's text (send ``reset``), ``("error", message)``
    for a failed render, or ``("memory", None)`` after which the process ends, since a render
    cut off by a failed allocation may have left it in any state. ``log_setup`` is the
    editor's, so the worker's records reach the editor's log file."""
    if log_setup is not None:
        configure_logging(log_setup.verbose, log_setup.folder)
    exit_with_parent()
    if memory_limit:
        limit_memory(memory_limit)
    warm_up()
    try:
        connection.send(("ready", None))
    except OSError:
        return  # the editor closed (quit, or was stopped) before this process was ready
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return  # the editor closed the pipe
        reply: tuple[str, object]
        try:
            reply = ("ok", handle(request))
        except EditMismatchError as mismatch:
            reply = ("mismatch", str(mismatch))
        except MemoryError:
            reply = ("memory", None)
        except Exception as error:  # a renderer bug: report it, keep serving
            log.exception("rendering in the preview worker failed")
            reply = ("error", f"{type(error).__name__}: {error}")
        try:
            connection.send(reply)
        except MemoryError:
            reply = ("memory", None)
            connection.send(reply)
        except Exception as error:  # a result that cannot be pickled
            log.exception("sending the preview worker's result failed")
            connection.send(("error", f"{type(error).__name__}: {error}"))
        if reply[0] == "memory":
            return
