"""Feedback after review: fact comments, praise, unverifiable notes, counter-evidence, balance, holistic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from essaylens.api import analyze, default_pipeline
from essaylens.essay import Essay
from essaylens.feedback import student_view
from essaylens.feedback.comments import FACT_WORDS, evidence_short, fit_words
from essaylens.marking.features import EssayFeatures
from essaylens.marking.loader import load_scheme
from essaylens.marking.marker import apply_scheme
from essaylens.pipeline import Pipeline, stage
from essaylens.report.build import build_report
from essaylens.report.models import DiscourseElement
from essaylens.settings import Settings

DATA = Path(__file__).parent / "data"
OWN = [DATA / "feedback" / "coup_errors.txt", DATA / "feedback" / "popular_merged.txt",
       DATA / "essays" / "r17_coup_committal.txt", DATA / "argument" / "coup_intro_question.txt"]


@pytest.fixture(scope="module")
def own_reports():
    return {p.name: analyze(p) for p in OWN}


def _words(text: str) -> int:
    return len(text.split())


def test_feedback_fact_message_quotes_once_and_acts(own_reports):
    facts = [c for r in own_reports.values() for c in r.feedback if c.kind == "fact"]
    assert len(facts) >= 4
    for c in facts:
        assert c.message.startswith(("You wrote \"", "You repeat \"", "You state \""))
        assert _words(c.message) <= FACT_WORDS + 2, c.message
        assert c.suggestion and _words(c.suggestion) <= 14, c.suggestion
        # The correction is in the message once; the suggestion is an action, not the correction again.
        assert c.suggestion.split()[0] in {"Check", "Give", "Redo", "Present", "Say"}
        assert c.suggestion.rstrip(".") not in c.message
    aurora = next(c for c in facts if "Aurora" in c.message and "battleship" in c.message.lower())
    assert "cruiser" in aurora.message and aurora.message.count("cruiser") == 1
    assert aurora.suggestion == "Check the ship type and correct it."
    calendar = [c for c in facts if c.suggestion.startswith("Give the date in one calendar")]
    assert calendar, "the essay mixes '10 October' with '7 November'"


def test_feedback_fit_words_cuts_at_clause():
    long = ("This date is New Style, but the essay dates other events Old Style, which Russia used until "
            "February 1918 when the calendar changed and thirteen days were dropped from the year in one go.")
    cut = fit_words(long, 20)
    assert _words(cut) <= 20 and cut.endswith(".") and "…" not in cut


def test_feedback_never_praises_a_flagged_fact(own_reports, seed_report):
    for r in [*own_reports.values(), seed_report]:
        flagged = [(f.start, f.end) for f in r.facts if f.verdict in {"incorrect", "imprecise", "disputed"}]
        for c in r.feedback:
            if c.kind == "praise":
                assert not any(s < c.end and c.start < e for s, e in flagged), c.message
                for q in re.findall(r'"([^"]+?)…?"', c.message):
                    at = r.text.find(q.rstrip("…"))
                    if at >= 0:
                        assert not any(s < at + len(q) and at < e for s, e in flagged), c.message
    # The planted wrong date sits in the essay's context sentence: that sentence is not praised.
    r = own_reports["coup_errors.txt"]
    assert not any("January 1917" in c.message for c in r.feedback if c.kind == "praise")


def test_feedback_unverifiable_is_teacher_only(own_reports, seed_report):
    for r in [*own_reports.values(), seed_report]:
        notes = [c for c in r.feedback if c.kind == "fact-unverified"]
        assert len(notes) <= 1 and all(c.severity == "low" for c in notes)
        if any(f.verdict == "unverifiable" for f in r.facts):
            assert notes
        quiet = {(f.start, f.end) for f in r.facts if f.verdict in {"unverifiable", "correct"}}
        shown = student_view(r)
        assert len(shown) <= 5
        assert all(c.kind != "fact-unverified" for c in shown)
        assert not any(c.kind == "fact" and (c.start, c.end) in quiet for c in shown)


def test_feedback_student_view_not_all_facts(seed_report):
    kinds = [c.kind for c in student_view(seed_report)]
    assert kinds.count("fact") <= 2 and {"thesis", "counterargument"} <= set(kinds)


def test_feedback_counter_evidence_complete_and_few(own_reports, seed_report):
    for r in [seed_report, own_reports["coup_intro_question.txt"], own_reports["coup_errors.txt"]]:
        c = next((c for c in r.feedback if c.kind == "counterargument"), None)
        if c is None or "e.g.:" not in (c.suggestion or ""):
            continue
        assert "…" not in c.suggestion
        ideas = c.suggestion.split("e.g.: ", 1)[1].rsplit(". Then", 1)[0].split("; ")
        assert 1 <= len(ideas) <= 3
        for idea in ideas:
            assert not idea.endswith(("'", "'all", " the", " of", " to"))
    assert evidence_short("Short and complete.") == "Short and complete."
    long = ("Most delegates arriving at the Second Congress of Soviets were mandated to support the transfer of "
            "power to the soviets; a few wanted a coalition of all the socialist parties, and almost none backed "
            "the Provisional Government that Kerensky still led.")
    short = evidence_short(long, 120)
    assert len(short) <= 120 and short.endswith("soviets.")


def _stand_in_discourse(merged: bool):
    """Discourse: intro Lead + Position; per body paragraph a Claim, evidence, and the last sentence as is."""

    @stage("discourse", requires=("sentences", "paragraphs", "header"), assigns=("discourse",))
    def fake(essay):
        out = []
        for i, p in enumerate(essay.paragraphs):
            sents = [s for s in essay.sentences if p.start <= s.start < p.end and s.start >= essay.body_start]
            if not sents:
                continue
            if i == len(essay.paragraphs) - 1:
                out.append(DiscourseElement(type="Concluding Statement", start=sents[0].start, end=sents[-1].end, confidence=1, paragraph=i))
                continue
            head, body = sents[0], sents[1:-1]
            out.append(DiscourseElement(type="Position" if i == 0 else "Claim", start=head.start, end=head.end, confidence=1, paragraph=i))
            if body and i > 0:
                spans = [(body[0].start, body[-1].end)] if merged else [(s.start, s.end) for s in body]
                out += [DiscourseElement(type="Evidence", start=a, end=b, confidence=1, paragraph=i) for a, b in spans]
        essay.set("discourse", out)
        return essay
    return fake


def _run(path: Path, merged: bool):
    stages = [(_stand_in_discourse(merged) if s.name == "discourse" else s) for s in default_pipeline().stages]
    essay = Essay(path.read_text(encoding="utf-8"), essay_id=path.stem, source=str(path), fmt="txt")
    essay.set("settings", Settings(pack="auto"))
    return build_report(Pipeline(stages)(essay))


def test_argument_balance_counts_sentences_not_spans():
    path = DATA / "feedback" / "popular_merged.txt"
    merged, split = _run(path, True), _run(path, False)
    popular = next(h.id for h in merged.question.hypotheses if "popular" in h.label.lower())
    # Four evidence sentences, merged into one span or not, count four times.
    assert merged.stance.balance == split.stance.balance
    assert merged.stance.balance[popular] >= 3


def test_argument_seed_balance_counts_each_piece(seed_report):
    coup = next(h.id for h in seed_report.question.hypotheses if "coup" in h.label.lower())
    assert seed_report.stance.balance[coup] >= 4


def test_marking_holistic_uses_the_scorer():
    scheme = load_scheme("holistic")
    rich = {"thesis": True, "has_conclusion": True, "reasoning": True}
    with_model = apply_scheme(scheme, EssayFeatures(values={**rich, "holistic": 2}))
    assert with_model.total == 2 and "scorer" in with_model.criteria[0].reason
    assert "not a feature estimate" in with_model.criteria[0].reason
    without = apply_scheme(scheme, EssayFeatures(values={**rich, "holistic": 0}))
    assert without.total == 4 and "estimated" in without.criteria[0].reason


def test_marking_seed_holistic_follows_scores(seed_report):
    mark = next(m for m in seed_report.marks if m.scheme == "holistic")
    if seed_report.scores.holistic:
        assert mark.total == seed_report.scores.holistic and "scorer" in mark.criteria[0].reason
