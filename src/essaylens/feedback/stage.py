"""The feedback stage: margin comments and the summary.

In the teacher view (the default) every comment is kept; in the student view
only the five that matter most, in the same plain second-person words.
"""

from __future__ import annotations

from ..pipeline import stage
from ..report.build import build_report
from ..report.models import Comment
from .analysis import analysis_comments, evidence_comments, praise_comments
from .comments import conclusion_comments, counter_comments, fact_comments, thesis_comments
from .summary import build_summary

#: How many comments the student view keeps.
STUDENT_TOP = 5


def all_comments(report) -> list[Comment]:
    """Every comment for ``report``, most important first.

    Args:
        report: a Report with stance, marks, facts and analysis links filled in.

    Returns:
        Comments sorted by priority (then position), deterministic.
    """
    comments = (fact_comments(report) + thesis_comments(report) + counter_comments(report)
                + conclusion_comments(report) + analysis_comments(report) + evidence_comments(report)
                + praise_comments(report))
    return sorted(comments, key=lambda c: (-c.priority, c.start, c.end, c.kind))


def student_view(report) -> list[Comment]:
    """The student view: the top five comments (praise kept only if room remains).

    Args:
        report: a Report whose ``feedback`` holds the teacher view, or any
            report with the layers the comment builders read.

    Returns:
        At most five comments, most important first.
    """
    comments = report.feedback or all_comments(report)
    return sorted(comments, key=lambda c: (-c.priority, c.start, c.end, c.kind))[:STUDENT_TOP]


@stage("feedback", requires=("marks", "stance", "facts", "analysis_links"), assigns=("feedback", "summary"))
def feedback_stage(essay):
    report = build_report(essay)
    comments = all_comments(report)
    settings = essay.get("settings")
    if getattr(settings, "view", "teacher") == "student":
        comments = comments[:STUDENT_TOP]
    essay.set("feedback", comments)
    essay.set("summary", build_summary(report, comments))
    return essay
