"""The editor as a user runs it, watched from outside: its own process in a real X window
(Xvfb, Qt's xcb platform), keys typed into it with xdotool from this process, what it did read
back from its trace (``editor/gui/trace.py``: heartbeat, keys received, preview patches) and
its memory and CPU time from ``/proc``. Shared by ``scale.py`` and ``preview_latency.py``; it
calls nothing inside the editor, so it measures the same way whatever the editor does inside.

Times are ``time.monotonic()`` here and in the editor (one clock for the machine).
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEARTBEAT_MS = 5  # the trace's heartbeat interval (editor/gui/trace.py)
# Preferences the benchmarks' profiles start with (the INI file QSettings reads). The render
# deadline is raised from its 15 s: a first render of a long book on a loaded machine can take
# longer, and the stopped render leaves the preview empty until the next keystroke.
PREFERENCES = {"preview": {"render_seconds": "600"}}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def load_average() -> float:
    return os.getloadavg()[0]


def stop_cleanly_on_terminate() -> None:
    """Make SIGTERM (``timeout``, ``kill``) raise SystemExit, so that the ``finally`` blocks
    stop the editor and the X server instead of leaving them running."""
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(128 + signal.SIGTERM))


# The X server -------------------------------------------------------------------------------


def _display_taken(number: str) -> bool:
    return Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists()


class XServer:
    """An Xvfb of our own, 1400×900 like a small laptop's screen, on ``display`` (":84"), or
    with None on the first free one from :90 (clear of a desktop's own displays)."""

    def __init__(self, display: str | None = None) -> None:
        if shutil.which("Xvfb") is None or shutil.which("xdotool") is None:
            raise SystemExit("Xvfb and xdotool are needed (Debian: xvfb xdotool)")
        if display is None:
            free = (n for n in range(90, 200) if not _display_taken(str(n)))
            display = f":{next(free)}"
        if _display_taken(display.lstrip(":").split(".")[0]):
            raise SystemExit(f"display {display} is taken: choose another with --display")
        command = ["Xvfb", display, "-screen", "0", "1400x900x24", "-nolisten", "tcp"]
        read, write = os.pipe()
        # -displayfd: Xvfb writes the display it took there once it is ready.
        self._process = subprocess.Popen(
            [*command, "-displayfd", str(write)],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as ready:
            number = ready.readline().strip()
        if not number:
            self._process.wait()
            raise SystemExit(f"Xvfb did not start on {display}")
        self.display = f":{number}"

    def stop(self) -> None:
        self._process.terminate()
        try:
            self._process.wait(5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


# The trace ------------------------------------------------------------------------------


@dataclass
class Trace:
    """The editor's trace file, read as it grows."""

    path: Path
    beats: list[float] = field(default_factory=list)
    keys: list[tuple[float, int]] = field(default_factory=list)  # (time, revision before)
    patches: list[tuple[float, int]] = field(default_factory=list)  # (time, revision shown)
    windows: list[tuple[float, int]] = field(default_factory=list)  # (time, revision then)
    _offset: int = 0
    _partial: str = ""

    def read(self) -> None:
        """Take in the lines written since the last read."""
        if not self.path.exists():
            return
        with self.path.open("r", encoding="utf-8") as file:
            file.seek(self._offset)
            chunk = file.read()
            self._offset = file.tell()
        lines = (self._partial + chunk).split("\n")
        self._partial = lines.pop()
        for line in lines:
            kind, stamp, *values = line.split()
            moment = float(stamp)
            if kind == "beat":
                self.beats.append(moment)
            elif kind == "key":
                self.keys.append((moment, int(values[0])))
            elif kind == "patch":
                self.patches.append((moment, int(values[0])))
            elif kind == "window":
                self.windows.append((moment, int(values[0])))

    def keys_since(self, moment: float) -> list[tuple[float, int]]:
        return [key for key in self.keys if key[0] >= moment]

    def first_patch_after(self, moment: float, revision: int) -> tuple[float, int] | None:
        """The first patch at or after ``moment`` that shows a revision above ``revision``."""
        for patch in self.patches:
            if patch[0] >= moment and patch[1] > revision:
                return patch
        return None

    def stalls(self, start: float, end: float) -> list[float]:
        """Milliseconds each heartbeat between ``start`` and ``end`` came late."""
        beats = [beat for beat in self.beats if start <= beat <= end]
        return [
            max(0.0, (later - earlier) * 1000 - HEARTBEAT_MS)
            for earlier, later in zip(beats, beats[1:], strict=False)
        ]


# Processes and memory -------------------------------------------------------------------


def _parent(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    return int(stat[stat.rindex(")") + 2 :].split()[1])


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            children.setdefault(_parent(int(entry.name)), []).append(int(entry.name))
    return children


def descendants(pid: int) -> list[int]:
    """``pid``'s children, grandchildren and so on."""
    children, found, todo = _children(), [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _status_kb(pid: int, field_name: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pids: Iterable[int], main_thread: bool = False) -> float:
    """User and system CPU time the processes ``pids`` have used so far (with
    ``main_thread``, only their first threads: the GUI thread of the GUI process)."""
    total = 0
    for pid in pids:
        path = f"/proc/{pid}/task/{pid}/stat" if main_thread else f"/proc/{pid}/stat"
        try:
            stat = Path(path).read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


@dataclass
class Memory:
    """Resident memory now and at its peak (VmHWM), in MB, of the editor's three processes."""

    gui: tuple[float, float]
    render: tuple[float, float]
    web: tuple[float, float]


@dataclass
class Cpu:
    """CPU time of the editor's processes: the GUI thread, the whole GUI process (which under
    Xvfb includes Mesa's llvmpipe threads drawing the window and the web view's frames on the
    CPU), the render process, the web processes."""

    gui_thread: float
    gui: float
    render: float
    web: float

    def per(self, earlier: Cpu, count: int, scale: float = 1000) -> Cpu:
        """What was used since ``earlier``, per one of ``count`` (in ms by default); a render
        process replaced meanwhile counts from zero."""
        render = self.render - earlier.render if self.render >= earlier.render else self.render
        return Cpu(
            (self.gui_thread - earlier.gui_thread) * scale / count,
            (self.gui - earlier.gui) * scale / count,
            render * scale / count,
            (self.web - earlier.web) * scale / count,
        )


class EditorExitedError(RuntimeError):
    """The editor's process ended while it was being measured (a crash, most likely)."""


# The editor under test --------------------------------------------------------------------


class LiveEditor:
    """``document`` open in the editor's own process on ``display``, traced to
    ``folder/trace.txt``, with its settings, recovery files and log in ``folder`` (a fresh
    profile, so no earlier run's window size or recovery dialog gets in the way)."""

    def __init__(
        self,
        document: Path,
        display: str,
        folder: Path,
        launcher: list[str] | None = None,
    ) -> None:
        self.display = display
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.trace = Trace(folder / "trace.txt")
        self.document = document
        env = {k: v for k, v in os.environ.items() if k != "WAYLAND_DISPLAY"}
        env |= {
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "ARTICLE_EDITOR_TRACE": str(self.trace.path),
            "XDG_CONFIG_HOME": str(folder / "config"),
            "XDG_DATA_HOME": str(folder / "data"),
            "XDG_STATE_HOME": str(folder / "state"),
            "XDG_CACHE_HOME": str(folder.parent / "cache"),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        }
        config = folder / "config" / "ArticleEditor" / "Article Editor.conf"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(
            "".join(
                f"[{section}]\n" + "".join(f"{key}={value}\n" for key, value in values.items())
                for section, values in PREFERENCES.items()
            ),
            encoding="utf-8",
        )
        command = launcher or [sys.executable, "-m", "editor"]
        self._stderr = (folder / "stderr.txt").open("wb")
        self.launched = time.monotonic()
        # A session of its own, so that stopping it takes its render and web processes too.
        self.process = subprocess.Popen(
            [*command, str(document)],
            env=env,
            cwd=str(document.parent),
            stdin=subprocess.DEVNULL,
            stdout=self._stderr,
            stderr=self._stderr,
            start_new_session=True,
        )
        self.window_id = ""
        self._typist: subprocess.Popen[str] | None = None

    # Waiting ----------------------------------------------------------------------------
    def _check_alive(self) -> None:
        code = self.process.poll()
        if code is not None:
            how = f"signal {-code}" if code < 0 else f"status {code}"
            raise EditorExitedError(f"the editor exited ({how}); its output is in {self.folder}")

    def wait(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        """Poll the trace until ``condition`` holds."""
        deadline = time.monotonic() + timeout
        while True:
            self.trace.read()
            if condition():
                return
            self._check_alive()
            if time.monotonic() > deadline:
                raise TimeoutError(f"{what}: not within {timeout:g} s")
            time.sleep(0.02)

    def quiet(self, seconds: float, timeout: float) -> float:
        """Wait until no patch has landed for ``seconds``; the last patch's time."""
        deadline = time.monotonic() + timeout
        while True:
            self.trace.read()
            last = self.trace.patches[-1][0] if self.trace.patches else self.launched
            if time.monotonic() - last >= seconds or time.monotonic() > deadline:
                return last
            self._check_alive()
            time.sleep(0.05)

    def idle(self, cpu_share: float = 0.1, window: float = 1.0, timeout: float = 300) -> float:
        """Wait until the editor's processes together use under ``cpu_share`` of a core over
        ``window`` seconds (spelling, proofing and the library loading done); when that
        quiet window began."""
        deadline = time.monotonic() + timeout
        pids = [self.process.pid, *descendants(self.process.pid)]
        before, since = cpu_seconds(pids), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(window)
            self._check_alive()
            pids = [self.process.pid, *descendants(self.process.pid)]
            now, used = time.monotonic(), cpu_seconds(pids)
            if used - before < cpu_share * (now - since):
                return since
            before, since = used, now
        return since

    def open_times(self, timeout: float = 600) -> tuple[float, float, float]:
        """Seconds from launch until the DOM first shows the opened document, until the
        preview settles (no patch for 2 s) and until the editor goes idle."""
        self.wait(lambda: bool(self.trace.windows), timeout, "the window")
        opened = self.trace.windows[0][1]
        self.wait(
            lambda: self.trace.first_patch_after(0, opened - 1) is not None,
            timeout,
            "the first preview",
        )
        first = self.trace.first_patch_after(0, opened - 1)
        assert first is not None
        settled = self.quiet(2.0, timeout)
        idle = self.idle(timeout=timeout)
        return first[0] - self.launched, settled - self.launched, max(idle, settled) - self.launched

    # The window ---------------------------------------------------------------------------
    def _xdotool(self, *args: str) -> str:
        result = subprocess.run(
            ["xdotool", *args],
            env={**os.environ, "DISPLAY": self.display},
            capture_output=True,
            text=True,
            timeout=60,
        )
        return result.stdout.strip()

    def focus(self) -> None:
        """Find the window, give it the keyboard and click into the editor (left half)."""
        deadline = time.monotonic() + 60
        while not self.window_id:
            found = self._xdotool("search", "--onlyvisible", "--name", "Article Editor")
            self.window_id = found.split("\n")[-1] if found else ""
            if not self.window_id:
                self._check_alive()
                if time.monotonic() > deadline:
                    raise TimeoutError("no editor window appeared")
                time.sleep(0.2)
        self._xdotool("windowfocus", "--sync", self.window_id)
        self._xdotool("mousemove", "--window", self.window_id, "200", "300", "click", "1")
        time.sleep(0.5)

    def keys(self, *names: str, pause: float = 0.15) -> None:
        """Press keys by their X names (``ctrl+End``, ``Return``), ``pause`` s apart."""
        for name in names:
            self.send(name)
            time.sleep(pause)

    def send(self, name: str) -> float:
        """Press and release the key ``name``; when it was sent."""
        if self._typist is None:
            # One xdotool reading commands from a pipe: a key costs a line, not a process.
            self._typist = subprocess.Popen(
                ["xdotool", "-"],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                env={**os.environ, "DISPLAY": self.display},
                text=True,
            )
        assert self._typist.stdin is not None
        self._typist.stdin.write(f"key {name}\n")
        self._typist.stdin.flush()
        return time.monotonic()

    def go_to_line(self, line: int) -> None:
        """Edit → Go to Line (Ctrl+G), the 1-based ``line``, then to the end of that line."""
        self.keys("ctrl+g", pause=0.8)
        self.keys("ctrl+a", *str(line), "Return", pause=0.1)
        time.sleep(0.5)
        self.keys("End")

    def type_text(self, text: str, rate: float) -> list[float]:
        """Type ``text`` (letters and spaces) at ``rate`` keys a second; when each key was
        sent."""
        sent = []
        start = time.monotonic()
        for index, char in enumerate(text):
            delay = start + index / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            sent.append(self.send("space" if char == " " else char))
        return sent

    def processes(self) -> tuple[int, int, int, list[int]]:
        """The GUI process, the render process, the (largest) web renderer and every web
        process (0 for one not found)."""
        render = web = 0
        pids = descendants(self.process.pid)
        web_processes = [pid for pid in pids if "QtWebEngineProcess" in _cmdline(pid)]
        for pid in pids:
            command = _cmdline(pid)
            if "multiprocessing.spawn" in command:
                render = pid
            # Chromium's renderers are forked by its zygote and keep the zygote's command
            # line: a web process whose parent is a web process is a renderer.
            elif pid in web_processes and (
                "--type=renderer" in command or _parent(pid) in web_processes
            ):
                if not web or _status_kb(pid, "VmRSS") > _status_kb(web, "VmRSS"):
                    web = pid
        return self.process.pid, render, web, web_processes

    def memory(self) -> Memory:
        """Resident memory of the GUI process, the render process and the web renderer."""
        gui, render, web, _all_web = self.processes()

        def sizes(pid: int) -> tuple[float, float]:
            if not pid:
                return (0.0, 0.0)
            return (_status_kb(pid, "VmRSS") / 1024, _status_kb(pid, "VmHWM") / 1024)

        return Memory(sizes(gui), sizes(render), sizes(web))

    def cpu(self) -> Cpu:
        """CPU seconds used so far by the GUI thread, the GUI process, the render process and
        all the web processes: unlike wall-clock times, hardly changed by what else the
        machine runs."""
        gui, render, _web, web_processes = self.processes()
        return Cpu(
            cpu_seconds([gui], main_thread=True),
            cpu_seconds([gui]),
            cpu_seconds([render]),
            cpu_seconds(web_processes),
        )

    def screenshot(self, path: Path) -> None:
        """The whole screen as a PNG, taken by a small Qt program on the same display."""
        code = (
            "import sys;from PySide6.QtGui import QGuiApplication;"
            "app=QGuiApplication([]);"
            "sys.exit(0 if app.primaryScreen().grabWindow(0).save(sys.argv[1]) else 1)"
        )
        subprocess.run(
            [sys.executable, "-c", code, str(path)],
            env={**os.environ, "DISPLAY": self.display, "QT_QPA_PLATFORM": "xcb"},
            timeout=60,
            check=False,
        )

    def stop(self) -> None:
        """End the editor and everything it started (its session)."""
        if self._typist is not None:
            assert self._typist.stdin is not None
            self._typist.stdin.close()
            self._typist.wait(10)
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        # The web processes may outlive the GUI process by a moment; they share its session.
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._stderr.close()


# Typing and what it gave --------------------------------------------------------------------


@dataclass
class TypingResult:
    """What one stretch of typing measured."""

    keys_sent: int
    keys_received: int
    latencies: list[float]  # ms, each key sent until the DOM first showed it
    input_delays: list[float]  # ms, each key sent until the editor received it
    stalls: list[float]  # ms, how late each heartbeat came from the first key to caught up
    seconds: float  # the first key sent until the preview caught up
    memory: Memory
    cpu_per_key: Cpu  # ms of CPU time per key sent, from the first key until caught up

    def latency_summary(self) -> tuple[float, float, float]:
        values = self.latencies or [float("nan")]
        return statistics.median(values), percentile(values, 0.95), max(values)

    def delay_summary(self) -> tuple[float, float]:
        values = self.input_delays or [float("nan")]
        return statistics.median(values), max(values)

    def stall_summary(self) -> tuple[float, float, float, int, int, int]:
        values = self.stalls or [0.0]
        return (
            statistics.median(values),
            percentile(values, 0.99),
            max(values),
            sum(value > 16 for value in values),
            sum(value > 100 for value in values),
            sum(value > 200 for value in values),
        )


def typing_run(editor: LiveEditor, text: str, rate: float, timeout: float = 600) -> TypingResult:
    """Type ``text`` at ``rate`` keys a second where the cursor is and wait for the preview
    to show the last key; match each key to the first patch that shows it (a key received at
    revision r shows in the first later patch of a revision above r)."""
    editor.trace.read()
    cpu_before = editor.cpu()
    start = time.monotonic()
    sent = editor.type_text(text, rate)
    arrived = [0, time.monotonic()]  # keys received so far, and when that last changed

    def all_received() -> bool:
        count = len(editor.trace.keys_since(start))
        if count != arrived[0]:
            arrived[:] = [count, time.monotonic()]
        # A key the X server lost must not keep us waiting: none for 10 s is the end.
        return count >= len(sent) or (count > 0 and time.monotonic() - arrived[1] > 10)

    editor.wait(all_received, timeout, f"the editor receiving {len(sent)} keys")
    received = editor.trace.keys_since(start)[: len(sent)]
    last_time, last_revision = received[-1]
    editor.wait(
        lambda: editor.trace.first_patch_after(last_time, last_revision) is not None,
        timeout,
        "the preview showing the last key",
    )
    end_patch = editor.trace.first_patch_after(last_time, last_revision)
    assert end_patch is not None
    cpu_per_key = editor.cpu().per(cpu_before, len(sent))
    latencies, delays = [], []
    patches = editor.trace.patches
    index = 0
    for sent_at, (received_at, revision) in zip(sent, received, strict=False):
        while index < len(patches) and patches[index][0] < received_at:
            index += 1
        shown = next((p for p in patches[index:] if p[1] > revision), None)
        if shown is not None:
            latencies.append((shown[0] - sent_at) * 1000)
        delays.append((received_at - sent_at) * 1000)
    time.sleep(3 * 0.05)  # the heartbeats up to the last patch are written
    editor.trace.read()
    return TypingResult(
        keys_sent=len(sent),
        keys_received=len(editor.trace.keys_since(start)),
        latencies=latencies,
        input_delays=delays,
        stalls=editor.trace.stalls(start, end_patch[0]),
        seconds=end_patch[0] - start,
        memory=editor.memory(),
        cpu_per_key=cpu_per_key,
    )


def one_key_at_a_time(
    editor: LiveEditor, text: str, pause: float = 0.2, timeout: float = 120
) -> list[float]:
    """Milliseconds from each key of ``text`` sent until the DOM showed it, typing the next
    only ``pause`` seconds after the last one showed: latency without any queue."""
    latencies = []
    trace = editor.trace
    for char in text:
        trace.read()
        before = len(trace.keys)
        sent = editor.send("space" if char == " " else char)
        editor.wait(lambda: len(trace.keys) > before, timeout, "the key")  # noqa: B023
        received_at, revision = trace.keys[before]

        def shown(at: float = received_at, revision: int = revision) -> bool:
            return trace.first_patch_after(at, revision) is not None

        editor.wait(shown, timeout, "the preview showing the key")
        patch = trace.first_patch_after(received_at, revision)
        assert patch is not None
        latencies.append((patch[0] - sent) * 1000)
        time.sleep(pause)
    return latencies


def words_to_type(count: int, seed: int = 7) -> str:
    """``count`` characters of real words and spaces, for typing; the last is a space, so
    that texts typed one after another stay words."""
    import random

    from benchmarks.synthetic import COMMON_WORDS, dictionary_words

    rng = random.Random(seed)
    plain, _names = dictionary_words()
    words = [w for w in plain if w.isascii() and w.isalpha()][:: max(1, len(plain) // 3000)]
    pool = list(COMMON_WORDS) * 3 + words
    text = ""
    while len(text) < count:
        text += rng.choice(pool) + " "
    return text[: count - 1] + " "


def paragraph_line(text: str, fraction: float) -> int:
    """The 1-based line of the first plain paragraph at or after ``fraction`` of ``text``."""
    lines = text.split("\n")
    for index in range(int(len(lines) * fraction), len(lines)):
        line = lines[index]
        if len(line) > 200 and line[:1].isalpha():
            return index + 1
    raise ValueError("no plain paragraph there")
