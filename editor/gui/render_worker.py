"""Renders the preview in a separate process, so markdown work never holds the GUI thread.

One job in flight at a time; changes made meanwhile are coalesced into one trailing rerun of
the newest text. Each result carries the revision it was made from: a result older than what
is already shown, or made for a document since replaced, is dropped.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from editor.core import render_process


class RenderWorker(QObject):
    """Coalescing front of the render process. Call ``request`` on every change."""

    rendered = Signal(int, object)  # revision, RenderedDocument
    failed = Signal(str)
    _finished = Signal(int, int, object, str, bool)  # generation, revision, result, error, broken

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = self._new_executor()
        self._executor.submit(render_process.warm_up)
        self._in_flight = False
        self._closed = False
        self._pending: tuple[int, str, Path | None] | None = None
        self._generation = 0
        self._shown_revision = -1
        self.overrides = None  # CitationOverrides for every render (the default style)
        self._finished.connect(self._on_finished)
        # A zero-delay timer gathers the changes of one event-loop turn (a paste, an undo).
        self._kick = QTimer(self, singleShot=True, interval=0)
        self._kick.timeout.connect(self._start_next)

    @staticmethod
    def _new_executor() -> ProcessPoolExecutor:
        # Spawn, never fork: forking a process that runs Qt and Chromium threads is unsafe.
        return ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=render_process.exit_with_parent,
        )

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

    def shutdown(self) -> None:
        self._closed = True
        self._pending = None
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _start_next(self) -> None:
        if self._in_flight or self._pending is None:
            return
        revision, text, folder = self._pending
        self._pending = None
        self._in_flight = True
        generation = self._generation
        try:
            future = self._executor.submit(
                render_process.render_in_worker, text, folder, self.overrides
            )
        except (BrokenProcessPool, RuntimeError) as error:
            self._restart(str(error))
            self._in_flight = False
            return
        future.add_done_callback(lambda done: self._deliver(generation, revision, done))

    def _deliver(self, generation: int, revision: int, future: Future) -> None:
        # Runs on the executor's thread: hand over to the GUI thread through a queued signal.
        try:
            result, error, broken = future.result(), "", False
        except Exception as exc:  # the worker died or raised: report it, keep the editor alive
            result, error = None, f"{type(exc).__name__}: {exc}"
            broken = isinstance(exc, BrokenProcessPool)
        if self._closed:
            return  # the window is gone; nobody is waiting for this result
        # The worker may be deleted between the check and the emit.
        with contextlib.suppress(RuntimeError):
            self._finished.emit(generation, revision, result, error, broken)

    def _on_finished(
        self, generation: int, revision: int, result, error: str, broken: bool
    ) -> None:
        self._in_flight = False
        if broken:
            self._restart(error)
        elif error:
            self.failed.emit(f"The preview could not be rendered ({error}).")
        elif generation == self._generation and revision > self._shown_revision:
            self._shown_revision = revision
            self.rendered.emit(revision, result)
        if self._pending is not None:
            self._start_next()

    def _restart(self, error: str) -> None:
        self.failed.emit(f"The preview could not be rendered ({error}).")
        try:
            self._executor.shutdown(wait=False, cancel_futures=True)
        finally:
            self._executor = self._new_executor()
