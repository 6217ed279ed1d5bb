"""Naming a bibliography file or a citation style in a document's front matter, changing only
those lines."""

from __future__ import annotations

import json
import re

import yaml

from editor.core.frontmatter import find_front_matter

_BIBLIOGRAPHY_KEY = re.compile(r"^bibliography[ \t]*:(.*)$")

_LIST_ITEM = re.compile(r"^([ \t]*-[ \t]+)")


def _yaml_scalar(value: str, in_flow: bool) -> str:
    """``value`` as a YAML scalar: plain when YAML reads it back unchanged, else quoted."""
    try:
        plain_ok = yaml.safe_load(value) == value and "#" not in value and ": " not in value
    except yaml.YAMLError:
        plain_ok = False
    if in_flow and any(char in value for char in ",[]{}"):
        plain_ok = False
    return value if plain_ok else json.dumps(value, ensure_ascii=False)


def _listed(value: object) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(item) for item in items]


def add_bibliography_to_front_matter(text: str, relative: str) -> str:
    """``text`` with ``relative`` named in its front matter's ``bibliography`` (a value
    becomes a list, a list gains an item), changing only those lines; a front matter is
    created if the document has none. Unchanged when the file is already named."""
    lines = text.split("\n")
    span = find_front_matter(lines)
    if span is None:
        return f"---\nbibliography: {_yaml_scalar(relative, False)}\n---\n\n" + text
    try:
        data = yaml.safe_load(span.yaml_text)
    except yaml.YAMLError:
        data = None
    if isinstance(data, dict) and relative in _listed(data.get("bibliography")):
        return text
    closing = span.end_line - 1
    key_line = next(
        (i for i in range(1, closing) if _BIBLIOGRAPHY_KEY.match(lines[i])),
        None,
    )
    if key_line is None:
        lines.insert(closing, f"bibliography: {_yaml_scalar(relative, False)}")
        return "\n".join(lines)
    key = _BIBLIOGRAPHY_KEY.match(lines[key_line])
    assert key is not None  # key_line was found by this very match
    value, comment = _split_comment(key.group(1))
    stripped = value.strip()
    if stripped.startswith("[") and stripped.endswith("]"):
        inner = stripped[1:-1].strip()
        entry = _yaml_scalar(relative, True)
        new_list = f"[{inner}, {entry}]" if inner else f"[{entry}]"
        lines[key_line] = f"bibliography: {new_list}{comment}"
        return "\n".join(lines)
    if stripped:
        lines[key_line : key_line + 1] = [
            f"bibliography:{comment}",
            f"  - {stripped}",
            f"  - {_yaml_scalar(relative, False)}",
        ]
        return "\n".join(lines)
    # A block list below the key (or nothing): it runs while lines are indented, list items,
    # blank or comments.
    last_item, prefix = None, "  - "
    for index in range(key_line + 1, closing):
        line = lines[index]
        if line.strip() and not line[:1].isspace() and not line.startswith(("-", "#")):
            break
        if line.strip() and not line.lstrip().startswith("#"):
            last_item = index
            item_prefix = _LIST_ITEM.match(line)
            if item_prefix:
                prefix = item_prefix.group(1)
    entry = f"{prefix}{_yaml_scalar(relative, False)}"
    if last_item is None:
        lines[key_line] = f"bibliography: {_yaml_scalar(relative, False)}{comment}"
    else:
        lines.insert(last_item + 1, entry)
    return "\n".join(lines)


def _split_comment(value: str) -> tuple[str, str]:
    """A plain value and its trailing ``  # comment`` (kept as written)."""
    match = re.search(r"\s+#.*$", value)
    if match is None or value.count('"') % 2 or value.count("'") % 2:
        return value, ""
    return value[: match.start()], value[match.start() :]


_CSL_KEY = re.compile(r"^csl[ \t]*:(.*)$")


def front_matter_csl(text: str) -> str:
    """The front matter's ``csl`` value as written ("" when it names none)."""
    span = find_front_matter(text.split("\n"))
    if span is None:
        return ""
    try:
        data = yaml.safe_load(span.yaml_text)
    except yaml.YAMLError:
        return ""
    value = data.get("csl") if isinstance(data, dict) else None
    return str(value).strip() if value else ""


def set_csl_in_front_matter(text: str, style: str) -> str:
    """``text`` with its front matter's ``csl`` set to ``style``: the one ``csl:`` line
    rewritten (its comment kept), or a line added before the closing fence; a front matter is
    created if the document has none."""
    scalar = _yaml_scalar(style, False)
    lines = text.split("\n")
    span = find_front_matter(lines)
    if span is None:
        return f"---\ncsl: {scalar}\n---\n\n" + text
    closing = span.end_line - 1
    for index in range(1, closing):
        match = _CSL_KEY.match(lines[index])
        if match:
            _, comment = _split_comment(match.group(1))
            lines[index] = f"csl: {scalar}{comment}"
            return "\n".join(lines)
    lines.insert(closing, f"csl: {scalar}")
    return "\n".join(lines)
