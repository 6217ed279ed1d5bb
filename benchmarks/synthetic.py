"""The benchmarks' one generator of realistic synthetic libraries and documents: deterministic
for the same arguments, shaped like real reference-manager exports and real long texts.

Items are CSL-JSON: journal articles (most), books (some edited), chapters with editors,
reports and web pages; one to eight authors with accents and particles, a few corporate
authors, some same-author same-year pairs ("2019a", "2019b"), a few undated works, titles with
rich text, journals, volumes, issues, page ranges, DOIs, URLs, access dates and abstracts;
written as Better BibTeX, Better CSL JSON and Zotero RIS.

Documents (``make_document``) are books of chapters, sections and paragraphs whose words come
from the en_GB Hunspell dictionary at Zipf's frequencies (the commonest English words first),
with lists, block quotes, tables, footnotes, and citations of a library's keys at a chosen
density in pandoc's syntax. ``make_book`` is the older plain book (no citations, a small
vocabulary) that the export and PDF measures were taken on.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path

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


def make_library(entries: int, seed: int = 2026, abstracts: float = 0.5) -> dict[str, dict]:
    """``entries`` CSL-JSON items keyed by citation key, in key order of creation; about the
    fraction ``abstracts`` of them have an abstract."""
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
        if rng.random() < abstracts:
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


def to_csl_json(items: list[dict]) -> str:
    """``items`` as a CSL-JSON array, one item a line (about the size of Better CSL JSON's
    output without its indentation)."""
    return "[\n" + ",\n".join(json.dumps(item, ensure_ascii=False) for item in items) + "\n]\n"


# The library files a scale benchmark opens: abstracts on fewer entries than make_library's
# default, so that 100,000 entries stay under the editor's 64 MB bibliography limit (about
# 48 MB as BibTeX and 57 MB as CSL-JSON; with half of them abstracted they would be 80-90 MB).
SCALE_ABSTRACTS = 0.15


def write_library(
    folder: Path, entries: int, seed: int = 2026, abstracts: float = SCALE_ABSTRACTS
) -> tuple[list[str], dict[str, Path]]:
    """Write ``entries`` references to ``folder`` as ``library-N.bib`` and ``library-N.json``;
    return their keys (in order of creation) and the files by suffix."""
    items = list(make_library(entries, seed, abstracts).values())
    files = {
        "bib": folder / f"library-{entries}.bib",
        "json": folder / f"library-{entries}.json",
    }
    files["bib"].write_text(to_bibtex(items), encoding="utf-8")
    files["json"].write_text(to_csl_json(items), encoding="utf-8")
    return [item["id"] for item in items], files


# Documents --------------------------------------------------------------------------------

HUNSPELL_GB = Path("/usr/share/hunspell/en_GB.dic")
# The commonest words of written English, commonest first: with Zipf's weights over the
# dictionary after them, they make about half of the running text, as in real prose.
COMMON_WORDS = (
    "the of and to a in is that for it as was with be by on not this are or from at which but "
    "have an they were their has would when if so no will more can its who them these some what "
    "about other into only could than then also may very first new like any after our most such "
    "over those two how well should must because just where each made between do many through "
    "before while both much under even being same here last own down used might without since "
    "upon against however great make found every another during long little part further we "
    "there been one all had his her she he you i my me us your time people way years work world "
    "case point group number fact study evidence results data analysis"
).split()
CITATIONS_PER_1000_WORDS = 7.0
FOOTNOTES_PER_1000_WORDS = 1.5
TABLE_EVERY_WORDS = 25_000
MISSPELT_PER_WORD = 1 / 1000


def dictionary_words(path: Path = HUNSPELL_GB) -> tuple[list[str], list[str]]:
    """The lower-case words and the capitalised names of a Hunspell dictionary's stems,
    sorted (its affixed forms are left out: the stems alone are 57,000 English words)."""
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: the en_GB Hunspell dictionary is needed for a real vocabulary "
            "(Debian: hunspell-en-gb)"
        )
    stems = {
        line.split("/")[0].split("\t")[0]
        for line in path.read_text(encoding="utf-8-sig").splitlines()[1:]
    }
    plain = sorted(word for word in stems if len(word) > 1 and word.isalpha() and word.islower())
    names = sorted(word for word in stems if len(word) > 2 and word.isalpha() and word[0].isupper())
    return plain, names


class _Prose:
    """Sentences and paragraphs from a real vocabulary, with citations of ``keys`` kept at
    ``citations_per_1000`` items per thousand words wherever they fall."""

    def __init__(self, rng: random.Random, keys: Sequence[str], citations_per_1000: float) -> None:
        self.rng = rng
        plain, self.names = dictionary_words()
        common = set(COMMON_WORDS)
        rest = [word for word in plain if word not in common]
        rng.shuffle(rest)
        self.words = list(COMMON_WORDS) + rest
        # Zipf-Mandelbrot: rank r has weight 1/(r + 2.7), as word frequencies in English.
        self.cumulative = list(accumulate(1 / (rank + 2.7) for rank in range(len(self.words))))
        self.keys = list(keys)
        rng.shuffle(self.keys)
        # A few works are cited again and again, most once or twice.
        self.key_weights = list(accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(keys))))
        self.rate = citations_per_1000 / 1000 if keys else 0.0
        self.words_written = 0
        self.items_cited = 0

    def _choose_words(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def _key(self) -> str:
        return self.rng.choices(self.keys, cum_weights=self.key_weights)[0]

    def title(self, words: int) -> str:
        text = " ".join(self._choose_words(words))
        return text[:1].upper() + text[1:]

    def _cluster(self) -> tuple[str, int, bool]:
        """A citation in one of pandoc's forms: its text, its number of items and whether it
        is narrative (it then starts the sentence)."""
        rng, form = self.rng, self.rng.random()
        page = rng.randint(2, 480)
        if form < 0.45:
            return f"[@{self._key()}]", 1, False
        if form < 0.60:
            return f"[@{self._key()}; @{self._key()}]", 2, False
        if form < 0.65:
            return f"[@{self._key()}; @{self._key()}; @{self._key()}]", 3, False
        if form < 0.77:
            return f"[@{self._key()}, p. {page}]", 1, False
        if form < 0.85:
            return f"[see @{self._key()}, pp. {page}-{page + rng.randint(1, 9)}]", 1, False
        if form < 0.87:
            return f"[@{self._key()}, chap. {rng.randint(1, 12)}]", 1, False
        if form < 0.95:
            return f"@{self._key()}", 1, True
        if form < 0.98:
            return f"@{self._key()} [p. {page}]", 1, True
        return f"[-@{self._key()}]", 1, False

    def sentence(self) -> str:
        rng = self.rng
        count = min(45, max(4, round(rng.gauss(18, 7))))
        words = self._choose_words(count)
        for index in range(count):
            roll = rng.random()
            if roll < 0.02:
                words[index] = rng.choice(self.names)
            elif roll < 0.03:
                words[index] = str(rng.randint(2, 2000))
            elif roll < 0.03 + MISSPELT_PER_WORD and len(words[index]) > 4:
                word = words[index]
                words[index] = word[:2] + word[3] + word[2] + word[4:]
            elif roll < 0.10:
                words[index] += ","
        words[-1] = words[-1].rstrip(",")
        roll = rng.random()
        if roll < 0.04:
            index = rng.randrange(count)
            words[index] = f"*{words[index].rstrip(',')}*"
        elif roll < 0.05:
            index = rng.randrange(count)
            words[index] = f"**{words[index].rstrip(',')}**"
        elif roll < 0.065 and count > 3:
            index = rng.randrange(count - 1)
            slug = words[index].lower().strip(",")
            words[index : index + 2] = [
                f"[{words[index]}",
                f"{words[index + 1]}](https://example.org/{slug})",
            ]
        self.words_written += count
        text = " ".join(words)
        text = text[:1].upper() + text[1:]
        ending = "?" if rng.random() < 0.03 else "."
        # Cite when the text has fallen behind the density, give or take a citation, so that
        # the density holds in every stretch of the document and not only on average.
        if self.words_written * self.rate - self.items_cited > rng.uniform(-0.5, 1.5):
            cluster, items, narrative = self._cluster()
            self.items_cited += items
            self.words_written += len(cluster.split())
            if narrative:
                return f"{cluster} {text[:1].lower()}{text[1:]}{ending}"
            return f"{text} {cluster}{ending}"
        return text + ending

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))


def make_document(
    words: int,
    keys: Sequence[str],
    bibliography: str = "library.bib",
    seed: int = 2026,
    citations_per_1000: float = CITATIONS_PER_1000_WORDS,
) -> str:
    """A deterministic markdown book of about ``words`` words (as the editor counts them):
    front matter naming ``bibliography``; chapters, sections and subsections; paragraphs of
    two to nine sentences; bullet and numbered lists, block quotes, a table every 25,000
    words (and one near the start), footnotes (1.5 per 1,000 words, some citing), and
    citations of ``keys`` (``citations_per_1000`` items per 1,000 words, in every pandoc
    form). It ends with a plain paragraph, where a writer would go on."""
    from editor.core.textstats import count_words

    rng = random.Random(seed)
    prose = _Prose(rng, keys, citations_per_1000)
    out = [
        "---\n"
        f'title: "A generated book of {words:,} words"\n'
        "author: Scale Benchmark\n"
        "date: 2026-01-15\n"
        "lang: en-GB\n"
        f"bibliography: {bibliography}\n"
        "---"
    ]
    total = chapter = notes = 0
    next_table = min(2_000, words // 2)
    section_left = subsection_left = 0
    while total < words:
        chunk: list[str] = []
        if section_left <= 0 and (chapter == 0 or rng.random() < 0.25):
            chapter += 1
            chunk.append(f"# Chapter {chapter}: {prose.title(rng.randint(2, 6))}")
        if section_left <= 0:
            chunk.append(f"## {prose.title(rng.randint(2, 7))}")
            section_left = rng.randint(1_200, 3_000)
            subsection_left = rng.randint(400, 1_000)
        elif subsection_left <= 0:
            chunk.append(f"### {prose.title(rng.randint(2, 6))}")
            subsection_left = rng.randint(400, 1_000)
        text = prose.paragraph(rng.randint(2, 9))
        if rng.random() < len(text.split()) * FOOTNOTES_PER_1000_WORDS / 1000:
            notes += 1
            chunk += [f"{text}[^fn{notes}]", f"[^fn{notes}]: {prose.paragraph(rng.randint(1, 3))}"]
        else:
            chunk.append(text)
        extra = rng.random()
        if extra < 0.04:
            chunk.append("\n".join(f"- {prose.sentence()}" for _ in range(rng.randint(3, 6))))
        elif extra < 0.06:
            items = (f"{n}. {prose.sentence()}" for n in range(1, rng.randint(4, 7)))
            chunk.append("\n".join(items))
        elif extra < 0.075:
            chunk.append("> " + prose.paragraph(rng.randint(1, 3)))
        if total >= next_table:
            next_table += TABLE_EVERY_WORDS
            chunk.append(_table(prose, rng))
        out += chunk
        counted = count_words("\n".join(chunk))
        total += counted
        section_left -= counted
        subsection_left -= counted
    out.append(prose.paragraph(rng.randint(3, 6)))
    return "\n\n".join(out) + "\n"


def _table(prose: _Prose, rng: random.Random) -> str:
    header = f"| {prose.title(2)} | n | Mean (SD) | {prose.title(1)} |\n|:--|--:|--:|:--|"
    rows = [
        f"| {prose.title(rng.randint(1, 3))} | {rng.randint(12, 900)} | "
        f"{rng.uniform(1, 60):.1f} ({rng.uniform(0.5, 12):.1f}) | "
        f"{prose.title(rng.randint(1, 4))} |"
        for _ in range(rng.randint(5, 12))
    ]
    return "\n".join([header, *rows])


# The plain book ------------------------------------------------------------------------------

_PLAIN_WORDS = (
    "the patient clinical evidence trial response dose session therapist treatment effect study "
    "review outcome follow-up we found that in a of and to with for on was were is are not but "
    "which this these their its over under after before between during depression ketamine "
    "integration preparation measure scale sample cohort randomised placebo control group "
    "significant modest uncertain careful structured practice service referral safety "
    "monitoring consent early late weeks months relapse benefit"
).split()


def make_book(words: int = 100_000, seed: int = 2026) -> str:
    """A deterministic markdown book of about ``words`` words from a 70-word vocabulary,
    without citations: sections, paragraphs of 80-120 words, lists, tables and footnotes.
    The export and PDF measures in the README were taken on it."""
    from editor.core.textstats import count_words

    rng = random.Random(seed)

    def sentence() -> str:
        chosen = rng.choices(_PLAIN_WORDS, k=rng.randint(8, 20))
        if rng.random() < 0.3:
            chosen[rng.randrange(len(chosen))] = f"*{rng.choice(_PLAIN_WORDS)}*"
        if rng.random() < 0.1:
            link = f"[{rng.choice(_PLAIN_WORDS)}](https://example.org/)"
            chosen[rng.randrange(len(chosen))] = link
        return " ".join(chosen).capitalize() + "."

    out = ['---\ntitle: "A generated book"\nauthor: Benchmark\nlang: en\n---']
    paragraph = total = 0
    while total < words:
        chunk = []
        if paragraph % 15 == 0:
            level = "##" if paragraph % 45 == 0 else "###"
            chunk.append(
                f"{level} Section {paragraph // 15 + 1}: {rng.choice(_PLAIN_WORDS)} review"
            )
        text: list[str] = []
        target = rng.randint(80, 120)
        while sum(len(s.split()) for s in text) < target:
            text.append(sentence())
        if rng.random() < 0.15:
            chunk += [" ".join(text) + f"[^n{paragraph}]", f"[^n{paragraph}]: {sentence()}"]
        else:
            chunk.append(" ".join(text))
        if rng.random() < 0.08:
            chunk.append("\n".join(f"- {sentence()}" for _ in range(rng.randint(3, 6))))
        if rng.random() < 0.03:
            rows = (
                f"| {rng.choice(_PLAIN_WORDS)} | {rng.randint(1, 99)} | "
                f"{rng.choice(_PLAIN_WORDS)} |"
                for _ in range(rng.randint(3, 8))
            )
            chunk.append("| Item | Count | Note |\n|:--|--:|:--|\n" + "\n".join(rows))
        out += chunk
        total += count_words("\n".join(chunk))
        paragraph += 1
    return "\n\n".join(out) + "\n"
