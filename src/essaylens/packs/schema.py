"""The topic pack schema: curated, sourced knowledge for one history topic.

A pack is YAML validated by these pydantic models (``extra="forbid"``, so a
misspelt key is an error, not silently ignored). Dates are ISO strings, full
or partial (``1917``, ``1917-10``, ``1917-10-25``). For Russian events before
14 February 1918 (NS) the timeline keeps both the Old Style (Julian) and the
New Style (Gregorian) date.

*Cues* make facts, misconceptions and events checkable in essays. A cue list
is a list of groups; every group must match a sentence, and a group matches
when any of its patterns does. Patterns are case-insensitive regular
expressions matched at word boundaries (``abdicat\\w*`` matches "abdicated");
``@id`` stands for any name or alias of the entity ``id``, matched fuzzily.
``unless`` lists patterns that, when present, stop the match (a qualifier
that makes the statement right).

``check_references`` verifies what pydantic cannot: ids are unique and every
source, fact, question and hypothesis id that an item names exists.
"""

from __future__ import annotations

import re
from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..report.models import QuestionKind

ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
PACK_SCHEMA_VERSION = "1"


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _check_patterns(groups: list[list[str]]) -> list[list[str]]:
    for group in groups:
        for pattern in group:
            try:
                re.compile(pattern)
            except re.error as err:
                raise ValueError(f"bad pattern {pattern!r}: {err}") from None
    return groups


Cues = list[list[str]]


class Source(_Item):
    """A work that items cite by id."""

    id: str = Field(..., description="Short id items cite, e.g. 'figes1996'.")
    author: str = Field(..., description="Author(s) or editor(s); the publisher for an encyclopaedia.")
    title: str = Field(..., description="Title of the work or article.")
    publisher: str = Field(..., description="Publisher.")
    year: int = Field(..., description="Year of the edition cited.")
    kind: Literal["book", "article", "encyclopaedia", "document", "web"] = "book"
    note: str | None = Field(None, description="Pages, chapter or what the work is used for.")

    def citation(self) -> str:
        """One-line citation: Author, *Title* (Publisher, year)."""
        return f"{self.author}, {self.title} ({self.publisher}, {self.year})"


class Period(_Item):
    """The span of time the pack covers (New Style dates)."""

    start: str = Field(..., pattern=ISO_DATE, description="First date covered (NS).")
    end: str = Field(..., pattern=ISO_DATE, description="Last date covered (NS).")
    context_start: str | None = Field(None, pattern=ISO_DATE, description="Earliest date an essay may well cite as background.")
    context_end: str | None = Field(None, pattern=ISO_DATE, description="Latest date an essay may well cite as aftermath.")


class PackHypothesis(_Item):
    id: str = Field(..., description="Id unique within its question, e.g. 'coup'.")
    label: str = Field(..., description="Short name of the position.")
    text: str = Field(..., description="The position in a sentence.")
    aliases: list[str] = Field(default_factory=list, description="Other ways essays phrase this position.")


class PackQuestion(_Item):
    id: str = Field(..., description="Pack-unique question id.")
    text: str = Field(..., description="The question as schools set it.")
    kind: QuestionKind = Field(..., description="The question's form.")
    aliases: list[str] = Field(default_factory=list, description="Other phrasings of the same question.")
    hypotheses: list[PackHypothesis] = Field(..., min_length=1)


class Lifespan(_Item):
    start: str = Field(..., pattern=ISO_DATE, description="When it began (NS).")
    end: str | None = Field(None, pattern=ISO_DATE, description="When it ended (NS); null if it lasted.")


class Entity(_Item):
    id: str
    name: str = Field(..., description="Canonical name.")
    type: Literal["person", "body", "party", "ship", "place", "event", "document", "organisation",
                  "country", "concept", "policy", "group", "plan", "treaty", "post"]
    aliases: list[str] = Field(default_factory=list, description="Other names and spellings (matched fuzzily).")
    description: str = Field("", description="One line on who or what it is.")
    active: Lifespan | None = Field(None, description="When the body/post/office existed, for anachronism checks.")
    sources: list[str] = Field(default_factory=list)


