"""Clipboard HTML from a browser and from Word becomes clean markdown; the markdown is read
back by our own renderer and by pandoc to check its structure."""

import json
import shutil
import subprocess
from datetime import datetime

import pytest

from editor.core import paste
from editor.core.render import Renderer


@pytest.fixture
def browser_html(fixtures):
    return (fixtures / "paste" / "browser.html").read_text(encoding="utf-8")


@pytest.fixture
def word_html(fixtures):
    return (fixtures / "paste" / "word.html").read_text(encoding="utf-8")


def pandoc_blocks(markdown: str) -> list:
    if not shutil.which("pandoc"):
        pytest.skip("needs pandoc")
    done = subprocess.run(
        ["pandoc", "-f", "markdown", "-t", "json"], input=markdown, capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)["blocks"]


def test_browser_html_keeps_its_structure_and_loses_its_scripts(browser_html):
    markdown = paste.html_to_markdown(browser_html)
    assert markdown.splitlines()[0] == "## Dosing and *titration*"
    assert "**5 mg**" in markdown
    assert '[NICE guide](https://example.org/guide?id=3&v=2 "Guide")' in markdown
    assert "-   First **item**\n-   Second item\n    -   nested one" in markdown
    assert "3.  three\n4.  four" in markdown
    assert "> Quoted words." in markdown
    assert "| Drug | Dose |\n| --- | --- |\n| Ramipril | 2.5 mg |" in markdown
    assert "![A figure](https://example.org/figure.png)" in markdown
    assert "```\nx = 1 * 2\n```" in markdown
    for gone in ("alert", "evil", "javascript", "color:red", "data:image", "StartFragment"):
        assert gone not in markdown
    assert "and this." in markdown  # the text of the dangerous link stays
    kinds = [block["t"] for block in pandoc_blocks(markdown)]
    assert kinds == [
        "Header", "Para", "BulletList", "OrderedList", "BlockQuote", "Table", "Para",
        "CodeBlock",
    ]  # fmt: skip


def test_word_html_pastes_clean_with_its_lists_as_lists(word_html):
    markdown = paste.html_to_markdown(word_html)
    assert markdown.splitlines()[0] == "# Methods"
    assert (
        "Patients received **ramipril** and *bisoprolol* as described in the "
        "[trial protocol](https://example.org/trial)."
    ) in markdown
    assert "-   Blood pressure\n    -   Seated\n-   Heart rate" in markdown
    assert "1.  Screen\n2.  Randomise" in markdown
    assert "| Control | 42 |" in markdown
    for noise in ("mso", "Mso", "o:p", "·", "Dr A", "Calibri", "supportLists", "clip_image",
                  "&nbsp;", "\xa0", "![]"):  # fmt: skip
        assert noise not in markdown
    assert "\n\n\n" not in markdown
    blocks = pandoc_blocks(markdown)
    assert [block["t"] for block in blocks] == [
        "Header", "Para", "BulletList", "OrderedList", "Table",
    ]  # fmt: skip
    bullets = blocks[2]["c"]
    assert len(bullets) == 2 and bullets[0][1]["t"] == "BulletList"


def test_pasted_markdown_renders_in_the_preview_with_the_same_structure(browser_html, word_html):
    html = "".join(Renderer().render(paste.html_to_markdown(browser_html)).block_html)
    for tag in ("<h2", "<em>titration</em>", "<strong>5 mg</strong>", "<ul>", "<ol",
                "<blockquote>", "<table>", "<img", "<pre>"):  # fmt: skip
        assert tag in html, tag
    html = "".join(Renderer().render(paste.html_to_markdown(word_html)).block_html)
    assert html.count("<ul>") == 2  # the nested list nests in python-markdown too
    assert "<table>" in html


def test_plain_looking_html_is_left_to_the_plain_text():
    # A code editor's copy: coloured spans and divs say nothing the plain text does not.
    editor_copy = '<div style="color:#333"><div><span style="color:blue">x</span> = 1</div></div>'
    assert not paste.has_structure(editor_copy)
    assert paste.has_structure("<p>Words</p>")
    assert paste.has_structure('<a href="https://x.example">x</a>')


def test_a_copied_image_html_is_only_images():
    assert paste.is_only_images(paste.html_to_markdown('<img src="https://x.example/a.png">'))
    assert not paste.is_only_images("Text ![](a.png)")


def test_pasted_image_names_are_free_and_relative(tmp_path):
    now = datetime(2026, 11, 2, 9, 30, 5)
    first = paste.pasted_image_path(tmp_path, now)
    assert first.name == "pasted-20261102-093005.png"
    first.write_bytes(b"x")
    assert paste.pasted_image_path(tmp_path, now).name == "pasted-20261102-093005-2.png"
    (tmp_path / "fig.png").write_bytes(b"x")
    assert paste.free_path(tmp_path, "fig.png").name == "fig-2.png"
    assert paste.relative_reference(tmp_path / "images" / "a b.png", tmp_path) == "images/a b.png"
    outside = tmp_path.parent / "elsewhere.pdf"
    assert paste.relative_reference(outside, tmp_path) == outside.resolve().as_posix()
