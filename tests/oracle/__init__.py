"""citeproc-js as the citation tests' oracle: our clusters and CSL-JSON items in, its HTML out.

citeproc-js is the CSL processor of Zotero and Mendeley, so its output is what editors and
co-authors see. It runs in node (tests/oracle/citeproc_js.mjs, ``citeproc`` pinned in
package-lock.json and installed by packaging/bootstrap.sh with ``npm ci``); it is given the
very locale files citeproc-py ships, so both processors read the same terms.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from citeproc import LOCALES_PATH

from editor.core.citations.syntax import Cluster

ORACLE = Path(__file__).resolve().parent
SCRIPT = ORACLE / "citeproc_js.mjs"


class OracleMissingError(Exception):
    """node or the installed ``citeproc`` package is not there; the message says what to do."""


@dataclass
class OracleResult:
    """citeproc-js's formatting of one document."""

    clusters: list[str]  # HTML of each cluster, in input order
    bibliography: list[str]  # inner HTML of each entry (its csl-entry div unwrapped)
    bibliography_keys: list[str]
    second_field_align: str | bool


def available() -> None:
    """Raises ``OracleMissingError`` unless node and citeproc-js can run."""
    if shutil.which("node") is None:
        raise OracleMissingError("node is not installed (packaging/bootstrap.sh installs nodejs)")
    if not (ORACLE / "node_modules" / "citeproc" / "package.json").is_file():
        raise OracleMissingError("citeproc-js is not installed: run `npm ci` in tests/oracle")


def request(items: list[dict], clusters: list[Cluster], style: Path, lang: str) -> dict:
    """The JSON request citeproc_js.mjs reads: only the cited items, our clusters in its terms."""
    keys = {item.key for cluster in clusters for item in cluster.items}
    return {
        "items": [item for item in items if item["id"] in keys],
        "style": str(style),
        "locales": str(LOCALES_PATH),
        "lang": lang,
        "clusters": [
            {
                "narrative": cluster.narrative,
                "items": [
                    {
                        "id": item.key,
                        "locator": item.locator,
                        "label": item.label if item.locator else "",
                        "prefix": item.prefix,
                        "suffix": item.suffix,
                        "suppress-author": item.suppress_author,
                    }
                    for item in cluster.items
                ],
            }
            for cluster in clusters
        ],
    }


def format_with_citeproc_js(
    items: list[dict], clusters: list[Cluster], style: Path, lang: str
) -> OracleResult:
    """citeproc-js's clusters and reference list for ``clusters`` citing ``items``."""
    available()
    done = subprocess.run(
        ["node", str(SCRIPT)],
        input=json.dumps(request(items, clusters, style, lang)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"citeproc-js failed on {style}: {done.stderr.strip()}")
    output = json.loads(done.stdout)
    return OracleResult(
        clusters=output["clusters"],
        bibliography=[_unwrap_entry(entry) for entry in output["bibliography"]],
        bibliography_keys=output["bibliography_ids"],
        second_field_align=output["second_field_align"],
    )


def _unwrap_entry(entry: str) -> str:
    entry = entry.strip()
    start, end = entry.index(">") + 1, entry.rindex("</div>")
    return entry[start:end]
