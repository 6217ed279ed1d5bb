"""Numbers as CSL 1.0.2 reads and prints them: numeric content and page ranges.

Private to ``csl_layer``, whose element classes call these where citeproc-py 0.11 is wrong: it
took "2-4" and "2, 3" for non-numeric (so a style's ``is-numeric`` label tests failed and
"chap. 2" lost its label) and abbreviated "1-15" as "1–5".
"""

from __future__ import annotations

import re

# One number with its affixes ("2", "D2", "2b", "L2d", "2nd"), and a list or range of them
# ("2, 3", "2-4", "2 & 4"), as the specification's is-numeric defines numeric content.
_NUMBER = r"[^\W\d_]*\d+[^\W\d_]*"
_NUMERIC = re.compile(rf"\s*{_NUMBER}(?:\s*[-\u2013,&]\s*{_NUMBER})*\s*")
# A range of two numbers in a locator: the hyphen that becomes the range delimiter.
_NUMBER_RANGE = re.compile(rf"({_NUMBER})\s*[-\u2013]\s*(?={_NUMBER}(?![^\W_]))")
_PAGE = re.compile(r"([^\W\d_]*)(\d+)$")


def is_numeric(value: object) -> bool:
    """Whether ``value`` solely consists of numbers, in CSL's sense: "2nd", "L2d", "2, 3",
    "2-4" and "2 & 4" are numeric; "second" and "2nd edition" are not."""
    return _NUMERIC.fullmatch(str(value)) is not None


def number_ranges(text: str, delimiter: str) -> str:
    """``text`` with the hyphen of each range of two numbers as ``delimiter`` ("3-5" gives
    "3–5"), as citeproc-js prints a locator's ranges; other hyphens stay."""
    return _NUMBER_RANGE.sub(lambda match: match.group(1) + delimiter, text)


def range_end(first: str, last: str, page_range_format: str | None) -> str:
    """The end of the page range ``first``–``last`` as ``page-range-format`` writes it
    ("expanded", "minimal", "minimal-two", "chicago", "chicago-15", "chicago-16"); without
    the option, as written. Only digits in the same positions are left out: "1-15" keeps "15".
    """
    begin, end = _PAGE.match(first), _PAGE.match(last)
    if page_range_format is None or begin is None or end is None:
        return last
    prefix, begin_digits = begin.groups()
    end_prefix, end_digits = end.groups()
    if end_prefix and end_prefix != prefix:
        return last
    if len(end_digits) < len(begin_digits):  # "321-28": the end written short
        end_digits = begin_digits[: len(begin_digits) - len(end_digits)] + end_digits
    if int(end_digits) <= int(begin_digits):
        return last
    start, stop = int(begin_digits), int(end_digits)
    if page_range_format == "minimal":
        shown = _minimal(begin_digits, end_digits, 1)
    elif page_range_format == "minimal-two":
        shown = _minimal(begin_digits, end_digits, 2)
    elif page_range_format in ("chicago", "chicago-15"):
        shown = end_digits
        if start > 100 and start % 100 and start // 100 == stop // 100:
            shown = str(stop % 100)
        elif start >= 10000:
            shown = str(stop % 1000)
    elif page_range_format == "chicago-16":
        shown = end_digits
        if start > 100 and start % 100:
            for power in range(2, len(end_digits)):
                if start // 10**power == stop // 10**power:
                    shown = str(stop % 10**power)
                    break
    else:  # "expanded"
        shown = end_digits
    return (end_prefix if shown == end_digits else "") + shown


def _minimal(first: str, last: str, keep: int) -> str:
    """``last`` without the leading digits it shares with ``first`` (of the same length),
    keeping at least ``keep`` digits."""
    if len(first) != len(last):
        return last
    common = 0
    while common < len(first) and first[common] == last[common]:
        common += 1
    return last[min(common, len(last) - keep) :] if common < len(last) else last[-keep:]
