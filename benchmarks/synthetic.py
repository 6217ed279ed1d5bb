"""The benchmarks' one generator of realistic synthetic libraries, and their BibTeX and RIS
exports: deterministic for the same arguments, shaped like real reference-manager exports.

Items are CSL-JSON: journal articles (most), books (some edited), chapters with editors,
reports and web pages; one to eight authors with accents and particles, a few corporate
authors, some same-author same-year pairs ("2019a", "2019b"), a few undated works, titles with
rich text, journals, volumes, issues, page ranges, DOIs, URLs, access dates and abstracts.
"""

from __future__ import annotations

import random

_FAMILIES = (
    "Smith Jones Marsh Okafor Müller García Nguyen Østergaard Kowalski Dubois Rossi Tanaka "
    "Novák Schröder Jäger Fernández Papadopoulos Lindqvist Öztürk Nakamura Silva Berman Aksın "
    "O’Connor Patel Khan Chen Lee Kim Wright Taylor Brown Williams Evans Walker"
).split()
_GIVEN = (
    "Anna Ben Carla David Eva Frank Greta Hugo Inès Jonas Karin Luis Marta Nils Ji-hoon Siobhan "
    "Ravi Thi Mai Owen Carys"
).split()
_PARTICLES = ("van der", "de", "von", "van", "da")
_CORPORATE = ("World Health Organization", "NHS England", "U.S. Bureau of the Census")
WORDS = (
    "clinical evidence trial response dose therapy treatment effect study review outcome "
    "depression ketamine randomised placebo control group significant careful structured "
    "practice service referral safety monitoring consent relapse analysis model network "
    "learning cohort patients adolescents community primary care mental health nursing "
    "staffing pressure ulcer falls sleep intensive discharge older adults"
).split()
_JOURNALS = (
    "Journal of Affective Disorders",
    "The Lancet Psychiatry",
    "BMJ Open",
    "Psychological Medicine",
    "Nature Human Behaviour",
)
_KINDS = (["article-journal", "book", "chapter", "report", "webpage"], [12, 3, 2, 1, 2])


def _person(rng: random.Random) -> dict:
    person = {"family": rng.choice(_FAMILIES), "given": rng.choice(_GIVEN)}
    if rng.random() < 0.05:
        person["non-dropping-particle"] = rng.choice(_PARTICLES)
    return person


def sentence(rng: random.Random, words: int) -> str:
    """``words`` words of the generator's clinical vocabulary, capitalised."""
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def make_library(entries: int, seed: int = 2026) -> dict[str, dict]:
    """``entries`` CSL-JSON items keyed by citation key, in key order of creation."""
    rng = random.Random(seed)
    library: dict[str, dict] = {}
    for index in range(entries):
        kind = rng.choices(*_KINDS)[0]
        if rng.random() < 0.03:
            names = [{"literal": rng.choice(_CORPORATE)}]
        else:
            names = [_person(rng) for _ in range(rng.choice([1, 1, 2, 2, 3, 4, 6, 8]))]
        year = rng.randint(1990, 2025)
        if index % 6 == 5 and library:  # the previous work's authors again, same year
            previous = library[next(reversed(library))]
            if "author" in previous and "issued" in previous:
                names, year = previous["author"], previous["issued"]["date-parts"][0][0]
        first = names[0].get("family") or names[0]["literal"].split()[0]
        key = f"{first.lower().replace('’', '')}{year}-{index}"
        words = sentence(rng, rng.randint(4, 12)).split(" ")
        if rng.random() < 0.1 and len(words) > 1:
            words[1] = f"<i>{words[1]}</i>"
        item: dict = {"id": key, "type": kind, "title": " ".join(words)}
        item["editor" if kind == "book" and rng.random() < 0.3 else "author"] = names
        if rng.random() > 0.03:
            item["issued"] = {"date-parts": [[year, rng.randint(1, 12)]]}
        if kind == "article-journal":
            page = rng.randint(1, 900)
            item |= {
                "container-title": rng.choice(_JOURNALS),
                "volume": str(rng.randint(1, 90)),
                "issue": str(rng.randint(1, 12)),
                "page": f"{page}-{page + rng.randint(3, 30)}",
            }
            if rng.random() < 0.7:
                item["DOI"] = f"10.{rng.randint(1000, 9999)}/j.{index}"
        elif kind in ("book", "report"):
            item |= {"publisher": "Sage", "publisher-place": "London"}
        elif kind == "chapter":
            item |= {
                "container-title": "The handbook of " + rng.choice(WORDS),
                "editor": [_person(rng)],
                "publisher": "Oxford University Press",
                "publisher-place": "Oxford",
                "page": f"{rng.randint(1, 50)}-{rng.randint(51, 99)}",
            }
        else:
            item |= {
                "container-title": "NHS website",
                "URL": f"https://example.org/page/{index}",
                "accessed": {"date-parts": [[2024, 2, 3]]},
            }
        if rng.random() < 0.5:
            item["abstract"] = ". ".join(sentence(rng, 20) for _ in range(rng.randint(3, 8))) + "."
        library[key] = item
    return library


