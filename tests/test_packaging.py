"""The freedesktop metadata validates, and the wheel carries the resources."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
APP_ID = "org.articleeditor.ArticleEditor"


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils absent")
def test_desktop_file_validates():
    result = subprocess.run(
        ["desktop-file-validate", str(PROJECT / "packaging" / f"{APP_ID}.desktop")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream absent")
def test_appstream_metainfo_validates():
    result = subprocess.run(
        [
            "appstreamcli",
            "validate",
            "--no-net",
            str(PROJECT / "packaging" / f"{APP_ID}.metainfo.xml"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_wheel_ships_the_resources(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(PROJECT),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("article_editor-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for resource in (
        "css/article.css",
        "preview/shell.html",
        "preview/preview.js",
        "templates/standalone.html",
        "sample/article.md",
        f"icons/{APP_ID}.svg",
    ):
        assert f"editor/data/{resource}" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "article-editor = editor.cli:main" in text
