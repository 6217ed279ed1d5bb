from editor.core.blocks import BlockKind, split_blocks


def sources(text):
    return [block.source for block in split_blocks(text).blocks]


def test_blank_lines_separate_blocks_and_lines_are_kept():
    split = split_blocks("# Title\n\nFirst para\ncontinues.\n\n\nSecond.")
    assert [b.source for b in split.blocks] == ["# Title", "First para\ncontinues.", "Second."]
    assert [b.start_line for b in split.blocks] == [0, 2, 6]


def test_front_matter_is_not_a_block():
    split = split_blocks("---\ntitle: T\n---\n\nBody.")
    assert split.front_matter is not None and split.front_matter.yaml_text == "title: T"
    assert [(b.start_line, b.source) for b in split.blocks] == [(4, "Body.")]


def test_fenced_code_keeps_its_blank_lines():
    text = "```python\na = 1\n\n\nb = 2\n```\n\nAfter."
    assert sources(text) == ["```python\na = 1\n\n\nb = 2\n```", "After."]


def test_loose_list_and_indented_continuation_stay_together():
    text = "- one\n\n- two\n\n    more of two\n\nNext paragraph."
    assert sources(text) == ["- one\n\n- two\n\n    more of two", "Next paragraph."]


def test_definition_list_stays_together():
    assert sources("Term\n\n:   Definition\n\nAfter.") == ["Term\n\n:   Definition", "After."]


def test_footnote_definition_with_second_paragraph():
    split = split_blocks("Text[^a].\n\n[^a]: Note.\n\n    Second para.\n\nAfter.")
    kinds = [(b.kind, b.footnote_label) for b in split.blocks]
    assert kinds == [(BlockKind.TEXT, ""), (BlockKind.FOOTNOTE, "a"), (BlockKind.TEXT, "")]
    assert split.blocks[1].source == "[^a]: Note.\n\n    Second para."


def test_raw_html_block_with_blank_lines_is_one_block():
    text = '<div class="box">\n\nInside.\n\n</div>\n\nAfter.'
    assert sources(text) == ['<div class="box">\n\nInside.\n\n</div>', "After."]


def test_reference_definitions_are_collected_for_every_block():
    split = split_blocks("See [the site][s].\n\n[s]: https://example.org")
    assert split.blocks[1].kind is BlockKind.REFERENCES
    assert split.reference_definitions == "[s]: https://example.org"


def test_unclosed_fence_runs_to_the_end_without_error():
    assert sources("```\ncode\n\nmore") == ["```\ncode\n\nmore"]


def test_pandoc_refs_div_is_its_own_kind():
    split = split_blocks("Text.\n\n::: {#refs}\n:::\n\n# Appendix")
    assert [b.kind for b in split.blocks] == [BlockKind.TEXT, BlockKind.REFS_DIV, BlockKind.TEXT]
    assert split_blocks("::: {#refs .small}\n:::").blocks[0].kind is BlockKind.REFS_DIV
