"""Measures loading a 1,000-entry bibliography in each format the editor reads.

The files are generated deterministically to look like real exports: a Better BibTeX .bib
(double-braced titles, accents, ``--`` page ranges, month macros, abstracts, DOIs), the same
references as Better CSL JSON, and as a Zotero RIS export. Each is loaded with
``load_bibliography`` several times; the table gives the fastest and the median run.

Run::

    .venv/bin/python benchmarks/bibliography.py [--entries 1000] [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from editor.core.bibliography import load_bibliography  # noqa: E402

_FAMILIES = (
    "Smith Jones Müller García Nguyen Østergaard Kowalski Dubois Rossi Tanaka Okafor Novák "
    "Schröder Jäger Fernández Papadopoulos Lindqvist Öztürk Nakamura Silva"
).split()
_GIVEN = "Anna Ben Carla David Eva Frank Greta Hugo Ines Jonas Karin Luis Marta Nils".split()
_PARTICLES = ("van der", "de", "von", "van", "da")
_WORDS = (
    "clinical evidence trial response dose therapy treatment effect study review outcome "
    "depression ketamine randomised placebo control group significant careful structured "
    "practice service referral safety monitoring consent relapse analysis model network "
    "learning cohort patients adolescents community primary care mental health"
).split()
_JOURNALS = (
    "Journal of Affective Disorders",
    "The Lancet Psychiatry",
    "BMJ Open",
    "Psychological Medicine",
    "Nature Human Behaviour",
)
_BIB_ACCENTS = {
    "ü": '{\\"u}',
    "ö": '{\\"o}',
    "ä": '{\\"a}',
    "é": "{\\'e}",
    "á": "{\\'a}",
    "ø": "{\\o}",
    "Ø": "{\\O}",
    "ç": "{\\c c}",
    "Ö": '{\\"O}',
    "ß": "{\\ss}",
}


def _person(rng: random.Random) -> dict:
    person = {"family": rng.choice(_FAMILIES), "given": rng.choice(_GIVEN)}
    if rng.random() < 0.1:
        person["non-dropping-particle"] = rng.choice(_PARTICLES)
    return person


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def references(count: int, seed: int = 1) -> list[dict]:
    """``count`` CSL-JSON items with unique keys, the same for every run."""
    rng = random.Random(seed)
    items = []
    for number in range(count):
        authors = [_person(rng) for _ in range(rng.randint(1, 6))]
        year = rng.randint(1980, 2024)
        first = rng.randint(1, 900)
        item = {
            "id": f"{authors[0]['family'].lower()}{year}n{number}",
            "type": rng.choice(("article-journal",) * 6 + ("book", "chapter", "report")),
            "author": authors,
            "title": _sentence(rng, rng.randint(6, 14)),
            "container-title": rng.choice(_JOURNALS),
            "issued": {"date-parts": [[year, rng.randint(1, 12)]]},
            "volume": str(rng.randint(1, 80)),
            "issue": str(rng.randint(1, 12)),
            "page": f"{first}-{first + rng.randint(3, 30)}",
            "DOI": f"10.{rng.randint(1000, 9999)}/{rng.randint(10**6, 10**7)}",
            "URL": f"https://doi.org/10.{rng.randint(1000, 9999)}/x{number}",
            "abstract": ". ".join(_sentence(rng, 20) for _ in range(rng.randint(3, 8))) + ".",
        }
        items.append(item)
    return items


def _latex(text: str) -> str:
    return "".join(_BIB_ACCENTS.get(char, char) for char in text)


def _bib_name(person: dict) -> str:
    family = person["family"]
    if "non-dropping-particle" in person:
        family = f"{person['non-dropping-particle']} {family}"
    return _latex(f"{family}, {person['given']}")


def to_bibtex(items: list[dict]) -> str:
    months = "jan feb mar apr may jun jul aug sep oct nov dec".split()
    types = {"article-journal": "article", "book": "book", "chapter": "incollection"}
    out = ["% Encoding: UTF-8\n"]
    for item in items:
        year, month = item["issued"]["date-parts"][0]
        kind = types.get(item["type"], "techreport")
        first, last = item["page"].split("-")
        container = "journaltitle" if kind == "article" else "booktitle"
        out.append(
            f"@{kind}{{{item['id']},\n"
            f"  title = {{{{{item['title']}}}}},\n"
            f"  author = {{{' and '.join(_bib_name(p) for p in item['author'])}}},\n"
            f"  {container} = {{{item['container-title']}}},\n"
            f"  year = {year},\n"
            f"  month = {months[month - 1]},\n"
            f"  volume = {{{item['volume']}}},\n"
            f"  number = {{{item['issue']}}},\n"
            f"  pages = {{{first}--{last}}},\n"
            f"  doi = {{{item['DOI']}}},\n"
            f"  url = {{{item['URL']}}},\n"
            f"  abstract = {{{item['abstract']}}},\n"
            f"  langid = {{english}},\n"
            "}\n\n"
        )
    return "".join(out)


def to_ris(items: list[dict]) -> str:
    types = {"article-journal": "JOUR", "book": "BOOK", "chapter": "CHAP", "report": "RPRT"}
    out = []
    for item in items:
        year, month = item["issued"]["date-parts"][0]
        first, last = item["page"].split("-")
        lines = [f"TY  - {types[item['type']]}", f"TI  - {item['title']}"]
        for person in item["author"]:
            family = person["family"]
            if "non-dropping-particle" in person:
                family = f"{person['non-dropping-particle']} {family}"
            lines.append(f"AU  - {family}, {person['given']}")
        lines += [
            f"T2  - {item['container-title']}",
            f"AB  - {item['abstract']}",
            f"DA  - {year}/{month:02d}//",
            f"PY  - {year}",
            f"VL  - {item['volume']}",
            f"IS  - {item['issue']}",
            f"SP  - {first}",
            f"EP  - {last}",
            f"DO  - {item['DOI']}",
            f"UR  - {item['URL']}",
            "ER  - ",
            "",
        ]
        out.append("\r\n".join(lines))
    return "\r\n".join(out)


def _time(path: Path, runs: int) -> tuple[float, float, int, int]:
    times = []
    library = None
    for _ in range(runs):
        start = time.perf_counter()
        library = load_bibliography(path)
        times.append(time.perf_counter() - start)
    assert library is not None
    return min(times), statistics.median(times), len(library.entries), len(library.problems)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    arguments = parser.parse_args()
    items = references(arguments.entries)
    with tempfile.TemporaryDirectory() as folder:
        files = {
            "BibTeX (.bib)": (Path(folder) / "library.bib", to_bibtex(items)),
            "CSL-JSON (.json)": (Path(folder) / "library.json", json.dumps(items, indent=2)),
            "RIS (.ris)": (Path(folder) / "library.ris", to_ris(items)),
        }
        print(f"Loading {arguments.entries} references, best and median of {arguments.runs} runs")
        print(
            f"{'format':<18} {'size':>9} {'entries':>8} {'problems':>9} {'best':>9} {'median':>9}"
        )
        for name, (path, text) in files.items():
            path.write_text(text, encoding="utf-8", newline="")
            best, median, entries, problems = _time(path, arguments.runs)
            size = f"{path.stat().st_size / 1024:.0f} KB"
            print(
                f"{name:<18} {size:>9} {entries:>8} {problems:>9} "
                f"{best * 1000:>7.0f}ms {median * 1000:>7.0f}ms"
            )


if __name__ == "__main__":
    main()
