"""Annotation: header, paragraphs, sentences, tokens, entities, numbers, dates."""

from .stage import annotate_stage, annotate_text

__all__ = ["annotate_stage", "annotate_text"]
