"""YAML front matter: finding it, parsing it, and the metadata pandoc reads from it."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

_OPENING = "---"
_CLOSINGS = ("---", "...")
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
    try:
        data = yaml.safe_load(span.yaml_text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        # +2: one for the opening fence, one because YAML counts lines from 0.
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error)
        return Metadata(), SourceProblem(line, f"front matter is not valid YAML: {reason}")
    if not isinstance(data, dict):
        return Metadata(), SourceProblem(2, "front matter must be a YAML mapping (key: value)")
    metadata = _metadata_from_mapping(data)
    lang = metadata.lang.strip().replace("_", "-")  # "en_GB", as locales are named, is en-GB
    if not lang or _LANGUAGE_TAG.fullmatch(lang):
        metadata.lang = lang
        return metadata, None
    metadata.lang = ""
    lines = span.yaml_text.split("\n")
    # +2: one for the opening fence, one because lines count from 1.
    line = next((n + 2 for n, text in enumerate(lines) if _LANG_KEY.match(text)), 2)
    return metadata, SourceProblem(
        line, f"lang {lang[:40]!r} is not a language tag such as en-GB; the default is used"
    )


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
