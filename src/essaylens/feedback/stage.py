"""The feedback stage: margin comments and the summary.

In the teacher view (the default) every comment is kept; in the student view
only the five that matter most, in the same plain second-person words.
"""

from __future__ import annotations

from ..pipeline import stage
from ..report.build import build_report
from ..report.models import Comment
from .analysis import analysis_comments, evidence_comments, praise_comments
from .comments import conclusion_comments, counter_comments, fact_comments, thesis_comments, unverified_note
from .summary import build_summary

#: How many comments the student view keeps.
STUDENT_TOP = 5
#: Comment kinds meant for the teacher only (never in the student view).
TEACHER_ONLY = frozenset({"fact-unverified"})
#: The most comments of one kind in the student view, so that five wrong dates
#: do not crowd out the thesis, the counter-argument and the conclusion.
STUDENT_PER_KIND = 2


def _top_for_student(comments: list[Comment]) -> list[Comment]:
    """The student's five: most important first, at most two of a kind, no teacher notes."""
    pool = [c for c in comments if c.kind not in TEACHER_ONLY]
    picked, per_kind = [], {}
    for c in pool:
        if per_kind.get(c.kind, 0) < STUDENT_PER_KIND:
            picked.append(c)
            per_kind[c.kind] = per_kind.get(c.kind, 0) + 1
    for c in pool:  # fill from the rest if fewer kinds than places
        if len(picked) >= STUDENT_TOP:
            break
        if c not in picked:
            picked.append(c)
    return sorted(picked[:STUDENT_TOP], key=lambda c: (-c.priority, c.start, c.end, c.kind))


def all_comments(report, pack=None) -> list[Comment]:
    """Every comment for ``report``, most important first.

    Args:
        report: a Report with stance, marks, facts and analysis links filled in.
        pack: the SelectedPack, when one matched (names what a fact comment
            asks the student to check).

    Returns:
        Comments sorted by priority (then position), deterministic.
    """
    comments = (fact_comments(report, pack) + unverified_note(report) + thesis_comments(report) + counter_comments(report)
                + conclusion_comments(report) + analysis_comments(report) + evidence_comments(report)
                + praise_comments(report))
    return sorted(comments, key=lambda c: (-c.priority, c.start, c.end, c.kind))


def student_view(report) -> list[Comment]:
    """The student view: the top five comments, at most two of one kind (praise only if room remains).

    Args:
        report: a Report whose ``feedback`` holds the teacher view, or any
            report with the layers the comment builders read.

    Returns:
        At most five comments, most important first.
    """
    comments = sorted(report.feedback or all_comments(report), key=lambda c: (-c.priority, c.start, c.end, c.kind))
    return _top_for_student(comments)


@stage("feedback", requires=("marks", "stance", "facts", "analysis_links"), assigns=("feedback", "summary"))
def feedback_stage(essay):
    report = build_report(essay)
    comments = all_comments(report, essay.get("pack"))
    settings = essay.get("settings")
    if getattr(settings, "view", "teacher") == "student":
        comments = _top_for_student(comments)
    essay.set("feedback", comments)
    essay.set("summary", build_summary(report, comments))
    return essay
