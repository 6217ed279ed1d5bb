"""Puts the launcher, icon and AppStream metainfo into the user's XDG data folder, and takes
them out again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sysconfig
from collections.abc import Mapping
from pathlib import Path

from editor import APP_ID
from editor.core.resources import read_resource, resource_path

DESKTOP_FILE = f"{APP_ID}.desktop"
METAINFO_FILE = f"{APP_ID}.metainfo.xml"
ICON_FILE = f"{APP_ID}.svg"
GUI_LAUNCHER = "article-editor-gui"

# Where each file goes under the data folder (freedesktop's desktop entry, icon theme and
# AppStream specifications).
APPLICATIONS = Path("applications")
ICONS = Path("icons", "hicolor", "scalable", "apps")
METAINFO = Path("metainfo")
_FILES = (APPLICATIONS / DESKTOP_FILE, ICONS / ICON_FILE, METAINFO / METAINFO_FILE)
_MIME_CACHE = APPLICATIONS / "mimeinfo.cache"
# The installed entry remembers which folders (and MIME cache) the install made, so that
# uninstalling removes exactly what installing added; extension keys are the desktop entry
# spec's way to carry such data.
_CREATED_KEY = "X-ArticleEditor-Created"

# The desktop entry specification's reserved characters: an argument holding one is quoted.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def data_home(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset or not absolute (as the spec
    says)."""
    environ = os.environ if environ is None else environ
    configured = environ.get("XDG_DATA_HOME", "")
    if configured and Path(configured).is_absolute():
        return Path(configured)
    return Path(environ.get("HOME") or Path.home()) / ".local" / "share"


def launcher_command(
    argv0: str, executable: str, frozen: bool, scripts: Path | None = None
) -> list[str]:
    """The command that opens the window from this installation.

    A standalone bundle is its own executable. Otherwise the ``article-editor-gui`` beside the
    ``article-editor`` that is running (pipx's ``~/.local/bin``, a venv's ``bin``), or in this
    interpreter's scripts folder (``scripts``, by default sysconfig's); failing both, the
    interpreter with ``-m editor``.
    """
    if frozen:
        return [str(Path(executable).absolute())]
    folders = [scripts or Path(sysconfig.get_path("scripts"))]
    if argv0 and Path(argv0).name.startswith("article-editor"):
        # Not resolved: pipx's ~/.local/bin link outlives a reinstall of its venv.
        folders.insert(0, Path(argv0).absolute().parent)
    for folder in folders:
        candidate = folder / GUI_LAUNCHER
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate)]
    return [str(Path(executable).absolute()), "-m", "editor"]


def desktop_entry(command: list[str], created: list[str] | None = None) -> str:
    """The shipped ``.desktop`` file with ``Exec`` and ``TryExec`` naming ``command``, and the
    data folder's subfolders the install ``created`` recorded for uninstalling."""
    exec_line = " ".join(_quote_exec_argument(part) for part in command) + " %F"
    lines = []
    for line in read_resource("desktop", DESKTOP_FILE).splitlines():
        if line.startswith(("TryExec=", f"{_CREATED_KEY}=")):
            continue
        if line.startswith("Exec="):
            # TryExec hides the menu entry once the installation it names is removed.
            lines.append(f"TryExec={_escape_string(command[0])}")
            line = f"Exec={_escape_string(exec_line)}"
        lines.append(line)
    if created:
        lines.append(f"{_CREATED_KEY}={';'.join(created)};")
    return "\n".join(lines) + "\n"


def install_desktop(folder: Path, command: list[str]) -> list[Path]:
    """Write the desktop entry, icon and metainfo under the data folder ``folder``, and update
    the folder's MIME cache; return the files written. Raises ``OSError`` when one cannot be
    written."""
    entry, icon, metainfo = (folder / relative for relative in _FILES)
    created = {
        parent.relative_to(folder).as_posix()
        for target in (entry, icon, metainfo)
        for parent in target.parents
        if parent.is_relative_to(folder) and parent != folder and not parent.exists()
    }
    tool = shutil.which("update-desktop-database")
    if tool and not (folder / _MIME_CACHE).exists():
        created.add(_MIME_CACHE.as_posix())
    # Installing again (an upgrade) must not forget what the first install made.
    created.update(_created_paths(entry))
    written = []
    for target, content in (
        (icon, resource_path("icons", ICON_FILE).read_bytes()),
        (metainfo, resource_path("desktop", METAINFO_FILE).read_bytes()),
        # Last: its presence means the others are there too.
        (entry, desktop_entry(command, sorted(created)).encode()),
    ):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(target)
    # GIO (GNOME, and the file choosers of most desktops) learns which programs open
    # text/markdown from this cache, not from the entries themselves.
    _update_mime_cache(folder / APPLICATIONS)
    return written


def uninstall_desktop(folder: Path) -> list[Path]:
    """Remove what ``install_desktop`` wrote under ``folder``: its files, and the folders and
    MIME cache it created once nothing else is in them; return the files removed."""
    entry = folder / _FILES[0]
    created = _created_paths(entry)
    removed = []
    for target in (folder / relative for relative in _FILES):
        if target.is_file():
            target.unlink()
            removed.append(target)
    cache = folder / _MIME_CACHE
    if cache.is_file():
        _update_mime_cache(cache.parent)
        # A cache we made, which now lists no other program, goes with us.
        if _MIME_CACHE.as_posix() in created and _cache_is_empty(cache):
            cache.unlink()
    # Deepest first, so a parent is empty once its children are gone.
    for relative in sorted(created, key=lambda name: name.count("/"), reverse=True):
        candidate = folder / relative
        if candidate.is_dir() and not any(candidate.iterdir()):
            candidate.rmdir()
    return removed


def _created_paths(entry: Path) -> set[str]:
    try:
        lines = entry.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return set()
    for line in lines:
        if line.startswith(f"{_CREATED_KEY}="):
            names = line.partition("=")[2].split(";")
            # Only plain relative names: the file is the user's and could have been edited.
            return {n for n in names if n and not n.startswith("/") and ".." not in n.split("/")}
    return set()


def _update_mime_cache(applications: Path) -> None:
    tool = shutil.which("update-desktop-database")
    if tool and applications.is_dir():
        subprocess.run([tool, str(applications)], capture_output=True, check=False)


def _cache_is_empty(cache: Path) -> bool:
    try:
        lines = cache.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return False
    return all(not line.strip() or line.startswith("[") for line in lines)


def _quote_exec_argument(argument: str) -> str:
    argument = argument.replace("%", "%%")
    if not _RESERVED.intersection(argument):
        return argument
    escaped = "".join(f"\\{c}" if c in '"`$\\' else c for c in argument)
    return f'"{escaped}"'


def _escape_string(value: str) -> str:
    """A desktop entry ``string`` value: backslashes and control characters escaped."""
    return (
        value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    )
