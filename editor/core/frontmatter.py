"""YAML front matter: finding it, parsing it, and the metadata pandoc reads from it."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import AliasEvent

from editor.core.surrogates import repair_surrogates

_OPENING = "---"
_CLOSINGS = ("---", "...")
# Front matter is a handful of keys: nesting deeper than this is an attack or an accident,
# and PyYAML's composer recurses once per level (100,000 levels overflow the stack).
MAX_YAML_DEPTH = 64
# How much aliases may add to the front matter, in nodes and characters beyond what is written:
# each ``*alias`` repeats its anchor's whole value, so a few hundred bytes of anchors that refer
# to each other nine times over stand for a billion strings ("billion laughs").
MAX_ALIAS_EXPANSION = 100_000
# A BCP 47 language tag: a language subtag of letters, then subtags of letters and digits
# (script, region, variant: "en-GB", "zh-Hant-TW", "de-CH-1996"). Only such a tag goes into
# the pages' lang attributes and chooses the locale and dictionary.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")
_LANG_KEY = re.compile(r"^lang[ \t]*:")


@dataclass(frozen=True)
class FrontMatterSpan:
    """Where the front matter sits in the source: lines [start, end) including the fences."""

    end_line: int
    yaml_text: str


@dataclass
class Metadata:
    """The document's metadata as pandoc understands it; unknown keys are kept in ``extra``."""

    title: str = ""
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)
    date: str = ""
    lang: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SourceProblem:
    """Something wrong at a place in the document (a front matter that could not be read, an
    unknown citation key); ``line`` is 1-based."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def find_front_matter(lines: list[str]) -> FrontMatterSpan | None:
    """Return the front matter block at the top of ``lines``, as pandoc finds it.

    Pandoc wants ``---`` on the first line, not followed by a blank line, closed by ``---``
    or ``...``.
    """
    if not lines or lines[0].rstrip() != _OPENING:
        return None
    if len(lines) > 1 and not lines[1].strip():
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in _CLOSINGS:
            return FrontMatterSpan(end_line=index + 1, yaml_text="\n".join(lines[1:index]))
    return None


def parse_metadata(span: FrontMatterSpan | None) -> tuple[Metadata, SourceProblem | None]:
    """Parse the YAML of ``span`` into ``Metadata``; a malformed block gives empty metadata
    and a problem naming the line, never an exception."""
    if span is None or not span.yaml_text.strip():
        return Metadata(), None
    loader = None
    try:
        loader = _BoundedLoader(span.yaml_text)  # its reader refuses control characters
        data = loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        # +2: one for the opening fence, one because YAML counts lines from 0.
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error)
        if isinstance(error, FrontMatterLimitError):
            return Metadata(), SourceProblem(line, f"front matter is not read: {reason}")
        return Metadata(), SourceProblem(line, f"front matter is not valid YAML: {reason}")
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, dict):
        return Metadata(), SourceProblem(2, "front matter must be a YAML mapping (key: value)")
    metadata = _metadata_from_mapping(data)
    problem = None
    if loader.surrogate_lines:
        problem = SourceProblem(
            loader.surrogate_lines[0] + 2,
            "front matter has an escape for half of a UTF-16 surrogate pair (\\ud800 to "
            "\\udfff), which is no character; it is shown as \ufffd",
        )
    lang = metadata.lang.strip().replace("_", "-")  # "en_GB", as locales are named, is en-GB
    if not lang or _LANGUAGE_TAG.fullmatch(lang):
        metadata.lang = lang
        return metadata, problem
    metadata.lang = ""
    lines = span.yaml_text.split("\n")
    # +2: one for the opening fence, one because lines count from 1.
    line = next((n + 2 for n, text in enumerate(lines) if _LANG_KEY.match(text)), 2)
    return metadata, problem or SourceProblem(
        line, f"lang {lang[:40]!r} is not a language tag such as en-GB; the default is used"
    )


class FrontMatterLimitError(yaml.MarkedYAMLError):
    """Front matter refused for its shape (too deep, aliases expanding too far), not its syntax."""


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with a bound on nesting and on what aliases expand to, checked while
    the document is composed, before anything is built from it; and lone surrogates (which
    ``"\\ud800"`` escapes produce and no UTF-8 encoder takes) replaced with U+FFFD."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._depth = 0
        self._budget = 2 * len(text) + MAX_ALIAS_EXPANSION
        self._weights: dict[int, int] = {}  # id(node) -> its size with aliases expanded
        self.surrogate_lines: list[int] = []  # 0-based lines of replaced surrogates

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML's API
        if self.check_event(AliasEvent):
            return super().compose_node(parent, index)
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                mark = self.peek_event().start_mark
                raise FrontMatterLimitError(
                    None, None, f"it is nested more than {MAX_YAML_DEPTH} levels deep", mark
                )
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        self._weigh(node)
        return node

    def _weigh(self, node: yaml.Node) -> None:
        if isinstance(node, yaml.ScalarNode):
            weight = 1 + len(node.value)
        elif isinstance(node, yaml.SequenceNode):
            weight = 1 + sum(self._weights.get(id(child), 1) for child in node.value)
        else:
            weight = 1 + sum(
                self._weights.get(id(key), 1) + self._weights.get(id(value), 1)
                for key, value in node.value
            )
        if weight > self._budget:
            raise FrontMatterLimitError(
                None,
                None,
                f"its aliases (*name) repeat it to more than {MAX_ALIAS_EXPANSION:,} items",
                node.start_mark,
            )
        self._weights[id(node)] = weight

    def construct_scalar(self, node):  # noqa: D102 - PyYAML's API
        value = super().construct_scalar(node)
        if isinstance(value, str):
            value, lone = repair_surrogates(value)
            if lone:
                self.surrogate_lines.append(node.start_mark.line)
        return value


def _metadata_from_mapping(data: dict[Any, Any]) -> Metadata:
    extra = {str(key): value for key, value in data.items()}
    return Metadata(
        title=_as_text(extra.pop("title", "")),
        subtitle=_as_text(extra.pop("subtitle", "")),
        authors=_as_authors(extra.pop("author", [])),
        date=_as_text(extra.pop("date", "")),
        lang=_as_text(extra.pop("lang", "")),
        extra=extra,
    )


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return " ".join(_as_text(item) for item in value)
    return str(value)


def _as_authors(value: Any) -> list[str]:
    """Authors as pandoc accepts them: a string, a list of strings, or of ``{name: ...}``."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else [value]
    authors = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or item.get("literal") or ""
        text = _as_text(item).strip()
        if text:
            authors.append(text)
    return authors
