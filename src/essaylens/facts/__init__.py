"""Fact checking against topic packs, plus generic calendar/number checks."""

from .stage import facts_stage

__all__ = ["facts_stage"]
