"""Lone UTF-16 surrogates: ``"\\ud800"`` escapes in JSON and YAML give Python strings that no
UTF-8 encoder takes, so readers repair them before anything else sees the text."""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def repair_surrogates(text: str) -> tuple[str, bool]:
    """``text`` with each escaped surrogate pair joined into its character (as JSON readers do,
    and YAML's ``"\\ud83d\\ude00"`` means) and each lone surrogate replaced by U+FFFD; and
    whether there was a lone one."""
    if not _SURROGATE.search(text):
        return text, False
    repaired = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return repaired, repaired.count("\ufffd") > text.count("\ufffd")
