"""Renders the preview in a separate process, so markdown work never holds the GUI thread and
no document can stop the preview for good.

The process keeps the document (a ``RenderSession``): it is sent the whole text once, then
only the lines each change touched, and answers with what changed. One request in flight at a
time; the edits made meanwhile go together in the next. A result made for a document since
replaced is dropped; an answer saying the process's copy is out of step is answered with the
whole text. A render that takes longer than its deadline, runs out of the process's memory
ceiling or kills the process is reported in words and the process replaced, so the next
change renders again (from the whole text); quitting never waits for a render.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from editor.core import render_process
from editor.core.citations.service import CitationOverrides
from editor.core.logs import current_setup
from editor.core.render_session import RenderUpdate
from editor.core.text_edits import LineEdit
from editor.gui import trace

log = logging.getLogger(__name__)

DEFAULT_DEADLINE_SECONDS = 15
# Generous: a real article needs well under 200 MB; the cap is there for the input that would
# take all the machine has. Half the memory on small machines, so the cap comes before swapping.
_MEMORY_CEILING = 3 * 1024**3
_READY_SECONDS = 120  # the first start imports everything, on a machine that may be busy
_STOP_GRACE_SECONDS = 1.0
# The deadline is for a text of up to this many bytes; a longer one (a book, rendered whole
# when opened and, until the render process settles edits incrementally, on each change)
# gets as many deadlines as it is that long, so only a stuck render is stopped.
_BYTES_PER_DEADLINE = 1_000_000


def default_memory_limit() -> int:
    """The render process's address-space ceiling, in bytes."""
    try:
        physical = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return _MEMORY_CEILING
    return max(512 * 1024**2, min(_MEMORY_CEILING, physical // 2))


@dataclass(frozen=True)
class _Outcome:
    """How one request ended: ``kind`` is ok, mismatch, error, memory, timeout or died;
    ``sent`` is the size of the request as it went down the pipe, in bytes."""

    kind: str
    value: object = None
    sent: int = 0


@dataclass(frozen=True)
class _Job:
    """One request for the render process: ``reset`` (the text, as its lines, joined on the
    job thread so the GUI thread never builds the whole string), ``edit`` (line edits, in
    order) or ``complete`` (fill in what a partial reset left out)."""

    kind: str
    folder: Path | None
    overrides: CitationOverrides | None
    lines: Sequence[str] = ()
    edits: tuple[LineEdit, ...] = ()
    visible: tuple[int, int] | None = None

    def request(self) -> tuple:
        if self.kind == "reset":
            text = "\n".join(self.lines)
            payload: object = text if self.visible is None else (text, self.visible)
        elif self.kind == "edit":
            payload = self.edits
        else:
            payload = None
        return (self.kind, payload, self.folder, self.overrides)


class _RenderProcess:
    """One spawned render process and the pipe to it. ``run`` blocks (call it off the GUI
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

    def run(self, job: _Job, deadline: float, document_bytes: int) -> _Outcome:
        sent = 0
        try:
            if not self._ready:
                if not self._connection.poll(_READY_SECONDS):
                    self.stop()
                    return _Outcome("timeout", _READY_SECONDS)
                self._connection.recv()
                self._ready = True
            # Pickled here, as Connection.send would, to know what a keystroke costs to send.
            data = ForkingPickler.dumps(job.request())
            sent = len(data)
            deadline *= max(1.0, max(sent, document_bytes) / _BYTES_PER_DEADLINE)
            self._connection.send_bytes(data)
            if not self._connection.poll(deadline):
                self.stop()
                return _Outcome("timeout", deadline, sent)
            kind, value = self._connection.recv()
            return _Outcome(kind, value, sent)
        except (EOFError, OSError):
            self._process.join(_STOP_GRACE_SECONDS)
            return _Outcome("died", self._process.exitcode, sent)

    def stop(self) -> None:
        """End the process: asked, then killed if it has not gone within a second."""
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(_STOP_GRACE_SECONDS)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(_STOP_GRACE_SECONDS)


class RenderWorker(QObject):
    """Keeps the render process's session in step with the editor's text. ``request_text``
    sends the whole text (read from ``lines``, the mirror of the editor's lines);
    ``request_edit`` sends one change, at once when nothing is in flight, else queued with the
    changes made meanwhile and sent together. Every answer is a ``RenderUpdate`` relative to
    the one before (after a reset: to nothing), so none of one document's is dropped."""

    updated = Signal(int, object)  # revision, RenderUpdate
    failed = Signal(str)
    _finished = Signal(int, int, object, object)  # generation, revision, _Job, _Outcome

    def __init__(
        self,
        lines: Callable[[], Sequence[str]],
        parent: QObject | None = None,
        deadline: float = DEFAULT_DEADLINE_SECONDS,
        memory_limit: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.deadline = deadline
        self._lines = lines
        self._memory_limit = default_memory_limit() if memory_limit is None else memory_limit
        self._process = _RenderProcess(self._memory_limit)
        self._in_flight = False
        self._closed = False
        self._generation = 0
        self._revision = 0  # the newest change asked for
        self._folder: Path | None = None
        # What must go next: the whole text (the process holds none of this document, or
        # holds it wrongly), the edits since the last request, the rest of a partial reset.
        self._needs_text = True
        self._text_wanted = False
        self._visible: tuple[int, int] | None = None
        self._edits: list[LineEdit] = []
        self._complete_wanted = False
        self._sent_overrides: CitationOverrides | None = None
        self.overrides: CitationOverrides | None = None  # for every render (None: the default)
        self.last_request: tuple[str, int] = ("", 0)  # kind and bytes of the last one sent
        self._document_bytes = 0  # what the last whole text took to send
        self.last_text_request = 0  # the same, for tests and diagnostics
        self._finished.connect(self._on_finished)
        # A zero-delay timer gathers whole-text requests of one event-loop turn (open sets
        # the text, then the folder); edits never wait for it.
        self._kick = QTimer(self, singleShot=True, interval=0)
        self._kick.timeout.connect(self._start_next)

    def request_text(
        self, revision: int, folder: Path | None = None, visible: tuple[int, int] | None = None
    ) -> None:
        """Send the whole text (at ``revision``, a document in ``folder``): the first render,
        another folder or style, a file it reads changed. With ``visible`` (first line, end
        line), the lines on screen are rendered first and the rest after."""
        self._revision, self._folder = revision, folder
        self._text_wanted, self._visible = True, visible
        self._edits.clear()
        if not self._in_flight:
            self._kick.start()

    def request_edit(self, revision: int, edit: LineEdit, folder: Path | None = None) -> None:
        """Send ``edit`` (made at ``revision``): at once when nothing is in flight."""
        self._revision = revision
        if folder != self._folder or self.overrides != self._sent_overrides:
            self.request_text(revision, folder)
            return
        if self._needs_text or self._text_wanted:
            if not self._text_wanted:
                self.request_text(revision, folder)
            return  # the text read when the request goes holds this edit too
        if self._edits and (merged := _compose(self._edits[-1], edit)) is not None:
            self._edits[-1] = merged  # typing on in one line queues that line once
        else:
            self._edits.append(edit)
        if not self._in_flight:
            self._start_next()

    def reset(self) -> None:
        """A new document replaces the old: drop whatever is pending or in flight for it."""
        self._generation += 1
        self._needs_text = True
        self._text_wanted = self._complete_wanted = False
        self._edits.clear()

    @property
    def busy(self) -> bool:
        return self._in_flight or self._has_work()

    @property
    def process_id(self) -> int | None:
        """The render process's id (for tests and diagnostics)."""
        return self._process.pid

    def shutdown(self) -> None:
        """Stop at once, even in the middle of a render that would never end."""
        self._closed = True
        self._edits.clear()
        self._text_wanted = self._complete_wanted = False
        self._process.stop()

    def _has_work(self) -> bool:
        return self._text_wanted or bool(self._edits) or self._complete_wanted

    def _next_job(self) -> _Job | None:
        folder, overrides = self._folder, self.overrides
        if self._text_wanted:
            self._text_wanted = self._complete_wanted = False
            self._needs_text = False
            self._sent_overrides = overrides
            visible = self._visible
            # The snapshot copies references to the lines, not their characters.
            return _Job("reset", folder, overrides, lines=self._lines(), visible=visible)
        if self._edits:
            edits, self._edits = tuple(self._edits), []
            return _Job("edit", folder, overrides, edits=edits)
        if self._complete_wanted:
            self._complete_wanted = False
            return _Job("complete", folder, overrides)
        return None

    def _start_next(self) -> None:
        if self._closed or self._in_flight:
            return
        job = self._next_job()
        if job is None:
            return
        self._in_flight = True
        trace.stage("sent", self._revision)
        threading.Thread(
            target=self._run,
            args=(
                self._process,
                self._generation,
                self._revision,
                job,
                self.deadline,
                self._document_bytes,
            ),
            name="render-job",
            daemon=True,  # never keeps the editor from exiting
        ).start()

    def _run(
        self,
        process: _RenderProcess,
        generation: int,
        revision: int,
        job: _Job,
        deadline: float,
        document_bytes: int,
    ) -> None:
        # On the job thread: wait for the process, then hand over through a queued signal.
        outcome = process.run(job, deadline, document_bytes)
        if self._closed:
            return  # the window is gone; nobody is waiting for this result
        # The worker may be deleted between the check and the emit.
        with contextlib.suppress(RuntimeError):
            self._finished.emit(generation, revision, job, outcome)

    def _on_finished(self, generation: int, revision: int, job: _Job, outcome: _Outcome) -> None:
        trace.stage("reply", revision)
        self._in_flight = False
        self.last_request = (job.kind, outcome.sent)
        if job.kind == "reset":
            self._document_bytes = outcome.sent
            self.last_text_request = outcome.sent
        if self._closed:
            return
        if generation != self._generation:
            pass  # made for a document since replaced: its text request is on its way
        elif outcome.kind == "ok":
            if isinstance(outcome.value, RenderUpdate) and outcome.value.partial:
                self._complete_wanted = True
            self.updated.emit(revision, outcome.value)
        elif outcome.kind == "mismatch":
            # The process's copy is out of step: give it the whole text again, now.
            log.warning("the render process's text was out of step: %s", outcome.value)
            self.request_text(self._revision, self._folder)
        elif outcome.kind == "error":
            self._needs_text = True  # what a failed render left behind is not known
            self.failed.emit(
                self.tr("The preview could not be rendered ({error}).").format(error=outcome.value)
            )
        else:
            self.failed.emit(self._stopped_message(outcome))
            self._process.stop()
            self._process = _RenderProcess(self._memory_limit)
            self._needs_text = True  # a new process holds no document
            self._complete_wanted = False
        if self._has_work():
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


def _compose(first: LineEdit, then: LineEdit) -> LineEdit | None:
    """One edit doing ``first`` and then ``then``, when ``then`` changes only lines that
    ``first`` wrote (None otherwise): what it costs follows those lines, not the edits."""
    start = then.first - first.first
    if start < 0 or start + then.removed > len(first.lines):
        return None
    lines = first.lines[:start] + then.lines + first.lines[start + then.removed :]
    return LineEdit(first.first, first.removed, lines, then.total)


def _size(limit: int) -> str:
    if limit >= 1024**3:
        return f"{limit / 1024**3:.1f} GB"
    return f"{limit // 1024**2} MB"
