"""Bibliography files from reference managers (BibTeX/BibLaTeX, CSL-JSON, RIS) loaded into
CSL-JSON items keyed by citation key, the way pandoc reads them.

Loading never raises for what a file contains: a missing file, an unknown format, a bad entry,
a duplicate key or a file that is not UTF-8 becomes a ``BibProblem`` naming the file and line,
and every good entry still loads. Qt-free.
"""

from __future__ import annotations

import codecs
import errno
import logging
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from editor.core.citations.bibformats import (
    BIBLATEX,
    BIBTEX,
    ReadResult,
    read_bibtex,
    read_csl_json,
    read_ris,
)
from editor.core.citations.bibformats.common import UniqueKeys

log = logging.getLogger(__name__)

# Far above any real library (Zotero's whole export of 20,000 items is about 30 MB of BibTeX),
# and it keeps a device or a runaway file from filling the memory.
MAX_BIBLIOGRAPHY_BYTES = 64 * 1024 * 1024
_CSL_JSON = "csl-json"
_RIS = "ris"
# As pandoc: .bib is read as BibLaTeX, .bibtex as BibTeX (names and publishers split
# differently).
_FORMAT_BY_SUFFIX = {
    ".bib": BIBLATEX,
    ".biblatex": BIBLATEX,
    ".bibtex": BIBTEX,
    ".json": _CSL_JSON,
    ".ris": _RIS,
}
# Suffixes a file dialog can offer; other names are read if their content is recognised.

_RIS_RECORD = re.compile(r"^TY {1,2}- ", re.MULTILINE)
_WOS_HEADER = re.compile(r"^(?:FN|VR|PT) \S")
_BIBTEX_ENTRY = re.compile(r"@\s*[A-Za-z]+\s*[{(]")
# An encoding the file names for itself: Emacs's "-*- coding: latin-1 -*-" or JabRef's
# "% Encoding: windows-1252".
_DECLARED_ENCODING = re.compile(
    rb"(?:-\*-.*?coding:\s*([\w.-]+)|%\s*Encoding:\s*([\w.-]+))", re.IGNORECASE
)


@dataclass(frozen=True)
class BibProblem:
    """Something wrong in a bibliography file: where (``line`` is 1-based, ``None`` for the file
    as a whole) and what, in words for the user."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Library:
    """Loaded references: ``entries`` maps each citation key (as written, case kept) to its
    CSL-JSON item (``item["id"] == key``) in file order; ``locations`` says where each entry
    starts, where known."""

    entries: dict[str, dict] = field(default_factory=dict)
    problems: list[BibProblem] = field(default_factory=list)
    locations: dict[str, tuple[Path, int]] = field(default_factory=dict)
    paths: list[Path] = field(default_factory=list)


def load_bibliography(path: Path) -> Library:
    """Load one file, choosing the reader by its suffix (``.bib``, ``.bibtex``, ``.biblatex``,
    ``.json``, ``.ris``) or, for any other name, by what it contains."""
    return _load_file(Path(path))[0]


def _load_file(path: Path) -> tuple[Library, set[str]]:
    """The file's library and the keys its reader made up (for RIS records)."""
    library = Library(paths=[path])
    try:
        data = read_regular_file(path, MAX_BIBLIOGRAPHY_BYTES)
    except NotARegularFileError as error:
        library.problems.append(BibProblem(path, None, str(error)))
        return library, set()
    except FileNotFoundError:
        library.problems.append(BibProblem(path, None, "no such file"))
        return library, set()
    except IsADirectoryError:
        library.problems.append(BibProblem(path, None, "is a folder, not a file"))
        return library, set()
    except OSError as error:
        reason = error.strerror or str(error)
        library.problems.append(BibProblem(path, None, f"cannot read: {reason}"))
        return library, set()
    text, encoding_problem = _decode(data)
    if encoding_problem:
        library.problems.append(BibProblem(path, *encoding_problem))
    kind = _FORMAT_BY_SUFFIX.get(path.suffix.lower()) or _sniff(text)
    if kind is None:
        library.problems.append(
            BibProblem(path, None, "not a bibliography this editor reads (BibTeX, CSL-JSON or RIS)")
        )
        return library, set()
    try:
        result = _read(kind, text)
    except Exception as error:  # a reader bug must not take the editor down with it
        log.exception("reading the bibliography %s failed", path)
        library.problems.append(
            BibProblem(path, None, f"could not be read ({type(error).__name__}: {error})")
        )
        return library, set()
    return library, _add_file(library, path, result)


