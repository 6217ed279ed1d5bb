from editor.core.md_syntax import FRONT_MATTER, NORMAL, Kind, tokenize_line


def kinds(line, state=NORMAL, first=False):
    spans, _ = tokenize_line(line, state, first)
    return {(line[s.start : s.start + s.length], s.kind) for s in spans}


def test_inline_markup():
    found = kinds(
        "A *word*, **strong**, `code *not em*`, [text](https://x.org) and [@smith2020, p. 4]."
    )
    assert ("*word*", Kind.EMPHASIS) in found
    assert ("**strong**", Kind.STRONG) in found
    assert ("`code *not em*`", Kind.CODE) in found
    assert ("*not em*", Kind.EMPHASIS) not in found
    assert ("text", Kind.LINK_TEXT) in found and ("https://x.org", Kind.URL) in found
    assert ("@smith2020", Kind.CITATION) in found


def test_citation_keys_but_not_email_addresses():
    found = kinds("Write to ann@example.org about @jelovac2025 and [-@li:2020].")
    assert ("@jelovac2025", Kind.CITATION) in found
    assert ("-@li:2020", Kind.CITATION) in found
    assert not any(kind is Kind.CITATION and "example" in text for text, kind in found)


def test_block_level_lines():
    assert ("## Heading", Kind.HEADING) in kinds("## Heading")
    assert ("> quoted", Kind.QUOTE) in kinds("> quoted")
    assert ("-", Kind.LIST_MARKER) in kinds("- item")
    assert ("1.", Kind.LIST_MARKER) in kinds("1. item")


def test_front_matter_and_fences_carry_state():
    spans, state = tokenize_line("---", NORMAL, first_line=True)
    assert state == FRONT_MATTER
    assert ("title:", Kind.META_KEY) in kinds("title: x", FRONT_MATTER)
    _, state = tokenize_line("---", FRONT_MATTER, first_line=False)
    assert state == NORMAL
    _, fenced = tokenize_line("````", NORMAL, False)
    spans, still = tokenize_line("# not a heading", fenced, False)
    assert still == fenced and [s.kind for s in spans] == [Kind.CODE]
    _, still = tokenize_line("```", fenced, False)  # shorter fence does not close
    assert still == fenced
    _, closed = tokenize_line("````", fenced, False)
    assert closed == NORMAL
