"""Recovery files: the unsaved text of each open window, kept in the user's data folder so that
a crash or a kill loses at most the last few seconds of typing."""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from editor.core.fileio import FileError, read_document, write_text_atomic
from editor.core.processes import process_running

DATA_DIR_VARIABLE = "ARTICLE_EDITOR_DATA_DIR"
_APP_FOLDER = "article-editor"


def default_data_folder() -> Path:
    """``$ARTICLE_EDITOR_DATA_DIR``, else ``$XDG_DATA_HOME/article-editor``, else
    ``~/.local/share/article-editor``."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    if override:
        return Path(override)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / _APP_FOLDER


@dataclass(frozen=True)
class RecoveryEntry:
    """One window's autosaved text: where it came from, when and under what name."""

    id: str
    text_path: Path
    original: Path | None
    title: str
    saved_at: float
    pid: int

    @property
    def name(self) -> str:
        return self.original.name if self.original else self.title

    def text(self) -> str:
        """The autosaved text; raises ``FileError`` when it cannot be read. Read as the UTF-8
        it was written in, whatever it holds (a NUL the author typed included)."""
        return read_document(self.text_path, encoding="utf-8")[0]


class RecoveryStore:
    """The recovery folder: ``<id>.md`` holds a window's text, ``<id>.json`` what it is.
    Entries whose process is still running belong to a live window and are not offered."""

    def __init__(self, folder: Path | None = None, pid: int | None = None) -> None:
        self.folder = Path(folder) if folder else default_data_folder() / "recovery"
        self.pid = os.getpid() if pid is None else pid

    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex

    def write(self, entry_id: str, text: str, original: Path | None, title: str) -> None:
        """Write the text first and its description second, each atomically, so a listed
        entry always has its text. Raises ``FileError``."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise FileError(f"{self.folder}: cannot create: {error.strerror or error}") from None
        # Everything the window holds is kept, even text a save would refuse.
        write_text_atomic(self.folder / f"{entry_id}.md", text, allow_binary=True)
        about = {
            "original": str(original) if original else None,
            "title": title,
            "saved_at": time.time(),
            "pid": self.pid,
        }
        write_text_atomic(self.folder / f"{entry_id}.json", json.dumps(about, indent=1))

    def discard(self, entry_id: str) -> None:
        """Remove an entry's files (the description first, so no half entry is listed)."""
        for suffix in (".json", ".md"):
            # A folder we cannot clean must not stop a save or a close.
            with contextlib.suppress(OSError):
                (self.folder / f"{entry_id}{suffix}").unlink(missing_ok=True)

    def list_recoverable(self) -> list[RecoveryEntry]:
        """Entries left by processes that are gone, oldest first; unreadable ones skipped."""
        entries = []
        for about_path in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            entry = self._read_entry(about_path)
            if entry is not None and not process_running(entry.pid):
                entries.append(entry)
        return sorted(entries, key=lambda entry: entry.saved_at)

    def _read_entry(self, about_path: Path) -> RecoveryEntry | None:
        text_path = about_path.with_suffix(".md")
        try:
            about = json.loads(about_path.read_text(encoding="utf-8"))
            original = about.get("original")
            entry = RecoveryEntry(
                id=about_path.stem,
                text_path=text_path,
                original=Path(original) if original else None,
                title=str(about.get("title") or ""),
                saved_at=float(about.get("saved_at") or 0.0),
                pid=int(about.get("pid") or 0),
            )
        except (OSError, ValueError, TypeError, AttributeError):
            return None
        return entry if text_path.is_file() else None