class NotARegularFileError(OSError):
    """A path that names something other than a plain file of a sensible size."""


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, refusing anything but a regular file of at most ``limit`` bytes.
    Opened without blocking and checked on the open descriptor, so a FIFO (which would wait
    for a writer for ever) or a device such as ``/dev/zero`` (which never ends) is refused
    rather than read, even if it replaced a file since it was last looked at."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    handle = os.open(path, flags)
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFileError(f"{_kind(info.st_mode)}, not a file; not read")
        if info.st_size > limit:
            raise NotARegularFileError(
                f"larger than {limit // (1024 * 1024)} MB ({info.st_size / 2**20:.0f} MB); not read"
            )
        data = stream.read(limit + 1)  # bounded even if the file grows meanwhile
    if len(data) > limit:
        raise NotARegularFileError(f"larger than {limit // (1024 * 1024)} MB; not read")
    return data


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def load_bibliographies(paths: Iterable[Path]) -> Library:
    """Load several files into one library, in order. A key already loaded from an earlier
    file keeps its first entry; the later one is reported with both places. Keys made up for
    RIS records are renamed instead (``Smith2020b``), since they name different records. A file
    named twice is read once."""
    merged = Library()
    # The merged keys, kept beside ``merged.entries`` so that renaming a made-up key does not
    # copy every key loaded so far.
    keys = UniqueKeys()
    seen: set[Path] = set()
    for path in paths:
        path = Path(path)
        resolved = path.resolve()
        if resolved in seen:
            continue  # the same file named twice would report every key as a duplicate
        seen.add(resolved)
        library, generated = _load_file(path)
        merged.paths.extend(library.paths)
        merged.problems.extend(library.problems)
        for key, item in library.entries.items():
            location = library.locations.get(key)
            if key in merged.entries:
                if key in generated:
                    new_key = keys.make(key)
                    item = {**item, "id": new_key}
                    key = new_key
                else:
                    where, line = location if location else (path, None)
                    first = merged.locations.get(key)
                    first_text = f"{first[0]}:{first[1]}" if first else "an earlier file"
                    merged.problems.append(
                        BibProblem(
                            where,
                            line,
                            f"duplicate key '{key}' (first in {first_text}); this entry is ignored",
                        )
                    )
                    continue
            merged.entries[key] = item
            keys.add(key)
            if location:
                merged.locations[key] = location
    return merged


def _read(kind: str, text: str) -> ReadResult:
    if kind == _CSL_JSON:
        return read_csl_json(text)
    if kind == _RIS:
        return read_ris(text)
    return read_bibtex(text, kind)


def _sniff(text: str) -> str | None:
    start = text.lstrip()[:1]
    if start in ("[", "{"):
        return _CSL_JSON
    if _RIS_RECORD.search(text) or _WOS_HEADER.match(text.lstrip()):
        # The RIS reader explains what a Web of Science export is.
        return _RIS
    if _BIBTEX_ENTRY.search(text):
        return BIBLATEX
    return None


def _decode(data: bytes) -> tuple[str, tuple[int | None, str] | None]:
    """The file's text with ``\\n`` line ends, and a problem when it was not UTF-8. A file
    that is not UTF-8 is read in the encoding it declares, else as Latin-1 (Windows-1252),
    and the problem says so: accented letters may then be wrong, never silently."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, problem = data.decode("utf-16"), None
    else:
        try:
            text, problem = data.decode("utf-8-sig"), None
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            text, problem = _decode_legacy(data, line)
    return text.replace("\r\n", "\n").replace("\r", "\n"), problem


def _decode_legacy(data: bytes, line: int) -> tuple[str, tuple[int, str]]:
    declared = _DECLARED_ENCODING.search(data[:4096])
    if declared:
        name = (declared.group(1) or declared.group(2)).decode("ascii")
        name = re.sub(r"-(?:unix|dos|mac)$", "", name)
        try:
            codec = codecs.lookup(name).name
            if codec != "utf-8":
                return data.decode(codec), (
                    line,
                    f"not UTF-8; read as {name}, the encoding the file declares",
                )
        except (LookupError, UnicodeDecodeError):
            pass
    if _looks_like_gb2312(data):
        return data.decode("gb18030"), (
            line,
            "not UTF-8; read as GBK (Chinese), which it looks like; re-export the file as UTF-8",
        )
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text, (
        line,
        "not valid UTF-8 (read as Latin-1, so accented letters may be wrong); "
        "re-export the file as UTF-8",
    )


def _looks_like_gb2312(data: bytes) -> bool:
    """Whether every non-ASCII byte is half of a GB2312 pair (two bytes 0xA1-0xFE). Latin-1
    text puts single accented letters between ASCII ones, so it does not pass."""
    pairs = 0
    index = 0
    while index < len(data):
        byte = data[index]
        if byte < 0x80:
            index += 1
            continue
        if not (0xA1 <= byte <= 0xFE and index + 1 < len(data) and 0xA1 <= data[index + 1] <= 0xFE):
            return False
        pairs += 1
        index += 2
    return pairs >= 2


def _add_file(library: Library, path: Path, result: ReadResult) -> set[str]:
    """A reader's result into ``library``: duplicates within the file reported, first kept.
    Returns the keys the reader made up."""
    problems = [BibProblem(path, line, message) for line, message in result.problems]
    folded: dict[str, str] = {}
    generated: set[str] = set()
    for entry in result.entries:
        key = entry.key
        if key in library.entries:
            first = library.locations.get(key)
            where = f" (first at line {first[1]})" if first else ""
            problems.append(
                BibProblem(path, entry.line, f"duplicate key '{key}'{where}; this entry is ignored")
            )
            continue
        other = folded.setdefault(key.lower(), key)
        if other != key:
            first = library.locations.get(other)
            where = f" (line {first[1]})" if first else ""
            problems.append(
                BibProblem(
                    path,
                    entry.line,
                    f"key '{key}' differs from '{other}'{where} only in case; BibTeX and some "
                    "citation tools take them for the same key",
                )
            )
        library.entries[key] = entry.item
        if entry.line is not None:
            library.locations[key] = (path, entry.line)
        if entry.generated_key:
            generated.add(key)
    problems.sort(key=lambda problem: (problem.line is None, problem.line or 0))
    library.problems.extend(problems)
    return generated