class TimelineEvent(_Item):
    id: str
    event: str = Field(..., description="What happened, in one line.")
    date_os: str | None = Field(None, pattern=ISO_DATE, description="Old Style (Julian) date, where it differs.")
    date_ns: str = Field(..., pattern=ISO_DATE, description="New Style (Gregorian) date.")
    end_os: str | None = Field(None, pattern=ISO_DATE, description="Last day (OS) of a multi-day event.")
    end_ns: str | None = Field(None, pattern=ISO_DATE, description="Last day (NS) of a multi-day event.")
    place: str | None = None
    entities: list[str] = Field(default_factory=list, description="Entity ids involved.")
    cues: Cues = Field(default_factory=list, description="Patterns that identify the event in a sentence.")
    sources: list[str] = Field(..., min_length=1)

    _cues = field_validator("cues")(_check_patterns)


class Fact(_Item):
    id: str
    subject: str = Field(..., description="What the fact is about (an entity id or a name).")
    attribute: str = Field(..., description="Which property, e.g. 'ship type', 'vote', 'date'.")
    value: Union[int, float, str] = Field(..., description="The value; numbers for counts and percentages.")
    kind: Literal["count", "percent", "number", "date", "text", "ratio"] = "text"
    unit: str | None = None
    tolerance: float | None = Field(None, description="Allowed absolute difference for numbers.")
    statement: str = Field(..., description="The fact in one sentence, used as a correction.")
    cues: Cues = Field(default_factory=list, description="Patterns that identify a statement of this fact.")
    unless: list[str] = Field(default_factory=list, description="Patterns that stop the match.")
    context: list[str] = Field(default_factory=list,
                               description="Patterns one of which must appear in the sentence or the two before it.")
    matches: list[str] = Field(default_factory=list,
                               description="Patterns showing a text statement agrees with the fact (verdict correct).")
    disputed: bool = Field(False, description="Historians disagree about the value.")
    sources: list[str] = Field(..., min_length=1)

    _cues = field_validator("cues")(_check_patterns)


class Misconception(_Item):
    id: str
    claim: str = Field(..., description="The mistaken claim, stated plainly.")
    paraphrases: list[str] = Field(default_factory=list, description="The same mistake in other words.")
    correction: str = Field(..., description="What is right, for the margin.")
    verdict: Literal["incorrect", "imprecise", "disputed"] = "incorrect"
    cues: Cues = Field(default_factory=list, description="Patterns that all must match for a certain hit.")
    anchors: list[str] = Field(default_factory=list,
                               description="Patterns one of which must appear before a paraphrase match counts.")
    unless: list[str] = Field(default_factory=list, description="Qualifiers that make the statement acceptable.")
    context: list[str] = Field(default_factory=list,
                               description="Patterns one of which must appear in the sentence or the two before it.")
    fact_ids: list[str] = Field(default_factory=list)
    sources: list[str] = Field(..., min_length=1)

    _cues = field_validator("cues")(_check_patterns)


class Support(_Item):
    question: str = Field(..., description="Pack question id.")
    hypothesis: str = Field(..., description="Hypothesis id within that question.")
    strength: float = Field(..., ge=0, le=1, description="How strongly the item supports it, 0..1.")


class EvidenceItem(_Item):
    id: str
    text: str = Field(..., description="The evidence, in one or two sentences.")
    supports: list[Support] = Field(..., min_length=1)
    historians: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    sources: list[str] = Field(..., min_length=1)


class Historian(_Item):
    name: str
    work: str
    argument: str = Field(..., description="Their case in one line.")


class School(_Item):
    id: str
    school: str = Field(..., description="Name of the school of interpretation.")
    historians: list[Historian] = Field(..., min_length=1)
    argument: str = Field(..., description="The school's case in one line.")
    supports: list[Support] = Field(default_factory=list)
    sources: list[str] = Field(..., min_length=1)


