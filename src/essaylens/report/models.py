"""The Report: the pydantic contract every renderer and outside tool reads.

Field names and meanings listed in DESIGN.md are stable; bump
``SCHEMA_VERSION`` when they change. All ``start``/``end`` offsets are
character offsets into ``Report.text``, the essay's full text as read.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

DiscourseType = Literal[
    "Lead", "Position", "Claim", "Counterclaim", "Rebuttal", "Evidence", "Concluding Statement"
]
QuestionKind = Literal["either-or", "to-what-extent", "why", "was-x-a-y", "statement", "unknown"]
Verdict = Literal["correct", "incorrect", "imprecise", "disputed", "unverifiable"]
Severity = Literal["high", "medium", "low", "praise"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SpanRef(_Model):
    """A character range into the essay text."""

    start: int
    end: int


class Meta(_Model):
    author: str | None = Field(None, description="Author line of the header, if any.")
    subject: str | None = Field(None, description="Subject line of the header, if any.")
    title: str | None = Field(None, description="Title line, if any.")
    word_count: int = Field(0, description="Words in the body (header excluded).")
    source: str = Field("", description="Where the essay was read from.")
    format: str = Field("txt", description="Input format.")
    author_span: SpanRef | None = None
    subject_span: SpanRef | None = None
    title_span: SpanRef | None = None
    body_start: int = Field(0, description="Offset where the essay body begins.")


class Hypothesis(_Model):
    id: str = Field(..., description="Stable id, e.g. 'h1'.")
    label: str = Field(..., description="Short name of the position.")
    text: str = Field(..., description="The position as the question states it.")


class Question(_Model):
    text: str | None = None
    kind: QuestionKind = "unknown"
    hypotheses: list[Hypothesis] = Field(default_factory=list)
    source: Literal["title", "introduction", "pack", "none"] = "none"
    start: int | None = None
    end: int | None = None


class Paragraph(_Model):
    start: int
    end: int


class DiscourseElement(_Model):
    type: DiscourseType
    start: int
    end: int
    confidence: float = Field(..., ge=0, le=1)
    paragraph: int = Field(0, description="Index of the body paragraph holding the span.")


class AnalysisLink(_Model):
    """An analysis sentence and the evidence it interprets."""

    start: int
    end: int
    cue: str = Field(..., description="The cue phrase that marks it as analysis.")
    evidence: list[SpanRef] = Field(default_factory=list)


class UnitStance(_Model):
    start: int
    end: int
    type: str
    scores: dict[str, float] = Field(default_factory=dict, description="Score toward each hypothesis id, -1..1.")
    hypothesis: str | None = None
    confidence: float = 0.0


class EssayStance(_Model):
    hypothesis: str | None = Field(None, description="Hypothesis id the essay argues, or null.")
    committal: bool = Field(False, description="Whether the thesis commits to a position.")
    confidence: float = 0.0
    one_sided: bool = False
    has_counterargument: bool = False
    has_conclusion: bool = False


class Stance(_Model):
    essay: EssayStance = Field(default_factory=EssayStance)
    balance: dict[str, int] = Field(default_factory=dict, description="Evidence units per hypothesis id.")
    units: list[UnitStance] = Field(default_factory=list)


class ArgumentNode(_Model):
    id: str
    type: str = Field(..., description="thesis, claim, evidence, analysis, counterclaim, rebuttal, conclusion.")
    start: int
    end: int
    label: str
    hypothesis: str | None = None


class ArgumentEdge(_Model):
    source: str
    target: str
    relation: Literal["supports", "attacks", "explains"]


class ArgumentGraph(_Model):
    nodes: list[ArgumentNode] = Field(default_factory=list)
    edges: list[ArgumentEdge] = Field(default_factory=list)


class Suggestion(_Model):
    """Evidence from the topic pack that the essay does not use."""

    hypothesis: str
    text: str
    strength: float = 0.0
    historians: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)


class FactCheck(_Model):
    start: int
    end: int
    verdict: Verdict
    correction: str | None = None
    sources: list[str] = Field(default_factory=list)
    rule: str = Field(..., description="Which check produced the verdict.")
    claim: str = Field("", description="The checkable statement as found.")
    fact_id: str | None = None


class PackRef(_Model):
    id: str
    title: str
    score: float


class Criterion(_Model):
    id: str
    name: str = ""
    points: float
    max: float
    reason: str
    spans: list[SpanRef] = Field(default_factory=list)


class Mark(_Model):
    scheme: str
    name: str = ""
    total: float
    max: float
    level: str | None = None
    criteria: list[Criterion] = Field(default_factory=list)


#: ``Scores.holistic_basis``: the scorer trained on the essays' prompts gave
#: the score, or the topic-neutral one, for an essay unlike all of them.
BASIS_PROMPTS = "trained prompts"
BASIS_NEUTRAL = "topic-neutral"


class Scores(_Model):
    holistic: int | None = Field(None, ge=1, le=6)
    holistic_confidence: float | None = None
    holistic_probabilities: dict[str, float] = Field(default_factory=dict)
    #: BASIS_PROMPTS, or BASIS_NEUTRAL when the essay's topic is unlike every
    #: prompt the scorer was trained on (MODEL_CARD.md, section 3).
    holistic_basis: str | None = None


class Comment(_Model):
    kind: str
    severity: Severity
    start: int
    end: int
    message: str
    suggestion: str | None = None
    priority: float = 0.0


class Summary(_Model):
    went_well: list[str] = Field(default_factory=list)
    even_better_if: list[str] = Field(default_factory=list)


class Report(_Model):
    """Everything EssayLens found in one essay."""

    schema_version: str = SCHEMA_VERSION
    essay_id: str
    meta: Meta
    text: str = Field(..., description="The essay's full text as read; all offsets point into it.")
    paragraphs: list[Paragraph] = Field(default_factory=list)
    sentences: list[SpanRef] = Field(default_factory=list)
    question: Question = Field(default_factory=Question)
    discourse: list[DiscourseElement] = Field(default_factory=list)
    unlabelled: list[SpanRef] = Field(default_factory=list, description="Body sentences no element covers.")
    analysis_links: list[AnalysisLink] = Field(default_factory=list)
    pack: PackRef | None = None
    stance: Stance = Field(default_factory=Stance)
    argument: ArgumentGraph = Field(default_factory=ArgumentGraph)
    counter_evidence: list[Suggestion] = Field(default_factory=list)
    facts: list[FactCheck] = Field(default_factory=list)
    marks: list[Mark] = Field(default_factory=list)
    scores: Scores = Field(default_factory=Scores)
    feedback: list[Comment] = Field(default_factory=list)
    summary: Summary = Field(default_factory=Summary)
    warnings: list[str] = Field(default_factory=list)
    timings: dict[str, float] = Field(default_factory=dict, description="Seconds per stage; excluded from determinism.")

    def to_json(self, *, timings: bool = True, indent: int | None = 2) -> str:
        """Serialise; ``timings=False`` drops the only non-deterministic field."""
        exclude = None if timings else {"timings"}
        return self.model_dump_json(indent=indent, exclude=exclude)


class BatchError(_Model):
    """A per-essay failure recorded in a batch instead of sinking it."""

    essay_id: str
    source: str
    error: str
    code: int
