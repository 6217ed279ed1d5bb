"""Opening and saving against real hostile files and real processes: a FIFO, a 3 GB file, a
NUL byte, a save killed midway, a write that fails midway."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from editor.core.fileio import (
    FileError,
    read_document,
    read_file_bytes,
    remove_stale_temporaries,
    write_text_atomic,
)

PROJECT = Path(__file__).resolve().parents[2]


def run_python(code: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=timeout
    )


def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)

    # Should the open wait for a writer, this one ends the wait after 5 s, so a failing
    # test fails instead of hanging.
    def unblock():
        time.sleep(5)
        with open(fifo, "wb", buffering=0):
            pass

    threading.Thread(target=unblock, daemon=True).start()
    started = time.monotonic()
    with pytest.raises(FileError, match=r"pipe\.md: not a regular file \(a named pipe\)"):
        read_document(fifo)
    assert time.monotonic() - started < 1


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.md"
    with huge.open("wb") as stream:  # 3 GB, sparse: reading it would fill memory
        stream.truncate(3 * 2**30)
    result = run_python(
        "import time\n"
        "from pathlib import Path\n"
        "from editor.core.fileio import FileError, read_document\n"
        "started = time.monotonic()\n"
        "try:\n"
        f"    read_document(Path({str(huge)!r}))\n"
        "except FileError as error:\n"
        "    print(error)\n"
        "print(time.monotonic() - started)\n"
        # The peak of this process's own memory (ru_maxrss would include the parent's).
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))\n"
    )
    message, seconds, peak_kb = result.stdout.strip().split("\n")
    assert message == f"{huge}: too large to edit (3072 MB; the limit is 64 MB)"
    assert float(seconds) < 0.5
    assert int(peak_kb) < 150 * 1024  # an interpreter's own size, not the file's


def test_what_is_saved_opens_again_so_a_nul_is_refused_with_its_line(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("Kept.\n", encoding="utf-8")
    with pytest.raises(FileError, match=r"a\.md:2: cannot save: the text holds a NUL"):
        write_text_atomic(path, "Line one\nbad\x00char\n")
    assert path.read_text(encoding="utf-8") == "Kept.\n"
    # A NUL past the part that decides "binary" opens, and so it saves.
    late = "x" * 9000 + "\x00\n"
    write_text_atomic(path, late)
    assert read_document(path)[0] == late


def test_a_save_killed_midway_leaves_a_temporary_that_the_next_open_removes(tmp_path):
    path = tmp_path / "book.md"
    path.write_text("old\n", encoding="utf-8")
    # A real save of 200 MB, killed while its temporary file is being written.
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from pathlib import Path\n"
            "from editor.core.fileio import write_text_atomic\n"
            "text = 'word ' * 40_000_000\n"
            "print('ready', flush=True)\n"
            f"write_text_atomic(Path({str(path)!r}), text, allow_binary=True)\n",
        ],
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        stdout=subprocess.PIPE,
    )
    assert writer.stdout.readline() == b"ready\n"
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(".book.md.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.001)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    [left] = list(tmp_path.glob(".book.md.*.tmp"))
    assert str(writer.pid) in left.name
    assert path.read_text(encoding="utf-8") == "old\n"  # never torn

    # A temporary of a live save is left alone.
    live = tmp_path / f".book.md.ae-{os.getpid()}-abc.tmp"
    live.write_text("in flight")
    assert remove_stale_temporaries(path) == [left]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["book.md", live.name])


def test_an_in_place_write_that_fails_midway_puts_the_old_text_back(tmp_path):
    """A hard-linked file is written in place; a file-size limit (a real EFBIG from the
    kernel) stops the write halfway, and the old bytes come back."""
    path = tmp_path / "a.md"
    old = "Old text, kept whole.\n" * 10
    path.write_text(old, encoding="utf-8")
    os.link(path, tmp_path / "other-name.md")
    result = run_python(
        "import resource, signal\n"
        "from pathlib import Path\n"
        "from editor.core.fileio import FileError, write_text_atomic\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))\n"
        "try:\n"
        f"    write_text_atomic(Path({str(path)!r}), 'New text. ' * 500)\n"
        "except FileError as error:\n"
        "    print(error)\n"
    )
    assert result.stdout.strip() == f"{path}: cannot write: File too large"
    assert path.read_text(encoding="utf-8") == old
    assert (tmp_path / "other-name.md").read_text(encoding="utf-8") == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "other-name.md"]


def test_a_symbolic_link_stays_a_link(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_text_atomic(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_the_snapshot_is_of_the_bytes_read(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"abc")
    data, taken = read_file_bytes(path)
    status = path.stat()
    assert data == b"abc" and taken.stamp == (status.st_mtime_ns, 3, status.st_ino)
