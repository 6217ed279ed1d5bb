"""Inputs that used to hang, exhaust memory or crash a render: written as real files, shared by
the core, command-line and window tests."""

from __future__ import annotations


def yaml_alias_bomb(key: str = "title") -> str:
    """The "billion laughs": nine anchors, each nine aliases of the one before (350 bytes of
    YAML that stand for 387 million strings), the last one the value of ``key``."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    lines.append(f"{key}: *i")
    return "\n".join(lines)


def bomb_document(key: str = "title") -> str:
    return f"---\n{yaml_alias_bomb(key)}\n---\n\nThe text after it.\n"


def deep_yaml_document(depth: int = 100_000) -> str:
    return f"---\ntitle: {'[' * depth}{']' * depth}\n---\n\nThe text after it.\n"


RECURSIVE_NEWCOMMAND_BIB = (
    '@preamble{"\\newcommand{\\loop}{\\loop\\loop}"}\n'
    "@article{looped, title = {Around \\loop}, author = {Ann Smith}, year = 2020}\n"
)


def doubling_strings_bib(lines: int = 26) -> str:
    """Each @string twice the one before: the 26th would be 134 million characters."""
    strings = ['@string{s0 = "xx"}']
    strings += [f"@string{{s{n} = s{n - 1} # s{n - 1}}}" for n in range(1, lines)]
    last = f"s{lines - 1}"
    strings.append(f"@article{{doubled, title = {last}, author = {{Ann Smith}}, year = 2020}}")
    strings.append("@article{fine, title = {Fine}, author = {Bo Jones}, year = 2021}")
    return "\n".join(strings) + "\n"


def deep_list_on_one_line(depth: int = 50_000) -> str:
    return "- " * depth + "deepest\n"


def deep_indented_lists(depth: int = 1_000) -> str:
    return "".join("    " * level + f"- level {level}\n" for level in range(depth))


def cited_document(bibliography: str, before: str = "") -> str:
    return (
        f"---\nbibliography: {bibliography}\n---\n\n# Heading\n\n{before}"
        "Cited [@fine] and [@looped].\n\nThe last paragraph.\n"
    )
