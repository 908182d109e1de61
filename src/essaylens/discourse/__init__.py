"""Discourse elements (PERSUADE's seven types) and analysis links."""

from .export import predictionstring, write_discourse_csv
from .stage import analysis_stage, discourse_stage, predict_discourse

__all__ = ["analysis_stage", "discourse_stage", "predict_discourse", "predictionstring", "write_discourse_csv"]
