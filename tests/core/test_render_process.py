import os
import signal
import subprocess
import sys
import time

import pytest

PARENT = """
import multiprocessing, os, sys
from concurrent.futures import ProcessPoolExecutor
from editor.core import render_process
if __name__ == "__main__":
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                               initializer=render_process.exit_with_parent)
    print(pool.submit(os.getpid).result(), flush=True)
    sys.stdin.read()
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie waiting for init counts as gone
        return stat.read().split()[2] != "Z"


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc")
def test_a_render_worker_ends_when_its_editor_is_killed(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    # The with block closes the pipes once the parent is reaped (else a ResourceWarning).
    with subprocess.Popen(
        [sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as parent:
        worker = int(parent.stdout.readline())
        assert alive(worker)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 10
    while alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(worker)


def test_a_failed_render_in_the_worker_reaches_the_editors_log_file(tmp_path):
    import multiprocessing

    from editor.core.logs import LOG_FILE_NAME, LogSetup
    from editor.core.render_process import serve

    context = multiprocessing.get_context("spawn")
    connection, child = context.Pipe()
    worker = context.Process(target=serve, args=(child, None, LogSetup(False, tmp_path)))
    worker.start()
    child.close()
    try:
        assert connection.poll(60) and connection.recv() == ("ready", None)
        connection.send(("render", None, None, None))  # not text: the renderer fails on it
        assert connection.poll(60)
        kind, message = connection.recv()
        assert kind == "error" and message
    finally:
        connection.close()  # the worker's loop ends on the closed pipe
        worker.join(10)
    log_text = (tmp_path / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert f"{worker.pid} ERROR editor.core.render_process: rendering in the preview" in log_text
    assert "Traceback (most recent call last)" in log_text
    assert message.split(":")[0] in log_text  # the exception's type, with its traceback


def test_the_session_requests_keep_a_document_in_step():
    from editor.core.render_process import handle
    from editor.core.text_edits import EditMismatchError, LineEdit

    first = handle(("reset", "# One\n\nA line.", None, None))
    # The title block, two blocks, the references and the footnotes.
    assert first.full and len(first.fragments.inserted) == 5
    update = handle(("edit", (LineEdit(2, 1, ("A longer line.",), 3),), None, None))
    assert not update.full and update.blocks_rendered == 1
    with pytest.raises(EditMismatchError):
        handle(("edit", (LineEdit(0, 1, ("x",), 40),), None, None))


def test_a_worker_whose_editor_quit_mid_render_ends_quietly(tmp_path):
    """The editor closes the pipe while a render runs (it quit): the worker's reply cannot be
    sent, and it ends cleanly instead of dying on the broken pipe with a traceback."""
    import multiprocessing

    from editor.core.render_process import serve

    context = multiprocessing.get_context("spawn")
    connection, child = context.Pipe()
    worker = context.Process(target=serve, args=(child, None, None))
    worker.start()
    child.close()
    assert connection.poll(60) and connection.recv() == ("ready", None)
    paragraphs = "\n\n".join(f"Paragraph {n} with *emphasis* and `code`." for n in range(3000))
    connection.send(("render", paragraphs, None, None))
    time.sleep(0.3)  # the worker has it and is rendering
    connection.close()
    worker.join(60)
    assert worker.exitcode == 0
