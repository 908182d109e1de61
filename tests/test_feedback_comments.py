"""Feedback: specific, ordered comments; summary; student view."""

from __future__ import annotations

from essaylens.api import analyze
from essaylens.feedback import student_view
from essaylens.feedback.comments import quote


def test_feedback_quote_cuts_at_word():
    assert quote("one two three four", 10) == "one two…"
    assert quote("short") == "short"


def test_feedback_seed_flags(seed_report):
    kinds = [c.kind for c in seed_report.feedback]
    assert {"thesis", "counterargument", "conclusion"} <= set(kinds)
    assert len([c for c in seed_report.feedback if c.severity != "praise"]) >= 5
    prios = [c.priority for c in seed_report.feedback]
    assert prios == sorted(prios, reverse=True)
    thesis = next(c for c in seed_report.feedback if c.kind == "thesis")
    assert "difficult to say" in thesis.message  # it quotes the essay
    text = seed_report.text
    for c in seed_report.feedback:
        assert 0 <= c.start < c.end <= len(text)


def test_feedback_specific_not_generic(seed_report):
    # Each non-praise comment quotes the essay or names the question's positions.
    labels = [h.label.lower() for h in seed_report.question.hypotheses]
    for c in seed_report.feedback:
        assert '"' in c.message or any(lab in c.message.lower() for lab in labels)


def test_feedback_student_view(seed_report):
    top = student_view(seed_report)
    assert len(top) == 5 and top[0].priority >= top[-1].priority
    assert all("you" in c.message.lower() or "your" in c.message.lower() or c.kind == "fact" for c in top[:3])


def test_feedback_summary(seed_report):
    s = seed_report.summary
    assert s.went_well and s.even_better_if
    assert 1 <= len(s.even_better_if) <= 3
    assert any("introduction" in x or "conclusion" in x or "other side" in x for x in s.even_better_if)


def test_feedback_student_setting(seed_path):
    from essaylens.ingest import Document
    from essaylens.api import analyze_document
    from essaylens.settings import Settings

    doc = Document("seed", seed_path.read_text(encoding="utf-8"), str(seed_path), "txt")
    r = analyze_document(doc, Settings(view="student"))
    assert 0 < len(r.feedback) <= 5


def test_summary_praises_only_specific_evidence():
    from essaylens.feedback.summary import _specific

    assert not _specific("They eventually did this,")
    assert not _specific("this shows that it was very bad for them")
    assert _specific("In October 1917 the Red Guards took the Winter Palace.")
    assert _specific("the workers were led by Trotsky and the Military Revolutionary Committee")
    assert _specific('one soldier wrote that "the people were starving"')


def test_summary_specific_evidence_needs_more_than_a_sentence_opening():
    from essaylens.feedback.summary import _specific

    assert not _specific("they went to the square. Then they came back home again")
    assert not _specific("as a result I'm sure the people were unhappy")
