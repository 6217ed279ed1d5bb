"""Personal and corporate names from BibTeX name lists and from "Family, Given" strings into
CSL-JSON names, with particles and suffixes split the way pandoc splits them."""

from __future__ import annotations

import re

from editor.core.citations.bibformats.latex import Macros, to_text

# A control word swallows the spaces after it (``Fran\c cois``), so they do not split words.
_CONTROL_WORD = re.compile(r"\\[A-Za-z]+[ \t\n]*")
_ELIDED_PARTICLE = re.compile(r"^([a-z]{1,4}[’'])(?=[A-Z])")
_INITIALS = re.compile(r"(?:(?<=[\s.~])|^)([^\W\d_])\.(?=([^\W\d_])(?:[\s.~]|$))")


def _split_top_level(raw: str, separators: str) -> list[str]:
    """Split at ``separators`` outside braces, keeping a control word and the spaces after it
    together. Empty pieces are dropped."""
    pieces: list[str] = []
    current: list[str] = []
    depth = 0
    index = 0
    length = len(raw)
    while index < length:
        char = raw[index]
        if char == "\\":
            match = _CONTROL_WORD.match(raw, index)
            if match:
                current.append(match.group())
                index = match.end()
                continue
            current.append(raw[index : index + 2])
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and char in separators:
            pieces.append("".join(current))
            current = []
            if char == ",":
                pieces.append(",")
            index += 1
            continue
        current.append(char)
        index += 1
    pieces.append("".join(current))
    return [piece for piece in pieces if piece.strip()]


def split_name_list(raw: str) -> list[str]:
    """The names of a BibTeX name list: split at the word ``and`` outside braces."""
    names: list[str] = []
    current: list[str] = []
    for word in _split_top_level(raw, " \t\n"):
        if word == "and":
            names.append(" ".join(current))
            current = []
        else:
            current.append(word)
    names.append(" ".join(current))
    return [name for name in names if name.strip()]


