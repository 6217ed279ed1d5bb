"""The exported page opened in a real browser (headless Debian ``chromium``): it renders, its
text is there, nothing is logged to the console and nothing is fetched from the network."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from editor.cli import main

CHROMIUM = Path("/usr/bin/chromium")
SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "sample"
BASE_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
    # Nothing can resolve, so even a request that slipped through could not leave the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")


class BrowserRun:
    """One headless Chromium run over a local page: stdout, console lines, page requests."""

    def __init__(self, page: Path, work: Path, *flags: str) -> None:
        profile = work / "profile"
        net_log = work / "net-log.json"
        shutil.rmtree(profile, ignore_errors=True)
        result = subprocess.run(
            [
                str(CHROMIUM),
                *BASE_FLAGS,
                f"--user-data-dir={profile}",
                f"--log-net-log={net_log}",
                *flags,
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        self.stdout = result.stdout
        # Chromium logs the page's console (messages, uncaught exceptions) as ":CONSOLE" lines.
        self.console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
        self.page_requests = _page_requests(net_log)


def _page_requests(net_log: Path) -> list[str]:
    """URLs the page asked the network for. The browser's own requests (updates, accounts),
    which headless Chromium makes whatever the page, carry no origin; a page opened from a
    file carries ``file://`` in its requests' network isolation key."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log["events"]:
        params = event.get("params", {})
        if event["type"] == start_job and "file://" in params.get("network_isolation_key", ""):
            if urlsplit(params.get("url", "")).scheme not in ("file", "data"):
                urls.append(params["url"])
    return urls


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    work = tmp_path_factory.mktemp("browser")
    shutil.copytree(SAMPLE, work / "sample")
    target = work / "out" / "article.html"
    target.parent.mkdir()
    assert main(["export", str(work / "sample" / "article.md"), "-o", str(target)]) == 0
    # The page must not depend on the folder it came from.
    shutil.rmtree(work / "sample")
    return target, work


def test_the_detectors_catch_a_console_error_and_a_remote_image(tmp_path):
    """A control page, so that a clean result below means something."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><body><img src="http://example.org/x.png">'
        "<script>console.error('boom'); missingFunction();</script></body></html>",
        encoding="utf-8",
    )
    run = BrowserRun(page, tmp_path, "--dump-dom")
    assert any("boom" in line for line in run.console)
    assert any("Uncaught" in line for line in run.console)
    assert run.page_requests == ["http://example.org/x.png"]


def test_the_page_renders_its_text_quietly_and_offline(exported):
    target, work = exported
    run = BrowserRun(target, work, "--dump-dom")
    dom = run.stdout
    assert (
        "<title>Ketamine-assisted psychotherapy for treatment-resistant depression</title>" in dom
    )
    assert '<h1 class="title">Ketamine-assisted psychotherapy' in dom
    assert '<h2 id="background">Background</h2>' in dom
    assert "(Berman <i>et al.</i>, 2000; Zarate <i>et al.</i>, 2006)" in dom
    assert re.search(r'<div id="ref-berman2000" class="csl-entry"[^>]*>Berman, R\.M\.', dom)
    assert re.search(r'<img [^>]*src="data:image/svg\+xml;base64,', dom)
    assert 'class="footnote' in dom
    assert run.console == []
    assert run.page_requests == []


def test_nothing_in_the_page_loads_from_elsewhere(exported):
    target, _work = exported
    page = target.read_text(encoding="utf-8")
    loading = re.findall(r"<(?:img|script|link|iframe|source|video|audio)\b[^>]*>", page)
    for tag in loading:
        for url in re.findall(r'\b(?:src|href|srcset|poster)="([^"]*)"', tag):
            assert url.startswith("data:"), tag
    assert not re.search(r"url\(\s*['\"]?(?!data:)[a-z]+:", page)  # CSS fetches
    assert "@import" not in page


def test_screenshot_shows_the_article(exported):
    from PySide6.QtGui import QImage

    target, work = exported
    shot = work / "article.png"
    run = BrowserRun(target, work, f"--screenshot={shot}", "--window-size=1200,1600")
    assert run.console == [] and run.page_requests == []
    assert shot.stat().st_size > 50_000  # a blank page is a few kilobytes
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1200, 1600)
    colours = {image.pixel(x, y) for x in range(0, 1200, 7) for y in range(0, 1600, 7)}
    assert len(colours) > 20  # text, anti-aliased, on a background
    dark = sum(1 for colour in colours if (colour & 0xFF) < 80)
    assert dark > 0
