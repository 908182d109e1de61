"""Questions with no sides ("Why did...?"): the thesis, the conclusion and the marks (argument/side.py, marking/features.py)."""

from __future__ import annotations

from essaylens.api import analyze

ANSWERED = """Why did the Tsarist regime collapse in February 1917?

The Tsarist regime collapsed in February 1917 mainly because the First World War destroyed the loyalty of the army, although the food crisis in Petrograd decided when the end came.

By 1917 Russia had lost millions of men, and the peasant soldiers blamed the Tsar, who had taken personal command in 1915. Because the army now saw the war as the Tsar's war, the soldiers of the Petrograd garrison would not fire on the crowds when the strikes began. Without that refusal the regime could have crushed the protests, as it had done in 1905.

The food shortages mattered as well. Bread queues in Petrograd grew through the winter, and on 23 February women marking International Women's Day marched for bread. This shows that hunger turned discontent into open protest.

Nicholas II also made things worse. He ignored the warnings of the Duma and left the government to ministers chosen by the Empress. As a result, even the generals had lost faith in him by the end of February.

In conclusion, the war was the main reason the regime fell, because it turned the army against the Tsar, while hunger and the Tsar's own mistakes decided the moment.
"""

ANNOUNCED = ANSWERED.replace(
    "The Tsarist regime collapsed in February 1917 mainly because the First World War destroyed the loyalty of "
    "the army, although the food crisis in Petrograd decided when the end came.",
    "In this essay I will talk about the war, the food and the Tsar.")


def test_an_answer_to_a_why_question_is_committal_and_concluded():
    r = analyze(ANSWERED)
    assert r.question.kind == "why" and not r.question.hypotheses
    assert r.stance.essay.committal and r.stance.essay.has_conclusion
    thesis_comments = [f for f in r.feedback if f.kind == "thesis"]
    assert not any("restates the question" in f.message for f in thesis_comments)
    gcse = next(m for m in r.marks if m.scheme == "gcse-levels")
    assert not gcse.level.startswith("Level 1"), gcse.level


def test_announcing_a_topic_does_not_answer_a_why_question():
    r = analyze(ANNOUNCED)
    assert not r.stance.essay.committal
    assert r.stance.essay.has_conclusion
    ap = next(m for m in r.marks if m.scheme == "ap-leq")
    assert next(c for c in ap.criteria if c.id == "thesis").points == 0


def test_the_class_table_says_whether_a_why_essay_answers():
    from essaylens.batch.dashboard import side_label

    assert side_label(analyze(ANSWERED)) == "answers the question"
    assert side_label(analyze(ANNOUNCED)) == "no clear answer"
