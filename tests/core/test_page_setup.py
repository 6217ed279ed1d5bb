"""Page setup from pandoc's front matter keys and the print page's @page rule, without Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from editor.core.frontmatter import Metadata, find_front_matter, parse_metadata
from editor.core.page_setup import (
    DEFAULT_MARGINS_MM,
    PAPER_SIZES,
    PageSetup,
    page_setup_from_metadata,
    print_html,
)
from editor.core.render import Renderer

PROJECT = Path(__file__).resolve().parents[2]


def from_front_matter(yaml: str) -> PageSetup:
    """The page setup of a document whose front matter is ``yaml``, read as the editor
    reads a file (so the YAML's own types reach the parser)."""
    metadata, error = parse_metadata(find_front_matter(f"---\n{yaml}\n---\n\nText.".split("\n")))
    assert error is None
    return page_setup_from_metadata(metadata)


def test_the_module_loads_no_qt():
    code = (
        "import sys, editor.core.page_setup; "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt loaded'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_default_page_setup_is_a4_with_the_stylesheet_margins():
    assert page_setup_from_metadata(Metadata()) == PageSetup("a4", (25, 22, 25, 22))
    assert PageSetup() == PageSetup("a4", DEFAULT_MARGINS_MM)
    stylesheet = (PROJECT / "resources" / "css" / "article.css").read_text(encoding="utf-8")
    assert "size: A4;\n  margin: 25mm 22mm;" in stylesheet  # the preview's own page agrees


@pytest.mark.parametrize("name", sorted(PAPER_SIZES))
@pytest.mark.parametrize("spelling", [str.lower, str.upper, str.title])
def test_every_paper_size_is_read_in_any_case_with_or_without_paper(name, spelling):
    assert from_front_matter(f"papersize: {spelling(name)}").paper == name
    assert from_front_matter(f"papersize: {spelling(name + 'paper')}").paper == name
    assert from_front_matter(f"papersize: ' {spelling(name)} '").paper == name


@pytest.mark.parametrize("papersize", ["b7", "a4paperpaper", "12", "[a4]", "''", "~"])
def test_an_unknown_papersize_falls_back_to_a4_silently(papersize):
    # Silently, as before the move: no message anywhere; the export dialog shows A4.
    assert from_front_matter(f"papersize: {papersize}").paper == "a4"
    assert from_front_matter("title: No paper given").paper == "a4"


def test_geometry_margin_sets_all_sides_in_any_unit():
    assert from_front_matter("geometry: margin=2cm").margins_mm == (20, 20, 20, 20)
    assert from_front_matter("geometry: margin=1in").margins_mm == pytest.approx((25.4,) * 4)
    assert from_front_matter("geometry: margin=72bp").margins_mm == pytest.approx((25.4,) * 4)
    assert from_front_matter("geometry: MARGIN = 1.5 CM").margins_mm == (15, 15, 15, 15)
    assert from_front_matter("geometry: margin=.5in").margins_mm == pytest.approx((12.7,) * 4)


def test_geometry_as_a_yaml_list_sets_single_sides():
    setup = from_front_matter("geometry: [top=1in, left=20mm]")
    assert setup.margins_mm == pytest.approx((25.4, 22, 25, 20))
    block = from_front_matter("geometry:\n- top=2cm\n- left=30mm\n- bottom=72pt")
    assert block.margins_mm == pytest.approx((20, 22, 25.4, 30))


def test_geometry_as_a_comma_separated_string_and_its_pair_keys():
    setup = from_front_matter('geometry: "hmargin=1cm, vmargin=2cm"')
    assert setup.margins_mm == (20, 10, 20, 10)
    assert from_front_matter('geometry: "inner=3cm,outer=1cm"').margins_mm == (25, 10, 25, 30)
    # Later options win over earlier ones, as in LaTeX's geometry package.
    assert from_front_matter("geometry: [margin=1cm, top=3cm]").margins_mm == (30, 10, 10, 10)


@pytest.mark.parametrize(
    "geometry",
    ["margin=wide", "margin=2em", "margin=3furlongs", "margin=", "margin", "landscape",
     "[x, top, =2cm]", "paperwidth=10cm", "margin=-2cm", "42"],
)  # fmt: skip
def test_unknown_units_and_options_are_passed_over_silently(geometry):
    assert from_front_matter(f"geometry: {geometry}").margins_mm == DEFAULT_MARGINS_MM


def test_what_can_be_read_is_kept_beside_what_cannot():
    setup = from_front_matter("geometry: [top=2cm, left=3em, papersize=a5, right=1in]")
    assert setup.margins_mm == pytest.approx((20, 25.4, 25, 22))


def test_the_print_rule_sets_the_paper_margins_and_page_numbers():
    css = PageSetup("letter", (10, 20, 30, 40)).print_css()
    assert "size: letter;" in css and "margin: 10mm 20mm 30mm 40mm;" in css
    assert 'content: counter(page) " / " counter(pages);' in css
    assert "size: A4;" in PageSetup("a4", (12.5, 0, 1, 2)).print_css()
    assert "margin: 12.5mm 0mm 1mm 2mm;" in PageSetup("a4", (12.5, 0, 1, 2)).print_css()


def test_the_print_page_carries_the_rule_after_the_stylesheet_and_a_base(tmp_path):
    source = tmp_path / "my folder" / "article.md"
    source.parent.mkdir()
    text = "---\ntitle: Printed\n---\n\nSee [the notes](notes.html).\n"
    page = print_html(Renderer().render(text, folder=source.parent), source, PageSetup("a5"))
    head = page[: page.index("</head>")]
    assert f'<base href="{source.parent.as_uri()}/">' in head
    assert '<style media="print">\n@page {\n  size: A5;' in head
    # After article.css's own @page rule, so this one wins.
    assert head.rindex("size: A5;") > head.index("size: A4;")
    assert "<title>Printed</title>" in head
    untitled = print_html(Renderer().render("Text.\n"), None, PageSetup())
    assert "<base" not in untitled and "size: A4;" in untitled