# Exports, as Better BibTeX and Zotero write them ------------------------------------------

_BIB_ACCENTS = {
    "ü": '{\\"u}',
    "ö": '{\\"o}',
    "ä": '{\\"a}',
    "é": "{\\'e}",
    "á": "{\\'a}",
    "è": "{\\`e}",
    "ø": "{\\o}",
    "Ø": "{\\O}",
    "ç": "{\\c c}",
    "Ö": '{\\"O}',
    "ß": "{\\ss}",
    "ı": "{\\i}",
    "&": "\\&",
}
_BIB_TYPES = {
    "article-journal": "article",
    "book": "book",
    "chapter": "incollection",
    "report": "techreport",
    "webpage": "online",
}
_RIS_TYPES = {
    "article-journal": "JOUR",
    "book": "BOOK",
    "chapter": "CHAP",
    "report": "RPRT",
    "webpage": "ELEC",
}
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def _latex(text: str) -> str:
    return "".join(_BIB_ACCENTS.get(char, char) for char in text)


def _family(person: dict) -> str:
    if "literal" in person:
        return person["literal"]
    family = person["family"]
    particle = person.get("non-dropping-particle")
    return f"{particle} {family}" if particle else family


def _bib_name(person: dict) -> str:
    if "literal" in person:
        return "{" + _latex(person["literal"]) + "}"
    return _latex(f"{_family(person)}, {person['given']}")


def to_bibtex(items: list[dict]) -> str:
    """``items`` as a Better BibTeX export: double-braced titles, accents as LaTeX, ``--``
    page ranges, month macros."""
    out = ["% Encoding: UTF-8\n"]
    for item in items:
        kind = _BIB_TYPES[item["type"]]
        fields = [("title", "{{" + _latex(item["title"]) + "}}")]
        for role in ("author", "editor"):
            if role in item:
                fields.append((role, "{" + " and ".join(map(_bib_name, item[role])) + "}"))
        if "container-title" in item:
            name = "journaltitle" if kind == "article" else "booktitle"
            fields.append((name, "{" + _latex(item["container-title"]) + "}"))
        if "issued" in item:
            year, month = item["issued"]["date-parts"][0]
            fields += [("year", str(year)), ("month", _MONTHS[month - 1])]
        for name, variable in (("volume", "volume"), ("number", "issue")):
            if variable in item:
                fields.append((name, "{" + item[variable] + "}"))
        if "page" in item:
            fields.append(("pages", "{" + item["page"].replace("-", "--") + "}"))
        for name, variable in (("publisher", "publisher"), ("location", "publisher-place")):
            if variable in item:
                fields.append((name, "{" + item[variable] + "}"))
        for name, variable in (("doi", "DOI"), ("url", "URL")):
            if variable in item:
                fields.append((name, "{" + item[variable] + "}"))
        if "abstract" in item:
            fields.append(("abstract", "{" + item["abstract"] + "}"))
        fields.append(("langid", "{english}"))
        body = "".join(f"  {name} = {value},\n" for name, value in fields)
        out.append(f"@{kind}{{{item['id']},\n{body}}}\n\n")
    return "".join(out)


def to_ris(items: list[dict]) -> str:
    """``items`` as a Zotero RIS export (CRLF line endings)."""
    out = []
    for item in items:
        lines = [f"TY  - {_RIS_TYPES[item['type']]}", f"TI  - {item['title']}"]
        for role, tag in (("author", "AU"), ("editor", "A2")):
            for person in item.get(role, []):
                given = person.get("given")
                lines.append(
                    f"{tag}  - {_family(person)}, {given}"
                    if given
                    else f"{tag}  - {_family(person)}"
                )
        if "container-title" in item:
            lines.append(f"T2  - {item['container-title']}")
        if "abstract" in item:
            lines.append(f"AB  - {item['abstract']}")
        if "issued" in item:
            year, month = item["issued"]["date-parts"][0]
            lines += [f"DA  - {year}/{month:02d}//", f"PY  - {year}"]
        for tag, variable in (
            ("VL", "volume"),
            ("IS", "issue"),
            ("PB", "publisher"),
            ("CY", "publisher-place"),
            ("DO", "DOI"),
            ("UR", "URL"),
        ):
            if variable in item:
                lines.append(f"{tag}  - {item[variable]}")
        if "page" in item:
            first, _, last = item["page"].partition("-")
            lines += [f"SP  - {first}", f"EP  - {last}"]
        lines += ["ER  - ", ""]
        out.append("\r\n".join(lines))
    return "\r\n".join(out)
