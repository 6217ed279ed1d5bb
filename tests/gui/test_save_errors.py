"""A save that fails says why, keeps the text unsaved in the editor and leaves the disk alone.
A read-only file is a real 0444 file (refused even for root, who runs these tests; the same
refusal as an ordinary user is in tests/core/test_fileio_permissions.py); a read-only file
system is a fault we cannot otherwise cause, so there it is simulated at ``os.replace``."""

from __future__ import annotations

import errno
import os

import pytest

from tests.gui.conftest import type_text


@pytest.fixture
def edited(make_window, article, monkeypatch):
    window = make_window()
    shown = []
    monkeypatch.setattr(window.dialogs, "show_error", lambda _p, title, text: shown.append(text))
    assert window.open_path(article)
    type_text(window.editor, "Unsaved words. ")
    return window, shown, article.read_bytes()


def folder_listing(folder):
    return sorted(path.name for path in folder.iterdir())


def test_missing_folder(edited, tmp_path):
    window, shown, _before = edited
    target = tmp_path / "gone" / "article.md"
    assert not window.save_as(target)
    assert len(shown) == 1 and "does not exist" in shown[0] and str(target) in shown[0]
    assert window.session.is_modified()
    assert window.editor.toPlainText().startswith("Unsaved words. ")
    assert not target.parent.exists()
    assert window.session.path.name == "features.md"  # still the old file


def test_folder_that_is_a_file(edited, tmp_path):
    window, shown, _before = edited
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"not a folder")
    assert not window.save_as(blocker / "article.md")
    assert len(shown) == 1
    assert window.session.is_modified()
    assert blocker.read_bytes() == b"not a folder"


def test_read_only_file(edited, article):
    window, shown, before = edited
    os.chmod(article, 0o444)
    listing = folder_listing(article.parent)
    assert not window.save()
    assert shown == [f"{article}: cannot save: the file is read-only (permissions -r--r--r--)"]
    assert window.session.is_modified()
    assert article.read_bytes() == before  # byte-identical
    assert folder_listing(article.parent) == listing  # no temporary file left behind


def test_read_only_file_system(edited, article, monkeypatch):
    window, shown, before = edited
    listing = folder_listing(article.parent)

    def refuse(_source, _target):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(os, "replace", refuse)
    assert not window.save()
    monkeypatch.undo()
    assert shown == [f"{article}: cannot write: Read-only file system"]
    assert window.session.is_modified()
    assert article.read_bytes() == before
    assert folder_listing(article.parent) == listing


def test_disk_full(edited, article, monkeypatch):
    window, shown, before = edited

    def full(_descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    assert not window.save()
    monkeypatch.undo()
    assert shown == [f"{article}: cannot write: No space left on device"]
    assert window.session.is_modified()
    assert article.read_bytes() == before
