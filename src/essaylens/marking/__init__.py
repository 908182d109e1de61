"""Mark schemes (YAML data) and the marker that applies them."""

from .stage import marking_stage

__all__ = ["marking_stage"]
