"""The question-aware thesis (discourse/thesis.py), on essays written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from essaylens.annotate.stage import spacy_nlp
from essaylens.api import analyze
from essaylens.discourse.thesis import answers_question, question_stems

DATA = Path(__file__).parent / "data"

THESIS_FIRST = """Was the Treaty of Versailles too harsh on Germany?

The Treaty of Versailles was too harsh on Germany, because it punished a whole nation for the decisions of its rulers. It left a grievance that later politicians could exploit.

The reparations bill of 132 billion gold marks, fixed in 1921, was far more than Germany could pay in any reasonable time. Without such a burden the crisis of 1923 would probably not have been so severe.

Some historians argue that the treaty was milder than the peace Germany imposed on Russia at Brest-Litovsk in 1918. However, this ignores how the war guilt clause humiliated ordinary Germans.

Overall, the treaty was too harsh, and its harshness helped to undermine the Weimar Republic.
"""


def _positions(report):
    return [report.text[d.start:d.end] for d in report.discourse if d.type == "Position"]


def test_an_opening_that_answers_the_question_is_the_position():
    report = analyze(THESIS_FIRST)
    positions = _positions(report)
    assert positions and positions[0].startswith("The Treaty of Versailles was too harsh on Germany")
    first = min(report.discourse, key=lambda d: d.start)
    assert first.type == "Position"


def test_only_the_question_moves_the_position():
    from essaylens.api import default_pipeline
    from essaylens.discourse.stage import predict_discourse
    from essaylens.discourse.thesis import place_thesis
    from essaylens.essay import Essay
    from essaylens.settings import Settings

    # The model reads this essay's opening thesis as a Lead.
    essay = Essay((DATA / "essays" / "ww1_germany_blame.txt").read_text(encoding="utf-8"), essay_id="t")
    essay.set("settings", Settings())
    essay = default_pipeline().without("holistic", "facts", "argument", "marking", "feedback")(essay)
    model = predict_discourse(essay)
    assert not any(d.type == "Position" and d.start == essay.body_start for d in model)
    moved = place_thesis(essay, model)
    assert [d.type for d in moved if d.start == essay.body_start] == ["Position"]
    # every character the model labelled is still labelled, once
    covered = lambda els: sorted((d.start, d.end) for d in els)  # noqa: E731
    assert sum(e - s for s, e in covered(moved)) >= sum(e - s for s, e in covered(model)) - 2
    assert all(a[1] <= b[0] for a, b in zip(covered(moved), covered(moved)[1:]))
    bare = Essay(essay.text, essay_id="t")
    for layer in essay.layers:
        if layer != "question":
            bare.set(layer, essay.get(layer))
    assert place_thesis(bare, model) == model


@pytest.mark.parametrize("name, position_start", [
    # the model's Position comes after an opening that answers the question without a cue
    ("essays/ww1_germany_blame.txt", "Germany was mainly to blame for the First World War."),
    ("essays/versailles_unfair.txt", "The Treaty of Versailles, signed on 28 June 1919, was not fair"),
    # a context opening stays a Lead before the cued thesis
    ("argument/popular_plain.txt", "I think that the October Revolution was a popular revolution"),
    ("argument/coup_strong.txt", "This essay will argue that the October Revolution was a coup"),
    # an undecided introduction keeps its weak Position; the narrated opening is not a thesis
    ("essays/r17_coup_hesitant.txt", "It is hard to decide whether the October events"),
    # an opening that reports others' view is not the writer's thesis
    ("essays/r17_coup_intro_statement.txt", "This essay will assess how far this view is correct"),
])
def test_the_position_of_project_essays(name, position_start):
    report = analyze(DATA / name)
    positions = _positions(report)
    assert positions and positions[0].startswith(position_start), positions


def test_the_seed_keeps_its_weak_position(seed_report):
    positions = _positions(seed_report)
    assert positions and "difficult to say whether" in positions[0]


QUESTION = "Was the Treaty of Versailles fair to Germany?"


@pytest.mark.parametrize("sentence, expected", [
    ("The Treaty of Versailles was not fair to Germany.", True),
    ("The treaty was fair by the standards of 1919.", True),
    ("There were many treaties signed after the war.", False),
    ("Many Germans called the Treaty of Versailles a Diktat.", False),
    ("The Treaty of Versailles is often described as unfair.", False),
    ("Historians have long debated whether the Treaty of Versailles was fair.", False),
    ("It is difficult to say whether the treaty was fair.", False),
    ("Was the Treaty of Versailles fair to Germany?", False),
    ("Lloyd George wanted a lasting peace.", False),
])
def test_answers_question(sentence, expected):
    span = spacy_nlp()(sentence)[:]
    stems = question_stems(QUESTION)
    assert answers_question(span, stems, profiles=[]) is expected


NO_INTRODUCTION = """How far did the alliance system cause the First World War?

