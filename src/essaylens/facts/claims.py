"""Checkable statements: the sentences of an essay with what can be checked in them.

A sentence is checkable when it holds a date, a number or count, a
superlative, a "first/only/never" claim, or names a person, body, ship or
place. Each sentence becomes a :class:`SentenceFacts` that the matchers read:
its text, its date and number mentions (offsets local to the sentence) and,
in pack mode, the pack entities it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..annotate.mentions import DateMention, NumberMention

#: A month name that is part of an event's name is not a date ("the October Revolution").
_NAMED_EVENT_AFTER = re.compile(
    r"^\s+(?:\w+\s+)?(?:Revolutions?|Days|Theses|Manifesto|Crisis|Offensive|Uprising|Rising|Insurrection|"
    r"coup|Decrees?|Programme|Constitution)\b",
    re.IGNORECASE,
)
_SUPERLATIVE = re.compile(
    r"\b(?:first|only|last|never|always|largest|biggest|greatest|most|least|smallest|strongest|weakest|"
    r"earliest|latest|sole|every|all)\b",
    re.IGNORECASE,
)
_CHECKABLE_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "DATE", "CARDINAL", "PERCENT",
                     "QUANTITY", "ORDINAL"}


@dataclass
class SentenceFacts:
    """One sentence and its checkable parts; offsets are local to the sentence."""

    index: int
    start: int
    end: int
    text: str
    dates: list[DateMention] = field(default_factory=list)
    numbers: list[NumberMention] = field(default_factory=list)
    entities: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    spacy_labels: tuple[str, ...] = ()
    superlative: bool = False

    @property
    def checkable(self) -> bool:
        """Whether the sentence states something a fact could confirm or refute."""
        return bool(self.dates or self.numbers or self.superlative or self.entities
                    or set(self.spacy_labels) & _CHECKABLE_LABELS)

    def local(self, start: int, end: int) -> tuple[int, int]:
        return start - self.start, end - self.start


def _shift_date(d: DateMention, offset: int) -> DateMention:
    return DateMention(d.start - offset, d.end - offset, d.year, d.month, d.day, d.calendar, d.qualifier)


def _shift_number(n: NumberMention, offset: int) -> NumberMention:
    return NumberMention(n.start - offset, n.end - offset, n.value, n.percent)


def is_event_name(text: str, date: DateMention) -> bool:
    """Whether a bare month is part of a name ("October Revolution", "July Days")."""
    if date.day is not None or date.year is not None:
        return False
    return bool(_NAMED_EVENT_AFTER.match(text[date.end:date.end + 40]))


def sentence_facts(text: str, sentences, dates, numbers, entities=(), finder=None) -> list[SentenceFacts]:
    """Split the essay's mentions by sentence.

    Args:
        text: the essay's full text.
        sentences: sentence spans (``Span``).
        dates: the essay's DateMentions.
        numbers: the essay's NumberMentions.
        entities: spaCy entity spans (label = spaCy label).
        finder: an ``EntityFinder`` for pack entities, or None in generic mode.

    Returns:
        One SentenceFacts per sentence, in order.
    """
    out = []
    found = finder.find_in(text, [(s.start, s.end) for s in sentences]) if finder is not None else None
    for i, s in enumerate(sentences):
        stext = text[s.start:s.end]
        sd = [_shift_date(d, s.start) for d in dates if s.start <= d.start < s.end and not is_event_name(text, d)]
        date_spans = [(d.start, d.end) for d in sd]
        sn = [_shift_number(n, s.start) for n in numbers if s.start <= n.start < s.end]
        sn = [n for n in sn if not any(a <= n.start < b for a, b in date_spans)]
        labels = tuple(sorted({e.label for e in entities if s.start <= e.start < s.end}))
        out.append(SentenceFacts(
            index=i, start=s.start, end=s.end, text=stext, dates=sd, numbers=sn,
            entities=found[i] if found is not None else {},
            spacy_labels=labels, superlative=bool(_SUPERLATIVE.search(stext)),
        ))
    return out


def plain_numbers(sent: SentenceFacts, *, percent: bool | None = None) -> list[NumberMention]:
    """Numbers that are not years, optionally only percentages (or only non-percentages)."""
    out = []
    for n in sent.numbers:
        if not n.percent and n.value == int(n.value) and 1000 <= n.value <= 2100 and "," not in sent.text[n.start:n.end]:
            continue  # a year
        if percent is not None and n.percent != percent:
            continue
        out.append(n)
    return out
