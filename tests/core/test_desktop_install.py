"""The desktop integration in a temporary XDG data folder: what is written validates, points at
the launcher, and is all that uninstalling removes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from editor.core.desktop_install import (
    data_home,
    desktop_entry,
    install_desktop,
    launcher_command,
    uninstall_desktop,
)

APP_ID = "org.articleeditor.ArticleEditor"
PROJECT = Path(__file__).resolve().parents[2]

needs_validators = pytest.mark.skipif(
    not (shutil.which("desktop-file-validate") and shutil.which("appstreamcli")),
    reason="desktop-file-utils or appstream absent",
)


def run_cli(data: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_DATA_HOME": str(data), "PYTHONPATH": str(PROJECT)}
    return subprocess.run(
        [sys.executable, "-m", "editor", *args], env=env, capture_output=True, text=True
    )


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


def entry_lines(data: Path) -> list[str]:
    return (data / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8").splitlines()


@needs_validators
def test_install_writes_valid_files_and_uninstall_removes_only_them(tmp_path):
    data = tmp_path / "share"
    # Another application's files, which must survive both commands untouched.
    (data / "applications").mkdir(parents=True)
    (data / "applications" / "other.desktop").write_text("[Desktop Entry]\n", encoding="utf-8")
    (data / "icons" / "hicolor").mkdir(parents=True)
    before = tree(data)

    installed = run_cli(data, "--install-desktop")
    assert installed.returncode == 0, installed.stderr
    again = run_cli(data, "--install-desktop")  # an upgrade installs over the first
    assert again.returncode == 0, again.stderr
    assert installed.stdout.count("Installed ") == 3
    entry = data / "applications" / f"{APP_ID}.desktop"
    metainfo = data / "metainfo" / f"{APP_ID}.metainfo.xml"
    icon = data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    for path, validator in (
        (entry, ["desktop-file-validate"]),
        (metainfo, ["appstreamcli", "validate", "--no-net"]),
    ):
        result = subprocess.run([*validator, str(path)], capture_output=True, text=True)
        assert result.returncode == 0 and "error" not in result.stdout.lower(), result.stdout
    assert icon.read_bytes() == (PROJECT / "resources" / "icons" / icon.name).read_bytes()
    lines = entry_lines(data)
    assert "MimeType=text/markdown;text/x-markdown;" in lines
    assert f"Icon={APP_ID}" in lines
    exec_line = next(line for line in lines if line.startswith("Exec="))
    program = exec_line.removeprefix("Exec=").split()[0]
    assert Path(program).is_absolute() and os.access(program, os.X_OK), exec_line

    removed = run_cli(data, "--uninstall-desktop")
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.count("Removed ") == 3
    assert tree(data) == before
    assert not (data / "metainfo").exists()  # made by the install, so taken away again
    assert (data / "icons" / "hicolor").is_dir()  # was there before

    again = run_cli(data, "--uninstall-desktop")
    assert again.returncode == 0 and "Nothing to remove" in again.stdout


@needs_validators
def test_a_launcher_path_with_spaces_and_quotes_is_quoted_as_the_spec_says(tmp_path):
    data = tmp_path / "share"
    launcher = tmp_path / 'My "Apps" 100%' / "article-editor-gui"
    install_desktop(data, [str(launcher)])
    entry = data / "applications" / f"{APP_ID}.desktop"
    result = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout
    quoted = str(launcher).replace('"', '\\\\"').replace("%", "%%")
    assert f'Exec="{quoted}" %F' in entry_lines(data)
    assert f"TryExec={launcher}" in entry_lines(data)


@pytest.mark.skipif(not shutil.which("gio"), reason="no GIO to ask")
def test_the_desktop_then_opens_markdown_with_the_editor(tmp_path):
    # GIO (GNOME, most file choosers) reads the MIME cache, which the install keeps true.
    data = tmp_path / "share"

    def programs_for_markdown() -> str:
        env = {**os.environ, "XDG_DATA_HOME": str(data), "HOME": str(tmp_path)}
        result = subprocess.run(
            ["gio", "mime", "text/markdown"], env=env, capture_output=True, text=True
        )
        return result.stdout

    launcher = tmp_path / "article-editor-gui"  # TryExec hides an entry whose program is gone
    launcher.write_text("#!/bin/sh\n")
    launcher.chmod(0o755)
    install_desktop(data, [str(launcher)])
    assert f"{APP_ID}.desktop" in programs_for_markdown()
    launcher.unlink()
    assert f"{APP_ID}.desktop" not in programs_for_markdown()
    launcher.write_text("#!/bin/sh\n")
    launcher.chmod(0o755)
    uninstall_desktop(data)
    assert f"{APP_ID}.desktop" not in programs_for_markdown()
    assert not data.exists() or not any(data.rglob("*"))


@pytest.mark.skipif(not shutil.which("update-desktop-database"), reason="no desktop database")
def test_a_mime_cache_listing_other_programs_stays(tmp_path):
    data = tmp_path / "share"
    install_desktop(data, ["/opt/ae/article-editor-gui"])
    cache = data / "applications" / "mimeinfo.cache"
    assert f"text/markdown={APP_ID}.desktop;" in cache.read_text(encoding="utf-8")
    # Another program, installed after us, shares the cache we made.
    (data / "applications" / "viewer.desktop").write_text(
        "[Desktop Entry]\nType=Application\nName=Viewer\nExec=viewer\nMimeType=text/plain;\n",
        encoding="utf-8",
    )
    subprocess.run(["update-desktop-database", str(data / "applications")], check=True)
    uninstall_desktop(data)
    text = cache.read_text(encoding="utf-8")
    assert "text/plain=viewer.desktop;" in text and APP_ID not in text


def test_the_launcher_is_found_beside_the_running_command(tmp_path):
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    gui = bin_folder / "article-editor-gui"
    gui.write_text("#!/bin/sh\n")
    gui.chmod(0o755)
    assert launcher_command(str(bin_folder / "article-editor"), sys.executable, False) == [str(gui)]
    # A bundle is its own launcher; with no script anywhere, the interpreter runs the package.
    assert launcher_command("x", "/opt/ae/article-editor", True) == ["/opt/ae/article-editor"]
    assert launcher_command("/x/editor/__main__.py", "/opt/py/python", False, tmp_path) == [
        "/opt/py/python",
        "-m",
        "editor",
    ]
    # pipx's ~/.local/bin/article-editor links into its venv: the link is kept, not resolved.
    linked = tmp_path / "local-bin"
    linked.mkdir()
    (linked / "article-editor-gui").symlink_to(gui)
    assert launcher_command(str(linked / "article-editor"), sys.executable, False) == [
        str(linked / "article-editor-gui")
    ]


def test_the_data_folder_follows_xdg_and_ignores_a_relative_value(tmp_path):
    assert data_home({"XDG_DATA_HOME": str(tmp_path), "HOME": "/h"}) == tmp_path
    assert data_home({"XDG_DATA_HOME": "rel/share", "HOME": "/h"}) == Path("/h/.local/share")
    assert data_home({"HOME": "/h"}) == Path("/h/.local/share")


def test_the_entry_keeps_everything_but_the_command(tmp_path):
    shipped = (PROJECT / "resources" / "desktop" / f"{APP_ID}.desktop").read_text().splitlines()
    made = desktop_entry(["/opt/ae/article-editor-gui"]).splitlines()
    assert made == desktop_entry(["/opt/ae/article-editor-gui"], created=[]).splitlines()
    assert [line for line in made if not line.startswith(("Exec=", "TryExec="))] == [
        line for line in shipped if not line.startswith(("Exec=", "TryExec="))
    ]
    assert "Exec=/opt/ae/article-editor-gui %F" in made
