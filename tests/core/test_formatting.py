"""The formatting commands' text transformations, with pandoc as the judge of what the
markdown they make means."""

import json
import shutil
import subprocess

import pytest

from editor.core import formatting as f
from editor.core.formatting import Region


def selected(region: Region) -> str:
    start, end = sorted((region.anchor, region.position))
    return region.text[start:end]


@pytest.mark.parametrize(
    ("marker", "expected"),
    [("**", "one **two** three"), ("*", "one *two* three"), ("~~", "one ~~two~~ three"),
     ("`", "one `two` three")],
)  # fmt: skip
def test_emphasis_wraps_the_word_at_the_cursor_and_keeps_it_selected(marker, expected):
    region = f.toggle_inline("one two three", 5, 5, marker)
    assert region.text == expected
    assert selected(region) == "two"


def test_emphasis_toggles_off_from_a_cursor_a_selection_or_markers_selected_with_it():
    assert f.toggle_inline("one **two** three", 7, 7, "**").text == "one two three"
    assert f.toggle_inline("one **two** three", 6, 9, "**").text == "one two three"
    assert f.toggle_inline("one **two** three", 4, 11, "**").text == "one two three"
    assert f.toggle_inline("one `two` three", 5, 5, "`").text == "one two three"


def test_italic_and_bold_nest_as_triple_asterisks():
    both = f.toggle_inline("one **two** three", 7, 7, "*")
    assert both.text == "one ***two*** three" and selected(both) == "two"
    assert f.toggle_inline(both.text, 8, 8, "*").text == "one **two** three"
    assert f.toggle_inline(both.text, 8, 8, "**").text == "one *two* three"
    # Italic inside bold is not bold's business: Ctrl+B on *two* makes it both.
    assert f.toggle_inline("one *two* three", 6, 6, "**").text == "one ***two*** three"


def test_emphasis_selection_is_trimmed_and_wrapped_line_by_line():
    region = f.toggle_inline("alpha beta \ngamma", 0, 17, "*")
    assert region.text == "*alpha beta* \n*gamma*"
    assert selected(region) == "alpha beta* \n*gamma"
    again = f.toggle_inline(region.text, region.anchor, region.position, "*")
    assert again.text == "alpha beta \ngamma"


def test_emphasis_with_no_word_inserts_a_pair_and_puts_the_cursor_inside():
    region = f.toggle_inline("end. ", 5, 5, "**")
    assert region.text == "end. ****" and region.anchor == region.position == 7


def test_word_bounds_take_apostrophes_and_hyphens_inside_words_only():
    text = "the patient's follow-up -- done"
    assert text[slice(*f.word_bounds(text, 6))] == "patient's"
    assert text[slice(*f.word_bounds(text, 16))] == "follow-up"
    assert f.word_bounds(text, 25) == (25, 25)


def test_link_wraps_the_selection_and_never_loses_a_character():
    text = "See the dosing guide for details."
    region = f.apply_link(text, 8, 20, "https://example.org/g")
    assert region.text == "See the [dosing guide](https://example.org/g) for details."
    assert selected(region) == "dosing guide"
    assert region.text.replace("[", "").replace("](https://example.org/g)", "") == text


def test_link_edits_an_existing_link_and_an_empty_url_unlinks():
    text = "See [the guide](https://old.example) now."
    assert f.apply_link(text, 7, 7, "https://new.example").text == (
        "See [the guide](https://new.example) now."
    )
    assert f.apply_link(text, 7, 7, "").text == "See the guide now."
    assert f.apply_link("plain", 2, 2, "").text == "plain"
    assert f.apply_link("", 0, 0, "https://x.example").text == (
        "[https://x.example](https://x.example)"
    )


def test_headings_set_replace_and_toggle_back_to_a_paragraph():
    assert f.set_heading("Results", 3, 3, 2).text == "## Results"
    assert f.set_heading("### Results", 5, 5, 1).text == "# Results"
    assert f.set_heading("## Results", 5, 5, 2).text == "Results"
    assert f.set_heading("## Results", 5, 5, 0).text == "Results"
    assert f.set_heading("- item", 0, 0, 3).text == "### item"
    region = f.set_heading("Results", 3, 3, 2)
    assert region.anchor == region.position == 6  # the cursor stays on the same letter


