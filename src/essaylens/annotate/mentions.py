"""Numbers and dates found in the text, as spans with parsed values.

Dates keep whatever calendar hint the writer gave ("(O.S.)", "Old Style",
"New Style", "Julian", "Gregorian") so that the facts stage can normalise them;
this module only reads what is written and never converts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH_RE = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_RE = r"(?:(?P<day>[0-3]?\d)(?:st|nd|rd|th)?)"
_YEAR_RE = r"(?P<year>1[0-9]{3}|20[0-9]{2})"
_CAL_RE = r"(?:\s*\(?(?P<cal>O\.?\s?S\.?|N\.?\s?S\.?|old style|new style|julian|gregorian)\)?)?"

_DATE_PATTERNS = [
    # 25 October 1917 / 25th of October, 1917 / 6th November
    re.compile(
        rf"\b(?:the\s+)?{_DAY_RE}\s+(?:of\s+)?(?P<month>{_MONTH_RE})(?:,?\s+{_YEAR_RE})?{_CAL_RE}",
        re.IGNORECASE,
    ),
    # October 25, 1917 / October 25
    re.compile(
        rf"\b(?P<month>{_MONTH_RE})\s+{_DAY_RE}\b(?:,?\s+{_YEAR_RE})?{_CAL_RE}",
        re.IGNORECASE,
    ),
    # (early/late) October 1917, or a bare month name as a time expression
    re.compile(
        rf"\b(?P<qual>early|mid|late|in|by|during|until|since)?\s*(?P<month>{_MONTH_RE})(?:\s+{_YEAR_RE})?{_CAL_RE}",
        re.IGNORECASE,
    ),
    # a bare year
    re.compile(rf"\b{_YEAR_RE}\b{_CAL_RE}"),
]

_NUMBER_RE = re.compile(
    r"(?<![\w.])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?P<pct>%|per\s?cent|percent)?",
    re.IGNORECASE,
)
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "thousand": 1000, "dozen": 12, "half": 0.5,
}
_WORD_NUMBER_RE = re.compile(r"\b(" + "|".join(_WORD_NUMBERS) + r")\b", re.IGNORECASE)
# "May" is a month but also a verb: accept it only beside a day or year.
_AMBIGUOUS_MONTHS = {"may", "mar", "jan", "jun", "jul", "aug", "dec", "oct", "nov", "sep", "sept", "apr", "feb"}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date as written: any of day, month, year may be missing."""

    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    calendar: str | None = None  # "julian", "gregorian" or None when unmarked
    qualifier: str | None = None  # "early", "late", ...


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A number as written, with its value and whether it is a percentage."""

    start: int
    end: int
    value: float
    percent: bool = False


def _calendar(hint: str | None) -> str | None:
    if not hint:
        return None
    h = hint.lower().replace(".", "").replace(" ", "")
    if h in {"os", "oldstyle", "julian"}:
        return "julian"
    if h in {"ns", "newstyle", "gregorian"}:
        return "gregorian"
    return None


def find_dates(text: str) -> list[DateMention]:
    """All date mentions, longest match first, without overlaps.

    Args:
        text: the text to scan.

    Returns:
        Date mentions sorted by start offset.
    """
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            gd = m.groupdict()
            if gd.get("qual"):
                start = m.start("qual")
            elif gd.get("month"):
                start = min(m.start("month"), m.start("day") if gd.get("day") else m.start("month"))
            else:
                start = m.start("year")
            if any(s < end and start < e for s, e in taken):
                continue
            month_word = (gd.get("month") or "").lower().rstrip(".")
            day = int(gd["day"]) if gd.get("day") else None
            year = int(gd["year"]) if gd.get("year") else None
            if month_word and not day and not year:
                # A bare month: only a capitalised full month name counts.
                raw = gd["month"]
                if month_word in _AMBIGUOUS_MONTHS or not raw[:1].isupper():
                    continue
            if month_word in {"may", "mar"} and not (day or year):
                continue
            if day is not None and not 1 <= day <= 31:
                continue
            qual = (gd.get("qual") or "").lower() or None
            if qual in {"in", "by", "during", "until", "since"}:
                qual = None
            end = m.end()
            while end > start and text[end - 1].isspace():
                end -= 1
            found.append(
                DateMention(start, end, year, MONTHS.get(month_word), day, _calendar(gd.get("cal")), qual)
            )
            taken.append((start, end))
    return sorted(found, key=lambda d: d.start)


def find_numbers(text: str, dates: list[DateMention] | None = None) -> list[NumberMention]:
    """Numbers written as digits or words, skipping those inside dates."""
    date_spans = [(d.start, d.end) for d in dates or []]
    out: list[NumberMention] = []
    for m in _NUMBER_RE.finditer(text):
        s, e = m.start("num"), m.end()
        if any(ds <= s < de for ds, de in date_spans):
            continue
        value = float(m.group("num").replace(",", ""))
        out.append(NumberMention(s, e if m.group("pct") else m.end("num"), value, bool(m.group("pct"))))
    for m in _WORD_NUMBER_RE.finditer(text):
        out.append(NumberMention(m.start(), m.end(), float(_WORD_NUMBERS[m.group(1).lower()])))
    return sorted(out, key=lambda n: n.start)
