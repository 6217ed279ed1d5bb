"""Writes one CSL-JSON item into a CSL-JSON file's text in place, formatted like its
neighbours, so every other item keeps its bytes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from editor.core.citations.bibformats.common import check_keys, match_end
from editor.core.fileio import FileError

_SPACE = re.compile(r"\s*")


def _json_items(path: Path, text: str) -> tuple[int, list[tuple[int, int, object]]]:
    """The offset of the top-level array's ``]`` and each item's ``(start, end, value)``."""
    decoder = json.JSONDecoder()
    position = match_end(_SPACE, text)
    if not text.startswith("[", position):
        raise FileError(f"{path}: not a CSL-JSON list of items; cannot add to it")
    items: list[tuple[int, int, object]] = []
    position += 1
    try:
        while True:
            position = match_end(_SPACE, text, position)
            if text.startswith("]", position):
                return position, items
            value, end = decoder.raw_decode(text, position)
            items.append((position, end, value))
            position = match_end(_SPACE, text, end)
            if text.startswith(",", position):
                position += 1
            elif not text.startswith("]", position):
                raise json.JSONDecodeError("Expecting ',' delimiter", text, position)
    except json.JSONDecodeError as error:
        raise FileError(f"{path}:{error.lineno}: not valid JSON ({error.msg})") from None


def _line_indent(text: str, offset: int) -> str:
    """The whitespace before ``offset`` on its line."""
    start = text.rfind("\n", 0, offset) + 1
    before = text[start:offset]
    return before if not before.strip() else ""


def _format_json(item: dict, like: str | None, base_indent: str) -> str:
    """``item`` formatted as ``like`` (a neighbour's text) is: on one line, or indented with
    its unit, each line after the first shifted by ``base_indent``."""
    if like is not None and "\n" not in like:
        return json.dumps(item, ensure_ascii=False)
    unit = "  "
    if like is not None:
        inner = re.search(r"\n([ \t]+)\S", like)
        if inner and inner.group(1).startswith(base_indent) and inner.group(1) != base_indent:
            unit = inner.group(1)[len(base_indent) :]
    indent: int | str = len(unit) if unit.strip(" ") == "" else unit
    dumped = json.dumps(item, indent=indent, ensure_ascii=False)
    return dumped.replace("\n", "\n" + base_indent)


def splice_csl_json(path: Path, text: str, item: dict, original_key: str | None) -> str:
    """``text`` (the file at ``path``) with ``item`` added, or put in place of the item
    ``original_key``."""
    closing, items = _json_items(path, text)
    keys = [str(value.get("id")) for _, _, value in items if isinstance(value, dict)]
    check_keys(path, keys, item, original_key)
    if original_key is not None:
        for start, end, value in items:
            if isinstance(value, dict) and str(value.get("id")) == original_key:
                formatted = _format_json(item, text[start:end], _line_indent(text, start))
                return text[:start] + formatted + text[end:]
    if not items:
        # "[]" or "[\n]": the item goes on its own lines inside.
        opening = text.rfind("[", 0, closing)
        outer = _line_indent(text, opening)
        body = _format_json(item, None, outer + "  ")
        return text[: opening + 1] + f"\n{outer}  {body}\n{outer}" + text[closing:]
    last_start, last_end, _ = items[-1]
    if len(items) > 1:
        between = text[items[-2][1] : last_start]
        separator = between[between.find(",") + 1 :]
    else:
        separator = text[text.rfind("\n", 0, last_start) : last_start] or " "
    like = text[last_start:last_end]
    formatted = _format_json(item, like, _line_indent(text, last_start))
    return text[:last_end] + "," + separator + formatted + text[last_end:]
