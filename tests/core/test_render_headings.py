"""The headings the renderer reports for the outline: level, text, id and source line."""

from __future__ import annotations

from editor.core.render import Heading, Renderer

DOCUMENT = """---
title: A paper
---

# Methods {#methods}

Some text.

## Dosing *and* titration
### Nested right under

```
# not a heading
```

Results
=======

Subsection
----------

## Methods
"""


def test_headings_carry_level_text_id_and_line():
    rendered = Renderer().render(DOCUMENT)
    assert rendered.headings == [
        Heading(1, "Methods", "methods", 4),
        Heading(2, "Dosing and titration", "dosing-and-titration", 8),
        Heading(3, "Nested right under", "nested-right-under", 9),
        Heading(1, "Results", "results", 15),
        Heading(2, "Subsection", "subsection", 18),
        Heading(2, "Methods", "methods-1", 21),
    ]
    lines = DOCUMENT.split("\n")
    for heading in rendered.headings:
        assert heading.text.split()[0] in lines[heading.line]


def test_heading_ids_match_the_html():
    rendered = Renderer().render(DOCUMENT)
    html = "".join(rendered.block_html)
    for heading in rendered.headings:
        assert f'id="{heading.id}"' in html


def test_body_starts_after_the_front_matter():
    assert Renderer().render(DOCUMENT).body_start_line == 3
    assert Renderer().render("# Only\n").body_start_line == 0


def test_an_edit_moves_the_lines():
    renderer = Renderer()
    renderer.render(DOCUMENT)
    again = renderer.render("New first line.\n\n" + DOCUMENT.split("---\n", 2)[2])
    assert [h.line for h in again.headings][:2] == [3, 7]
