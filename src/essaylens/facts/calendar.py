"""Calendar-aware dates: Julian (Old Style) and Gregorian (New Style).

Countries left the Julian calendar at different times. Russia switched last
among the great powers: 31 January 1918 (OS) was followed by 14 February 1918
(NS), so Russian sources date the events of 1917 Old Style, 13 days behind
the Gregorian dates used elsewhere. Conversions use ``convertdate.julian``;
the switch dates below are the first Gregorian day in each country (civil
calendar), from standard references on the Gregorian reform.

Dates here are plain ``(year, month, day)`` tuples where month and day may be
``None`` for a partial date ("March 1917", "1917").
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from convertdate import julian

#: First day of the Gregorian calendar in each country's civil use.
SWITCH_DATES: dict[str, tuple[int, int, int]] = {
    "italy": (1582, 10, 15), "spain": (1582, 10, 15), "portugal": (1582, 10, 15), "poland": (1582, 10, 15),
    "france": (1582, 12, 20), "austria": (1584, 1, 17), "hungary": (1587, 11, 1),
    "prussia": (1610, 9, 2), "germany": (1700, 3, 1), "denmark": (1700, 3, 1), "netherlands": (1700, 7, 12),
    "britain": (1752, 9, 14), "united kingdom": (1752, 9, 14), "england": (1752, 9, 14),
    "united states": (1752, 9, 14), "sweden": (1753, 3, 1), "japan": (1873, 1, 1), "china": (1912, 1, 1),
    "bulgaria": (1916, 4, 14), "russia": (1918, 2, 14), "soviet russia": (1918, 2, 14),
    "serbia": (1919, 1, 28), "yugoslavia": (1919, 1, 28), "romania": (1919, 4, 14), "greece": (1923, 3, 1),
    "turkey": (1926, 1, 1),
}

PartialDate = tuple[int | None, int | None, int | None]

#: Revolutions named by their Old Style month, with the New Style days their
#: main events fell on (so "October Revolution" beside "7 November" mixes styles).
NAMED_BY_OLD_STYLE = {
    "october": {"pattern": r"\bOctober\s+(?:\w+\s+)?(?:Revolution|Rising|Uprising|Insurrection|coup)",
                "ns_days": ((1917, 11, 6), (1917, 11, 8))},
    "february": {"pattern": r"\bFebruary\s+(?:\w+\s+)?(?:Revolution|Rising|Uprising)",
                 "ns_days": ((1917, 3, 8), (1917, 3, 15))},
}

_AWARE = re.compile(
    r"\b(?:old[- ]style|new[- ]style|julian|gregorian|western calendar|russian calendar|calendar|O\.S\.|N\.S\.)"
    r"|\((?:OS|NS)\)",
    re.IGNORECASE,
)


def switch_date(country: str) -> tuple[int, int, int] | None:
    """The first Gregorian day in ``country``, or None when unknown."""
    return SWITCH_DATES.get(country.strip().lower())


def julian_to_gregorian(year: int, month: int, day: int) -> tuple[int, int, int]:
    """Convert an Old Style date to New Style.

    Args:
        year, month, day: the Julian date.

    Returns:
        The Gregorian ``(year, month, day)``.
    """
    return tuple(julian.to_gregorian(year, month, day))  # type: ignore[return-value]


def gregorian_to_julian(year: int, month: int, day: int) -> tuple[int, int, int]:
    """Convert a New Style date to Old Style."""
    return tuple(julian.from_gregorian(year, month, day))  # type: ignore[return-value]


def uses_julian(country: str, year: int, month: int = 1, day: int = 1) -> bool:
    """Whether ``country`` still dated by the Julian calendar on that (Gregorian) day."""
    switch = switch_date(country)
    return switch is not None and (year, month, day) < switch


def offset_days(year: int) -> int:
    """Days the Julian calendar runs behind the Gregorian in ``year`` (13 in 1917)."""
    g = _dt.date(*julian_to_gregorian(year, 3, 1))
    return (g - _dt.date(year, 3, 1)).days


def parse_iso(value: str | None) -> PartialDate | None:
    """``"1917-10"`` -> ``(1917, 10, None)``; None stays None."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    parts += [None] * (3 - len(parts))
    return parts[0], parts[1], parts[2]


def ordinal(date: PartialDate, *, late: bool = False) -> int:
    """A day number for ordering; a partial date takes its first (or last) day."""
    y, m, d = date
    m = m or (12 if late else 1)
    d = d or (28 if late else 1)
    return _dt.date(y or 1, m, min(d, 28 if m == 2 else d)).toordinal()


def within(mention: PartialDate, start: PartialDate, end: PartialDate | None = None, slack: int = 1) -> bool:
    """Whether a written date fits an event's date (range), at the written precision.

    Args:
        mention: the essay's date; missing parts are not compared.
        start: the event's first day (possibly partial).
        end: the event's last day, for multi-day events.
        slack: days of tolerance for a day-precise mention ("the night of 24-25").

    Returns:
        True when the mention agrees with the event at its own precision.
    """
    end = end or start
    my, mm, md = mention
    if my is not None and not (start[0] <= my <= end[0]):
        return False
    if mm is None:
        return True
    if start[1] is None:
        return True
    sy = my or start[0]
    lo = (start[0], start[1])
    hi = (end[0], end[1] or start[1])
    if not lo <= (sy, mm) <= hi:
        return False
    if md is None or start[2] is None:
        return True
    day = _dt.date(sy, mm, min(md, 28) if mm == 2 and md > 28 else md).toordinal()
    first = _dt.date(start[0], start[1], start[2]).toordinal()
    last = _dt.date(end[0], end[1] or start[1], end[2] or start[2]).toordinal()
    return first - slack <= day <= last + slack


def calendar_aware(text: str) -> bool:
    """Whether the essay shows it knows about the two calendars (a marker or note)."""
    return bool(_AWARE.search(text))


@dataclass(frozen=True)
class NamedRevolution:
    """A revolution named by its Old Style month, found in the text."""

    name: str
    start: int
    end: int


def named_revolutions(text: str) -> list[NamedRevolution]:
    """Mentions such as "the October Revolution" or "February Revolution"."""
    out = []
    for name, spec in sorted(NAMED_BY_OLD_STYLE.items()):
        for m in re.finditer(spec["pattern"], text, re.IGNORECASE):
            if m.group(0)[:1].isupper():
                out.append(NamedRevolution(name, m.start(), m.end()))
    return sorted(out, key=lambda n: n.start)


def format_date(date: PartialDate) -> str:
    """``(1917, 10, 25)`` -> ``"25 October 1917"``; partial dates print what they have."""
    y, m, d = date
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"]
    parts = [str(d)] if d else []
    if m:
        parts.append(months[m - 1])
    if y:
        parts.append(str(y))
    return " ".join(parts)
