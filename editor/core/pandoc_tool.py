"""Finds and runs pandoc 3, the one shipped inside the ``pypandoc-binary`` wheel, for the Word
and OpenDocument export and import (Debian's pandoc 2.17 writes older DOCX and is not used)."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from editor.core.fileio import FileError

log = logging.getLogger(__name__)

MIN_VERSION = (3, 0)
# A 100,000-word book converts in seconds; this only stops a pandoc that hangs.
TIMEOUT_S = 600
_VERSION = re.compile(rb"^pandoc(?:\.exe)?\s+(\d+)\.(\d+)")
_INSTALL_HINT = "install pandoc 3 with: pip install pypandoc-binary"


class PandocMissingError(FileError):
    """No pandoc 3 to convert with; the message says how to get one."""


def find_pandoc() -> Path:
    """The pandoc 3 binary: ``$ARTICLE_EDITOR_PANDOC`` if set, else the one in the
    ``pypandoc-binary`` wheel, else one on ``PATH`` when it is new enough."""
    candidates: list[Path] = []
    chosen = os.environ.get("ARTICLE_EDITOR_PANDOC")
    if chosen:
        candidates.append(Path(chosen))
    try:
        import pypandoc  # type: ignore[import-untyped]

        candidates.append(Path(pypandoc.__file__).parent / "files" / "pandoc")
    except ImportError:
        pass
    on_path = shutil.which("pandoc")
    if on_path:
        candidates.append(Path(on_path))
    seen: list[str] = []
    for candidate in candidates:
        version = _version_of(candidate)
        if version is None:
            continue
        if version >= MIN_VERSION:
            return candidate
        seen.append(f"{candidate} is pandoc {version[0]}.{version[1]}")
    found = f" ({'; '.join(seen)})" if seen else ""
    raise PandocMissingError(f"Word export and import need pandoc 3{found}: {_INSTALL_HINT}")


def _version_of(binary: Path) -> tuple[int, int] | None:
    if not binary.is_file() or not os.access(binary, os.X_OK):
        return None
    try:
        result = subprocess.run(
            [str(binary), "--version"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        log.exception("cannot run %s --version", binary)
        return None
    match = _VERSION.match(result.stdout)
    return (int(match.group(1)), int(match.group(2))) if match else None


def run_pandoc(pandoc: Path, arguments: Sequence[str], stdin: bytes, what: Path | str) -> bytes:
    """Run ``pandoc`` with ``arguments``, feeding ``stdin``; its standard output. Failure
    raises ``FileError`` naming ``what`` (the file being written or read) and pandoc's words."""
    try:
        result = subprocess.run(
            [str(pandoc), *arguments],
            input=stdin,
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise FileError(f"{what}: pandoc did not finish within {TIMEOUT_S} s") from None
    except OSError as error:
        raise FileError(f"{what}: cannot run pandoc ({pandoc}): {error}") from None
    if result.returncode != 0:
        said = result.stderr.decode("utf-8", "replace").strip() or f"exit {result.returncode}"
        raise FileError(f"{what}: pandoc failed: {said}")
    for line in result.stderr.decode("utf-8", "replace").splitlines():
        log.info("pandoc: %s", line)
    return result.stdout
