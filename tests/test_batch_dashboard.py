"""The class dashboard: counts, escaping, determinism, and the gradebook's CSV safety."""

from __future__ import annotations

from essaylens.batch.dashboard import render_class_html
from essaylens.batch.outputs import cell, discourse_rows, grade_row
from essaylens.batch.similarity import SharedPassage, SimilarPair
from essaylens.report.models import (
    BatchError, Comment, DiscourseElement, EssayStance, FactCheck, Hypothesis, Mark, Meta, Question, Report,
    Scores, Stance, Suggestion,
)

TEXT = "Sam Lee\nHistory\nThe <script>alert(1)</script> revolution was a coup.\nIt happened in 1917 & after."


def _report(essay_id: str, side: str | None, total: float) -> Report:
    return Report(
        essay_id=essay_id, meta=Meta(author="=HYPERLINK(\"x\")", word_count=12), text=TEXT,
        question=Question(text="Coup or revolution?", kind="either-or", hypotheses=[
            Hypothesis(id="h1", label="Popular revolution", text="a popular revolution"),
            Hypothesis(id="h2", label="Coup <d'etat>", text="a coup")]),
        discourse=[DiscourseElement(type="Claim", start=TEXT.index("The <"), end=TEXT.index(" coup."), confidence=0.9)],
        stance=Stance(essay=EssayStance(hypothesis=side, committal=side is not None)),
        facts=[FactCheck(start=70, end=74, verdict="incorrect", correction="It was <b>25 October</b> (OS).",
                         rule="calendar", claim="1917 & after", fact_id="f-date")],
        counter_evidence=[Suggestion(hypothesis="h1", text="Soviet majorities in autumn 1917")],
        marks=[Mark(scheme="gcse", total=total, max=20, level="Level 3")],
        scores=Scores(holistic=3),
        feedback=[Comment(kind="counterargument", severity="high", start=0, end=5, message="Meet the other side.")],
    )


def test_batch_dashboard_counts_and_escaping():
    reports = [_report("e1", "h2", 12), _report("e2", "h2", 14), _report("e3", None, 12)]
    pair = SimilarPair("e1", "e2", 0.9, 0.88, 0.9, 40, (SharedPassage(0, 5, 0, 5, 40, "<i>copied</i>", "x"),))
    failures = [BatchError(essay_id="e4", source="e4.txt", error="E001 <empty>", code=3)]
    page = render_class_html(reports, failures, [pair])
    assert "<script>alert" not in page and "&lt;script&gt;" not in page  # essay text is not shown raw at all
    assert "<i>copied</i>" not in page and "&lt;i&gt;copied&lt;/i&gt;" in page
    assert "Coup &lt;d&#39;etat&gt;" in page and "E001 &lt;empty&gt;" in page
    assert "&lt;b&gt;25 October&lt;/b&gt;" in page
    assert "no clear side" in page and "Level 3" in page and "Soviet majorities" in page
    assert page == render_class_html(reports, failures, [pair])


def test_batch_grade_row_and_cells():
    row = grade_row(_report("e1", "h2", 12))
    assert row["gcse_mark"] == 12 and row["gcse_level"] == "Level 3" and row["holistic"] == 3
    assert row["side"] == "Coup <d'etat>" and row["top_comments"] == "Meet the other side."
    assert cell(row["author"]).startswith("'=") and cell("-3") == "'-3" and cell(5) == 5


def test_batch_discourse_rows_word_indices():
    rows = discourse_rows(_report("e1", "h2", 12))
    words = TEXT.split()
    idx = [int(i) for i in rows[0][2].split()]
    assert rows[0][:2] == ("e1", "Claim")
    assert " ".join(words[i] for i in idx) == "The <script>alert(1)</script> revolution was a"
