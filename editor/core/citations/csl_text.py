"""Text between CSL-JSON, citeproc-py and HTML, for ``editor.core.citations.formatter``.

Items go into citeproc-py escaped, with their rich text (``<i>``, ``<b>``...), quotes and links
as private-use marks (U+F7xx; the renderer uses U+E00x for its own), which citeproc-py passes
through; ``finish`` turns what it rendered into HTML: quotes paired and flip-flopped by
nesting, rich text, DOI and URL links. Also the plain text and sort keys that disambiguation
and sorting compare.
"""

from __future__ import annotations

import html
import re
import unicodedata

from citeproc import NAMES, VARIABLES
from citeproc.source import Name, Reference
from citeproc.source.json import CiteProcJSON

from editor.core.citations.bibformats.common import normalise_doi

# Author marks let a cluster take a cite apart; the rest stand for markup until ``finish``.
AUTHOR_OPEN, AUTHOR_CLOSE = "\uf701", "\uf702"
_DOI_OPEN, _URL_OPEN, _LINK_CLOSE = "\uf703", "\uf704", "\uf705"
QUOTE_OPEN, QUOTE_CLOSE = "\uf706", "\uf707"
QUOTE_INNER_OPEN = "\uf70b"  # a field's quote of its second kind (see _quotes_to_marks)
# Curly quotes as typed in a field, double and single: outside any quote they stay as typed
CURLY_DOUBLE_OPEN, CURLY_SINGLE_OPEN = "\uf70c", "\uf70d"
_OPENS = (QUOTE_OPEN, QUOTE_INNER_OPEN, CURLY_DOUBLE_OPEN, CURLY_SINGLE_OPEN)
# second-field-align: an entry's first field (its number) and the rest, in the two elements
# citeproc-js writes, so that a style sheet sets them side by side
MARGIN_OPEN, MARGIN_CLOSE, ENTRY_CLOSE = "\uf708", "\uf709", "\uf70a"
_MARKUP = {  # CSL-JSON's rich text (citeproc-js's subset) and its marks
    "<i>": "\uf710",
    "</i>": "\uf711",
    "<b>": "\uf712",
    "</b>": "\uf713",
    "<sup>": "\uf714",
    "</sup>": "\uf715",
    "<sub>": "\uf716",
    "</sub>": "\uf717",
    '<span style="font-variant:small-caps;">': "\uf718",
}
_SMALL_CAPS_CLOSE = "\uf719"
_NOCASE_OPEN, _NOCASE_CLOSE = "\uf71a", "\uf71b"  # until citeproc-py's own tags go back in
_HTML_OF_MARK = {mark: tag for tag, mark in _MARKUP.items()}
_HTML_OF_MARK[_SMALL_CAPS_CLOSE] = "</span>"
_HTML_OF_MARK[MARGIN_OPEN] = '<div class="csl-left-margin">'
_HTML_OF_MARK[MARGIN_CLOSE] = '</div><div class="csl-right-inline">'
_HTML_OF_MARK[ENTRY_CLOSE] = "</div>"
_MARKUP_RE = re.compile(
    r"<(/?)(i|b|sup|sub)>|<span\s+style=\"font-variant:\s*small-caps;?\">|"
    r"<span\s+class=\"nocase\">|</span>",
    re.IGNORECASE,
)
_MARKS_RE = re.compile("[\uf700-\uf7ff]")
_TAG_RE = re.compile(r"<[^>]+>")


_NAME_PARTS = ("family", "given", "dropping-particle", "non-dropping-particle", "suffix", "literal")
_KNOWN = {variable.replace("_", "-") for variable in VARIABLES} | {"DOI", "URL", "ISBN", "ISSN"}
# CSL 1.0.2's variables that citeproc-py 0.11 does not know (styles test and print them:
# APA's "Computers & typesetting: A. The TeXbook", Chicago's directors and hosts)
_NEWER_TEXT = frozenset(
    """archive-collection division event-title part-number part-title printing-number
    reviewed-genre reviewed-title supplement-number volume-title volume-title-short""".split()
)
_NEWER_NAMES = frozenset(
    """chair compiler contributor curator director executive-producer guest host narrator
    organizer performer producer reviewed-author script-writer series-creator""".split()
)
_STRINGS = CiteProcJSON([])  # for its parse_string: text with nocase spans
_RAW_DATE = re.compile(r"^\s*(-?\d{1,4})(?:[-/](\d{1,2}))?(?:[-/](\d{1,2}))?")


