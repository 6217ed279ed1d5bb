"""Reading and atomically writing text files."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


class FileError(Exception):
    """A file could not be read or written; the message names the file and the reason."""


@dataclass(frozen=True)
class TextFormat:
    """How a text file was written, so saving keeps it: line endings and a UTF-8 BOM."""

    newline: str = "\n"
    bom: bool = False


def read_text(path: Path) -> str:
    """Read a UTF-8 text file (a BOM is allowed), with a clear message on failure."""
    return read_document(path)[0]


def read_document(path: Path) -> tuple[str, TextFormat]:
    """Read a UTF-8 text file; the text comes back with ``\\n`` line endings, and the format
    says how to write it back as it was."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise FileError(f"{path}: is a folder, not a file") from None
    except OSError as error:
        raise FileError(f"{path}: cannot read: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileError(f"{path}:{line}: not valid UTF-8 text (byte {error.start})") from None
    newline = "\r\n" if b"\r\n" in data else "\n"
    text = text.replace("\r\n", "\n")
    return text, TextFormat(newline=newline, bom=data.startswith(b"\xef\xbb\xbf"))


def write_text_atomic(path: Path, text: str, text_format: TextFormat = TextFormat()) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old file or the new one, never a
    torn one: write a temporary file beside it, flush it to disk, then rename over."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FileError(f"{path}: cannot write: folder {folder} does not exist")
    try:
        mode = path.stat().st_mode & 0o7777 if path.exists() else None
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise FileError(f"{path}: cannot write: {error.strerror or error}") from None
    try:
        encoding = "utf-8-sig" if text_format.bom else "utf-8"
        with os.fdopen(handle, "w", encoding=encoding, newline=text_format.newline) as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise FileError(f"{path}: cannot write: {error.strerror or error}") from None
