"""The citeproc-js oracle itself: it runs, and formats what it is given as Zotero would."""

from __future__ import annotations

from editor.core.citations.formatter import default_style_path
from editor.core.citations.syntax import CitationItem, Cluster

ITEMS = [
    {
        "id": "smith",
        "type": "book",
        "title": "A book",
        "author": [{"family": "Smith", "given": "Jane"}],
        "issued": {"date-parts": [[2019]]},
        "publisher": "Oxford University Press",
    }
]


def test_citeproc_js_formats_clusters_and_the_reference_list(citeproc_js):
    clusters = [
        Cluster((CitationItem("smith", locator="3"),)),
        Cluster((CitationItem("smith", locator="17-19"),), narrative=True),
        Cluster((CitationItem("smith", prefix="see", suppress_author=True),)),
    ]
    result = citeproc_js(ITEMS, clusters, default_style_path(), "en-GB")
    assert result.clusters == ["(Smith, 2019, p. 3)", "Smith (2019, pp. 17–19)", "(see 2019)"]
    assert result.bibliography == ["Smith, J. (2019) <i>A book</i>. Oxford University Press."]
    assert result.bibliography_keys == ["smith"]