The alliance system split the great powers into two blocs before 1914. Germany and Austria-Hungary had been allied since 1879, and Italy joined them in 1882. France and Russia signed their alliance in 1894, and Britain reached understandings with France in 1904 and with Russia in 1907. When Austria-Hungary threatened Serbia in July 1914, Russia felt bound to protect the Serbs, and Germany felt bound to stand by Vienna.

Yet the alliances did not force anyone to fight. Italy stayed neutral in 1914 even though it belonged to the Triple Alliance, and Britain had no binding treaty with France at all. What turned the crisis into a general war were the decisions taken in Berlin, Vienna and St Petersburg in the last week of July.

German war planning mattered more. The Schlieffen Plan required an attack on France through Belgium as soon as Russia mobilised, so a quarrel in the Balkans became a war in the west within days.

The alliance system made a wide war possible, but the choices of governments, above all Germany's, made it happen.
"""


def test_a_first_argument_paragraph_is_not_taken_for_a_thesis():
    # The essay has no introduction: its first paragraph is its first point,
    # and its topic sentence echoes the question without being a thesis.
    report = analyze(NO_INTRODUCTION)
    assert not any(p.startswith("The alliance system split") for p in _positions(report))


WW1 = """To what extent was Germany responsible for the outbreak of the First World War?

Germany was mainly responsible for the outbreak of war in 1914, because its leaders encouraged Austria-Hungary to take a hard line against Serbia and then turned a Balkan crisis into a European war. Other powers made mistakes, but none of them did as much to make war likely.

The clearest evidence is the "blank cheque". On 5 and 6 July 1914 Kaiser Wilhelm II and Chancellor Bethmann Hollweg promised Austria-Hungary full support if it acted against Serbia after the assassination of Archduke Franz Ferdinand in Sarajevo on 28 June. Without that promise Vienna would probably not have sent an ultimatum so harsh that Serbia could not accept all of it.

German war planning also made a wider war more likely. The Schlieffen Plan meant that a war with Russia had to begin with an attack on France through Belgium. When Russia mobilised on 30 July, Germany declared war on Russia on 1 August and on France on 3 August, and the invasion of Belgium brought Britain into the war on 4 August.

Some historians argue that the blame should be shared. Russia's general mobilisation put pressure on Germany, and the alliance system tied the great powers together. However, this ignores the fact that Germany chose to back Austria-Hungary when it could have held it back, and that the alliances were defensive and did not force anyone to fight.

Overall, Germany carries the largest share of responsibility. Its blank cheque and its rigid war plans turned a local quarrel into a general war, even if the other powers did little to stop it.
"""


def test_a_thesis_first_essay_reads_as_a_teacher_would():
    r = analyze(WW1)
    assert _positions(r)[0].startswith("Germany was mainly responsible")
    # the counterfactual explains the blank cheque; the opening claim of paragraph 3
    # interprets the evidence after it; the introduction's facts need no explaining
    analysed = [r.text[a.start:a.end] for a in r.analysis_links]
    assert any(t.startswith("Without that promise") for t in analysed)
    plan = r.text.index("The Schlieffen Plan")
    assert any(e.start == plan for a in r.analysis_links for e in a.evidence)
    unexplained = [f for f in r.feedback if f.kind == "evidence"]
    assert not any(f.start < r.paragraphs[1].start for f in unexplained)
    assert not any(f.kind == "thesis" and "restates" in f.message for f in r.feedback)
