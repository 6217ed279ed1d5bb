"""The standalone page and the CMS fragment, checked as HTML5 with a strict tag balance."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from editor.core.export_html import standalone_html
from editor.core.render import Renderer

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample"
CITATION = 'data-cites="berman2000 zarate2006">(Berman <i>et al.</i>, 2000'
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


class StrictTree(HTMLParser):
    """Records every element and fails on an end tag that does not close the open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.doctype = ""
        self.errors: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag) -> None:
        if tag in VOID:
            self.errors.append(f"end tag for void element <{tag}> at {self.getpos()}")
        elif not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.open[-1] if self.open else None}>")
        else:
            self.open.pop()

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def parse(text: str) -> StrictTree:
    tree = StrictTree()
    tree.feed(text)
    tree.close()
    assert tree.errors == []
    assert tree.open == []
    return tree


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample")
    for path in SAMPLE.iterdir():
        shutil.copy(path, folder / path.name)
    source = folder / "article.md"
    document = Renderer().render(source.read_text(encoding="utf-8"), folder=folder)
    return document, folder


def test_page_is_balanced_html5_with_its_head(sample):
    document, folder = sample
    page = standalone_html(document, fallback_title="article", base_dir=folder)
    tree = parse(page)
    assert tree.doctype.lower() == "doctype html"
    assert [attrs["lang"] for attrs in tree.named("html")] == ["en-GB"]
    assert any(attrs.get("charset") == "utf-8" for attrs in tree.named("meta"))
    assert len(tree.named("title")) == 1
    assert "<title>Ketamine-assisted psychotherapy" in page
    assert len(tree.named("main")) == 1
    assert tree.named("script") == []
    assert len(tree.named("style")) == 1 and "@media print" in page


def test_page_holds_citations_references_footnotes_and_the_embedded_figure(sample):
    document, folder = sample
    page = standalone_html(document, base_dir=folder)
    tree = parse(page)
    assert CITATION in page
    assert 'id="refs"' in page and page.count('class="csl-entry"') == 6
    assert any("footnote" in (attrs.get("class") or "") for _tag, attrs in tree.tags)
    images = tree.named("img")
    assert images and all(attrs["src"].startswith("data:image/svg+xml;base64,") for attrs in images)


def test_fragment_is_one_article_without_page_or_styles(sample):
    document, folder = sample
    fragment = standalone_html(document, base_dir=folder, fragment=True)
    tree = parse(fragment)
    assert fragment.startswith('<article class="article" lang="en-GB">')
    assert fragment.rstrip().endswith("</article>")
    assert len(tree.named("article")) == 1
    for tag in ("html", "head", "body", "title", "style", "script", "main", "meta"):
        assert tree.named(tag) == [], tag
    assert '<h1 class="title">Ketamine-assisted psychotherapy' in fragment
    assert CITATION in fragment
    assert all(src["src"].startswith("data:") for src in tree.named("img"))


def test_fragment_leaves_remote_images_as_links(tmp_path):
    text = "---\ntitle: Remote\nlang: fr\n---\n\n![a chart](https://example.org/chart.png)\n"
    document = Renderer().render(text, folder=tmp_path)
    fragment = standalone_html(document, base_dir=tmp_path, fragment=True)
    assert fragment.startswith('<article class="article" lang="fr">')
    assert 'src="https://example.org/chart.png"' in fragment


def test_linked_images_point_into_the_folder_and_nowhere_else(tmp_path):
    """For printing: images inside the folder by absolute file URL (so the page can be read
    from elsewhere), the rest left as they were, as embedding leaves them."""
    folder = tmp_path / "my doc"
    (folder / "figures").mkdir(parents=True)
    (folder / "figures" / "a b.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (tmp_path / "secret.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    text = (
        "![in](figures/a%20b.svg)\n\n![out](../secret.svg)\n\n![web](https://example.org/w.png)\n"
    )
    document = Renderer().render(text, folder=folder)
    page = standalone_html(document, base_dir=folder, link_images=True)
    sources = {attrs["alt"]: attrs["src"] for attrs in parse(page).named("img")}
    assert sources == {
        "in": (folder / "figures" / "a b.svg").as_uri(),
        "out": "../secret.svg",
        "web": "https://example.org/w.png",
    }
    assert "base64" not in page


def test_links_whose_text_is_their_address_get_pandocs_uri_class():
    from editor.core.export_html import mark_address_links

    marked = mark_address_links(
        '<a href="https://doi.org/10.1/x">https://doi.org/10.1/x</a> '
        '<a class="k" href="https://e.org/">e.org</a> <a href="https://e.org">the site</a>'
    )
    assert marked == (
        '<a href="https://doi.org/10.1/x" class="uri">https://doi.org/10.1/x</a> '
        '<a class="k uri" href="https://e.org/">e.org</a> <a href="https://e.org">the site</a>'
    )
