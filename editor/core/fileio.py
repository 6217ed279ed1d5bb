"""Reading and safely writing text files, keeping every character, line ending, BOM, encoding,
owner and permission as they were.

Text that is not UTF-8 is never guessed at silently: ``read_document`` refuses it with a clear
message, ``detect_encoding`` lists the encodings that could read it, and the caller (the user)
chooses one; saving then writes that same encoding back, or refuses what it cannot hold.

Saving normally writes a temporary file beside the target and renames it over (a crash leaves
the old file or the new one). Where a rename would change the file's owner or group or split
its hard links, it writes in place instead, after a backup; where the user may not write the
file at all, it refuses and says why."""

from __future__ import annotations

import codecs
import contextlib
import errno
import glob
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from editor.core.processes import process_running
from editor.core.source_text import LineEndings

try:
    import pwd
except ImportError:  # not on Unix: owners are not shown by name
    pwd = None  # type: ignore[assignment]  # the module or None, as tested where it is used

# A book is a few megabytes; a file far beyond that is not an article and would freeze the
# editor's layout, so it is refused with a reason rather than opened.
MAX_DOCUMENT_BYTES = 64 * 2**20
# A NUL byte this early means binary data (or UTF-16 without a byte-order mark).
BINARY_PROBE_BYTES = 8192


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
    """How a text file was written, so saving keeps it: line endings, encoding and a BOM.
    ``newline`` is the usual line ending; ``line_endings``, when the file was read, has each
    line's own, which saving keeps for every line the user did not change."""

    newline: str = "\n"
    bom: bool = False
    encoding: str = "utf-8"
    line_endings: LineEndings | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Snapshot:
    """What a file held at one moment: its stamp (modification time in nanoseconds, size,
    inode) and a hash of its bytes, to tell another program's change from a touch."""

    stamp: tuple[int, int, int]
    digest: bytes


@dataclass(frozen=True)
class LoadedDocument:
    """A document as read: its text (``\\n`` lines), how to write it back, and the
    snapshot of the very bytes that were read."""

    text: str
    format: TextFormat
    snapshot: Snapshot


_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
_LEGACY_CANDIDATES = ("cp1252", "latin-1")
# Temporary files and backups carry the writer's process id, so a later start can tell one
# left by a killed editor from one being written right now.
_TEMPORARY_TAG = "ae-"


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


def looks_binary(data: bytes) -> bool:
    """Whether ``data`` is refused as binary on opening; saving refuses to write such bytes,
    so whatever is saved opens again."""
    return b"\x00" in data[:BINARY_PROBE_BYTES] and not data.startswith(tuple(_UTF16_BOMS))


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _stamp_of(status: os.stat_result) -> tuple[int, int, int]:
    return (status.st_mtime_ns, status.st_size, status.st_ino)


def read_file_bytes(path: Path) -> tuple[bytes, Snapshot]:
    """The bytes of a document file and their snapshot. Before reading anything it checks
    that the file is a regular file (a FIFO or a device would block or never end) within
    ``MAX_DOCUMENT_BYTES``; raises ``FileError`` naming the file and the reason."""
    try:
        # Non-blocking, so opening a FIFO returns at once instead of waiting for a writer.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise FileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise FileError(f"{path}: is a folder, not a file") from None
    except OSError as error:
        raise FileError(f"{path}: cannot read: {error.strerror or error}") from None
    with os.fdopen(handle, "rb") as stream:
        status = os.fstat(handle)
        if stat.S_ISDIR(status.st_mode):
            raise FileError(f"{path}: is a folder, not a file")
        if not stat.S_ISREG(status.st_mode):
            raise FileError(f"{path}: not a regular file ({_kind(status.st_mode)})")
        if status.st_size > MAX_DOCUMENT_BYTES:
            raise FileError(_too_large(path, status.st_size))
        try:
            data = stream.read(MAX_DOCUMENT_BYTES + 1)
        except OSError as error:
            raise FileError(f"{path}: cannot read: {error.strerror or error}") from None
        if len(data) > MAX_DOCUMENT_BYTES:  # it grew while we looked
            raise FileError(_too_large(path, len(data)))
        # The stamp of the bytes read: stat again, as the size may have changed meanwhile.
        return data, Snapshot(_stamp_of(os.fstat(handle)), _digest(data))