def test_lists_and_quotes_toggle_over_several_lines():
    text = "alpha\n\nbeta\ngamma"
    numbered = f.toggle_list(text, 0, len(text), "numbered").text
    assert numbered == "1. alpha\n\n2. beta\n3. gamma"
    bulleted = f.toggle_list(numbered, 0, len(numbered), "bulleted").text
    assert bulleted == "- alpha\n\n- beta\n- gamma"
    assert f.toggle_list(bulleted, 0, len(bulleted), "bulleted").text == text
    quoted = f.toggle_list("one\n\ntwo", 0, 8, "quote").text
    assert quoted == "> one\n>\n> two"
    assert f.toggle_list(quoted, 0, len(quoted), "quote").text == "one\n\ntwo"


def test_indent_and_outdent_nest_list_items_by_four_spaces():
    assert f.indent_lines("- a\n- b", 0, 7).text == "    - a\n    - b"
    assert f.indent_lines("    - a", 0, 0, outdent=True).text == "- a"
    assert f.indent_lines("  - a", 0, 0, outdent=True).text == "- a"
    assert f.indent_lines("- a", 0, 0, outdent=True).text == "- a"


@pytest.mark.parametrize(
    ("line", "column", "expected"),
    [
        ("- item", 6, ("continue", "- ")),
        ("* item", 6, ("continue", "* ")),
        ("-   pandoc style", 16, ("continue", "-   ")),
        ("9. nine", 7, ("continue", "10. ")),
        ("3) three", 8, ("continue", "4) ")),
        ("    - nested", 12, ("continue", "    - ")),
        ("- [x] done", 10, ("continue", "- [ ] ")),
        ("> quoted", 8, ("continue", "> ")),
        ("- ", 2, ("end", "\n")),
        ("1. ", 3, ("end", "\n")),
        ("    - ", 6, ("end", "- ")),
        (">", 1, ("end", "\n")),
        ("plain text", 5, None),
        ("- item", 1, None),  # inside the marker: an ordinary new line
    ],
)
def test_enter_continues_or_ends_lists_and_quotes(line, column, expected):
    assert f.continuation(line, column) == expected


def test_footnotes_take_the_next_free_number_and_stand_apart_at_the_end():
    assert f.next_footnote_number("") == 1
    assert f.next_footnote_number("a[^1] b[^3]\n\n[^1]: x\n[^3]: y") == 2
    assert f.next_footnote_number("a[^note] b[^1]") == 2
    assert f.footnote_definition("Text", 1) == ("\n\n[^1]: ", 8)
    assert f.footnote_definition("Text\n", 2) == ("\n[^2]: ", 7)
    assert f.footnote_definition("Text\n\n", 2) == ("[^2]: ", 6)


def test_block_insertion_parts_a_block_from_the_text_around_it():
    assert f.block_insertion("para", "", "| t |") == ("\n\n| t |", 2)
    assert f.block_insertion("para\n", "\nnext", "| t |") == ("\n| t |\n", 1)
    assert f.block_insertion("", "", "| t |") == ("| t |", 0)
    assert f.block_insertion("", "after", "| t |") == ("| t |\n\n", 0)


def pandoc_json(markdown: str) -> dict:
    done = subprocess.run(
        ["pandoc", "-f", "markdown", "-t", "json"], input=markdown, capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


@pytest.mark.skipif(not shutil.which("pandoc"), reason="needs pandoc")
def test_pipe_table_is_a_table_for_pandoc_and_footnotes_are_notes():
    table = f.pipe_table(2, 3)
    assert table.splitlines()[0] == "| Column 1 | Column 2 | Column 3 |"
    blocks = pandoc_json(table)["blocks"]
    assert [block["t"] for block in blocks] == ["Table"]
    body = blocks[0]["c"][4][0][3]
    assert len(body) == 2 and all(len(row[1]) == 3 for row in body)
    text = "Claim" + "[^1]"
    definition, _ = f.footnote_definition(text, 1)
    para = pandoc_json(text + definition + "the source")["blocks"][0]["c"]
    assert [item["t"] for item in para] == ["Str", "Note"]


@pytest.mark.skipif(not shutil.which("pandoc"), reason="needs pandoc")
def test_made_lists_nest_for_pandoc():
    # The window hands over only the lines the selection touches: here the second item.
    nested = "- a\n" + f.indent_lines("- b", 3, 3).text
    assert nested == "- a\n    - b"
    blocks = pandoc_json(nested)["blocks"]
    assert blocks[0]["t"] == "BulletList"
    assert blocks[0]["c"][0][1]["t"] == "BulletList"