def reference(item: dict, rid: str) -> Reference:
    """A citeproc-py Reference for a CSL-JSON item, under the id ``rid`` (citeproc-py lowercases
    ids, so ours never reach it). Text is escaped, its rich text and quotes become marks, straight
    apostrophes curly; fields citeproc-py does not know and malformed dates are left out."""
    data: dict = {"id": rid, "type": str(item.get("type") or "document")}
    newer: dict = {}
    for key, value in item.items():
        if value in (None, "", []):
            continue
        if key in _NEWER_TEXT:
            newer[key] = _STRINGS.parse_string(rich_text(str(value)))
        elif key in _NEWER_NAMES and isinstance(value, list):
            names = [_name(name) for name in value if isinstance(name, dict)]
            if any(names):
                newer[key] = [Name(**name) for name in names if name]
        if key not in _KNOWN:
            continue
        variable = key.replace("-", "_")
        if variable in NAMES:
            names = [_name(name) for name in value if isinstance(name, dict)]
            names = [name for name in names if name]
            if names:
                data[key] = names
        elif key in ("accessed", "container", "event-date", "issued", "original-date", "submitted"):
            date = _date(value)
            if date:
                data[key] = date
        elif key == "DOI":
            doi = normalise_doi(str(value))
            data[key] = f"{_DOI_OPEN}{html.escape(doi, quote=False)}{_LINK_CLOSE}"
        elif key == "URL":
            data[key] = f"{_URL_OPEN}{html.escape(str(value).strip(), quote=False)}{_LINK_CLOSE}"
        elif key == "language":
            data[key] = str(value)
        else:
            data[key] = rich_text(str(value))
    ref = CiteProcJSON([data])[rid]
    for key in (
        "container-author",
        "collection-editor",
        "original-author",
        "editorial-director",
        "reviewed-author",
    ):
        # citeproc-py's <names> looks roles up as written, hyphen and all
        if key.replace("-", "_") in ref:
            dict.__setitem__(ref, key, ref[key.replace("-", "_")])
    for key, value in newer.items():  # as the text elements and <names> look them up
        dict.__setitem__(ref, key.replace("-", "_"), value)
        dict.__setitem__(ref, key, value)
    return ref


def rich_text(value: str) -> str:
    """CSL-JSON text as citeproc-py should see it: escaped, with rich-text tags and quotes as
    marks, ``nocase`` spans kept (citeproc-py reads those), straight apostrophes curly. Tags
    left open are closed; stray closing tags are dropped."""
    out: list[str] = []
    open_tags: list[str] = []  # closing text of each open tag, innermost last
    position = 0
    for match in _MARKUP_RE.finditer(value):
        out.append(html.escape(value[position : match.start()], quote=False))
        position = match.end()
        tag = re.sub(r"\s+", " ", match.group(0).lower())
        if tag.startswith("<span") and "nocase" in tag:
            out.append(_NOCASE_OPEN)
            open_tags.append(_NOCASE_CLOSE)
        elif tag.startswith("<span"):
            out.append(_MARKUP['<span style="font-variant:small-caps;">'])
            open_tags.append(_SMALL_CAPS_CLOSE)
        elif tag.startswith("</"):
            if tag == "</span>":
                wanted: tuple[str, ...] = (_NOCASE_CLOSE, _SMALL_CAPS_CLOSE)
            else:
                wanted = (_MARKUP[tag],) if tag in _MARKUP else ()
            if open_tags and open_tags[-1] in wanted:
                out.append(open_tags.pop())
        else:
            out.append(_MARKUP[tag])
            open_tags.append(_MARKUP["</" + tag[1:]])
    out.append(html.escape(value[position:], quote=False))
    out.extend(reversed(open_tags))
    text = _quotes_to_marks("".join(out))
    return text.replace(_NOCASE_OPEN, '<span class="nocase">').replace(_NOCASE_CLOSE, "</span>")


