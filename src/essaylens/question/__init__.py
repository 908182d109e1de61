"""Question analysis: the question, its kind and its competing hypotheses."""

from .analysis import analyse_question, find_question
from .stage import question_final_stage, question_stage, resolve_question

__all__ = ["analyse_question", "find_question", "question_final_stage", "question_stage", "resolve_question"]
