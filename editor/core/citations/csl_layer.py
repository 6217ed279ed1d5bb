"""citeproc-py, adapted to render one cite or one entry at a time as pandoc's citeproc does.

Private to ``editor.core.citations.formatter``, which assembles clusters, disambiguates and caches.
citeproc-py 0.11 parses the style into element classes; a handful are replaced here (names,
name, substitute, if, text, group, label, number, name-part, date) to add what it lacks:
marking or suppressing the author of a cite, per-cite name expansion for disambiguation,
pandoc's initials, the suppression of substituted variables, ``disambiguate="true"``, CSL
1.0.2's text case (``csl_case``), numbers and page ranges (``csl_numbers``), substitutes and
group suppression as citeproc-js has them, and sort keys rendered as citeproc-js renders them
(names family first without labels or "et al.", a date macro as its dates: see ``csl_sort``).
Text goes in and comes out through ``csl_text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citeproc import DATES, LANGUAGE_NAMES, NAMES, PRIMARY_DIALECTS, model
from citeproc.formatter import html as html_formatter
from citeproc.source import (
    Citation,
    CitationItem,
    Date,
    DateRange,
    Locator,
    Reference,
    VariableError,
)
from citeproc.string import String
from citeproc.string import join as join_rendered
from lxml import etree

from editor.core.citations.csl_case import apply_case
from editor.core.citations.csl_numbers import is_numeric, number_ranges, range_end
from editor.core.citations.csl_sort import (
    date_key,
    date_macro_text,
    marked_date_key,
    unmarked,
)
from editor.core.citations.csl_text import (
    AUTHOR_CLOSE,
    AUTHOR_OPEN,
    ENTRY_CLOSE,
    MARGIN_CLOSE,
    MARGIN_OPEN,
    QUOTE_CLOSE,
    QUOTE_OPEN,
    finish,
    link_title,
)

CSL_NS = "http://purl.org/net/xbiblio/csl"
_NS = {"cs": CSL_NS}
_TEXT_TAG = f"{{{CSL_NS}}}text"
_NAMES_TAG = f"{{{CSL_NS}}}names"
_SUBSTITUTE_TAG = f"{{{CSL_NS}}}substitute"
_LAYOUT_TAG = f"{{{CSL_NS}}}layout"
_MACRO_TAG = f"{{{CSL_NS}}}macro"
_NAME_TAG = f"{{{CSL_NS}}}name"
# Number variables whose numeric ranges take the range delimiter, as citeproc-js prints them.
_RANGED = frozenset(("number", "issue", "volume", "edition", "chapter-number"))
_ENGLISH_TERMS = "ae_english_terms"  # on the style's root: whether its terms are English

# Keys set on citeproc-py's CitationItem while one cite renders (never seen in output).
_MODE = "_ae_author_mode"  # None, "mark" or "suppress"
_AUTHOR_SEEN = "_ae_author_seen"
_NAME_TWEAKS = "_ae_names"  # NameTweaks
_DISAMBIGUATE = "_ae_disambiguate"
_RECORDING = "_ae_recording"  # variables a substitute rendered
_TWEAKED = "_ae_tweaked"  # the name tweaks are spent: a names element rendered with them
_SHOWN = "_ae_shown"  # [(the names a name element showed, its initialize-with)], in order
_SORTING = "_ae_sorting"  # a sort key's name options, while the key renders (see ``csl_sort``)
_GROUPS = "_ae_groups"  # the frames of the groups rendering, innermost last (see _group)


class CslError(Exception):
    """The file parsed as XML but is no usable independent CSL style."""


class NoteStyleError(CslError):
    """A note style: its citations are footnotes, which Article Editor does not make."""


@dataclass(frozen=True)
class NameTweaks:
    """Disambiguation's changes to a cite's names: how many to show before "et al." and, per
    name, 1 for initials or 2 for the full given name."""

    use_first: int | None = None
    given: tuple[int, ...] = ()


# ----------------------------------------------------------------------------------------------
# Element classes


class _Names(model.Names):
    """Marks or suppresses the first names of a cite (its author); skips substituted roles;
    gives disambiguation's name tweaks to the first names it renders only (the cite's or the
    entry's authors, not an entry's editors). A bare ``<names variable="editor"/>`` anywhere
    in a substitute (in a ``choose`` too, as Chicago writes it) takes its name, et-al and
    label from the names it stands in for."""

    def render(self, item, context=None, **kwargs):
        if item.get(_NAME_TWEAKS) is None or _in_substitute(self):
            return self._render_marked(item, context, **kwargs)
        if item.get(_TWEAKED):
            tweaks = item[_NAME_TWEAKS]
            dict.__setitem__(item, _NAME_TWEAKS, None)
            try:
                return self._render_marked(item, context, **kwargs)
            finally:
                dict.__setitem__(item, _NAME_TWEAKS, tweaks)
        text = self._render_marked(item, context, **kwargs)
        if text:
            dict.__setitem__(item, _TWEAKED, True)
        return text

    def _render_marked(self, item, context=None, **kwargs):
        if "names_context" not in kwargs and self.name is None:
            outer = _substituted_names(self)
            if outer is not None:
                kwargs["names_context"] = outer
        if item.get(_MODE) and not item.get(_AUTHOR_SEEN) and not _in_substitute(self):
            dict.__setitem__(item, _AUTHOR_SEEN, True)
            if item[_MODE] == "suppress":
                return None
            text = self._render_noted(item, context, **kwargs)
            return f"{AUTHOR_OPEN}{text}{AUTHOR_CLOSE}" if text else text
        return self._render_noted(item, context, **kwargs)

    def _render_noted(self, item, context, **kwargs):
        try:
            text = self._render_unrepressed(item, context, **kwargs)
        except VariableError:
            _note(item, attempted=True)
            raise
        _note(item, attempted=True, succeeded=bool(text))
        return text

    def _render_unrepressed(self, item, context, **kwargs):
        roles = [role for role in self.get("variable").split() if role in item.reference]
        repressed = _repressed(self if context is None else context).get(_NAMES_TAG, ())
        hidden = [role for role in roles if role in repressed]
        if hidden and len(hidden) == len(roles):
            return None
        recording = item.get(_RECORDING)
        if recording is not None:
            recording.extend((_NAMES_TAG, role) for role in roles if role not in hidden)
        with _hiding(item, hidden):
            return super().render(item, context=context, **kwargs)


class _Name(model.Name):
    """citeproc-py's name formatting, rewritten: pandoc's initials ("Ji-hoon" gives "J."),
    disambiguation's extra names and given names, the name delimiter before "and", counts,
    and the names of a sort key as citeproc-js writes them."""

    def process(self, item, variable, context=None, sort_options=None, **kwargs):
        if sort_options is None:
            sort_options = item.get(_SORTING)
        if sort_options is not None:
            return self._sort_text(item, variable, context, dict(sort_options))
        options: dict = {}

        def option(name):
            return self.get_option(name, context, options)

        tweaks = item.get(_NAME_TWEAKS)
        names = [name for name in item.reference.get(variable, []) if any(name.parts())]
        # BibTeX's "and others" arrives, as pandoc reads it, as a last literal name "others":
        # it means the list goes on, so it prints as "et al.", never as the word.
        others = bool(names) and str(names[-1].get("literal", "")).strip().lower() == "others"
        if others:
            names = names[:-1]
        use_first = option("et-al-use-first")
        if tweaks is not None and tweaks.use_first:
            use_first = max(use_first, tweaks.use_first)
        et_al_min = option("et-al-min")
        by_count = bool(et_al_min) and len(names) >= et_al_min and len(names) > use_first
        truncate = by_count or (others and bool(names))
        use_last = by_count and option("et-al-use-last") and use_first <= et_al_min - 2
        shown = names[:use_first] if by_count else names
        form = option("form")
        if form == "count":
            return len(shown)

        initialize_with = option("initialize-with")
        shown_record = item.get(_SHOWN)
        if shown_record is not None:
            shown_record.append((list(shown), initialize_with))
        make_initials = self.get("initialize", "true").lower() == "true"
        hyphen = option("initialize-with-hyphen")
        sort_order = option("name-as-sort-order")
        separator = option("sort-separator")
        demote = option("demote-non-dropping-particle")
        levels = tweaks.given if tweaks is not None else ()

        def one(index, name):
            level = levels[index] if index < len(levels) else 0
            name_form = "long" if level and form == "short" else form
            given, family, dropping, non_dropping, suffix = name.parts()
            if given and family and initialize_with is not None and level < 2:
                given = initials(given, initialize_with, hyphen, make_initials)
            invert = name_form == "long" and (
                sort_order == "all" or (sort_order == "first" and index == 0)
            )
            if "literal" in name:
                text = family
            elif name_form == "short":
                _, text = self._parts(None, _join(non_dropping, family))
            elif invert:
                if demote in ("never", "sort-only"):
                    given, family = self._parts(_join(given, dropping), _join(non_dropping, family))
                else:
                    given, family = self._parts(_join(given, dropping, non_dropping), family)
                text = separator.join(part for part in (family, given, suffix) if part)
            else:
                given, family = self._parts(given, _join(dropping, non_dropping, family))
                text = _join(given, family, suffix)
            return str(text), invert and "literal" not in name

        rendered = [one(index, name) for index, name in enumerate(shown)]
        output = [text for text, _ in rendered]
        inverted = [flag for _, flag in rendered]
        delimiter = option("delimiter")
        if truncate:
            if use_last:
                ellipsis = self.unicode_character("horizontal ellipsis")
                last, _ = one(len(names) - 1, names[-1])
                return delimiter.join(output) + f"{delimiter}{ellipsis} {last}"
            et_al = self.et_al()
            if not et_al:
                return delimiter.join(output)
            if _precedes(option("delimiter-precedes-et-al"), len(output), inverted[-1], 2):
                return delimiter.join(output) + delimiter + et_al
            return delimiter.join(output) + " " + et_al
        and_ = option("and")
        if and_ is None or len(output) < 2:
            return delimiter.join(output)
        term = self.get_single_term("and") if and_ == "text" else self.preformat("&")
        head = delimiter.join(output[:-1])
        if _precedes(option("delimiter-precedes-last"), len(output), inverted[-2], 3):
            return f"{head}{delimiter}{term} {output[-1]}"
        return f"{head} {term} {output[-1]}"

    def _sort_text(self, item, variable, context, options):
        """The names as citeproc-js renders them for sorting (CSL 1.0.2): every name family
        first, given names as the style shows them, particles after the given names unless
        the style never demotes them, without "and", "et al." or the names' affixes; as many
        names as the key's (or the style's) et-al options keep."""

        def option(name):
            return self.get_option(name, context, options)

        names = [name for name in item.reference.get(variable, []) if any(name.parts())]
        if names and str(names[-1].get("literal", "")).strip().lower() == "others":
            names = names[:-1]
        use_first, et_al_min = option("et-al-use-first"), option("et-al-min")
        if et_al_min and len(names) >= et_al_min and len(names) > use_first:
            names = names[:use_first]
        form = option("form")
        if form == "count":
            return len(names)
        initialize_with = option("initialize-with")
        make_initials = self.get("initialize", "true").lower() == "true"
        hyphen = option("initialize-with-hyphen")
        never = option("demote-non-dropping-particle") == "never"
        texts = []
        for name in names:
            given, family, dropping, non_dropping, suffix = (
                _sort_particle(str(part)) if index in (2, 3) and part else part
                for index, part in enumerate(name.parts())
            )
            if "literal" in name:
                texts.append(str(family))
                continue
            if given and family and initialize_with is not None:
                given = initials(given, initialize_with, hyphen, make_initials)
            if form == "short":
                parts = (non_dropping, family)
            elif never:
                parts = (non_dropping, family, dropping, given, suffix)
            else:
                parts = (family, given, dropping, non_dropping, suffix)
            texts.append(" ".join(str(part) for part in parts if part))
        return option("delimiter").join(texts)

    def _parts(self, given, family):
        for part in self.findall("cs:name-part", self.nsmap):
            given, family = part.format_part(given, family)
        return given, family


class _Substitute(model.Substitute):
    """Suppresses, for the rest of the entry, every variable the substitute rendered (citeproc-py
    only remembered a substituted ``<names>``, so a substituted title appeared twice). The
    first element that renders wins, also among those of a ``choose`` branch in the substitute
    (Chicago's "editor-translator, editor, translator": only the first found shows)."""

    def render(self, item, context=None, **kwargs):
        outer = item.get(_RECORDING)
        for child in _candidates(self, item, context):
            recorded: list[tuple[str, str]] = []
            dict.__setitem__(item, _RECORDING, recorded)
            try:
                if isinstance(child, model.Names) and child.name is None:
                    text = child.render(
                        item, names_context=self.getparent(), context=context, **kwargs
                    )
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                text = None
            finally:
                dict.__setitem__(item, _RECORDING, outer)
            if text:
                repressed = _repressed(self if context is None else context)
                for tag, variable in recorded:
                    repressed.setdefault(tag, []).append(variable)
                if outer is not None:
                    outer.extend(recorded)
                return text
        return None


class _Cased:
    """``text-case`` as CSL 1.0.2 and citeproc-js (see ``csl_case``); a term, a label, a date or
    a number is in the locale's language, a variable in the item's."""

    def case(self, text, language=None):
        text_case = self.get("text-case")
        if text_case not in ("title", "capitalize-first", "capitalize-all"):
            return model.TextCased.case(self, text, language)
        if language is None:
            english = getattr(self.get_root(), _ENGLISH_TERMS, True)
        else:
            english = str(language).lower().startswith("en")
        return apply_case(text, text_case, english)


class _PageRanges:
    """Page ranges abbreviated as ``page-range-format`` says (see ``csl_numbers.range_end``;
    citeproc-py wrote "1-15" as "1–5")."""

    def _format_last_page(self, first, last):
        option = self.get_root().get_option("page-range-format")
        return range_end(str(first), str(last), option)


class _Text(_Cased, _PageRanges, model.Text):
    """Records the variables it renders while a substitute is being tried; a locator as
    citeproc-js prints it: a page locator as the style's pages ("pp. 321–28" in Chicago, the
    style's range delimiter), another one's number ranges with the range delimiter; in a sort
    key, a macro that holds a date gives its dates alone (``csl_sort.date_macro_text``)."""

    def render(self, item, *args, **kwargs):
        if "macro" in self.attrib:
            with _group(item) as frame:
                text = super().render(item, *args, **kwargs)
            return text if _kept(item, frame, bool(text)) else None
        if "variable" not in self.attrib:
            return super().render(item, *args, **kwargs)
        # citeproc-js counts year-suffix as rendered even when empty ("no date" groups)
        always = self.get("variable") == "year-suffix"
        try:
            text = super().render(item, *args, **kwargs)
        except VariableError:
            _note(item, attempted=True, succeeded=always)
            raise
        _note(item, attempted=True, succeeded=always or bool(text))
        return text

    def process(self, item, context=None, **kwargs):
        text, language = super().process(item, context, **kwargs)
        if "macro" in self.attrib and item.get(_SORTING) is not None:
            if _has_date(self.get_macro(self.get("macro"))):
                text = date_macro_text(text)
        return text, language

    def _variable(self, item, context):
        if self.get("variable") == "locator":
            identifier = str(item.locator.identifier)
            if item.locator.label == "page":
                return self._process(identifier, "page")
            return number_ranges(identifier, _range_delimiter(self))
        variable = self.get("variable")
        text = super()._variable(item, context)
        if text and variable in _RANGED and is_numeric(text):  # "99-02" as "99–02"
            text = String(number_ranges(str(text), _range_delimiter(self)))
        _record(item, variable, text)
        return text


class _If(model.If):
    """Adds the ``disambiguate`` condition, which citeproc-py ignored (always true), and tests
    ``is-numeric`` as CSL 1.0.2 defines it ("2-4" and a locator's "2" are numeric)."""

    def passes(self, item, context=None) -> bool:
        """Whether the branch's conditions hold for ``item``."""
        results = []
        if "disambiguate" in self.attrib:
            results.append(bool(item.get(_DISAMBIGUATE)) == (self.get("disambiguate") == "true"))
        for attribute, test in (
            ("type", self._type),
            ("variable", self._variable),
            ("is-numeric", self._is_numeric),
            ("is-uncertain-date", self._is_uncertain_date),
            ("locator", self._locator),
        ):
            if attribute in self.attrib:
                results += test(item)
        if "position" in self.attrib:
            results += self._position(item, context)
        match = self.get("match", "all")
        if match == "any":
            return any(results)
        return not any(results) if match == "none" else all(results)

    def render(self, item, context=None, delimiter="", **kwargs):
        if not self.passes(item, context):
            raise model.ConditionFailed
        return self.render_children(item, context=context, delimiter=delimiter, **kwargs)

    def _type(self, item):
        types = self.get("type").split()
        if not types:
            return []
        kind = item.reference.type  # once, not once per type listed
        return [name.lower() == kind for name in types]

    def _is_numeric(self, item):
        results = []
        for variable in self.get("is-numeric").split():
            if variable == "locator":
                value = item.locator.identifier if item.has_locator else None
            else:
                key = variable.replace("-", "_")
                value = item.reference[key] if key in item.reference else None
            results.append(value is not None and is_numeric(value))
        return results


class _ElseIf(_If):
    pass


class _Group(model.Group):
    """A group is left out when it calls variables and all of them are empty, as citeproc-js
    decides it: while it renders, what its children call and render is noted (``_note``),
    so only the branch of a ``choose`` that is taken counts (citeproc-py counted every
    branch, so APA's thesis printed "(Publication)" with no publication number). A macro is
    such a group too (see ``_Text``)."""

    def process(self, item, context=None, **kwargs):
        output = []
        delimiter = self.get("delimiter", "")
        with _group(item) as frame:
            for child in self.iterchildren():
                try:
                    if isinstance(child, model.Choose):
                        text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                    else:
                        text = child.render(item, context=context, **kwargs)
                except VariableError:
                    continue
                if text is not None:
                    output.append(text)
        if _kept(item, frame, bool(output)):
            return self.join(output)
        raise VariableError


class _Label(_Cased, model.Label):
    """A names element's label ("(ed.)") is no part of a sort key (CSL 1.0.2, citeproc-js); a
    count's label is plural above one ("2 vols."; citeproc-py looked the count up on the cite,
    not the item, and printed no label)."""

    def render(self, *args, **kwargs):
        item = args[0] if args else kwargs.get("item")
        parent = self.getparent()
        if item is not None and item.get(_SORTING) is not None and parent is not None:
            if parent.tag == _NAMES_TAG:
                return None
        return super().render(*args, **kwargs)

    def _is_plural(self, item):
        variable = self.get("variable")
        if variable and variable.startswith("number-of"):
            key = variable.replace("-", "_")
            value = str(item.reference[key]) if key in item.reference else ""
            return value.strip().isdigit() and int(value) > 1
        return super()._is_plural(item)


class _Number(_Cased, _PageRanges, model.Number):
    """Also finds a hyphenated variable ("number-of-volumes": citeproc-py looked it up as
    written, found nothing, and APA lost its "Vols 1–2"); a variable a substitute printed is
    not printed again, whether a text or a number printed it ("(15th edn). (2003). (15th
    edn)" in APA)."""

    def render(self, item, *args, **kwargs):
        return _noted(item, lambda: super(_Number, self).render(item, *args, **kwargs))

    def process(self, item, context=None, **kwargs):
        variable = self.get("variable")
        repressed = _repressed(self if context is None else context)
        if variable in repressed.get(_TEXT_TAG, ()):  # substituted: printed already
            return None
        if variable in ("locator", "page-first") or "-" not in variable:
            text = super().process(item, context, **kwargs)
        else:
            text = self._process(item.reference[variable.replace("-", "_")], variable)
        _record(item, variable, text)
        return text


class _NamePart(_Cased, model.Name_Part):
    pass


class _RangeStart(Date):
    """The first date of a range whose years share an era: the era is printed once, after the
    range's end ("100–44 BC"), as citeproc-js prints it."""


class _Date(model.Date):
    """Date ranges as citeproc-js prints them: the era once, and a range within one year that
    shows only the year is that year (citeproc-py printed nothing)."""

    def render(self, item, *args, **kwargs):
        return _noted(item, lambda: super(_Date, self).render(item, *args, **kwargs))

    def process(self, item, variable=None, show_parts=None, context=None, **kwargs):
        if item.get(_SORTING) is None or self.is_locale_date():
            return super().process(item, variable, show_parts, context, **kwargs)
        date = item.reference[(variable or self.get("variable")).replace("-", "_")]
        key = date_key(date, self._sort_parts())
        return marked_date_key(key) if key else None

    def _sort_parts(self) -> list[str]:
        """The parts a sort key of this date holds: those it prints, as citeproc-js reads them
        (a localized date's ``date-parts``, else its own date-part children)."""
        if self.get("form") is not None:
            return self.get("date-parts", "year-month-day").split("-")
        return [part.get("name") for part in self.iterchildren() if part.get("name")]

    def render_date_range(self, date_range, show_parts=None, context=None):
        begin, end = date_range.begin, date_range.end
        if end.is_nil():
            return super().render_date_range(date_range, show_parts, context)
        printed = {part.get("name") for part in self.iterchildren()}
        shown = [part for part in show_parts or ("year", "month", "day") if part in printed]
        if all(begin.get(part) == end.get(part) for part in shown):
            return self.render_single_date(begin, list(shown), context)
        if begin.year != end.year and _era(begin.year) and _era(begin.year) == _era(end.year):
            begin = _RangeStart(**dict(begin))
        return super().render_date_range(DateRange(begin=begin, end=end), show_parts, context)


class _DatePart(_Cased, model.Date_Part):
    """A year without its era when a range's end prints it (see ``_RangeStart``)."""

    def process(self, date, context=None):
        text = super().process(date, context)  # also takes the locale's attributes in
        if isinstance(date, _RangeStart) and self.get("name") == "year":
            if self.get("form", "long") == "long":
                return str(abs(date.year))
        return text


def _era(year: int) -> str:
    """The era term a long year carries in CSL: "bc" before 1, "ad" before 1000, else none."""
    return "bc" if year < 0 else ("ad" if year < 1000 else "")


class _Remembered:
    """citeproc-py's look-ups in the style's tree, each answered once per element: its XPath
    queries (a macro by name, the layout or the citation around an element, a substitute,
    the et-al after a name, a date's locale), the locale's options and the root. A parsed
    style's elements keep their places while it renders (the few it adds are new elements,
    asking afresh), so an answer never goes stale; it lives on the element's proxy, which
    ``CslStyle`` keeps alive (a proxy lxml made again would only ask again)."""

    def _remembered(self, slot, key, ask):
        found = self.__dict__.setdefault(slot, {})
        try:
            return found[key]
        except KeyError:
            value = found[key] = ask(key)
            return value

    def xpath_search(self, expression):
        return self._remembered(_XPATHS, expression, super().xpath_search)

    def get_locale_option(self, name):
        return self._remembered(_LOCALE_OPTIONS, name, super().get_locale_option)

    def get_root(self):
        root = self.__dict__.get(_ROOT)
        if root is None:
            root = self.__dict__[_ROOT] = self.getroottree().getroot()
        return root


_XPATHS = "_ae_xpaths"
_ROOT = "_ae_root"
_LOCALE_OPTIONS = "_ae_locale_options"
_FORMATTING = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


class _Unformatted:
    """An element without formatting attributes returns its text as it is, as citeproc-py's
    ``Formatted.format`` does after asking for the formatter five times over."""

    def format(self, string):
        attributes = self.attrib
        if any(name in attributes for name in _FORMATTING):
            return super().format(string)
        return str(string) if isinstance(string, int | float) else string


def _remembering(cls: type) -> type:
    """``cls`` with its look-ups remembered (see ``_Remembered``) and its plain text left
    alone (``_Unformatted``)."""
    bases = (
        (_Remembered, _Unformatted, cls) if issubclass(cls, model.Formatted) else (_Remembered, cls)
    )
    return type(cls.__name__, bases, {"__module__": cls.__module__})


class _Item(CitationItem):
    """citeproc-py's cite, finding its reference in the registry directly (its ``reference``
    went through three properties and two dictionary look-ups, a few hundred times a cite)."""

    @property
    def reference(self):
        citation = dict.__getitem__(self, "citation")
        return dict.__getitem__(citation, "bibliography").source[dict.__getitem__(self, "key")]


def _parser() -> etree.XMLParser:
    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace(CSL_NS)
    classes: dict[str, type] = {
        cls.__name__.replace("_", "-").lower(): cls
        for cls in model.CitationStylesElement.__subclasses__()
        if not issubclass(cls, _Remembered)
    }
    namespace[None] = _remembering(model.CitationStylesElement)
    for name, override in (
        ("names", _Names),
        ("name", _Name),
        ("substitute", _Substitute),
        ("text", _Text),
        ("if", _If),
        ("else-if", _ElseIf),
        ("date", _Date),
        ("date-part", _DatePart),
        ("group", _Group),
        ("label", _Label),
        ("number", _Number),
        ("name-part", _NamePart),
    ):
        classes[name] = override
    for name, element_class in classes.items():
        namespace[name] = _remembering(element_class)
    parser = etree.XMLParser(
        remove_comments=True, no_network=True, resolve_entities=False, encoding="UTF-8"
    )
    parser.set_element_class_lookup(lookup)
    return parser


_PARSER = _parser()


# ----------------------------------------------------------------------------------------------
# The style


def resolve_locale(tag: str) -> str | None:
    """The CSL locale for a language tag: ``en_gb`` gives ``en-GB``, ``en`` its primary dialect
    ``en-US``; ``None`` when citeproc-py has no locale for the language."""
    parts = [part for part in re.split(r"[-_]", tag.strip().split(".")[0]) if part]
    if not parts:
        return None
    language = parts[0].lower()
    rest = [part.upper() if len(part) == 2 else part.title() for part in parts[1:]]
    candidate = "-".join([language, *rest])
    if candidate in LANGUAGE_NAMES:
        return candidate
    return PRIMARY_DIALECTS.get(language)


def _recursive_macros(root) -> list[str]:
    """The names of the style's macros that call themselves, directly or through others."""
    uses = {
        macro.get("name"): set(macro.xpath(".//cs:*/@macro", namespaces=_NS))
        for macro in root.xpath("cs:macro", namespaces=_NS)
    }
    looping = []
    for name in uses:
        seen: set[str] = set()
        stack = list(uses[name])
        while stack:
            used = stack.pop()
            if used == name:
                looping.append(name)
                break
            if used not in seen:
                seen.add(used)
                stack.extend(uses.get(used, ()))
    return looping


class CslStyle:
    """One parsed style with its locale; renders single cites and entries (not thread-safe:
    the caller holds a lock)."""

    def __init__(self, path: Path, locale: str):
        root = etree.parse(str(path), _PARSER).getroot()
        if not isinstance(root, model.Style):
            raise CslError(
                f"the root element is <{etree.QName(root).localname}>, not a CSL <style>"
            )
        if root.citation is None or root.citation.layout is None:
            parent = root.xpath("cs:info/cs:link[@rel='independent-parent']/@href", namespaces=_NS)
            if parent:
                raise CslError(f"a dependent style; use its parent, {parent[0]}")
            raise CslError("it has no <citation> with a <layout>")
        if root.get("class") == "note":
            # Formatting a note style's cites in the text would be silently wrong: its
            # citations are footnotes (first full, then short, "ibid."), not text in the line.
            title = root.findtext("cs:info/cs:title", namespaces=_NS) or path.stem
            raise NoteStyleError(title.strip())
        defined = set(root.xpath("cs:macro/@name", namespaces=_NS))
        missing = sorted(set(root.xpath("//cs:*/@macro", namespaces=_NS)) - defined)
        if missing:
            raise CslError(f"it uses undefined macros: {', '.join(missing)}")
        looping = _recursive_macros(root)
        if looping:
            # citeproc-py would recurse until Python stops it, in every cite and entry.
            raise CslError(f"its macro {looping[0]!r} calls itself, so it would never end")
        _give_names_their_name(root)
        self.root = root
        setattr(root, _ENGLISH_TERMS, locale.lower().startswith("en"))
        self.title = (root.findtext("cs:info/cs:title", namespaces=_NS) or path.stem).strip()
        root.formatter = html_formatter
        root.set_locale_list(locale, validate=False)
        # the real quote characters, read before quote marks stand in for them
        self.quotes = tuple(
            str(root.citation.get_single_term(name))
            for name in ("open-quote", "close-quote", "open-inner-quote", "close-inner-quote")
        )
        _add_locale_overrides(root, locale)
        for locale_element in root.locales:
            _remember_terms(locale_element)
        # Every element's proxy held, so that what each remembers stays (see _Remembered).
        self._elements = [element for tree in (root, *root.locales) for element in tree.iter()]
        self.citation = root.citation
        self.citation.cites = []  # citeproc-py's position tests read this
        self.cite_layout = self.citation.layout
        self.bibliography = root.bibliography
        self.entry_layout = self.bibliography.layout if self.bibliography is not None else None
        # "flush" or "margin": the number apart from the text, as citeproc-js writes it
        self.second_field_align = bool(
            self.bibliography is not None and self.bibliography.get("second-field-align")
        )
        self.registry = _Registry()

        option = self.citation.get_option
        self.add_names = _true(option("disambiguate-add-names"))
        self.add_givenname = _true(option("disambiguate-add-givenname"))
        self.add_year_suffix = _true(option("disambiguate-add-year-suffix"))
        # the CSL default; citeproc-py's is "all-names"
        self.givenname_rule = self.citation.get("givenname-disambiguation-rule", "by-cite")
        self.collapse = self.citation.get("collapse")
        layout_delimiter = self.cite_layout.get("delimiter", "")
        self.layout_delimiter = layout_delimiter
        self.cite_group_delimiter = self.citation.get("cite-group-delimiter", ", ")
        self.after_collapse_delimiter = self.citation.get(
            "after-collapse-delimiter", layout_delimiter
        )
        self.uses_position = bool(
            root.xpath("//cs:if[@position] | //cs:else-if[@position]", namespaces=_NS)
        )
        self.uses_number = bool(root.xpath("//cs:*[@variable='citation-number']", namespaces=_NS))
        self.piq = str(self.citation.get_locale_option("punctuation-in-quote")).lower() == "true"
        self.cite_sort = self.citation.find("cs:sort", _NS)
        # cites by the same authors sorted together, to be collapsed (citeproc-js's "grouped
        # sort"), unless the cites sort by number
        self.groups_cites = bool(
            self.cite_sort is not None
            and (self.collapse or self.citation.get("cite-group-delimiter"))
            and self.cite_sort.find("cs:key[@variable='citation-number']", _NS) is None
        )
        self.entry_sort = (
            self.bibliography.find("cs:sort", _NS) if self.bibliography is not None else None
        )

    # Rendering ------------------------------------------------------------------------------

    def render_cite(
        self,
        ref: Reference,
        *,
        locator: str = "",
        label: str = "page",
        mode: str | None = "mark",
        tweaks: NameTweaks | None = None,
        disambiguate: bool = False,
        number: int = 0,
    ) -> str:
        """One cite, without its cluster's affixes; the author between ``AUTHOR_*`` marks (mode
        "mark") or left out ("suppress"). Marks for markup stay in: see ``finish``."""
        item = self._item(ref, number, locator=locator, label=label)
        for key, value in (
            (_MODE, mode),
            (_NAME_TWEAKS, tweaks),
            (_DISAMBIGUATE, disambiguate),
        ):
            dict.__setitem__(item, key, value)
        self.cite_layout.repressed = {}
        text = self.cite_layout.render_children(item)
        if self.uses_position:
            self.citation.cites.append(item)
        return str(text) if text else ""

    def cite_names(self, ref: Reference, tweaks: NameTweaks) -> list[tuple[list, str | None]]:
        """The lists of names a cite shows, in order (the first its authors, as far as "et
        al." lets them show), each with its name element's ``initialize-with``: what global
        name disambiguation looks at and expands."""
        item = self._item(ref, 0)
        shown: list[tuple[list, str | None]] = []
        for key, value in ((_NAME_TWEAKS, tweaks), (_SHOWN, shown)):
            dict.__setitem__(item, key, value)
        self.cite_layout.repressed = {}
        try:
            self.cite_layout.render_children(item)
        except VariableError:
            pass
        return shown

    def render_entry(
        self, ref: Reference, *, tweaks: NameTweaks | None = None, number: int = 0
    ) -> str:
        """One reference-list entry's HTML, or "" when the style has no bibliography."""
        if self.entry_layout is None:
            return ""
        item = self._item(ref, number)
        if tweaks is not None and tweaks.use_first:
            dict.__setitem__(item, _NAME_TWEAKS, NameTweaks(use_first=tweaks.use_first))
        layout = self.entry_layout
        layout.repressed = {}
        if not self.second_field_align:
            text = layout.render_children(item)
            return str(layout.format(layout.wrap(text))) if text else ""
        fields = []
        for child in layout.iterchildren():  # as Parent.render_children, one field at a time
            try:
                if isinstance(child, model.Choose):
                    field = child.render(item, delimiter="")
                else:
                    field = child.render(item)
            except VariableError:
                continue
            if field is not None:
                fields.append(field)
        if not fields:
            return ""
        if len(fields) == 1:
            return str(layout.format(layout.wrap(fields[0])))
        margin = str(layout.format(fields[0]))
        rest = str(layout.format(layout.wrap(join_rendered(fields[1:]))))
        return f"{MARGIN_OPEN}{margin}{MARGIN_CLOSE}{rest}{ENTRY_CLOSE}"

    def sort_keys(
        self, ref: Reference, bibliography: bool, number: int = 0, year_suffix: int = 0
    ) -> tuple[str | None, ...]:
        """The values of the style's sort keys for ``ref`` (citation or bibliography sort), as
        citeproc-js renders them for sorting (see ``csl_sort``); a citation sort has the year
        suffix's number (``year_suffix``, 0 for none) after each date variable's key."""
        sort = self.entry_sort if bibliography else self.cite_sort
        layout = self.entry_layout if bibliography else self.cite_layout
        if sort is None or layout is None:
            return ()
        item = self._item(ref, number)
        values: list[str | None] = []
        for key in sort.findall("cs:key", _NS):
            options = {
                name.replace("names", "et-al"): key.get(name)
                for name in ("names-min", "names-use-first", "names-use-last")
                if name in key.attrib
            }
            dict.__setitem__(item, _SORTING, options)
            layout.repressed = {}
            value = self._sort_key(key, item, layout)
            values.append(None if value is None or str(value) == "" else unmarked(str(value)))
            if not bibliography and _is_date_key(key):
                values.append(str(year_suffix))
        return tuple(values)

    def _sort_key(self, key, item, layout):
        if "macro" in key.attrib:
            macro = key.get_macro(key.get("macro"))
            text = macro.render(item, context=layout)
            return date_macro_text(text) if _has_date(macro) else text
        variable = key.get("variable", "")
        if _is_date_key(key):
            date = item.reference.get(variable.replace("-", "_"))
            return date_key(date, ("year", "month", "day")) if date else None
        if variable.replace("-", "_") in NAMES:
            names = key.find("cs:names", _NS)
            if names is None:  # the style's name options, inherited (the key's own above)
                names = etree.SubElement(key, _NAMES_TAG, variable=variable)
                etree.SubElement(names, f"{{{CSL_NS}}}name")
            try:
                return names.render(item, context=key)
            except VariableError:
                return None
        return key.sort_keys([item], layout)[0]

    def descending(self, bibliography: bool) -> tuple[bool, ...]:
        """Per value of ``sort_keys``, whether it sorts descending."""
        sort = self.entry_sort if bibliography else self.cite_sort
        if sort is None:
            return ()
        directions: list[bool] = []
        for key in sort.findall("cs:key", _NS):
            directions.append(key.get("sort", "ascending") == "descending")
            if not bibliography and _is_date_key(key):
                directions.append(False)  # the year suffix, ascending always (citeproc-js)
        return tuple(directions)

    def begin_document(self) -> None:
        """Forget the previous document: its cites and references."""
        self.forget_positions()
        self.registry.source.clear()

    def forget_positions(self) -> None:
        """Forget the cites rendered so far (what ``position`` conditions look at)."""
        self.citation.cites = []

    def wrap_cluster(self, text: str) -> str:
        """``text`` with the citation layout's affixes and formatting: "(...)"."""
        return str(self.cite_layout.format(self.cite_layout.wrap(text)))

    def _item(self, ref: Reference, number: int, locator: str = "", label: str = "page"):
        item = _Item(ref.key, locator=Locator(label, locator)) if locator else _Item(ref.key)
        citation = Citation([item])
        citation.bibliography = self.registry
        self.registry.source[ref.key] = ref
        self.registry.number = number
        return item

    # Post-processing ------------------------------------------------------------------------

    def finish(self, text: str) -> str:
        """Rendered text as HTML (see ``csl_text.finish``)."""
        return finish(text, self.quotes, self.piq)

    def link_title(self, entry: str, item: dict) -> str:
        """``entry`` with its title linked when the style prints no DOI or URL."""
        return link_title(entry, item, self.quotes)


class _Registry:
    """Stands in for citeproc-py's CitationStylesBibliography: the references being rendered."""

    def __init__(self) -> None:
        self.source: dict[str, Reference] = {}
        self.formatter = html_formatter
        self.number = 0

    @property
    def keys(self):  # citeproc-py numbers an item by its index here
        return _NumberedKeys(self.number)


class _NumberedKeys(list):
    def __init__(self, number: int):
        super().__init__()
        self._number = number

    def index(self, key, *args):  # only the one item being rendered asks
        return self._number - 1


def _add_locale_overrides(root, locale: str) -> None:
    """Puts the quote marks below the style's own locales and above the locale file, so the
    style still has the last word. The terms are the locale file's own, as citeproc-js (the
    processor of Zotero and Mendeley) prints them: "ch." and "sect." in en-GB."""
    terms: list[str] = []
    own = {
        term
        for locale_el in root.locales
        if locale_el.getroottree().getroot() is root
        for term in locale_el.xpath("cs:terms/cs:term/@name", namespaces=_NS)
    }
    quote_marks = {
        "open-quote": QUOTE_OPEN,
        "close-quote": QUOTE_CLOSE,
        "open-inner-quote": QUOTE_OPEN,
        "close-inner-quote": QUOTE_CLOSE,
    }
    if not own & set(quote_marks):  # a style that sets its own quotes keeps them literally
        terms += [f'<term name="{name}">{mark}</term>' for name, mark in quote_marks.items()]
    # The locale file's date formats, parsed again with our element classes (``_Date``), so
    # that a style's localized dates print their ranges as its own dates do.
    # Their parts read the locale's options (ordinal days) from this locale: those come along.
    dates = [
        etree.tostring(element).decode("utf-8")
        for locale_el in root.locales
        if locale_el.getroottree().getroot() is not root
        for element in locale_el.xpath("cs:style-options | cs:date", namespaces=_NS)
    ]
    source = (
        f'<locale xmlns="{CSL_NS}" xml:lang="{locale}">{"".join(dates)}'
        f"<terms>{''.join(terms)}</terms></locale>"
    )
    # A citeproc-py element, not the stubs' plain _Element: _PARSER's class lookup makes it one.
    overrides: Any = etree.fromstring(source, _PARSER)
    overrides.style = root
    position = sum(1 for item in root.locales if item.getroottree().getroot() is root)
    root.locales.insert(position, overrides)


def _remember_terms(locale) -> None:
    """Memoizes a locale's term look-ups, each an XPath query in citeproc-py (a third of the
    time it spends on a reference list)."""
    look_up, found = locale.get_term, {}

    def get_term(name, form=None, zero_padded=False):
        key = (name, form, zero_padded)
        if key not in found:
            try:
                found[key] = look_up(name, form, zero_padded=zero_padded)
            except IndexError:
                found[key] = None
        if found[key] is None:
            raise IndexError(name)
        return found[key]

    locale.get_term = get_term


# ----------------------------------------------------------------------------------------------
# Helpers


def initials(given: str, mark: str, hyphen: bool = True, make_initials: bool = True) -> str:
    """A given name initialised as pandoc's citeproc does it: "Thi Mai" gives "T.M." (with
    mark "."), "Soo-Min" "S.-M.", "Ji-hoon" "J." (a lowercase part after a hyphen is dropped;
    without ``hyphen`` it stays whole, "J hoon", as citeproc-js), lowercase words (particles)
    stay whole."""
    words: list[tuple[str, bool]] = []  # (text, already an initial)
    current = ""
    for char in given:
        if char == ".":
            if current and current != "-":
                words.append((current, True))
            current = ""
        elif char == "-":
            if current:
                words.append((current, len(current.lstrip("-")) == 1))
            current = "-"
        elif char.isspace():
            if current and current != "-":
                words.append((current, len(current.lstrip("-")) == 1))
            current = ""
        else:
            current += char
    if current and current != "-":
        words.append((current, len(current.lstrip("-")) == 1))

    out = []
    for word, is_initial in words:
        if is_initial:
            out.append(word + mark)
        elif word.startswith("-"):
            letter = word[1:2]
            if not make_initials:
                out.append(f"{word} ")
            elif letter.isupper():
                out.append(("-" if hyphen else "") + letter + mark)
            elif not hyphen:  # joined without the hyphen, the lowercase part stays whole
                out.append(f"{word[1:]} " if mark.endswith(" ") else f" {word[1:]} ")
        elif word.islower():
            out.append(f"{word} " if mark.endswith(" ") else f" {word} ")
        elif not make_initials:
            out.append(f"{word} ")
        else:
            out.append(word[0] + mark if word[0].isupper() else word)
    return "".join(out).replace(" -", "-").strip(" ")


def _true(value) -> bool:
    return str(value).lower() == "true"


def _join(*parts) -> str:
    """Name parts with a space between them, but none after a particle that ends in an
    apostrophe or a hyphen: "d’Alembert", "al-Khwarizmi" (as citeproc-js)."""
    text = ""
    for part in (str(part) for part in parts if part):
        text += part if not text or text.endswith(_JOINED) else " " + part
    return text


_JOINED = ("’", "'", "-", "\u2010")


def _precedes(rule: str, count: int, previous_inverted: bool, contextual_minimum: int) -> bool:
    if rule == "always":
        return True
    if rule == "after-inverted-name":
        return previous_inverted
    return rule == "contextual" and count >= contextual_minimum


def _sort_particle(particle: str) -> str:
    """A particle as citeproc-js sorts it: its first apostrophe dropped ("d’" sorts as "d")."""
    return re.sub("['’]", "", particle, count=1)


def _is_date_key(key) -> bool:
    return key.get("variable", "").replace("-", "_") in DATES


def _has_date(macro) -> bool:
    """Whether citeproc-js sorts ``macro`` on its dates alone: a date anywhere inside it."""
    return bool(macro.xpath("boolean(.//cs:date)", namespaces=_NS))


def _give_names_their_name(root) -> None:
    """A ``<name/>`` for each ``<names>`` without one, so that its names are formatted by our
    ``_Name`` (citeproc-py made a plain one: "d’ Alembert" in AMA); the bare shorthand of a
    substitute stays bare, to take the name of the names it stands in for."""
    for names in list(root.iter(_NAMES_TAG)):
        if names.find(_NAME_TAG) is not None:
            continue
        if len(names) == 0 and _substituted_names(names) is not None:
            continue
        names.insert(0, etree.SubElement(names, _NAME_TAG))


def _substituted_names(names):
    """The ``<names>`` whose substitute holds ``names`` (at any depth), or ``None``."""
    parent = names.getparent()
    while parent is not None and parent.tag != _SUBSTITUTE_TAG:
        if parent.tag in (_LAYOUT_TAG, _MACRO_TAG):
            return None
        parent = parent.getparent()
    return None if parent is None else parent.getparent()


def _branch(choose, item, context):
    """The branch of ``choose`` taken for ``item`` (its children rendered), or ``None``."""
    for branch in choose.iterchildren():
        if isinstance(branch, model.Else):
            return branch
        if isinstance(branch, _If) and branch.passes(item, context):
            return branch
    return None


def _candidates(substitute, item, context):
    """The substitute's rendering elements in order, a ``choose`` replaced by the elements of
    the branch taken (CSL: the first element that renders is the substitute)."""
    for child in substitute.iterchildren():
        if isinstance(child, model.Choose):
            branch = _branch(child, item, context)
            if branch is not None:
                yield from _candidates(branch, item, context)
        else:
            yield child


@dataclass
class _Frame:
    """What a group's children did while it rendered: called a variable, rendered one."""

    attempted: bool = False
    succeeded: bool = False


@contextmanager
def _group(item) -> Iterator[_Frame]:
    """A group (or macro) rendering for ``item``: its frame is where its children note."""
    frames = dict.get(item, _GROUPS)
    if frames is None:
        frames = []
        dict.__setitem__(item, _GROUPS, frames)
    frame = _Frame()
    frames.append(frame)
    try:
        yield frame
    finally:
        frames.pop()


def _noted(item, render):
    """``render()`` of a variable, noted for its group (see ``_note``)."""
    try:
        text = render()
    except VariableError:
        _note(item, attempted=True)
        raise
    _note(item, attempted=True, succeeded=bool(text))
    return text


def _note(item, attempted: bool = False, succeeded: bool = False) -> None:
    """Tells the innermost group rendering ``item`` that a variable was called, or rendered."""
    frames = dict.get(item, _GROUPS)
    if frames:
        frames[-1].attempted |= attempted
        frames[-1].succeeded |= succeeded


def _kept(item, frame: _Frame, has_output: bool) -> bool:
    """Whether a group with ``frame`` is printed (it called no variable, or rendered one), and
    tells its own group: printed, it counts as a rendered variable there, as in citeproc-js."""
    kept = has_output and (frame.succeeded or not frame.attempted)
    if kept:
        _note(item, succeeded=True)
    else:
        _note(item, attempted=frame.attempted)
    return kept


def _record(item, variable: str, text) -> None:
    """Notes ``variable`` as printed while a substitute is tried (see ``_Substitute``)."""
    recording = item.get(_RECORDING)
    if text and recording is not None:
        recording.append((_TEXT_TAG, variable))


def _range_delimiter(element) -> str:
    """The locale's page-range-delimiter term (an en dash unless the style says otherwise)."""
    try:
        return str(element.get_single_term(name="page-range-delimiter"))
    except (IndexError, AttributeError, KeyError):
        return "\u2013"


def _in_substitute(element) -> bool:
    parent = element.getparent()
    return parent is not None and parent.tag == _SUBSTITUTE_TAG


def _repressed(context) -> dict:
    try:
        layout = context.get_layout()
    except (IndexError, AttributeError):
        return {}
    if not hasattr(layout, "repressed"):
        layout.repressed = {}
    return layout.repressed


@contextmanager
def _hiding(item, roles: list[str]) -> Iterator[None]:
    """Renders ``item`` as if ``roles`` were empty (the substituted ones of several roles)."""
    if not roles:
        yield
        return
    source = item.bibliography.source
    original = source[item.key]
    hidden = {*roles, *(role.replace("-", "_") for role in roles)}
    shadow = Reference.__new__(Reference)
    dict.update(shadow, {key: value for key, value in original.items() if key not in hidden})
    source[item.key] = shadow
    try:
        yield
    finally:
        source[item.key] = original
