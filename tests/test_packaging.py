"""The freedesktop metadata validates, and the wheel, installed into a fresh virtual environment,
is the whole application: export, check, the window and the desktop files."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
APP_ID = "org.articleeditor.ArticleEditor"
DESKTOP = PROJECT / "resources" / "desktop"
# What a build must never see or write: the checkout's environments and build products.
_NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
    ".hypothesis", "out",
)  # fmt: skip


def validate_desktop_file(path: Path) -> None:
    result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def validate_metainfo(path: Path) -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


needs_desktop_file_utils = pytest.mark.skipif(
    not shutil.which("desktop-file-validate"), reason="desktop-file-utils absent"
)
needs_appstream = pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream absent")


@needs_desktop_file_utils
def test_desktop_file_validates():
    validate_desktop_file(DESKTOP / f"{APP_ID}.desktop")


@needs_appstream
def test_appstream_metainfo_validates():
    validate_metainfo(DESKTOP / f"{APP_ID}.metainfo.xml")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel pip builds from a copy of the tree, so the checkout gets no build/ or
    egg-info."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    shutil.copytree(PROJECT, source, ignore=_NOT_COPIED)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(root), source],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return next(root.glob("article_editor-*.whl"))


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment holding the project from the wheel alone; its dependencies
    come from this interpreter's site-packages through a ``.pth`` file (plain paths, so the
    editable install's own ``.pth`` hooks there are never run)."""
    venv = tmp_path_factory.mktemp("venv") / "v"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    shared = [*site.getsitepackages(), sysconfig.get_path("purelib")]
    Path(purelib, "shared-dependencies.pth").write_text("\n".join(dict.fromkeys(shared)) + "\n")
    install = [sys.executable, "-m", "pip", "--python", python, "install", "--quiet"]
    # Without PYTHONPATH, so pip cannot see a checkout's package as installed already.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [*install, "--no-deps", "--no-index", wheel], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    return venv


@pytest.fixture
def outside(tmp_path) -> Path:
    """A working folder outside the checkout, so nothing can be imported from it."""
    return tmp_path


def run_installed(venv: Path, folder: Path, *command, timeout=120) -> subprocess.CompletedProcess:
    """Run a program of ``venv`` from ``folder``, with no PYTHONPATH and private XDG folders."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DISPLAY")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox",
        HOME=str(folder / "home"),
        XDG_CONFIG_HOME=str(folder / "config"),
        XDG_DATA_HOME=str(folder / "data"),
        XDG_CACHE_HOME=str(folder / "cache"),
    )
    program, *args = command
    return subprocess.run(
        [str(venv / "bin" / program), *map(str, args)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def installed_package(venv: Path, folder: Path) -> Path:
    result = run_installed(venv, folder, "python", "-c", "import editor; print(editor.__file__)")
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip()).parent


def test_wheel_holds_every_module_and_resource(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {
        path.relative_to(PROJECT).as_posix()
        for path in (PROJECT / "editor").rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert modules <= names, sorted(modules - names)
    resources = {
        "editor/data/" + path.relative_to(PROJECT / "resources").as_posix()
        for path in (PROJECT / "resources").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert resources <= names, sorted(resources - names)
    assert f"editor/data/desktop/{APP_ID}.desktop" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "article-editor = editor.cli:main" in text
    assert "article-editor-gui = editor.gui.app:main" in text


@pytest.mark.slow
def test_installed_wheel_runs_from_its_own_environment(venv, outside):
    package = installed_package(venv, outside)
    assert package.is_relative_to(venv), package
    assert not package.is_relative_to(PROJECT)


@pytest.mark.slow
def test_installed_wheel_exports_the_sample_with_its_bibliography(venv, outside):
    shutil.copytree(installed_package(venv, outside) / "data" / "sample", outside / "sample")
    article = outside / "sample" / "article.md"

    html = run_installed(venv, outside, "article-editor", "export", article, "-o", "a.html")
    assert html.returncode == 0, html.stderr
    page = (outside / "a.html").read_text(encoding="utf-8")
    assert "Berman, R.M." in page and "Zarate" in page  # the .bib's reference list
    assert "@berman2000" not in page  # every key was found
    assert "data:image/svg+xml" in page  # the figure, embedded
    assert "<style" in page  # the shipped stylesheet

    pdf = run_installed(venv, outside, "article-editor", "export", article, "-o", "a.pdf")
    assert pdf.returncode == 0, pdf.stderr
    text = subprocess.run(
        ["pdftotext", outside / "a.pdf", "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Ketamine-assisted psychotherapy" in text
    assert "(Berman et al., 2000; Zarate et al., 2006)" in " ".join(text.split())
    assert "References" in text


@pytest.mark.slow
def test_installed_wheel_checks_spelling(venv, outside):
    draft = outside / "draft.md"
    draft.write_text("---\nlang: en-GB\n---\n\nThe patiant slept.\n", encoding="utf-8")
    result = run_installed(venv, outside, "article-editor", "check", draft, "--format", "json")
    assert result.returncode == 1, result.stderr
    found = json.loads(result.stdout)
    assert [(item["line"], item["kind"], item["text"]) for item in found] == [
        (5, "spelling", "patiant")
    ]
    assert "patient" in found[0]["suggestions"]


# Run by the installed interpreter. The guard matters: the render worker is a spawned process,
# which imports the main module again.
_WINDOW_SCRIPT = """
import json, sys, time
from pathlib import Path


