"""Checks that need no topic knowledge, or only a pack's timeline and entities.

* calendar mixing: Old Style and New Style dates in one essay, or a
  revolution named by its Old Style month ("October Revolution") dated by its
  New Style day ("7 November");
* arithmetic: counts that cannot add up (12 present, 10 for and 5 against),
  vote shares over 100%;
* chronology: a sentence that says "after this" about an event that came
  earlier than the one before it;
* anachronism: a body named in a year when it did not exist.
"""

from __future__ import annotations

import re

from ..report.models import FactCheck
from . import calendar as cal
from .claims import SentenceFacts, plain_numbers
from .matcher import EventHit

_WORDNUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
            "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20}
_N = r"(\d{1,4}|" + "|".join(_WORDNUM) + r")"
_PRESENT = re.compile(rf"\b{_N}\s+(?:\w+\s+){{0,3}}?(?:were\s+|was\s+)?(?:present|attended|attending|in attendance|turned up)\b"
                      rf"|\b(?:of|among)\s+(?:the\s+)?{_N}\s+(?:members|people|men|delegates|present)\b", re.I)
_FOR = re.compile(rf"\b{_N}\s+(?:\w+\s+)?(?:voted|votes?)\s+(?:for|in favour|in favor|yes)\b|\b{_N}\s+in favou?r\b", re.I)
_AGAINST = re.compile(rf"\b{_N}\s+(?:\w+\s+)?(?:voted\s+|votes?\s+)?against\b|\bminority of\s+{_N}\b"
                      rf"|\bagainst\s+(?:a\s+minority\s+of\s+)?{_N}\b", re.I)
_SEQUENCE = re.compile(r"^\s*(?:following (?:this|that|these|the \w+)|after (?:this|that|these|the \w+)|afterwards|"
                       r"then|next|subsequently|later(?: on)?|soon after(?:wards)?|shortly after(?:wards)?|"
                       r"this led to|as a result)\b", re.I)
_VOTE_SHARE = re.compile(r"\b(?:vot\w*|seats?|share|won|poll\w*|ballots?)\b", re.I)


def _num(groups) -> int | None:
    for g in groups:
        if g:
            return int(g) if g.isdigit() else _WORDNUM.get(g.lower())
    return None


def arithmetic_checks(sents: list[SentenceFacts]) -> list[FactCheck]:
    """Counts in one or two adjacent sentences that cannot be reconciled.

    Returns:
        incorrect FactChecks for votes exceeding those present and for vote shares over 100%.
    """
    out = []
    for i, sent in enumerate(sents):
        window_start = sents[i - 1].start if i else sent.start
        prev = sents[i - 1].text + " " if i else ""
        text = prev + sent.text
        offset = len(prev)
        present = _PRESENT.search(text)
        fors = _FOR.search(sent.text)
        against = _AGAINST.search(sent.text)
        if present and fors and against:
            n, a, b = _num(present.groups()), _num(fors.groups()), _num(against.groups())
            if n and a is not None and b is not None and a + b > n:
                s, e = min(fors.start(), against.start()), max(fors.end(), against.end())
                out.append(FactCheck(
                    start=sent.start + s, end=sent.start + e, verdict="incorrect", rule="arithmetic",
                    claim=sent.text[s:e], sources=[],
                    correction=f"The figures do not add up: {a} for and {b} against makes {a + b} votes, "
                               f"but the essay says only {n} were present."))
        del window_start, offset
        shares = plain_numbers(sent, percent=True)
        if len(shares) >= 2 and _VOTE_SHARE.search(sent.text) and all(n.value <= 100 for n in shares):
            total = sum(n.value for n in shares)
            if total > 100.5 and not re.search(r"\b(?:rose|fell|increase|decrease|grew|up|down)\b", sent.text, re.I):
                s, e = shares[0].start, shares[-1].end
                out.append(FactCheck(
                    start=sent.start + s, end=sent.start + e, verdict="incorrect", rule="arithmetic",
                    claim=sent.text[s:e], sources=[],
                    correction=f"These shares of one vote add up to {total:g}%, more than 100%."))
    return out


