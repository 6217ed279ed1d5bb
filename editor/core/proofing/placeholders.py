"""Placeholder text left in an article: lorem ipsum (one finding per passage), TODO/TBD/XXX,
"[citation needed]", template remnants such as {{name}} or [Insert figure here]."""

from __future__ import annotations

import re

from editor.core.proofing.findings import Finding, ProofDocument, finding

_LOREM = frozenset(
    """lorem ipsum dolor sit amet consectetur adipiscing adipisicing elit sed do eiusmod tempor
    incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation
    ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit
    voluptate velit esse cillum eu fugiat nulla pariatur excepteur sint occaecat cupidatat non
    proident sunt culpa qui officia deserunt mollit anim id est laborum integer nec odio
    praesent libero sagittis mauris curabitur tortor pellentesque nibh aenean quam vestibulum
    morbi ante fusce nisl vitae sapien etiam donec ac nunc a orci vel purus eget mi at nullam
    quisque vivamus suspendisse potenti phasellus viverra felis massa maecenas vehicula turpis
    sem lacus mattis tincidunt ligula lectus porttitor euismod risus ultricies mollis eros
    cras lobortis erat faucibus metus iaculis dui cursus tellus justo dapibus nam pulvinar
    sollicitudin accumsan ornare fermentum posuere rhoncus augue facilisis rutrum semper
    vulputate blandit lacinia sodales imperdiet urna leo egestas gravida hendrerit nisi neque
    condimentum pharetra luctus dictum elementum interdum volutpat arcu varius
    """.split()
)
_WORD = re.compile(r"[^\W\d_]+")
_MARKERS = re.compile(
    r"(?-i:\b(?:TODO|TBD|TBC|FIXME|XXX+)\b)|\[(?:citation|reference|source) needed\]"
    r"|\{\{[^{}\n]{1,60}\}\}|\[(?:insert|add|your|enter)\b[^\]\n]{0,60}\]"
    r"|\b(?:your (?:name|title|text) here|text goes here)\b",
    re.IGNORECASE,
)
_TEMPLATE_TAG = re.compile(r"<(?:insert|add|your|enter)\b[^<>\n]{0,60}>", re.IGNORECASE)


def lorem_passages(document: ProofDocument) -> list[tuple[int, int]]:
    """(first, last) 0-based lines of each run of paragraphs that are mostly lorem ipsum."""

    def find() -> list[tuple[int, int]]:
        passages: list[tuple[int, int]] = []
        for paragraph in document.paragraphs():
            words = [w.lower() for n in paragraph for w in _WORD.findall(document.prose[n] or "")]
            lorem = sum(1 for word in words if word in _LOREM)
            if len(words) < 4 or lorem < 0.6 * len(words):
                continue
            first, last = paragraph[0], paragraph[-1]
            between = range(passages[-1][1] + 1, first) if passages else range(0)
            if passages and all(not (document.prose[n] or "").strip() for n in between):
                passages[-1] = (passages[-1][0], last)
            else:
                passages.append((first, last))
        return passages

    return document.shared("lorem", find)  # type: ignore[return-value]


def placeholder_lines(document: ProofDocument) -> frozenset[int]:
    """The lines of lorem ipsum passages, which other rules leave alone."""
    return frozenset(n for first, last in lorem_passages(document) for n in range(first, last + 1))


class PlaceholderRule:
    """Text that stands in for the real thing and must not be published."""

    id = "placeholder"
    title = "Placeholder text"
    default_on = True

    def check(self, document: ProofDocument) -> list[Finding]:
        found: list[Finding] = []
        for first, last in lorem_passages(document):
            line = document.lines[last]
            start = len(document.lines[first]) - len(document.lines[first].lstrip())
            words = sum(len(_WORD.findall(document.lines[n])) for n in range(first, last + 1))
            item = finding(
                first,
                start,
                len(line),
                self.id,
                f"lorem ipsum placeholder text ({words} words)",
                document.lines[first][start:].split(".")[0][:60],
            )
            found.append(_spanning(item, last))
        skipped = placeholder_lines(document)
        for number, prose in document.body_prose():
            if number in skipped:
                continue
            for match in _MARKERS.finditer(prose):
                found.append(self._marker(number, match))
            if "<" in document.lines[number]:
                for match in _TEMPLATE_TAG.finditer(document.lines[number]):
                    found.append(self._marker(number, match))
        return found

    def _marker(self, number: int, match: re.Match[str]) -> Finding:
        return finding(
            number,
            match.start(),
            match.end(),
            self.id,
            f"placeholder “{match.group()}” left in the text",
            match.group(),
        )


def _spanning(item: Finding, last: int) -> Finding:
    from dataclasses import replace

    return replace(item, end_line=last + 1)
