"""The standalone bundle (``make bundle``) starts, exports the sample to HTML and PDF, checks
spelling, opens its window and installs its desktop entry, all without the project's Python.

Run by ``make test-bundle``, which names the bundle in ``ARTICLE_EDITOR_BUNDLE``; skipped
otherwise, so ``make test`` never depends on a bundle (or on a stale one lying in dist/).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

BUNDLE = os.environ.get("ARTICLE_EDITOR_BUNDLE")
pytestmark = pytest.mark.skipif(not BUNDLE, reason="no bundle named: run make test-bundle")
APP_ID = "org.articleeditor.ArticleEditor"


@pytest.fixture
def bundle() -> Path:
    folder = Path(BUNDLE).resolve()
    assert (folder / "article-editor").is_file(), f"{folder} holds no article-editor: make bundle"
    return folder


@pytest.fixture
def run(bundle, tmp_path):
    """Run the bundle's executable from a folder of its own, with no Python variables, no
    display and private XDG folders."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PYTHON") and k not in ("DISPLAY", "WAYLAND_DISPLAY", "VIRTUAL_ENV")
    }
    env.update(
        QT_QPA_PLATFORM="offscreen",
        QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox",
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        # Nowhere on PATH is a python: the bundle must carry its own.
        PATH="/usr/bin:/bin",
    )

    def run(*args, **kwargs):
        return subprocess.run(
            [bundle / "article-editor", *map(str, args)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            **kwargs,
        )

    run.env = env
    return run


@pytest.fixture
def sample(bundle, tmp_path) -> Path:
    shutil.copytree(bundle / "_internal" / "editor" / "data" / "sample", tmp_path / "sample")
    return tmp_path / "sample" / "article.md"


def test_bundle_reports_its_version(run):
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("article-editor "), result.stderr


def test_bundle_exports_the_sample_to_html_and_pdf(run, sample, tmp_path):
    html = run("export", sample, "-o", "a.html")
    assert html.returncode == 0, html.stderr
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert "Berman, R.M." in page and "@berman2000" not in page
    assert "data:image/svg+xml" in page

    pdf = run("export", sample, "-o", "a.pdf")
    assert pdf.returncode == 0, pdf.stderr
    text = subprocess.run(
        ["pdftotext", tmp_path / "a.pdf", "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Ketamine-assisted psychotherapy" in text
    assert "(Berman et al., 2000; Zarate et al., 2006)" in " ".join(text.split())


def test_bundle_checks_spelling(run, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text("The patiant slept.\n", encoding="utf-8")
    result = run("check", draft, "--lang", "en_GB")
    assert result.returncode == 1, result.stderr
    assert f"{draft}:1:5: “patiant” is not in the en_GB dictionary -> " in result.stdout
    assert "patient" in result.stdout


def test_bundle_keeps_its_window_open_until_told_to_stop(bundle, run, sample, tmp_path):
    window = subprocess.Popen(
        [bundle / "article-editor", sample],
        cwd=tmp_path,
        env=run.env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(6)
        assert window.poll() is None, window.stderr.read()
    finally:
        window.terminate()
        _, stderr = window.communicate(timeout=30)
    assert "Traceback" not in stderr, stderr


def test_bundle_installs_a_desktop_entry_that_runs_it(bundle, run, tmp_path):
    assert run("--install-desktop").returncode == 0
    entry = tmp_path / "data" / "applications" / f"{APP_ID}.desktop"
    assert f"Exec={bundle / 'article-editor'} %F" in entry.read_text(encoding="utf-8")
    assert run("--uninstall-desktop").returncode == 0
    assert not entry.exists()
