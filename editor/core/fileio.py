"""Reading and atomically writing text files, keeping their encoding, BOM and line endings.

Text that is not UTF-8 is never guessed at silently: ``read_document`` refuses it with a clear
message, ``detect_encoding`` lists the encodings that could read it, and the caller (the user)
chooses one; saving then writes that same encoding back, or refuses what it cannot hold."""

from __future__ import annotations

import codecs
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

# A book is a few megabytes; a file far beyond that is not an article and would freeze the
# editor's layout, so it is refused with a reason rather than opened.
MAX_DOCUMENT_BYTES = 64 * 2**20


class FileError(Exception):
    """A file could not be read or written; the message names the file and the reason."""


class EncodingError(FileError):
    """A file that is not UTF-8: ``candidates`` are the encodings that can read it, most
    likely first, for the reader to choose from (or to refuse)."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


@dataclass(frozen=True)
class TextFormat:
    """How a text file was written, so saving keeps it: line endings, encoding and a BOM."""

    newline: str = "\n"
    bom: bool = False
    encoding: str = "utf-8"


_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
_LEGACY_CANDIDATES = ("cp1252", "latin-1")


def detect_encoding(data: bytes) -> list[str]:
    """The encodings that read ``data`` without error, most likely first: what a byte-order
    mark says, else UTF-8 when it decodes, then cp1252 and Latin-1 (which reads anything)."""
    if data.startswith(_UTF8_BOM):
        return ["utf-8"]
    for bom, encoding in _UTF16_BOMS.items():
        if data.startswith(bom) and _decodes(data[2:], encoding):
            return [encoding]
    candidates = [name for name in ("utf-8", *_LEGACY_CANDIDATES) if _decodes(data, name)]
    return candidates


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def read_text(path: Path) -> str:
    """Read a UTF-8 text file (a BOM is allowed), with a clear message on failure."""
    return read_document(path)[0]


def read_document(path: Path, encoding: str | None = None) -> tuple[str, TextFormat]:
    """Read a text file; the text comes back with ``\\n`` line endings, and the format says
    how to write it back as it was. Without ``encoding``, the file must be UTF-8 (or carry a
    UTF-16 byte-order mark); otherwise a ``FileError`` says so and ``detect_encoding`` offers
    the choices. With ``encoding``, the file is read in it, strictly."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise FileError(f"{path}: is a folder, not a file") from None
    except OSError as error:
        raise FileError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(data) > MAX_DOCUMENT_BYTES:
        raise FileError(
            f"{path}: too large to edit ({len(data) // 2**20} MB; the limit is "
            f"{MAX_DOCUMENT_BYTES // 2**20} MB)"
        )
    if encoding is None and b"\x00" in data[:8192] and not data.startswith(tuple(_UTF16_BOMS)):
        raise FileError(f"{path}: not a text file (it holds binary data)")
    bom = False
    if encoding is None:
        for mark, name in _UTF16_BOMS.items():
            if data.startswith(mark):
                encoding = name
        encoding = encoding or "utf-8"
        explicit = False
    else:
        explicit = True
    codec = _codec_name(encoding)
    if codec.startswith("utf-16"):
        codec = next((name for mark, name in _UTF16_BOMS.items() if data.startswith(mark)), codec)
    if codec.startswith("utf-16") or codec == "utf-8":
        mark = (
            _UTF8_BOM
            if codec == "utf-8"
            else next((m for m, name in _UTF16_BOMS.items() if name == codec), b"")
        )
        bom = bool(mark) and data.startswith(mark)
        body = data[len(mark) :] if bom else data
    else:
        body = data
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as error:
        line = body[: error.start].count(b"\n") + 1
        if explicit:
            raise FileError(
                f"{path}:{line}: cannot be read as {encoding} (byte {error.start})"
            ) from None
        # The caller offers detect_encoding's choices; the message stays about this file.
        raise EncodingError(
            f"{path}:{line}: not valid UTF-8 text (byte {error.start})",
            [name for name in detect_encoding(data) if name != "utf-8"],
        ) from None
    except LookupError:
        raise FileError(f"{path}: unknown encoding {encoding!r}") from None
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n")
    return text, TextFormat(newline=newline, bom=bom, encoding=codec)


def _codec_name(encoding: str) -> str:
    """Python's canonical name for ``encoding``; ``utf-8-sig`` and ``utf-16`` become their
    BOM-less forms, the BOM being kept in the format's own flag."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return encoding
    return {"utf-8-sig": "utf-8", "utf-16": "utf-16-le", "iso8859-1": "latin-1"}.get(name, name)


def write_text_atomic(path: Path, text: str, text_format: TextFormat = TextFormat()) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old file or the new one, never a
    torn one: write a temporary file beside it, flush it to disk, then rename over."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FileError(f"{path}: cannot write: folder {folder} does not exist")
    write_bytes_atomic(path, _encode(path, text, text_format))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` as ``write_text_atomic`` writes text: the old file or the
    new one, whole, with the old file's permissions; a failure names the OS's reason."""
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
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
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


def _encode(path: Path, text: str, text_format: TextFormat) -> bytes:
    """The file's bytes, in its own encoding; a character that encoding cannot hold is refused
    (naming its line), never replaced by something else."""
    codec = _codec_name(text_format.encoding)
    text = text.replace("\n", text_format.newline) if text_format.newline != "\n" else text
    if text_format.bom and (codec == "utf-8" or codec.startswith("utf-16")):
        text = "\ufeff" + text
    try:
        return text.encode(codec)
    except UnicodeEncodeError as error:
        line = text.count("\n", 0, error.start) + 1
        character = text[error.start]
        raise FileError(
            f"{path}:{line}: cannot write: {character!r} cannot be saved as {text_format.encoding}"
        ) from None
    except LookupError:
        raise FileError(
            f"{path}: cannot write: unknown encoding {text_format.encoding!r}"
        ) from None
