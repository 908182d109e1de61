"""Holistic scoring (1-6)."""

from .holistic import holistic_stage

__all__ = ["holistic_stage"]
