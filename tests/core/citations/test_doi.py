"""One rule for DOIs: a DOI written as a link, as a scheme-less ``doi.org/`` address or with
``doi:`` gives the same correct link from every bibliography format."""

import re

import pytest

from editor.core.citations.bibformats.common import normalise_doi
from editor.core.render import Renderer

LIBRARIES = {
    "refs.bib": "@article{k,\n  author = {Marsh, Anna},\n  title = {Title},\n"
    "  journal = {Journal},\n  year = {2021},\n  doi = {DOI_VALUE}\n}\n",
    "refs.json": '[{"id": "k", "type": "article-journal", "author": [{"family": "Marsh", '
    '"given": "Anna"}], "title": "Title", "container-title": "Journal", '
    '"issued": {"date-parts": [[2021]]}, "DOI": "DOI_VALUE"}]\n',
    "refs.ris": "TY  - JOUR\nID  - k\nAU  - Marsh, Anna\nTI  - Title\nJO  - Journal\n"
    "PY  - 2021\nDO  - DOI_VALUE\nER  - \n",
}
WRITTEN = [
    "doi.org/10.1000/abc",
    "https://doi.org/10.1000/abc",
    "http://dx.doi.org/10.1000/abc",
    "doi: 10.1000/abc",
    "10.1000/abc",
]


@pytest.mark.parametrize("written", WRITTEN)
def test_normalise_doi(written):
    assert normalise_doi(written) == "10.1000/abc"


@pytest.mark.parametrize("name", sorted(LIBRARIES))
@pytest.mark.parametrize("written", WRITTEN)
def test_every_format_links_the_same_doi(tmp_path, name, written):
    (tmp_path / name).write_text(LIBRARIES[name].replace("DOI_VALUE", written), encoding="utf-8")
    text = f"---\nbibliography: {name}\n---\n\nAs shown [@k].\n"
    document = Renderer().render(text, folder=tmp_path)
    assert not document.problems, document.problems
    links = re.findall(r'href="([^"]*doi[^"]*)"', document.references_html)
    assert links == ["https://doi.org/10.1000/abc"], document.references_html
