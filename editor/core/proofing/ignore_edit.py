"""Ignoring a rule or a text for one document: the front matter's ``proofing`` key, changed
alone (the other keys' lines stay as they are written)."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from editor.core.frontmatter import find_front_matter


@dataclass(frozen=True)
class LinesEdit:
    """Replace lines [``first``, ``last``) of the document with ``lines``."""

    first: int
    last: int
    lines: list[str]

    def apply(self, text: str) -> str:
        old = text.split("\n")
        return "\n".join([*old[: self.first], *self.lines, *old[self.last :]])


def ignore_edit(text: str, rule: str, ignored_text: str | None = None) -> LinesEdit | None:
    """The edit that ignores ``rule`` in this document (``ignore: [rule]``), or only its
    findings of ``ignored_text`` (``ignore-text: ["rule: text"]``); ``None`` when the front
    matter already says so or is not valid YAML (then it is the writer's to mend)."""
    lines = text.split("\n")
    span = find_front_matter(lines)
    if span is None:
        new = _proofing_block({}, rule, ignored_text) or []
        return LinesEdit(0, 0, ["---", *new, "---", ""])
    try:
        metadata = yaml.safe_load(span.yaml_text) or {}
    except yaml.YAMLError:
        return None
    if not isinstance(metadata, dict):
        return None
    current = metadata.get("proofing")
    settings = dict(current) if isinstance(current, dict) else {}
    first, last = _key_lines(lines, span.end_line - 1, "proofing")
    block = _proofing_block(settings, rule, ignored_text)
    if block is None:
        return None
    if first is None:  # no proofing key: add it just before the closing fence
        return LinesEdit(span.end_line - 1, span.end_line - 1, block)
    return LinesEdit(first, last, block)


def _proofing_block(
    settings: dict[str, object], rule: str, ignored_text: str | None
) -> list[str] | None:
    key, item = (
        ("ignore", rule) if ignored_text is None else ("ignore-text", f"{rule}: {ignored_text}")
    )
    values = settings.get(key) or []
    values = [str(value) for value in (values if isinstance(values, list) else [values])]
    if item in values:
        return None
    settings[key] = [*values, item]
    dumped = yaml.safe_dump(
        {"proofing": settings}, allow_unicode=True, sort_keys=False, default_flow_style=None
    )
    return dumped.rstrip("\n").split("\n")


def _key_lines(lines: list[str], closing: int, key: str) -> tuple[int | None, int]:
    """Lines [first, last) of top-level ``key`` and its indented value inside the front
    matter (lines 1 to ``closing``), or (None, 0)."""
    for number in range(1, closing):
        line = lines[number]
        if line.startswith(f"{key}:"):
            end = number + 1
            while end < closing and (not lines[end].strip() or lines[end][:1] in " \t#-"):
                end += 1
            while end - 1 > number and not lines[end - 1].strip():
                end -= 1  # a blank line before the next key stays
            return number, end
    return None, 0
