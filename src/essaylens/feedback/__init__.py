"""Teacher feedback: margin comments and What went well / Even better if."""

from .stage import feedback_stage

__all__ = ["feedback_stage"]