def _quotes_to_marks(text: str) -> str:
    """Quotes as marks, flip-flopped later by nesting (``finish``): paired double quotes
    (straight or curly), and single quotes around words, as pandoc and citeproc-js read
    them; other apostrophes become ’, a quote left unpaired stays as typed. As in citeproc-js,
    the kind of straight quote met first is the field's own: a quote of the other kind beside
    it (not in it) opens as an inner quote, so '"a" and \'b\'' keeps the two kinds apart when
    printed alone. Curly quotes are kept as typed outside the style's own quotes (see
    ``_quotes``)."""
    if _QUOTE_CHARACTERS.isdisjoint(text):  # most fields: nothing to pair
        return text
    out: list[str] = []
    opened: list[tuple[str, int, str]] = []  # (kind, position in out, as typed), innermost last
    pairs: list[tuple[int, str, bool]] = []  # (position, kind, outermost) of each closed quote
    for index, char in enumerate(text):
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        kinds = [kind for kind, _, _ in opened]
        if char in '"“”':
            closing = char == "”" or (char == '"' and "double" in kinds)
            if closing and "double" in kinds:
                _close(out, opened, pairs, "double")
            elif char == "”" or (char == '"' and not _opens_after(before)):
                out.append(char)  # '__"theory' or '5"': no quote opens there
            else:
                opened.append(("double", len(out), char))
                out.append(QUOTE_OPEN if char == '"' else CURLY_DOUBLE_OPEN)
        elif char in "'‘’":
            if "single" in kinds and char != "‘" and not after.isalnum():
                _close(out, opened, pairs, "single")
            elif (char == "‘" and not after.isspace()) or (
                char == "'" and not before.isalnum() and after.isalnum()
            ):
                opened.append(("single", len(out), char))
                out.append(QUOTE_OPEN if char == "'" else CURLY_SINGLE_OPEN)
            else:
                out.append("’" if char == "'" else char)
        else:
            out.append(char)
    for _, position, typed in opened:  # never closed: as typed
        out[position] = "’" if typed == "'" else typed
    # straight quotes only: curly ones are printed as typed (see ``_quotes``)
    outermost = [
        kind for position, kind, top in sorted(pairs) if top and out[position] == QUOTE_OPEN
    ]
    for position, kind, top in pairs:
        if top and out[position] == QUOTE_OPEN and kind != outermost[0]:
            out[position] = QUOTE_INNER_OPEN
    return "".join(out)


_QUOTE_CHARACTERS = frozenset("\"“”'‘’")


def _opens_after(before: str) -> bool:
    """Whether a straight double quote after ``before`` opens a quote (as citeproc-js: after a
    space, a bracket, a dash, a slash, another quote or markup, or at the start)."""
    return before.isspace() or before in "([{-\u2013\u2014/'\"‘“" or "\uf700" <= before <= "\uf7ff"


def _close(out: list[str], opened: list, pairs: list, kind: str) -> None:
    """Closes the innermost open quote of ``kind``; those opened inside it and left open go
    back to what was typed."""
    while opened:
        open_kind, position, typed = opened.pop()
        if open_kind == kind:
            pairs.append((position, kind, not opened))
            out.append(QUOTE_CLOSE)
            return
        out[position] = "’" if typed == "'" else typed


def _name(name: dict) -> dict:
    parts = {
        part: rich_text(str(name[part]))
        for part in _NAME_PARTS
        if part in name and str(name[part]).strip()
    }
    if "literal" in parts:
        return {"literal": parts["literal"]}
    if "family" not in parts and "given" in parts:
        return {"literal": parts["given"]}  # a mononym: "Plato", "Madonna"
    return parts


def _date(value) -> dict | None:
    if isinstance(value, str):
        value = {"raw": value}
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if not parts and value.get("raw"):
        match = _RAW_DATE.match(str(value["raw"]))
        parts = [[int(group) for group in match.groups() if group]] if match else None
    dates = []
    for date in parts or []:
        numbers = []
        for part in list(date)[:3]:
            try:
                numbers.append(int(str(part).strip()))
            except ValueError:
                break
        if numbers:
            dates.append(numbers)
    out: dict = {}
    if dates:
        out["date-parts"] = dates[:2]
    elif value.get("literal"):
        out["literal"] = rich_text(str(value["literal"]))
    else:
        return None
    if value.get("season") and len(dates) == 1 and len(dates[0]) == 1:
        out["season"] = value["season"]
    if value.get("circa"):
        out["circa"] = 1
    return out


def plain(text: str) -> str:
    """The visible text of rendered HTML (marks and tags dropped, entities decoded, spaces
    normalised): what disambiguation and sorting compare."""
    return " ".join(html.unescape(_TAG_RE.sub("", _MARKS_RE.sub("", text))).split())


_SORT_FOLD = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "TH",
        "ı": "i",
    }
)


def collation_key(value: str) -> tuple[str, str, str]:
    """A sort key approximating the Unicode root collation with punctuation and spaces ignored
    at first (pandoc's citeproc sorts so): accents and case only break ties."""
    text = plain(value).translate(_SORT_FOLD)
    bare = base_letters(text)
    return ("".join(char for char in bare if char.isalnum()), bare, text)


def base_letters(text: str) -> str:
    """``text`` as the collation's first level compares it: without accents or case, "ø" as
    "o", "ß" as "ss"."""
    text = text.translate(_SORT_FOLD)
    return "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    ).casefold()


def author_part(text: str) -> tuple[str, str]:
    """(the marked author, the rest) of a cite rendered in "mark" mode."""
    start, end = text.find(AUTHOR_OPEN), text.find(AUTHOR_CLOSE)
    if start < 0 or end < start:
        return "", text
    return text[start + 1 : end], text[:start] + text[end + 1 :]


