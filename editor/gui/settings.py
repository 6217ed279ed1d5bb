"""One typed façade over QSettings: every preference's key, type and default in one table,
window state (geometry, splitter, recent files) kept apart from preferences."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QObject, QSettings, Signal


@dataclass(frozen=True)
class Preference:
    """A user preference: where it is stored, its type and its default."""

    key: str
    type: type
    default: Any
    choices: tuple = ()  # the allowed values, when there is a fixed set
    bounds: tuple | None = None  # (lowest, highest) for numbers


PREFERENCES = {
    pref.key: pref
    for pref in (
        Preference("editor/font_family", str, ""),  # empty: the system's fixed-width font
        Preference("editor/font_size", int, 11),
        Preference("editor/wrap", bool, True),
        Preference("editor/line_width", int, 0, bounds=(0, 400)),  # characters; 0: no limit
        Preference("editor/center_text", bool, True),  # centre the limited lines
        Preference("editor/line_spacing", int, 100, bounds=(100, 250)),  # per cent
        Preference("view/theme", str, "system", choices=("system", "light", "dark")),
        Preference("view/zoom", int, 100, bounds=(50, 300)),  # editor and preview, per cent
        Preference("focus/dim", str, "paragraph", choices=("paragraph", "sentence", "none")),
        Preference("focus/typewriter", bool, True),  # keep the cursor's line centred
        Preference("goal/words", int, 0, bounds=(0, 1_000_000)),  # 0: no goal
        Preference("goal/scope", str, "session", choices=("session", "document")),
        Preference("preview/visible", bool, True),
        Preference("preview/sync_scroll", bool, True),
        Preference("preview/remote_images", bool, False),  # images from the web in the preview
        Preference("view/format_toolbar", bool, False),
        # A render that takes longer is stopped and its process replaced.
        Preference("preview/render_seconds", int, 15),
        Preference("spelling/enabled", bool, True),
        Preference("spelling/language", str, ""),  # empty: the system's, else British English
        Preference("spelling/medical", bool, False),
        Preference("spelling/skip_all_caps", bool, True),
        Preference("review/author", str, ""),  # signs comments; empty: unsigned
        Preference("proofing/off_rules", str, ""),  # comma-separated rule ids turned off
        Preference("citations/default_style", str, ""),  # a .csl file or style id; empty: built in
        Preference("export/html_fragment", bool, False),  # an <article> for a CMS, no page
        # Review marks in exports from the window, as the command line's --track-changes.
        Preference("export/track_changes", str, "accept", choices=("accept", "reject", "all")),
        Preference("export/paper", str, "a4", choices=("a4", "letter", "a5", "legal")),
        # Millimetres: top, right, bottom, left (as pandoc's geometry names them).
        Preference("export/margin_top", float, 25.0, bounds=(0.0, 80.0)),
        Preference("export/margin_right", float, 22.0, bounds=(0.0, 80.0)),
        Preference("export/margin_bottom", float, 25.0, bounds=(0.0, 80.0)),
        Preference("export/margin_left", float, 22.0, bounds=(0.0, 80.0)),
        Preference("recovery/autosave_seconds", int, 5, bounds=(1, 3600)),  # to a recovery file
    )
}

RECENT_FILES_LIMIT = 10
RECENT_STYLES_LIMIT = 8
_STATE = "window_state/"


class Settings(QObject):
    """Preferences and window state. Pass the ``QSettings`` in, so tests can use a temp file."""

    changed = Signal(str)  # a preference's key

    def __init__(self, store: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store

    @classmethod
    def at_path(cls, path: Path, parent: QObject | None = None) -> Settings:
        """Settings kept in an INI file at ``path``."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat), parent)

    # Preferences -------------------------------------------------------------------------
    def get(self, key: str) -> Any:
        """The preference's value, of its declared type."""
        pref = PREFERENCES[key]
        raw = self._store.value(key, pref.default)
        return _coerce(raw, pref)

    def set(self, key: str, value: Any) -> None:
        """Store a preference and announce it when it changed."""
        pref = PREFERENCES[key]
        value = _coerce(value, pref)
        if value == self.get(key):
            return
        self._store.setValue(key, value)
        self.changed.emit(key)

    def is_default(self, key: str) -> bool:
        return self.get(key) == PREFERENCES[key].default

    def restore_defaults(self) -> None:
        """Every preference back to its default, each change announced."""
        for key, pref in PREFERENCES.items():
            self.set(key, pref.default)

    # Window state ------------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        return self._bytes("geometry")

    def set_geometry(self, value: QByteArray) -> None:
        self._store.setValue(_STATE + "geometry", value)

    def window_state(self) -> QByteArray | None:
        return self._bytes("state")

    def set_window_state(self, value: QByteArray) -> None:
        self._store.setValue(_STATE + "state", value)

    def splitter_state(self) -> QByteArray | None:
        return self._bytes("splitter")

    def set_splitter_state(self, value: QByteArray) -> None:
        self._store.setValue(_STATE + "splitter", value)

    def recent_files(self) -> list[Path]:
        """Recently opened files, newest first, only those that still exist."""
        raw = self._store.value(_STATE + "recent_files", [])
        # QSettings returns a one-item list as a plain string.
        items = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
        return [Path(item) for item in items if item and Path(item).exists()]

    def add_recent_file(self, path: Path) -> None:
        path = Path(path).resolve()
        files = [path] + [item for item in self.recent_files() if item != path]
        self._store.setValue(
            _STATE + "recent_files", [str(item) for item in files[:RECENT_FILES_LIMIT]]
        )

    def clear_recent_files(self) -> None:
        self._store.setValue(_STATE + "recent_files", [])

    def recent_styles(self) -> list[str]:
        """Citation style ids chosen lately, newest first."""
        raw = self._store.value(_STATE + "recent_styles", [])
        # QSettings returns a one-item list as a plain string.
        items = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
        return [str(item) for item in items if item]

    def add_recent_style(self, style_id: str) -> None:
        styles = [style_id] + [item for item in self.recent_styles() if item != style_id]
        self._store.setValue(_STATE + "recent_styles", styles[:RECENT_STYLES_LIMIT])

    def last_export_folder(self) -> Path | None:
        """The folder the last export went to, while it still exists."""
        raw = self._store.value(_STATE + "last_export_folder", "")
        folder = Path(str(raw)) if raw else None
        return folder if folder is not None and folder.is_dir() else None

    def set_last_export_folder(self, folder: Path) -> None:
        self._store.setValue(_STATE + "last_export_folder", str(Path(folder).resolve()))

    def document_language(self, path: Path | None) -> str:
        """The spelling language chosen for the document at ``path`` ("" when none)."""
        if path is None:
            return ""
        return str(self._store.value(_document_key(path), "") or "")

    def set_document_language(self, path: Path | None, language: str) -> None:
        if path is not None:
            self._store.setValue(_document_key(path), language)

    def sync(self) -> None:
        """Write everything to disk now."""
        self._store.sync()

    def _bytes(self, name: str) -> QByteArray | None:
        value = self._store.value(_STATE + name)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def _document_key(path: Path) -> str:
    # A path's slashes would nest QSettings groups: key documents by a digest of the path.
    digest = hashlib.sha1(str(Path(path).resolve()).encode("utf-8")).hexdigest()
    return f"document_languages/{digest}"


def _coerce(raw: Any, pref: Preference) -> Any:
    """Values read back from an INI file are strings: turn them into the declared type, and
    anything outside the preference's choices or bounds (a hand-edited file) into the
    default or the nearest bound."""
    if pref.type is bool:
        if isinstance(raw, str):
            return raw.strip().lower() in ("true", "1", "yes", "on")
        return bool(raw)
    try:
        value = pref.type(float(raw)) if pref.type is int else pref.type(raw)
    except (TypeError, ValueError, OverflowError):
        return pref.default
    if pref.choices and value not in pref.choices:
        return pref.default
    if pref.bounds is not None:
        value = min(max(value, pref.bounds[0]), pref.bounds[1])
    return value
