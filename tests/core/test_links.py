"""Where a link clicked in the preview leads, decided on real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.links import LinkKind, classify_link


def file_url(path: Path) -> str:
    return path.as_uri()


@pytest.mark.parametrize(
    "url", ["https://example.org/a?b=1#c", "http://example.org", "mailto:a@example.org"]
)
def test_web_and_mail_links_go_to_the_browser(url):
    assert classify_link(url).kind is LinkKind.WEB


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,x",
        "vscode://open",
        "smb://host/share",
        "ftp://x",
        "file://otherhost/etc/passwd",
        "ssh:host",
        "",
    ],
)
def test_other_schemes_are_refused(url):
    assert classify_link(url).kind is LinkKind.REFUSED


def test_local_files_by_what_opening_them_would_do(tmp_path):
    (tmp_path / "notes.md").write_text("x")
    (tmp_path / "Notes.MARKDOWN").write_text("x")
    (tmp_path / "paper.pdf").write_bytes(b"%PDF")
    (tmp_path / "run.sh").write_text("#!/bin/sh\n")  # a script's suffix, even without +x
    (tmp_path / "payload.desktop").write_text("[Desktop Entry]\n")
    (tmp_path / "tool").write_bytes(b"\x7fELF")
    (tmp_path / "tool").chmod(0o755)
    (tmp_path / "figures").mkdir()
    (tmp_path / "sneaky.pdf").symlink_to(tmp_path / "tool")
    kinds = {
        name: classify_link(file_url(tmp_path / name) + "#part").kind
        for name in (
            "notes.md",
            "Notes.MARKDOWN",
            "paper.pdf",
            "run.sh",
            "payload.desktop",
            "tool",
            "figures",
            "sneaky.pdf",
            "gone.md",
        )
    }
    assert kinds == {
        "notes.md": LinkKind.MARKDOWN,
        "Notes.MARKDOWN": LinkKind.MARKDOWN,
        "paper.pdf": LinkKind.DOCUMENT,
        "run.sh": LinkKind.PROGRAM,
        "payload.desktop": LinkKind.PROGRAM,
        "tool": LinkKind.PROGRAM,
        "figures": LinkKind.DOCUMENT,
        "sneaky.pdf": LinkKind.PROGRAM,  # a link is judged by what it points to
        "gone.md": LinkKind.MISSING,
    }
    spaced = tmp_path / "chapter 2.md"
    spaced.write_text("x")
    target = classify_link(file_url(spaced))
    assert (target.kind, target.path) == (LinkKind.MARKDOWN, spaced)