class Pack(_Item):
    """One topic pack."""

    schema_version: str = Field(PACK_SCHEMA_VERSION, description="Pack format version.")
    id: str = Field(..., pattern=r"^[a-z0-9][a-z0-9-]*$", description="Pack name, e.g. 'russia-1917'.")
    title: str
    description: str = ""
    region: str = Field("", description="Country whose calendar applies, e.g. 'Russia'.")
    calendar: Literal["gregorian", "julian-gregorian"] = Field(
        "gregorian", description="'julian-gregorian' when sources date events Old Style and New Style.")
    period: Period
    sources: list[Source] = Field(..., min_length=1)
    questions: list[PackQuestion] = Field(..., min_length=1)
    entities: list[Entity] = Field(default_factory=list)
    timeline: list[TimelineEvent] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    misconceptions: list[Misconception] = Field(default_factory=list)
    evidence: list[EvidenceItem] = Field(default_factory=list)
    historiography: list[School] = Field(default_factory=list)

    def source_map(self) -> dict[str, Source]:
        """Sources by id."""
        return {s.id: s for s in self.sources}

    def cite(self, ids: list[str]) -> list[str]:
        """Full citations for source ids, in the order given."""
        by_id = self.source_map()
        return [by_id[i].citation() for i in ids if i in by_id]


Loc = tuple[Union[str, int], ...]


def check_references(pack: Pack) -> list[tuple[Loc, str]]:
    """Cross-reference problems pydantic cannot see.

    Args:
        pack: a pack that passed model validation.

    Returns:
        ``(location, message)`` pairs; locations are paths into the YAML.
    """
    problems: list[tuple[Loc, str]] = []
    sources = {s.id for s in pack.sources}
    questions = {q.id: {h.id for h in q.hypotheses} for q in pack.questions}
    facts = {f.id for f in pack.facts}
    entities = {e.id for e in pack.entities}
    for section in ("sources", "questions", "entities", "timeline", "facts", "misconceptions", "evidence",
                    "historiography"):
        seen: dict[str, int] = {}
        for i, item in enumerate(getattr(pack, section)):
            if item.id in seen:
                problems.append(((section, i, "id"), f"duplicate id {item.id!r} (first at item {seen[item.id]})"))
            seen.setdefault(item.id, i)
    for section in ("entities", "timeline", "facts", "misconceptions", "evidence", "historiography"):
        for i, item in enumerate(getattr(pack, section)):
            for j, sid in enumerate(item.sources):
                if sid not in sources:
                    problems.append(((section, i, "sources", j), f"unknown source id {sid!r}"))
            for j, sup in enumerate(getattr(item, "supports", [])):
                if sup.question not in questions:
                    problems.append(((section, i, "supports", j, "question"), f"unknown question {sup.question!r}"))
                elif sup.hypothesis not in questions[sup.question]:
                    problems.append(((section, i, "supports", j, "hypothesis"),
                                     f"unknown hypothesis {sup.hypothesis!r} of question {sup.question!r}"))
    for i, m in enumerate(pack.misconceptions):
        for j, fid in enumerate(m.fact_ids):
            if fid not in facts:
                problems.append((("misconceptions", i, "fact_ids", j), f"unknown fact id {fid!r}"))
        if not m.cues and not m.paraphrases:
            problems.append((("misconceptions", i), "needs cues or paraphrases to be checkable"))
    for section in ("timeline", "facts", "misconceptions"):
        for i, item in enumerate(getattr(pack, section)):
            patterns = [p for group in item.cues for p in group] + list(getattr(item, "anchors", []))
            for ref in sorted({p[1:] for p in patterns if p.startswith("@")}):
                if ref not in entities:
                    problems.append(((section, i, "cues"), f"unknown entity reference '@{ref}'"))
    for i, ev in enumerate(pack.timeline):
        for j, eid in enumerate(ev.entities):
            if eid not in entities:
                problems.append((("timeline", i, "entities", j), f"unknown entity id {eid!r}"))
    return problems
