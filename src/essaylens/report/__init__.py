"""The Report contract and the renderers that read it."""

from .models import SCHEMA_VERSION, Report

__all__ = ["SCHEMA_VERSION", "Report"]
