"""A hostile document exported as HTML: nothing in the file can run or reach out."""

from __future__ import annotations

import re
import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path

from editor.cli import main
from editor.core.export_html import standalone_html
from editor.core.render import Renderer

HOSTILE_MARKDOWN = """\
---
title: Hostile
---

<script>window.pwned=1; document.body.dataset.pwned="script"</script>

<img src=x onerror="window.pwned=2; document.body.dataset.pwned='onerror'" alt="broken">

A <a href="javascript:alert(1)">script link</a>, [a file link](file:///etc/passwd) and
<a href="file:///etc/passwd" onclick="document.body.dataset.pwned='click'">a raw file link</a>.

<iframe src="{remote}/frame"></iframe>

<img src="https://example.org/x.png" alt="web">

<img src="{remote}/x.png" alt="remote">

<img src="file:///etc/hostname" alt="hostname">

<img src="../outside.png" alt="outside">

<img src="inside.png" alt="inside">

<object data="{remote}/object"></object>

<svg onload="document.body.dataset.pwned='svg'"><circle r="4"/></svg>

<style>body {{ background: url({remote}/style.png) }}</style>

<meta http-equiv="refresh" content="0; url={remote}/refresh">

<form action="{remote}/form"><input name="q"><button>Go</button></form>

Last paragraph.
"""

FORBIDDEN_ELEMENTS = ("script", "iframe", "object", "embed", "form", "input", "svg", "meta")


def png_bytes(width: int, height: int) -> bytes:
    """A small grey PNG, without needing an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def write_hostile_document(root: Path, remote: str = "http://127.0.0.1:9") -> Path:
    """The hostile document in ``root/doc``, with ``inside.png`` beside it and
    ``outside.png`` one folder up; ``remote`` is where its web requests would go."""
    folder = root / "doc"
    folder.mkdir()
    (root / "outside.png").write_bytes(png_bytes(7, 5))
    (folder / "inside.png").write_bytes(png_bytes(9, 4))
    source = folder / "hostile.md"
    source.write_text(HOSTILE_MARKDOWN.format(remote=remote), encoding="utf-8")
    return source


class _Elements(HTMLParser):
    """Every start tag of a document, with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_exported_html_holds_nothing_that_runs_or_reaches_out(tmp_path):
    source = write_hostile_document(tmp_path, remote="https://attacker.example")
    target = tmp_path / "out.html"
    assert main(["export", str(source), "-o", str(target)]) == 0
    html = target.read_text(encoding="utf-8")
    body = html.split("<body", 1)[1]
    parser = _Elements()
    parser.feed(body)
    tags = [tag for tag, _ in parser.tags]
    for forbidden in FORBIDDEN_ELEMENTS:
        assert forbidden not in tags, forbidden
    assert "style" not in tags  # only the article CSS, in the head
    for tag, attributes in parser.tags:
        assert not [name for name in attributes if name.startswith("on")], (tag, attributes)
        for name in ("href", "src", "action", "data"):
            value = (attributes.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "file:", "vbscript:")), (tag, value)
    lowered = html.lower()
    for needle in ("javascript:", "file:///", "pwned", "/frame", "/object", "/style.png"):
        assert needle not in lowered, needle
    assert "/refresh" not in lowered and "http-equiv" not in lowered
    # The prose survives; the links lost only their dangerous targets.
    assert "script link" in html and "a file link" in html and "Last paragraph." in html
    images = {
        attributes.get("alt"): attributes.get("src")
        for tag, attributes in parser.tags
        if tag == "img"
    }
    # The local image travels inside the file; remote ones stay links, as the policy says.
    assert images["inside"].startswith("data:image/png;base64,")
    assert images["web"] == "https://example.org/x.png"
    assert not images.get("hostname")  # file: URLs are dropped by the sanitiser
    assert re.search(r"<img[^>]*alt=\"broken\"", html) and "onerror" not in lowered


def test_exported_fragment_is_as_clean(tmp_path):
    source = write_hostile_document(tmp_path)
    document = Renderer().render(source.read_text(encoding="utf-8"), source.parent)
    html = standalone_html(document, base_dir=source.parent, fragment=True).lower()
    assert html.startswith("<article")
    for needle in (
        "<script",
        "<iframe",
        "<object",
        "<form",
        "<meta",
        "<svg",
        "<style",
        " on",
        "javascript:",
        "file:///",
    ):
        assert needle not in html, needle


def test_export_embeds_no_image_from_outside_the_document_folder(tmp_path):
    from editor.cli import main

    (tmp_path / "secret.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    folder = tmp_path / "doc"
    folder.mkdir()
    (folder / "ok.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (folder / "a.md").write_text("![ok](ok.svg)\n\n![no](../secret.svg)\n", encoding="utf-8")
    assert main(["export", str(folder / "a.md"), "-o", str(folder / "a.html")]) == 0
    html = (folder / "a.html").read_text(encoding="utf-8")
    assert html.count("data:image/svg+xml;base64,") == 1
    assert 'src="../secret.svg"' in html


def test_a_hostile_lang_stays_out_of_the_exported_page(tmp_path):
    """The front matter's lang is a language tag or the default: it never becomes markup."""
    for number, lang in enumerate(
        [
            'en"><meta http-equiv="refresh" content="0; url=https://attacker.example/">',
            'en"><base href="https://attacker.example/"><!--',
            "</html><script>document.body.dataset.pwned=1</script>",
        ]
    ):
        source = tmp_path / f"lang{number}.md"
        quoted = "'" + lang.replace("'", "''") + "'"
        source.write_text(f"---\ntitle: T\nlang: {quoted}\n---\n\nText.\n", encoding="utf-8")
        target = tmp_path / f"lang{number}.html"
        assert main(["export", str(source), "-o", str(target)]) == 0
        fragment = standalone_html(Renderer().render(source.read_text()), fragment=True)
        for page in (target.read_text(encoding="utf-8"), fragment):
            parser = _Elements()
            parser.feed(page)
            langs = [attributes["lang"] for _tag, attributes in parser.tags if "lang" in attributes]
            assert langs == ["en"]
            tags = [tag for tag, _ in parser.tags]
            assert "base" not in tags and "script" not in tags
            assert [a for t, a in parser.tags if t == "meta" and "http-equiv" in a] == []
            assert "attacker" not in page and "pwned" not in page


def test_a_language_tag_is_kept_in_the_exported_page(tmp_path):
    source = tmp_path / "fr.md"
    source.write_text("---\nlang: fr-CA\n---\n\nTexte.\n", encoding="utf-8")
    target = tmp_path / "fr.html"
    assert main(["export", str(source), "-o", str(target)]) == 0
    assert '<html lang="fr-CA">' in target.read_text(encoding="utf-8")
