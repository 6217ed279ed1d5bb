from editor.core.md_syntax import FRONT_MATTER, NORMAL, tokenize_line
from editor.core.proofing.tokens import WordSpan, document_words, spell_spans


def words(line, state=NORMAL, first=False, skip_all_caps=True):
    spans, _ = spell_spans(line, state, first, skip_all_caps)
    assert all(line[s.start : s.end] == s.word for s in spans)
    return [s.word for s in spans]


def test_plain_prose_with_emphasis_and_headings():
    assert words("# A *bold* claim, **really** _here_ {#sec:intro .unnumbered}") == [
        "bold",
        "claim",
        "really",
        "here",
    ]
    assert words("> - 1. Quoted | table | cells |") == ["Quoted", "table", "cells"]


def test_code_spans_are_never_words():
    assert words("Run `grepword --qxz` or ``a `tick` b`` now") == ["Run", "or", "now"]


def test_addresses_and_identifiers_are_not_words():
    line = (
        "See https://example.org/trialqz, www.example.org/qz, <https://x.org/autoqz>, "
        "<ann@example.org>, ann.smithqz@example.org, doi:10.1000/xyzqz, 10.1038/nphysqz, "
        "refs-qz.bib, figure-qz.svg, /usr/share/qz and mg/kg/dayqz."
    )
    assert words(line) == ["See", "and"]


def test_citation_keys_but_not_the_words_around_them():
    line = (
        "As @li2019qz said [@jelovacqz; @smith-jones:2020, p. 4; see -@nguyen.qz] and [-@key:qz]."
    )
    assert words(line) == ["As", "said", "see", "and"]


def test_link_targets_titles_and_labels_are_not_words_but_link_text_is():
    line = (
        'See [the registry](https://r.example/qz "Trialqz") and ![A chart](img/qz.png) [x][refqz].'
    )
    assert words(line) == ["See", "the", "registry", "and", "chart"]
    assert words("[protokol-qz]: https://example.org/protokolqz") == []
    assert words('[ref]: <https://x.org> "A Title"') == ["Title"]


def test_footnote_labels_and_definitions():
    assert words("Text.[^note-qz] More[^2].") == ["Text", "More"]
    assert words("[^note-qz]: The note itself.") == ["The", "note", "itself"]


def test_html_tags_and_attributes_but_not_the_text_between():
    line = '<span class="smallcapsqz" data-x="qz">Careful text</span>&nbsp;<br/>ends &amp; here'
    assert words(line) == ["Careful", "text", "ends", "here"]


def test_tex_math_and_commands():
    assert words(r"Let $\alphaqz + x_{qz}$ hold, \emphqz{word}; it costs $5 to $10.") == [
        "Let",
        "hold",
        "word",
        "it",
        "costs",
        "to",
    ]


def test_hyphenated_compounds_are_checked_part_by_part():
    spans, _ = spell_spans("A double-blind, treatment-resistant trial.", NORMAL, False)
    assert spans[:2] == [WordSpan(2, 8, "double"), WordSpan(9, 14, "blind")]
    assert [s.word for s in spans[2:]] == ["treatment", "resistant", "trial"]


def test_apostrophes_inside_words_but_not_quotes_around_them():
    line = "Don't say ketamine’s ‘quoted’ 'single' \"double\" patients' rock ’n’ roll"
    assert words(line) == [
        "Don't",
        "say",
        "ketamine’s",
        "quoted",
        "single",
        "double",
        "patients",
        "rock",
        "roll",
    ]


def test_all_caps_and_numbers():
    line = "The TRD cohort, PHQ-9, NMDA, SSRIs, RCT's, mRNA, SARS-CoV-2, covid19, 2nd, 1990s, x"
    assert words(line) == ["The", "cohort"]
    assert words(line, skip_all_caps=False) == [
        "The",
        "TRD",
        "cohort",
        "PHQ",
        "NMDA",
        "SSRIs",
        "RCT's",
        "mRNA",
        "SARS",
        "CoV",
    ]


def test_unicode_letters_and_offsets_after_an_emoji():
    line = "😀 Zoë’s café, naïve Ελληνικά; cafe\u0301 recieve"
    spans, _ = spell_spans(line, NORMAL, False)
    assert [s.word for s in spans] == [
        "Zoë’s",
        "café",
        "naïve",
        "Ελληνικά",
        "cafe\u0301",
        "recieve",
    ]
    assert spans[0].start == 2  # the emoji is one code point, not two UTF-16 units
    assert spans[-1] == WordSpan(len(line) - 7, len(line), "recieve")


def test_front_matter_values_but_not_keys_or_paths():
    doc = [
        "---",
        'title: "Colour *and* behaviour"',
        "author:",
        "  - name: Ann Smith",
        "    affiliation: Some Hospital",
        "date: 2026-11-27",
        "lang: en-GB",
        "bibliography: refs-qz.bib",
        "csl: vancouvrqz.csl",
        "keywords: [anaesthesia, dosing]",
        "...",
        "",
        "title: body text is prose",
    ]
    found = [(n, s.word) for n, s in document_words("\n".join(doc))]
    assert found == [
        (1, "Colour"),
        (1, "and"),
        (1, "behaviour"),
        (3, "Ann"),
        (3, "Smith"),
        (4, "Some"),
        (4, "Hospital"),
        (9, "anaesthesia"),
        (9, "dosing"),
        (12, "title"),
        (12, "body"),
        (12, "text"),
        (12, "is"),
        (12, "prose"),
    ]


def test_fenced_code_including_the_info_string():
    doc = "Before.\n```pythonqz {.numberLinesqz}\nmispeled = 'qz'\n```\n~~~\nqz\n~~~\nAfter."
    assert [(n, s.word) for n, s in document_words(doc)] == [(0, "Before"), (7, "After")]


def test_state_is_the_highlighters_state():
    lines = ["---", "title: A", "---", "", "````", "```", "````", "Text"]
    state = NORMAL
    for number, line in enumerate(lines):
        _, expected = tokenize_line(line, state, number == 0)
        _, state = spell_spans(line, state, number == 0)
        assert state == expected
    assert spell_spans("title: words", FRONT_MATTER, False)[1] == FRONT_MATTER


NASTY = [
    "",
    "`",
    "``unclosed `code",
    "[",
    "[^",
    "[@",
    "](",
    "<",
    "<a href='x",
    "a <b and c> d",
    "@",
    "-@",
    "@{unclosed",
    "$",
    "$$",
    "$x",
    "\\",
    "{#",
    "&#;",
    "http://",
    "10.",
    "😀" * 50 + "word",
    "\u200f\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 world",  # RTL
    "\x00word\x00 NUL",
    "a\u0301\u0301\u0301",
    "'’'’'",
    "x" * 5000,
    "a-" * 2000,
    "a/" * 2000,
    "![](data:image/png;base64," + "A" * 20000 + ")",
]


def test_nasty_lines_never_raise_and_spans_stay_within_the_line():
    for state in (NORMAL, FRONT_MATTER):
        for line in NASTY:
            spans, _ = spell_spans(line, state, False)
            for span in spans:
                assert 0 <= span.start < span.end <= len(line), (line, span)
                assert line[span.start : span.end] == span.word
    assert [s.word for s in spell_spans("\x00word\x00 NUL", NORMAL, False)[0]] == ["word"]