def calendar_mixing_checks(text: str, sents: list[SentenceFacts], hits: list[EventHit], *,
                           russian: bool) -> list[FactCheck]:
    """Old Style and New Style dates used side by side without saying so.

    Args:
        text: the essay's full text.
        sents: the essay's sentences.
        hits: timeline events found in the sentences (pack mode), else empty.
        russian: whether the essay is about Russia before February 1918.

    Returns:
        imprecise FactChecks at each date written in the minority calendar.
    """
    if not russian or cal.calendar_aware(text):
        return []
    dated = [h for h in hits if h.date is not None and h.style in ("os", "ns")]
    os_hits = [h for h in dated if h.style == "os"]
    ns_hits = [h for h in dated if h.style == "ns"]
    names = cal.named_revolutions(text)
    out = []
    if os_hits and ns_hits:
        minority = ns_hits if len(ns_hits) <= len(os_hits) else os_hits
        other = os_hits if minority is ns_hits else ns_hits
        for h in minority:
            out.append(_mixing(h.sentence, h.date, h, other[0]))
        return out
    # A revolution named by its Old Style month, dated by its New Style days.
    seen = set()
    for name in names:
        lo, hi = cal.NAMED_BY_OLD_STYLE[name.name]["ns_days"]
        for sent in sents:
            for d in sent.dates:
                key = (sent.index, d.start)
                if key in seen or d.month is None or d.calendar:
                    continue
                y = d.year or lo[0]
                if d.day is not None and lo <= (y, d.month, d.day) <= hi:
                    seen.add(key)
                    label = text[name.start:name.end]
                    out.append(FactCheck(
                        start=sent.start + d.start, end=sent.start + d.end, verdict="imprecise", rule="calendar-mixing",
                        claim=sent.text[d.start:d.end], sources=[],
                        correction=f"This is a New Style (Gregorian) date, but the essay calls it the '{label}', "
                                   f"which is named by the Old Style (Julian) calendar Russia used until February 1918 "
                                   f"(13 days behind in 1917: 25 October OS = 7 November NS). Use one calendar and say which."))
    return out


def _mixing(sent: SentenceFacts, d, h: EventHit, other: EventHit) -> FactCheck:
    ev = h.event
    this_style, other_style = ("New Style", "Old Style") if h.style == "ns" else ("Old Style", "New Style")
    o = other.sentence.text[other.date.start:other.date.end]
    alt = ev.date_os if h.style == "ns" else ev.date_ns
    return FactCheck(
        start=sent.start + d.start, end=sent.start + d.end, verdict="imprecise", rule="calendar-mixing",
        claim=sent.text[d.start:d.end], sources=[],
        correction=f"This date is {this_style}, but the essay dates other events {other_style} ('{o}'). "
                   f"Russia used the Julian calendar until February 1918, 13 days behind in 1917; in {other_style} "
                   f"this event falls on {cal.format_date(cal.parse_iso(alt))}. Use one calendar and say which.",
    )


def chronology_checks(hits: list[EventHit], sents: list[SentenceFacts]) -> list[FactCheck]:
    """"After this" sentences whose event came before the previous one's.

    Returns:
        imprecise FactChecks for events narrated out of order (more than a week).
    """
    by_sentence: dict[int, list[EventHit]] = {}
    for h in hits:
        if h.strong:
            by_sentence.setdefault(h.sentence.index, []).append(h)
    out = []
    last = None
    for sent in sents:
        evs = by_sentence.get(sent.index, [])
        if not evs:
            continue
        # The sentence's latest event: if even that precedes the last one narrated, it is out of order.
        h = max(evs, key=lambda x: (cal.ordinal(cal.parse_iso(x.event.date_ns)), x.event.id))
        day = cal.ordinal(cal.parse_iso(h.event.date_ns))
        m = _SEQUENCE.match(sent.text)
        if last is not None and m and day < last[0] - 7:
            out.append(FactCheck(
                start=sent.start + m.start(), end=sent.end, verdict="imprecise", rule="chronology",
                claim=sent.text, sources=[],
                correction=f"Out of order: this comes after '{last[1].event.event}' in the essay, but "
                           f"'{h.event.event}' happened earlier ({h.event.date_ns} NS against {last[1].event.date_ns})."))
        last = (day, h)
    return out


def anachronism_checks(pack, sents: list[SentenceFacts]) -> list[FactCheck]:
    """A body or state named with a year in which it did not exist.

    Returns:
        imprecise FactChecks citing the entity's lifespan from the pack.
    """
    spans = {e.id: e for e in pack.entities if e.active is not None}
    out = []
    for sent in sents:
        for eid in sorted(sent.entities):
            ent = spans.get(eid)
            if ent is None:
                continue
            first = int(ent.active.start[:4])
            last = int(ent.active.end[:4]) if ent.active.end else None
            near = sent.entities[eid]
            for d in sent.dates:
                if d.year is None or d.calendar:
                    continue
                if min(abs(d.start - e) if d.start >= e else abs(s - d.end) for s, e in near) > 30:
                    continue
                before = sent.text[max(0, d.start - 25):d.start]
                if re.search(r"\b(?:after|since|until|by|before|from|later|till|to)\s+(?:\w+\s+)?$", before, re.I):
                    continue
                if d.year < first or (last is not None and d.year > last):
                    life = f"{ent.active.start[:4]}" + (f" to {ent.active.end[:4]}" if ent.active.end else " onwards")
                    out.append(FactCheck(
                        start=sent.start + d.start, end=sent.start + d.end, verdict="imprecise", rule="anachronism",
                        claim=sent.text[d.start:d.end], sources=pack.cite(ent.sources), fact_id=None,
                        correction=f"{ent.name} existed from {life}; it cannot be placed in {d.year}. {ent.description}".strip()))
    return out
