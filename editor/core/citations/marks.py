"""Finds pandoc citations while python-markdown renders a block and leaves a mark for each;
the document-wide pass formats all of them at once and puts the result in place of the marks.

A mark carries its cluster and its source text, so cached block HTML needs no re-parsing.
Citations in code spans are never seen (python-markdown handles backticks first), and e-mail
addresses are not citations.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict

import markdown
from markdown.inlinepatterns import InlineProcessor

from editor.core.citations.syntax import (
    BRACKETED,
    NARRATIVE,
    CitationItem,
    Cluster,
    parse_cluster,
    parse_narrative,
)

_MARK_RE = re.compile("\ue002([A-Za-z0-9+/=]*)\ue003")


def _mark(cluster: Cluster, source: str) -> str:
    payload = {
        "items": [asdict(item) for item in cluster.items],
        "n": cluster.narrative,
        "src": source,
    }
    encoded = base64.b64encode(json.dumps(payload).encode("utf-8")).decode("ascii")
    return f"\ue002{encoded}\ue003"


def decode(encoded: str) -> tuple[Cluster, str]:
    """The cluster and source text a mark carries."""
    payload = json.loads(base64.b64decode(encoded))
    items = tuple(CitationItem(**item) for item in payload["items"])
    return Cluster(items, narrative=payload["n"]), payload["src"]


def marks_in(html: str) -> Iterator[str]:
    """The encoded marks of ``html`` in order."""
    if "\ue002" in html:
        yield from _MARK_RE.findall(html)


def replace_marks(html: str, replacement: Callable[[str], str]) -> str:
    """``html`` with each mark replaced by ``replacement(encoded mark)``."""
    if "\ue002" not in html:
        return html
    return _MARK_RE.sub(lambda match: replacement(match.group(1)), html)


class _Bracketed(InlineProcessor):
    def handleMatch(self, m, data):  # noqa: N802 - python-markdown's API
        cluster = parse_cluster(m.group("inner"))
        if cluster is None:
            return None, None, None
        return self.md.htmlStash.store(_mark(cluster, m.group(0))), m.start(0), m.end(0)


class _Narrative(InlineProcessor):
    def handleMatch(self, m, data):  # noqa: N802 - python-markdown's API
        cluster = parse_narrative(m.group("key"), m.group("locator"))
        return self.md.htmlStash.store(_mark(cluster, m.group(0))), m.start(0), m.end(0)


class CitationMarkExtension(markdown.Extension):
    """Registers the two citation patterns with python-markdown."""

    def extendMarkdown(self, md):  # noqa: N802 - python-markdown's API
        # After links (160), so "[see @a](url)" stays a link; before reference links (130).
        md.inlinePatterns.register(_Bracketed(BRACKETED.pattern, md), "citation", 155)
        # After autolinks and <e-mail> links (120, 110).
        md.inlinePatterns.register(_Narrative(NARRATIVE.pattern, md), "citation_narrative", 105)
