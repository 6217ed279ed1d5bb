"""Renders the preview in a separate process, so markdown work never holds the GUI thread and
no document can stop the preview for good.

One job in flight at a time; changes made meanwhile are coalesced into one trailing rerun of
the newest text. Each result carries the revision it was made from: a result older than what
is already shown, or made for a document since replaced, is dropped. A render that takes longer
than its deadline, runs out of the process's memory ceiling or kills the process is reported in
words and the process replaced, so the next change renders again; quitting never waits for a
render.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from editor.core import render_process
from editor.core.citations.service import CitationOverrides
from editor.core.logs import current_setup

DEFAULT_DEADLINE_SECONDS = 15
# Generous: a real article needs well under 200 MB; the cap is there for the input that would
# take all the machine has. Half the memory on small machines, so the cap comes before swapping.
_MEMORY_CEILING = 3 * 1024**3
_READY_SECONDS = 120  # the first start imports everything, on a machine that may be busy
_STOP_GRACE_SECONDS = 1.0


def default_memory_limit() -> int:
    """The render process's address-space ceiling, in bytes."""
    try:
        physical = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return _MEMORY_CEILING
    return max(512 * 1024**2, min(_MEMORY_CEILING, physical // 2))


@dataclass(frozen=True)
class _Outcome:
    """How one render ended: ``kind`` is ok, error, memory, timeout or died."""

    kind: str
    value: object = None


class _RenderProcess:
    """One spawned render process and the pipe to it. ``render`` blocks (call it off the GUI
    thread); ``stop`` may be called from any thread."""

    def __init__(self, memory_limit: int | None) -> None:
        # Spawn, never fork: forking a process that runs Qt and Chromium threads is unsafe.
        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe()
        self._process = context.Process(
            target=render_process.serve,
            args=(child, memory_limit, current_setup()),
            name="article-editor-render",
            daemon=True,  # ended, not waited for, if the editor exits without stopping it
        )
        self._process.start()
        child.close()
        self._ready = False

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def render(
        self, text: str, folder: Path | None, overrides: CitationOverrides | None, deadline: float
    ) -> _Outcome:
        try:
            if not self._ready:
                if not self._connection.poll(_READY_SECONDS):
                    self.stop()
                    return _Outcome("timeout", _READY_SECONDS)
                self._connection.recv()
                self._ready = True
            self._connection.send(("render", text, folder, overrides))
            if not self._connection.poll(deadline):
                self.stop()
                return _Outcome("timeout", deadline)
            kind, value = self._connection.recv()
            return _Outcome(kind, value)
        except (EOFError, OSError):
            self._process.join(_STOP_GRACE_SECONDS)
            return _Outcome("died", self._process.exitcode)

    def stop(self) -> None:
        """End the process: asked, then killed if it has not gone within a second."""
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(_STOP_GRACE_SECONDS)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(_STOP_GRACE_SECONDS)


class RenderWorker(QObject):
    """Coalescing front of the render process. Call ``request`` on every change."""

    rendered = Signal(int, object)  # revision, RenderedDocument
    failed = Signal(str)
    _finished = Signal(int, int, object)  # generation, revision, _Outcome

    def __init__(
        self,
        parent: QObject | None = None,
        deadline: float = DEFAULT_DEADLINE_SECONDS,
        memory_limit: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.deadline = deadline
        self._memory_limit = default_memory_limit() if memory_limit is None else memory_limit
        self._process = _RenderProcess(self._memory_limit)
        self._in_flight = False
        self._closed = False
        self._pending: tuple[int, str, Path | None] | None = None
        self._generation = 0
        self._shown_revision = -1
        # for every render (None: the default style)
        self.overrides: CitationOverrides | None = None
        self._finished.connect(self._on_finished)
        # A zero-delay timer gathers the changes of one event-loop turn (a paste, an undo).
        self._kick = QTimer(self, singleShot=True, interval=0)
        self._kick.timeout.connect(self._start_next)

    def request(self, revision: int, text: str, folder: Path | None = None) -> None:
        """Ask for ``text`` (at ``revision``, a document in ``folder``) to be rendered; earlier
        pending text is dropped."""
        self._pending = (revision, text, folder)
        if not self._in_flight:
            self._kick.start()

    def reset(self) -> None:
        """A new document replaces the old: drop whatever is pending or in flight for it."""
        self._generation += 1
        self._pending = None
        self._shown_revision = -1

    @property
    def busy(self) -> bool:
        return self._in_flight or self._pending is not None

    @property
    def process_id(self) -> int | None:
        """The render process's id (for tests and diagnostics)."""
        return self._process.pid

    def shutdown(self) -> None:
        """Stop at once, even in the middle of a render that would never end."""
        self._closed = True
        self._pending = None
        self._process.stop()

    def _start_next(self) -> None:
        if self._closed or self._in_flight or self._pending is None:
            return
        revision, text, folder = self._pending
        self._pending = None
        self._in_flight = True
        job = threading.Thread(
            target=self._run,
            args=(
                self._process,
                self._generation,
                revision,
                text,
                folder,
                self.overrides,
                self.deadline,
            ),
            name="render-job",
            daemon=True,  # never keeps the editor from exiting
        )
        job.start()

    def _run(self, process, generation, revision, text, folder, overrides, deadline) -> None:
        # On the job thread: wait for the process, then hand over through a queued signal.
        outcome = process.render(text, folder, overrides, deadline)
        if self._closed:
            return  # the window is gone; nobody is waiting for this result
        # The worker may be deleted between the check and the emit.
        with contextlib.suppress(RuntimeError):
            self._finished.emit(generation, revision, outcome)

    def _on_finished(self, generation: int, revision: int, outcome: _Outcome) -> None:
        self._in_flight = False
        if self._closed:
            return
        if outcome.kind == "ok":
            if generation == self._generation and revision > self._shown_revision:
                self._shown_revision = revision
                self.rendered.emit(revision, outcome.value)
        elif outcome.kind == "error":
            self.failed.emit(
                self.tr("The preview could not be rendered ({error}).").format(error=outcome.value)
            )
        else:
            self.failed.emit(self._stopped_message(outcome))
            self._process.stop()
            self._process = _RenderProcess(self._memory_limit)
        if self._pending is not None:
            self._start_next()

    def _stopped_message(self, outcome: _Outcome) -> str:
        if outcome.kind == "timeout":
            return self.tr(
                "The preview stopped rendering: it took longer than {seconds:g} s. "
                "It renders again with the next change."
            ).format(seconds=outcome.value)
        if outcome.kind == "memory":
            return self.tr(
                "The preview stopped rendering: it ran out of memory (its limit is {size}). "
                "It renders again with the next change."
            ).format(size=_size(self._memory_limit))
        code = outcome.value
        how = (
            self.tr("killed by signal {number}").format(number=-code)
            if isinstance(code, int) and code < 0
            else self.tr("exit status {code}").format(code=code)
        )
        return self.tr(
            "The preview stopped rendering: its process ended unexpectedly ({how}). "
            "It renders again with the next change."
        ).format(how=how)


def _size(limit: int) -> str:
    if limit >= 1024**3:
        return f"{limit / 1024**3:.1f} GB"
    return f"{limit // 1024**2} MB"
