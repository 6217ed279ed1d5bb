"""An opt-in trace of the window for benchmarks that watch it from outside: with
``ARTICLE_EDITOR_TRACE=/path/to/file`` set, the GUI thread's heartbeat, every key press the
editor receives and every preview patch that lands are written there, one line each with a
``time.monotonic()`` timestamp (the same clock in every process of the machine). Unset, none
of it exists.

Lines are ``KIND TIME [VALUES...]``:

- ``start T PID``: the trace began (the process's id);
- ``beat T``: the heartbeat, a 5 ms timer on the GUI thread; the gaps between beats, less
  5 ms, are how long the GUI thread could not react;
- ``window T REVISION``: a window is watched, its document at that preview revision;
- ``key T REVISION KEY``: the editor received a key press (Qt's key code) when the preview
  revision was REVISION, so the first patch with a higher revision shows it;
- ``patch T REVISION``: the preview's DOM now shows REVISION (``PreviewView.patched``);
- ``stage T NAME REVISION``: a step on the way from a key to the page (``sent``: the edit
  went to the render process; ``reply``: its answer is back on the GUI thread; ``splice``:
  the patch was handed to the page), so a benchmark can say where the time went.

The GUI thread only appends to a queue; a thread of its own formats and writes the lines,
every 50 ms, so a benchmark can follow the file as it grows.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, SignalInstance

log = logging.getLogger(__name__)

TRACE_VARIABLE = "ARTICLE_EDITOR_TRACE"
HEARTBEAT_MS = 5
FLUSH_SECONDS = 0.05


class _Patching(Protocol):
    @property
    def patched(self) -> SignalInstance: ...


class _Revisions(Protocol):
    @property
    def revision(self) -> int: ...


class TraceWriter:
    """Writes queued trace records to ``path`` from a thread of its own."""

    def __init__(self, path: Path) -> None:
        self._file = open(path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self._queue: deque[tuple[str, float, tuple[object, ...]]] = deque()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="trace-writer", daemon=True)
        self._thread.start()

    def record(self, kind: str, *values: object) -> None:
        """Queue one line, stamped now (deque appends are safe from any thread)."""
        self._queue.append((kind, time.monotonic(), values))

    def close(self) -> None:
        """Write what is queued and stop."""
        if self._stop.is_set():
            return
        self._stop.set()
        self._thread.join()
        self._file.close()

    def _run(self) -> None:
        while not self._stop.wait(FLUSH_SECONDS):
            self._drain()
        self._drain()

    def _drain(self) -> None:
        lines = []
        while self._queue:
            kind, stamp, values = self._queue.popleft()
            lines.append(" ".join([kind, f"{stamp:.6f}", *map(str, values)]) + "\n")
        if lines:
            try:
                self._file.writelines(lines)
                self._file.flush()
            except OSError:
                log.exception("cannot write the trace")
                self._stop.set()


_writer: TraceWriter | None = None  # the running trace's, for ``stage``


def stage(name: str, revision: int) -> None:
    """Record that ``revision`` reached step ``name`` (nothing when no trace runs)."""
    if _writer is not None:
        _writer.record("stage", name, revision)


class WindowTrace(QObject):
    """The heartbeat, and the key presses and preview patches of the windows it watches."""

    def __init__(self, writer: TraceWriter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writer = writer
        self._revisions: dict[QObject, _Revisions] = {}
        writer.record("start", os.getpid())
        self._heartbeat = QTimer(self)
        self._heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
        self._heartbeat.setInterval(HEARTBEAT_MS)
        self._heartbeat.timeout.connect(lambda: writer.record("beat"))
        self._heartbeat.start()

    def watch(self, editor: QObject, preview: _Patching, revisions: _Revisions) -> None:
        """Trace ``editor``'s key presses and ``preview``'s patches; ``revisions.revision``
        is the revision the preview will show once it has caught up with the editor (the
        window's ``PreviewController``)."""
        self._revisions[editor] = revisions
        editor.installEventFilter(self)
        preview.patched.connect(lambda shown: self._writer.record("patch", shown))
        self._writer.record("window", revisions.revision)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's API
        if event.type() == QEvent.Type.KeyPress:
            revisions = self._revisions.get(watched)
            if revisions is not None:
                key = event.key()  # type: ignore[attr-defined]  # a QKeyEvent, by its type
                self._writer.record("key", revisions.revision, key)
        return False

    def close(self) -> None:
        global _writer
        _writer = None
        self._heartbeat.stop()
        self._writer.close()


def start_trace(parent: QObject) -> WindowTrace | None:
    """The trace the environment asks for (``ARTICLE_EDITOR_TRACE``), or None."""
    path = os.environ.get(TRACE_VARIABLE)
    if not path:
        return None
    try:
        writer = TraceWriter(Path(path))
    except OSError as error:
        log.warning("%s: cannot write the trace there: %s", path, error.strerror)
        return None
    global _writer
    _writer = writer
    return WindowTrace(writer, parent)
