import os
import stat

import pytest

from editor.core import fileio
from editor.core.fileio import FileError, TextFormat, read_document, write_text_atomic


def test_crlf_and_bom_survive_a_round_trip(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbfLine one\r\nLine two\r\n")
    text, text_format = read_document(path)
    assert text == "Line one\nLine two\n"
    assert text_format == TextFormat(newline="\r\n", bom=True)
    write_text_atomic(path, text + "Line three\n", text_format)
    assert path.read_bytes() == b"\xef\xbb\xbfLine one\r\nLine two\r\nLine three\r\n"


def test_permissions_are_kept(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("old")
    os.chmod(path, 0o640)
    write_text_atomic(path, "new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_text() == "new"


def test_failed_rename_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "a.md"
    path.write_text("precious")

    def refuse(*_args):
        raise OSError(28, "No space left on device")

    # A full disk cannot be caused here; the rename is where it would strike last.
    monkeypatch.setattr(fileio.os, "replace", refuse)
    with pytest.raises(FileError, match="No space left"):
        write_text_atomic(path, "half-written")
    assert path.read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_invalid_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin1.md"
    path.write_bytes(b"fine\nna\xefve\n")
    with pytest.raises(FileError, match=r"latin1.md:2: not valid UTF-8"):
        read_document(path)


def test_missing_folder(tmp_path):
    with pytest.raises(FileError, match="does not exist"):
        write_text_atomic(tmp_path / "no" / "a.md", "x")
