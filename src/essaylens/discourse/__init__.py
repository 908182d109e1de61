"""Discourse elements (PERSUADE's seven types) and analysis links."""

from .stage import analysis_stage, discourse_stage

__all__ = ["analysis_stage", "discourse_stage"]