def _is_single_group(raw: str) -> bool:
    """``{U.S. Bureau of the Census}``: the whole name is one brace group."""
    if not (raw.startswith("{") and raw.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and index != len(raw) - 1:
                return False
    return True


def _is_capitalised(word: str, macros: Macros | None) -> bool:
    """Whether a name word starts with a capital, as BibTeX and pandoc decide: a word that
    starts with a plain brace group counts as capitalised (``{von Wright}``), a special
    character (``{\\"U}``, ``{\\relax Ch}``) by its letter, digits and punctuation are
    skipped."""
    if word.startswith("{") and not word.startswith("{\\"):
        return True
    for char in to_text(word, macros):
        if char.isalpha():
            return char.isupper()
    return True


def _text(words: list[str], macros: Macros | None) -> str:
    return " ".join(to_text(word, macros) for word in words).strip()


def bibtex_name(
    raw: str, *, useprefix: bool, bibtex_von: bool, macros: Macros | None = None
) -> dict[str, str]:
    """One BibTeX name as a CSL name. ``bibtex_von`` uses BibTeX's reading of "von Last"
    (``Drummond de Andrade`` gives the particle ``Drummond de``) instead of biblatex's (the
    whole is the family name), as pandoc does for ``.bibtex`` and ``.bib`` files."""
    raw = raw.strip()
    if raw == "others":
        return {"literal": "others"}
    if _is_single_group(raw):
        return {"literal": to_text(raw[1:-1], macros)}
    words = _split_top_level(_INITIALS.sub(_space_initials, raw), " \t\n~,")
    if words and len(_split_top_level(words[0], "=")) > 1:
        # biblatex's "family=Doe, given=John": an '=' outside braces ("{=}" is a name)
        return _extended_name(raw, macros)
    parts: list[list[str]] = [[]]
    for word in words:
        if word == ",":
            parts.append([])
        else:
            parts[-1].append(word)
    jr: list[str] = []
    if len(parts) == 1:
        words = parts[0]
        capitals = 0
        while capitals < len(words) and _is_capitalised(words[capitals], macros):
            capitals += 1
        if capitals == len(words) and words:
            first, von_last = words[:-1], words[-1:]
        else:
            first, von_last = words[:capitals], words[capitals:]
    elif len(parts) == 2:
        von_last, first = parts
    else:
        von_last, jr, first = parts[0], parts[1], parts[2]
    if bibtex_von:
        # The trailing capitalised words are the last name (at least one word).
        split = len(von_last)
        while split > 0 and _is_capitalised(von_last[split - 1], macros):
            split -= 1
        if split == len(von_last) and von_last:
            split -= 1
        von, last = von_last[:split], von_last[split:]
    else:
        split = 0
        while split < len(von_last) and not _is_capitalised(von_last[split], macros):
            split += 1
        if split == len(von_last) and von_last:
            split -= 1
        von, last = von_last[:split], von_last[split:]
    trailing: list[str] = []
    if len(parts) > 1 and not von:
        # "Geer, Ingrid de": lowercase words after the given name are a particle (pandoc).
        split = len(first)
        while split > 0 and not _is_capitalised(first[split - 1], macros):
            split -= 1
        if 0 < split < len(first):
            first, trailing = first[:split], first[split:]
    name: dict[str, str] = {}
    family, given = _text(last, macros), _text(first, macros)
    particle, suffix = _text(von, macros), _text(jr, macros)
    elided = _ELIDED_PARTICLE.match(family) if not particle else None
    if elided:
        # "d'Alembert": the elided article is a particle that stays with the name.
        name["non-dropping-particle"] = elided.group(1)
        family = family[elided.end(1) :]
    if family:
        name["family"] = family
    if given:
        name["given"] = given
    if particle:
        name["non-dropping-particle" if useprefix else "dropping-particle"] = particle
    elif trailing:
        name["dropping-particle"] = _text(trailing, macros)
    if suffix:
        name["suffix"] = suffix
    return name


def _space_initials(match: re.Match[str]) -> str:
    """``J.G. Smith`` is ``J. G. Smith`` (pandoc's issue 392)."""
    if match.group(1).isupper() and match.group(2).isupper():
        return match.group(1) + ". "
    return match.group(0)


def _extended_name(raw: str, macros: Macros | None) -> dict[str, str]:
    """biblatex's ``family=Doe, given=John, prefix=van, useprefix=true``."""
    parts: dict[str, str] = {}
    for piece in _split_top_level(raw, ","):
        key, _, value = piece.partition("=")
        key, value = key.strip().lower(), to_text(value.strip(), macros)
        if key == "given" and "given" in parts:
            parts["given"] += " " + value
        elif key in ("given", "family", "suffix", "prefix", "useprefix"):
            parts[key] = value
    name = {key: parts[key] for key in ("family", "given", "suffix") if parts.get(key)}
    if parts.get("prefix"):
        useprefix = parts.get("useprefix", "").lower() == "true"
        name["non-dropping-particle" if useprefix else "dropping-particle"] = parts["prefix"]
    return name


_PARTICLE_WORD = re.compile(r"^(?:[a-z][\w'’.-]*|[dl]['’]|al-|el-)$")
_RIS_INITIALS = re.compile(r"^(?:[A-Z]\.?){1,4}(?:-[A-Z]\.?)?$")


def plain_name(text: str) -> dict[str, str]:
    """A name from RIS (``Family, Given``, ``van de Schoot, Rens``, ``Liu R.``, ``Doe, Jr.,
    John``) as a CSL name. Lowercase words before the family name are a non-dropping particle,
    which is how citeproc-js reads names in CSL-JSON."""
    text = " ".join(text.split())
    if not text:
        return {}
    parts = [part.strip() for part in text.split(",")]
    suffix = ""
    if len(parts) >= 3:
        family, suffix, given = parts[0], parts[1], ", ".join(parts[2:])
    elif len(parts) == 2:
        family, given = parts
        if given in ("Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"):
            family, given, suffix = family, "", given
    else:
        words = text.split(" ")
        if len(words) >= 2 and _RIS_INITIALS.match(words[-1]):
            # Embase and PubMed write "Liu R." and "Adler DG": family name, then initials.
            family, given = " ".join(words[:-1]), words[-1]
        elif len(words) >= 2:
            family, given = words[-1], " ".join(words[:-1])
        else:
            return {"literal": text}
    name: dict[str, str] = {}
    words = family.split(" ")
    split = 0
    while split < len(words) - 1 and _PARTICLE_WORD.match(words[split]):
        split += 1
    if split:
        name["non-dropping-particle"] = " ".join(words[:split])
    name["family"] = " ".join(words[split:])
    if given:
        name["given"] = given
    if suffix:
        name["suffix"] = suffix
    return name
