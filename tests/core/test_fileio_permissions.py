"""Saving as a real, ordinary user: the files they may not write are refused with the reason,
and the files they may write keep their owner, group, permissions, links and attributes.
Tests run as root here and in CI; these make their own users and save in a child process
that has become one of them."""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from editor.core.fileio import write_text_atomic

PROJECT = Path(__file__).resolve().parents[2]


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


@pytest.fixture(scope="module")
def users():
    """Two users, ``saver`` and ``colleague``, sharing the group ``shared``."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("making users needs root")
    if not (shutil.which("useradd") and shutil.which("groupadd")):
        pytest.skip("needs useradd and groupadd")
    tag = f"ae{os.getpid()}"
    group, saver, colleague = f"{tag}g", f"{tag}s", f"{tag}c"
    _run("groupadd", group)
    try:
        for name in (saver, colleague):
            _run("useradd", "-M", "-N", "-G", group, "-s", "/usr/sbin/nologin", name)
        yield {
            "saver": pwd.getpwnam(saver),
            "colleague": pwd.getpwnam(colleague),
            "shared": grp.getgrnam(group).gr_gid,
        }
    finally:
        for name in (saver, colleague):
            subprocess.run(["userdel", name], capture_output=True)
        subprocess.run(["groupdel", group], capture_output=True)


@pytest.fixture
def folder():
    """A folder outside root's private temporary one, which other users cannot enter."""
    path = Path(tempfile.mkdtemp(prefix="ae-permissions-"))
    os.chmod(path, 0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def save_as(user, path: Path, text: str) -> str:
    """Save ``text`` to ``path`` with the core's save, as ``user`` (with their groups): the
    message of the refusal, or "saved"."""
    groups = [g.gr_gid for g in grp.getgrall() if user.pw_name in g.gr_mem]
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from editor.core.fileio import FileError, write_text_atomic\n"
        # Everything is imported while still root (the interpreter lives in root's home).
        f"os.setgroups({groups!r}); os.setgid({user.pw_gid}); os.setuid({user.pw_uid})\n"
        "try:\n"
        f"    write_text_atomic(Path({str(path)!r}), {text!r})\n"
        "except FileError as error:\n"
        "    print(error)\n"
        "else:\n"
        "    print('saved')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def make_file(path: Path, text: str, owner, mode: int, gid: int | None = None) -> Path:
    path.write_text(text, encoding="utf-8")
    os.chown(path, owner.pw_uid, owner.pw_gid if gid is None else gid)
    os.chmod(path, mode)
    return path


def test_their_own_read_only_file_is_refused_saying_why(users, folder):
    saver = users["saver"]
    os.chown(folder, saver.pw_uid, saver.pw_gid)
    path = make_file(folder / "notes.md", "Old.\n", saver, 0o444)
    assert save_as(saver, path, "New.\n") == (
        f"{path}: cannot save: the file is read-only (permissions -r--r--r--)"
    )
    assert path.read_text(encoding="utf-8") == "Old.\n"
    assert [p.name for p in folder.iterdir()] == ["notes.md"]


@pytest.mark.parametrize("folder_mode", [0o777, 0o1777], ids=["open-folder", "sticky-folder"])
def test_a_colleagues_file_in_a_shared_folder_is_refused(users, folder, folder_mode):
    saver, colleague = users["saver"], users["colleague"]
    os.chmod(folder, folder_mode)
    path = make_file(folder / "protocol.md", "Theirs.\n", colleague, 0o644)
    message = save_as(saver, path, "Mine.\n")
    assert message == (
        f"{path}: cannot save: you may not write to this file (it belongs to "
        f"{colleague.pw_name}, permissions -rw-r--r--)"
    )
    status = path.stat()
    assert path.read_text(encoding="utf-8") == "Theirs.\n"
    assert (status.st_uid, stat.S_IMODE(status.st_mode)) == (colleague.pw_uid, 0o644)
    assert [p.name for p in folder.iterdir()] == ["protocol.md"]


def test_a_group_writable_colleagues_file_is_saved_in_place_keeping_its_owner(users, folder):
    saver, colleague, shared = users["saver"], users["colleague"], users["shared"]
    os.chown(folder, colleague.pw_uid, shared)
    os.chmod(folder, 0o2775)  # the group's shared folder
    path = make_file(folder / "protocol.md", "Theirs.\n", colleague, 0o664, gid=shared)
    inode = path.stat().st_ino
    assert save_as(saver, path, "Edited by both.\n") == "saved"
    status = path.stat()
    assert path.read_text(encoding="utf-8") == "Edited by both.\n"
    assert (status.st_uid, status.st_gid) == (colleague.pw_uid, shared)
    assert stat.S_IMODE(status.st_mode) == 0o664 and status.st_ino == inode
    assert [p.name for p in folder.iterdir()] == ["protocol.md"]  # no backup left


def test_a_group_writable_file_in_a_folder_they_cannot_write_is_saved(users, folder):
    saver, colleague, shared = users["saver"], users["colleague"], users["shared"]
    os.chown(folder, colleague.pw_uid, shared)
    os.chmod(folder, 0o755)  # no temporary file can be made beside it
    path = make_file(folder / "protocol.md", "Theirs.\n", colleague, 0o664, gid=shared)
    assert save_as(saver, path, "Edited.\n") == "saved"
    assert path.read_text(encoding="utf-8") == "Edited.\n"
    assert path.stat().st_uid == colleague.pw_uid


def test_both_names_of_a_hard_link_see_the_new_text(users, folder):
    saver = users["saver"]
    os.chown(folder, saver.pw_uid, saver.pw_gid)
    path = make_file(folder / "draft.md", "Old.\n", saver, 0o640)
    os.link(path, folder / "linked.md")
    assert save_as(saver, path, "New.\n") == "saved"
    assert (folder / "linked.md").read_text(encoding="utf-8") == "New.\n"
    assert path.stat().st_ino == (folder / "linked.md").stat().st_ino
    assert path.stat().st_nlink == 2


def test_their_own_file_is_renamed_over_keeping_group_mode_and_attributes(users, folder):
    saver, shared = users["saver"], users["shared"]
    os.chown(folder, saver.pw_uid, saver.pw_gid)
    path = make_file(folder / "draft.md", "Old.\n", saver, 0o640, gid=shared)
    try:
        os.setxattr(path, "user.origin", b"ward 7")
    except OSError:
        pytest.skip("this file system keeps no user attributes")
    inode = path.stat().st_ino
    assert save_as(saver, path, "New.\n") == "saved"
    status = path.stat()
    assert status.st_ino != inode  # atomic: a new file renamed over
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (
        saver.pw_uid,
        shared,
        0o640,
    )
    assert os.getxattr(path, "user.origin") == b"ward 7"


def test_root_saving_a_users_file_keeps_its_owner_and_attributes(users, folder):
    saver = users["saver"]
    path = make_file(folder / "draft.md", "Old.\n", saver, 0o600)
    try:
        os.setxattr(path, "user.origin", b"ward 7")
    except OSError:
        pytest.skip("this file system keeps no user attributes")
    write_text_atomic(path, "Root's edit.\n")
    status = path.stat()
    assert path.read_text(encoding="utf-8") == "Root's edit.\n"
    assert (status.st_uid, status.st_gid) == (saver.pw_uid, saver.pw_gid)
    assert stat.S_IMODE(status.st_mode) == 0o600
    assert os.getxattr(path, "user.origin") == b"ward 7"
