"""What ``article-editor check`` prints: findings grouped by rule with a summary, or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from editor.core.proofing.findings import Finding, Rule

TEXT_SUGGESTIONS = 5  # more is noise in a terminal; JSON carries them all


def text_report(findings: Sequence[Finding], source: Path, rules: Sequence[Rule]) -> str:
    """One block per rule (in the rules' order) headed by its title, id and count, one
    ``file:line:column: message -> suggestions`` line per finding, then a summary line.
    Empty when nothing was found."""
    if not findings:
        return ""
    by_kind: dict[str, list[Finding]] = {}
    for item in findings:
        by_kind.setdefault(item.kind, []).append(item)
    titles = {rule.id: rule.title for rule in rules}
    order = [rule.id for rule in rules if rule.id in by_kind]
    order += sorted(kind for kind in by_kind if kind not in titles)  # a rule's stray kind
    blocks = []
    for kind in order:
        items = by_kind[kind]
        lines = [f"{titles.get(kind, kind)} [{kind}]: {len(items)}"]
        for item in items:
            where = f"{source}:{item.line}:{item.column}: {item.message}"
            shown = ", ".join(item.suggestions[:TEXT_SUGGESTIONS])
            lines.append(f"  {where} -> {shown}" if shown else f"  {where}")
        blocks.append("\n".join(lines))
    counts = ", ".join(f"{kind} {len(by_kind[kind])}" for kind in order)
    total = len(findings)
    summary = f"{total} problem{'s' if total != 1 else ''} in {source} ({counts})"
    return "\n\n".join(blocks) + "\n\n" + summary + "\n"


def json_report(findings: Sequence[Finding]) -> str:
    """A JSON list of ``Finding.as_json`` records, in document order."""
    return json.dumps([item.as_json() for item in findings], ensure_ascii=False, indent=2)