def _too_large(path: Path, size: int) -> str:
    return (
        f"{path}: too large to edit ({size // 2**20} MB; the limit is "
        f"{MAX_DOCUMENT_BYTES // 2**20} MB)"
    )


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def snapshot(path: Path) -> Snapshot | None:
    """The file's snapshot now; ``None`` when it is gone or cannot be read as a document."""
    try:
        return read_file_bytes(path)[1]
    except FileError:
        return None


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """The file's stamp alone (cheap: no reading); ``None`` when it is gone."""
    try:
        return _stamp_of(os.stat(path))
    except OSError:
        return None


def read_text(path: Path) -> str:
    """Read a UTF-8 text file (a BOM is allowed), with a clear message on failure."""
    return read_document(path)[0]


def read_document(path: Path, encoding: str | None = None) -> tuple[str, TextFormat]:
    """Read a text file; the text comes back with ``\\n`` line endings, and the format says
    how to write it back as it was. Without ``encoding``, the file must be UTF-8 (or carry a
    UTF-16 byte-order mark); otherwise a ``FileError`` says so and ``detect_encoding`` offers
    the choices. With ``encoding``, the file is read in it, strictly."""
    loaded = load_document(path, encoding)
    return loaded.text, loaded.format


def load_document(path: Path, encoding: str | None = None) -> LoadedDocument:
    """``read_document``, with the snapshot of the bytes it read."""
    data, taken = read_file_bytes(path)
    return LoadedDocument(*decode_document(path, data, encoding), taken)


def decode_document(path: Path, data: bytes, encoding: str | None = None) -> tuple[str, TextFormat]:
    """The text and format of a document file's ``data`` (see ``read_document``)."""
    if encoding is None and looks_binary(data):
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
        raw = body.decode(codec)
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
    text, endings = LineEndings.of(raw)
    return text, TextFormat(newline=endings.usual, bom=bom, encoding=codec, line_endings=endings)


def _codec_name(encoding: str) -> str:
    """Python's canonical name for ``encoding``; ``utf-8-sig`` and ``utf-16`` become their
    BOM-less forms, the BOM being kept in the format's own flag."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return encoding
    return {"utf-8-sig": "utf-8", "utf-16": "utf-16-le", "iso8859-1": "latin-1"}.get(name, name)


# Writing ------------------------------------------------------------------------------------
class _RenameNotPossibleError(Exception):
    """Renaming a new file over the old would not keep it as it was: write in place."""


def write_text_atomic(
    path: Path,
    text: str,
    text_format: TextFormat = TextFormat(),
    *,
    allow_binary: bool = False,
) -> Snapshot:
    """Write ``text`` (``\\n`` lines) to ``path`` in ``text_format`` as ``write_bytes_atomic``
    writes. Refuses (``FileError`` saying why), unless ``allow_binary``, text that would not
    open again. Returns the snapshot of what it wrote."""
    data = _encode(path, text, text_format)
    if not allow_binary and looks_binary(data):
        line = text.count("\n", 0, max(text.find("\x00"), 0)) + 1
        raise FileError(
            f"{path}:{line}: cannot save: the text holds a NUL character (U+0000), which "
            "would make the file open as binary data; delete it and save again"
        )
    return write_bytes_atomic(path, data)


def write_bytes_atomic(path: Path, data: bytes) -> Snapshot:
    """Write ``data`` to ``path`` so that a crash leaves the old file or the new one, never a
    torn one, and the file keeps its owner, group, permissions, extended attributes and hard
    links. Refuses (``FileError`` saying why) a file the user may not write; a failure names
    the system's reason. Returns the snapshot of what it wrote."""
    path = Path(path)
    # Through a symbolic link to the file it names, so the link stays a link.
    target = Path(os.path.realpath(path))
    folder = target.parent
    if not folder.is_dir():
        raise FileError(f"{path}: cannot write: folder {path.parent} does not exist")
    try:
        existing = os.stat(target)
    except FileNotFoundError:
        existing = None
    except OSError as error:
        raise FileError(f"{path}: cannot write: {error.strerror or error}") from None
    if existing is None:
        return _write_by_rename(path, target, data, None)
    if not stat.S_ISREG(existing.st_mode):
        raise FileError(f"{path}: cannot save: {_kind(existing.st_mode)}")
    _check_writable(path, target, existing)
    if _rename_keeps_the_file(existing):
        try:
            return _write_by_rename(path, target, data, existing)
        except _RenameNotPossibleError:
            pass
    return _write_in_place(path, target, data)


