"""The mark-scheme format: pydantic models for the YAML in ``schemes/``.

A scheme is a list of criteria, each with ordered decision rules: the first
rule whose conditions all hold awards its points and gives its reason. Level
and band schemes add levels, each with the descriptor conditions for reaching
it; the level that best fits (the highest whose conditions are mostly met) sets
the mark range, and how fully its conditions and the next level's are met
places the mark within it. Their criteria are then descriptors without points,
plus the level and the mark within it, whose points add up to the total. Conditions name essay features
(:mod:`essaylens.marking.features`): ``thesis``, ``!has_conclusion``,
``n_specific_evidence >= 2``.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

CONDITION = re.compile(r"^\s*(?P<neg>!)?\s*(?P<name>[a-z_]+)\s*(?:(?P<op>>=|<=|==|>|<)\s*(?P<value>-?[0-9]+(?:\.[0-9]+)?))?\s*$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Rule(_Model):
    """One decision rule: award ``points`` when every condition holds."""

    points: float = Field(..., ge=0, description="Points this rule awards.")
    when: list[str] = Field(default_factory=list, description="Conditions over essay features; all must hold.")
    reason: str = Field(..., min_length=3, description="Why, in words; {feature} placeholders are filled in.")
    spans: list[str] = Field(default_factory=list, description="Span groups to cite (thesis, evidence, analysis...).")


class CriterionSpec(_Model):
    """A criterion (or a strand of a level scheme) and its decision rules."""

    id: str = Field(..., pattern=r"^[a-z][a-z0-9_-]*$")
    name: str
    max: float = Field(..., gt=0)
    description: str = ""
    points_from: str | None = Field(None, description="Take the points from this feature (holistic score).")
    rules: list[Rule] = Field(..., min_length=1)

    @model_validator(mode="after")
    def _points_in_range(self):
        for r in self.rules:
            if r.points > self.max:
                raise ValueError(f"a rule awards {r.points} points, above the criterion's max {self.max}")
        return self


class Level(_Model):
    """A level or band: the mark range and the conditions for reaching it."""

    id: str
    name: str
    min: float = Field(..., ge=0)
    max: float = Field(..., ge=0)
    descriptor: str = Field(..., min_length=3, description="What work at this level does, in words.")
    when: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ordered(self):
        if self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        return self


class Scheme(_Model):
    """A mark scheme."""

    id: str = Field(..., pattern=r"^[a-z][a-z0-9-]*$")
    name: str
    kind: Literal["points", "levels", "holistic"]
    max: float = Field(..., gt=0)
    description: str = ""
    source: str = Field(..., min_length=3, description="What the scheme paraphrases, and that it is paraphrased.")
    questions: list[str] = Field(default_factory=list, description="Question kinds it suits; empty: any.")
    criteria: list[CriterionSpec] = Field(..., min_length=1)
    levels: list[Level] = Field(default_factory=list, description="Highest first.")
    fit: float = Field(0.75, gt=0, le=1, description="Best fit: the share of a level's conditions an essay must "
                                                    "meet to reach it (levels schemes).")

    @model_validator(mode="after")
    def _consistent(self):
        if self.kind == "points" and abs(sum(c.max for c in self.criteria) - self.max) > 1e-9:
            raise ValueError(f"criteria maxima sum to {sum(c.max for c in self.criteria)}, not the scheme max {self.max}")
        if self.kind == "levels":
            if not self.levels:
                raise ValueError("a levels scheme needs levels")
            if max(lv.max for lv in self.levels) != self.max:
                raise ValueError("the top level's max must equal the scheme max")
        ids = [c.id for c in self.criteria]
        if len(set(ids)) != len(ids):
            raise ValueError("criterion ids must be unique")
        return self