def main(work):
    import editor
    from editor.gui.app import create_application

    app = create_application([sys.argv[0]])
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from editor.gui.main_window import MainWindow
    from editor.gui.settings import Settings

    settings = Settings.at_path(work / "settings.ini")
    window = MainWindow(settings, personal_dictionary=work / "words")
    window.show()
    assert window.open_path(work / "sample" / "article.md")
    window.citation_panel.show()

    def wait_for(condition, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            app.processEvents()
            value = condition()
            if value:
                return value
            time.sleep(0.02)
        return condition()

    def preview_text():
        box = []
        script = "document.getElementById('ae-content').innerText"
        window.preview.run_in_page(script, box.append)
        wait_for(lambda: box, 10)
        return box[0] if box and "References" in (box[0] or "") else None

    seen = {
        "editor": editor.__file__,
        "preview": wait_for(preview_text),
        "panel_rows": wait_for(lambda: window.citation_panel.model.rowCount()),
        "icon": not app.windowIcon().isNull(),
    }
    window.editor.document().setModified(False)
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return seen


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
"""


@pytest.mark.slow
def test_installed_wheel_opens_the_window_on_the_sample(venv, outside):
    shutil.copytree(installed_package(venv, outside) / "data" / "sample", outside / "sample")
    (outside / "window.py").write_text(_WINDOW_SCRIPT, encoding="utf-8")
    result = run_installed(venv, outside, "python", "window.py", outside)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(seen["editor"]).is_relative_to(venv)
    assert "What we mean by treatment resistance" in seen["preview"]  # the sample, rendered
    assert "Berman, R.M." in seen["preview"]  # its reference list, from the .bib
    assert seen["panel_rows"] == 6  # the citation panel lists the library
    assert seen["icon"]

    # The launcher itself keeps its window open until it is told to stop.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(outside / "data"),
               XDG_CONFIG_HOME=str(outside / "config"), HOME=str(outside / "home"),
               QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox")  # fmt: skip
    launcher = subprocess.Popen(
        [venv / "bin" / "article-editor-gui", outside / "sample" / "article.md"],
        cwd=outside,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(4)
        assert launcher.poll() is None, launcher.stderr.read()
    finally:
        launcher.terminate()
        _, stderr = launcher.communicate(timeout=30)
    assert "Traceback" not in stderr, stderr


@pytest.mark.slow
@needs_desktop_file_utils
@needs_appstream
def test_installed_wheel_installs_its_desktop_files(venv, outside):
    data = outside / "data"
    installed = run_installed(venv, outside, "article-editor", "--install-desktop")
    assert installed.returncode == 0, installed.stderr
    entry = data / "applications" / f"{APP_ID}.desktop"
    validate_desktop_file(entry)
    validate_metainfo(data / "metainfo" / f"{APP_ID}.metainfo.xml")
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    lines = entry.read_text(encoding="utf-8").splitlines()
    assert f"Exec={venv / 'bin' / 'article-editor-gui'} %F" in lines
    assert "MimeType=text/markdown;text/x-markdown;" in lines

    removed = run_installed(venv, outside, "article-editor", "--uninstall-desktop")
    assert removed.returncode == 0, removed.stderr
    assert not data.exists() or not any(data.iterdir())