def _check_writable(path: Path, target: Path, existing: os.stat_result) -> None:
    permissions = stat.filemode(existing.st_mode)
    if not existing.st_mode & 0o222:
        # Even where the system would let us (root), a read-only file says "do not change".
        raise FileError(f"{path}: cannot save: the file is read-only (permissions {permissions})")
    effective = os.access in os.supports_effective_ids
    if not os.access(target, os.W_OK, effective_ids=effective):
        raise FileError(
            f"{path}: cannot save: you may not write to this file (it belongs to "
            f"{_owner_name(existing.st_uid)}, permissions {stat.filemode(existing.st_mode)})"
        )


def _owner_name(uid: int) -> str:
    if pwd is not None:
        with contextlib.suppress(KeyError):
            return pwd.getpwuid(uid).pw_name
    return str(uid)


def _rename_keeps_the_file(existing: os.stat_result) -> bool:
    """Whether a new file renamed over the old keeps what the old one was: one link, and an
    owner and group we can give the new file."""
    if existing.st_nlink > 1:
        return False  # the other names would keep the old text
    if not hasattr(os, "geteuid"):
        return True
    euid = os.geteuid()
    if euid == 0:
        return True  # root may give the new file any owner
    return existing.st_uid == euid and (
        existing.st_gid == os.getegid() or existing.st_gid in os.getgroups()
    )


def _temporary_prefix(target: Path) -> str:
    return f".{target.name}.{_TEMPORARY_TAG}{os.getpid()}-"


