"""Inline patterns of python-markdown that skip text which cannot hold a match.

python-markdown tries each inline pattern on each piece of text in turn. A regular expression
that starts with a look-behind or a choice (the backtick's, smarty's quotes and dashes, the
narrative citation's) gets no quick literal scan from ``re``: it is tried at every position
of every paragraph, and those few took half of the markdown's time on a book. Each of them
can only match where a certain literal follows the search position (a backtick, a quote,
"--", "..."), so a ``str.find`` for that literal answers "no match" first when it is absent.

A needle is given to a pattern only when its regular expression is exactly the one written
here; a pattern changed by a new python-markdown is left as it is (slower, never wrong).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import markdown

from editor.core.citations.syntax import NARRATIVE

_SMARTY_BEFORE_QUOTE = r"(\s|&nbsp;|--|–|—|&[mn]dash;|&#8211;|&#8212;)"
_SMARTY_AFTER_TEXT = r"(?<=[^\ \t\r\n\[\{\(\-\u0002\u0003])"
# regular expression -> the literal every match contains at or after the search position
NEEDLES: dict[str, str] = {
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": "`",  # backtick: a code span's backticks
    r"(?<!-)---(?!-)": "---",
    r"(?<!-)--(?!-)": "--",
    r"(?<!\.)\.{3}(?!\.)": "...",
    _SMARTY_BEFORE_QUOTE + "'(?=\\w)": "'",
    _SMARTY_BEFORE_QUOTE + '"(?=\\w)': '"',
    _SMARTY_AFTER_TEXT + "\\'\"": "'\"",
    _SMARTY_AFTER_TEXT + "\\\"'": "\"'",
    _SMARTY_AFTER_TEXT + "'(?!\\s|s\\b|\\d)": "'",
    _SMARTY_AFTER_TEXT + '"': '"',
    r"(?<!\w)'(?=\d{2}s)": "'",
    NARRATIVE.pattern: "@",  # a narrative citation, @key
}


class NeedledPattern:
    """A compiled regular expression that first looks for ``needle`` (see the module)."""

    def __init__(self, compiled: re.Pattern[str], needle: str) -> None:
        self.compiled = compiled
        self.needle = needle
        self.pattern = compiled.pattern
        self.flags = compiled.flags

    def finditer(self, text: str, pos: int = 0) -> Iterator[re.Match[str]]:
        if text.find(self.needle, pos) < 0:
            return iter(())
        return self.compiled.finditer(text, pos)

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        if text.find(self.needle, pos) < 0:
            return None
        return self.compiled.search(text, pos)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.match(text, pos)


def add_needles(md: markdown.Markdown) -> int:
    """Give the inline patterns of ``md`` (smarty's too) their needles; how many got one."""
    registries = [md.inlinePatterns]
    if "smarty" in md.treeprocessors:
        registries.append(md.treeprocessors["smarty"].inlinePatterns)  # type: ignore[attr-defined]
    given = 0
    for registry in registries:
        for processor in registry:
            compiled = processor.compiled_re
            needle = NEEDLES.get(compiled.pattern) if isinstance(compiled, re.Pattern) else None
            if needle is not None:
                # what python-markdown calls on it: finditer, search, match, pattern
                processor.compiled_re = NeedledPattern(compiled, needle)  # type: ignore[assignment]
                given += 1
    return given