_DOI_RE = re.compile(
    rf"((?:https?://(?:dx\.)?doi\.org/|doi:\s?)?){_DOI_OPEN}([^{_LINK_CLOSE}]*){_LINK_CLOSE}", re.I
)
_URL_RE = re.compile(f"{_URL_OPEN}([^{_LINK_CLOSE}]*){_LINK_CLOSE}")
_LINKABLE = re.compile(r"^(?:https?|ftp)://", re.IGNORECASE)


def _doi_link(match: re.Match) -> str:
    shown, doi = match.group(1), match.group(2)
    href = html.escape("https://doi.org/" + html.unescape(_MARKS_RE.sub("", doi)), quote=True)
    if shown.lower().startswith("http"):
        return f'<a href="{href}">{shown}{doi}</a>'
    return f'{shown}<a href="{href}">{doi}</a>'


def _url_link(match: re.Match) -> str:
    url = match.group(1)
    target = html.unescape(_MARKS_RE.sub("", url))
    if not _LINKABLE.match(target):  # "javascript:" and the like stay text
        return url
    return f'<a href="{html.escape(target, quote=True)}">{url}</a>'


def finish(text: str, quotes: tuple[str, ...], punctuation_in_quote: bool = False) -> str:
    """Rendered text with its marks turned into HTML: quotes paired by nesting (``quotes``: the
    locale's open, close, inner open and inner close), rich text, DOI and URL links; author
    marks removed."""
    text = _quotes(text, quotes, punctuation_in_quote)
    text = _DOI_RE.sub(_doi_link, text)
    text = _URL_RE.sub(_url_link, text)
    text = "".join(_HTML_OF_MARK.get(char, char) for char in text)
    return _DOUBLED_STOP_RE.sub(r"\1\2", _MARKS_RE.sub("", text))


# A full stop the style adds after a title that ends in one (or in "?" or "!"), across the
# title's closing tags and quotes: "<i>… 2014.</i>. SciTePress" reads "<i>… 2014.</i>
# SciTePress", "Function?’." reads "Function?’", as in citeproc-js. An ellipsis ("...") is
# left alone.
_DOUBLED_STOP_RE = re.compile(r"(?<!\.)([.?!])((?:</(?:i|b|em|strong|span)>|[’”»›])*)\.(?!\.)")


def link_title(entry: str, item: dict, quotes: tuple[str, ...]) -> str:
    """An entry whose style prints neither DOI nor URL, with its title linked to them as
    pandoc does it (DOI first)."""
    doi = str(item.get("DOI") or "").strip()
    url = str(item.get("URL") or "").strip()
    title = str(item.get("title") or "")
    if "<a " in entry or not title or not (doi or url):
        return entry
    shown = finish(rich_text(title), quotes)
    at = entry.find(shown)
    if at < 0:  # changed by the style (text case, quotes): left unlinked
        return entry
    if doi:
        href = "https://doi.org/" + normalise_doi(doi)
    elif _LINKABLE.match(url):
        href = url
    else:
        return entry
    link = f'<a href="{html.escape(href, quote=True)}">{shown}</a>'
    return entry[:at] + link + entry[at + len(shown) :]


def _quotes(text: str, quotes: tuple[str, ...], punctuation_in_quote: bool) -> str:
    if not any(mark in text for mark in _OPENS):
        return text
    if punctuation_in_quote:  # ”, becomes ,” and ?”. becomes ?” (American punctuation)
        text = re.sub(f"([.,?!]){QUOTE_CLOSE}[.,]", rf"\1{QUOTE_CLOSE}", text)
        text = re.sub(f"{QUOTE_CLOSE}([.,])", rf"\1{QUOTE_CLOSE}", text)
    out, depth, steps = [], 0, []
    for char in text:
        if char in _OPENS:
            # Outside any quote, a quote of the field's second kind is the inner quote it stands
            # for, and a curly quote stays as typed: at the depth whose mark was typed ("“" is
            # en-GB's inner quote), so that quotes inside it flip from there, as in citeproc-js.
            step = 1
            if depth == 0 and char == QUOTE_INNER_OPEN:
                step = 2
            elif depth == 0 and char in (CURLY_DOUBLE_OPEN, CURLY_SINGLE_OPEN):
                typed = "\u201c" if char == CURLY_DOUBLE_OPEN else "\u2018"
                step = 2 if typed == quotes[2] and typed != quotes[0] else 1
            depth += step
            steps.append(step)
            out.append(quotes[0] if depth % 2 else quotes[2])
        elif char == QUOTE_CLOSE and steps:
            out.append(quotes[1] if depth % 2 else quotes[3])
            depth -= steps.pop()
        elif char != QUOTE_CLOSE:
            out.append(char)
    return "".join(out)