def _write_by_rename(
    path: Path, target: Path, data: bytes, existing: os.stat_result | None
) -> Snapshot:
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=_temporary_prefix(target), suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        if existing is not None and error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise _RenameNotPossibleError from None  # a folder we cannot write: the file we can
        raise FileError(f"{path}: cannot write: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if existing is not None:
                _copy_identity(stream.fileno(), target, existing)
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.fchmod(stream.fileno(), 0o666 & ~umask)
            os.fsync(stream.fileno())
            written = Snapshot(_stamp_of(os.fstat(stream.fileno())), _digest(data))
        os.replace(temporary, target)
    except _RenameNotPossibleError:
        Path(temporary).unlink(missing_ok=True)
        raise
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise FileError(f"{path}: cannot write: {error.strerror or error}") from None
    _sync_folder(target.parent)
    return written


def _copy_identity(handle: int, source: Path, existing: os.stat_result) -> None:
    """Give the new file the old one's owner, group, permissions and extended attributes."""
    status = os.fstat(handle)
    if (status.st_uid, status.st_gid) != (existing.st_uid, existing.st_gid):
        try:
            os.fchown(handle, existing.st_uid, existing.st_gid)
        except PermissionError:
            raise _RenameNotPossibleError from None
    # After chown, which clears set-id bits.
    os.fchmod(handle, stat.S_IMODE(existing.st_mode))
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(source)
    except OSError:
        return  # a file system without them
    for name in names:
        # What the user may not set (security labels, others' ACLs) stays as the system makes it.
        with contextlib.suppress(OSError):
            os.setxattr(handle, name, os.getxattr(source, name))


def _write_in_place(path: Path, target: Path, data: bytes) -> Snapshot:
    """Overwrite the file itself, keeping its inode (so owner, group, mode, attributes and
    other hard links stay). A backup of the old bytes comes first and goes only after the new
    ones are on disk; if writing fails midway, the old bytes are put back."""
    try:
        with open(target, "rb") as stream:
            old = stream.read()
    except OSError as error:
        raise FileError(
            f"{path}: cannot save: cannot read it for a backup first: {error.strerror or error}"
        ) from None
    backup = _write_backup(path, target, old)
    try:
        handle = os.open(target, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        backup.unlink(missing_ok=True)
        raise FileError(f"{path}: cannot write: {error.strerror or error}") from None
    try:
        try:
            _overwrite(handle, data)
            written = Snapshot(_stamp_of(os.fstat(handle)), _digest(data))
        except OSError as error:
            try:
                _overwrite(handle, old)
            except OSError:
                raise FileError(
                    f"{path}: cannot write: {error.strerror or error}; the old text is kept "
                    f"in {backup}"
                ) from None
            backup.unlink(missing_ok=True)
            raise FileError(f"{path}: cannot write: {error.strerror or error}") from None
    finally:
        os.close(handle)
    backup.unlink(missing_ok=True)
    return written


def _overwrite(handle: int, data: bytes) -> None:
    view = memoryview(data)
    offset = 0
    while offset < len(view):
        offset += os.pwrite(handle, view[offset:], offset)
    os.ftruncate(handle, len(data))
    os.fsync(handle)


def _write_backup(path: Path, target: Path, old: bytes) -> Path:
    """The old bytes in a hidden file beside the target, else in the temporary folder."""
    for folder in (target.parent, Path(tempfile.gettempdir())):
        try:
            handle, name = tempfile.mkstemp(
                prefix=_temporary_prefix(target), suffix=".bak", dir=folder
            )
        except OSError:
            continue
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(old)
                stream.flush()
                os.fsync(stream.fileno())
        except OSError:
            Path(name).unlink(missing_ok=True)
            continue
        return Path(name)
    raise FileError(f"{path}: cannot save: there is nowhere to keep a backup of the old text")


def _sync_folder(folder: Path) -> None:
    """Flush the rename itself to disk (where the system allows a folder to be synced)."""
    with contextlib.suppress(OSError, AttributeError):
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove the temporary files a save of ``path`` left when its editor was killed midway
    (their writer is gone); returns those removed. Backups are kept: one left behind means an
    in-place write was interrupted, and it holds the old text."""
    path = Path(path)
    removed = []
    pattern = glob.escape(f".{path.name}.{_TEMPORARY_TAG}") + "*-*.tmp"
    for candidate in path.parent.glob(pattern):
        pid_text = candidate.name[len(path.name) + 2 + len(_TEMPORARY_TAG) :].split("-", 1)[0]
        if not pid_text.isdigit() or process_running(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            candidate.unlink()
            removed.append(candidate)
    return removed


def _encode(path: Path, text: str, text_format: TextFormat) -> bytes:
    """The file's bytes, in its own encoding and line endings; a character that encoding
    cannot hold is refused (naming its line), never replaced by something else."""
    codec = _codec_name(text_format.encoding)
    if text_format.line_endings is not None:
        text = text_format.line_endings.apply(text)
    elif text_format.newline != "\n":
        text = text.replace("\n", text_format.newline)
    if text_format.bom and (codec == "utf-8" or codec.startswith("utf-16")):
        text = "\ufeff" + text
    try:
        return text.encode(codec)
    except UnicodeEncodeError as error:
        line = len(LineEndings.of(text[: error.start])[1].lines)
        character = text[error.start]
        raise FileError(
            f"{path}:{line}: cannot write: {character!r} cannot be saved as {text_format.encoding}"
        ) from None
    except LookupError:
        raise FileError(
            f"{path}: cannot write: unknown encoding {text_format.encoding!r}"
        ) from None


def with_line_endings(text_format: TextFormat, text: str) -> TextFormat:
    """``text_format`` after ``text`` was saved in it: its line endings are now the file's."""
    if text_format.line_endings is None:
        return text_format
    return replace(text_format, line_endings=text_format.line_endings.relay(text))
