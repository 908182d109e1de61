"""Argument map, stance toward each hypothesis, balance and counter-evidence."""

from .stage import argument_stage

__all__ = ["argument_stage"]
