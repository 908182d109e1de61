"""Teacher feedback: margin comments and What went well / Even better if."""

from .stage import all_comments, feedback_stage, student_view

__all__ = ["all_comments", "feedback_stage", "student_view"]
