"""Question analysis: kinds and hypotheses, from titles and introductions.

The table in tests/data/questions.yaml was written by the project across many
topics and all five kinds, including questions that appear only in an
introduction.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from essaylens.essay import Essay
from essaylens.annotate import annotate_text
from essaylens.question import analyse_question, find_question

TABLE = Path(__file__).parent / "data" / "questions.yaml"


def _load_table():
    if not TABLE.is_file():
        return []
    data = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    items = data["questions"] if isinstance(data, dict) else data
    return [pytest.param(item, id=(item.get("title") or item.get("intro") or "")[:50]) for item in items]


def _norm(s: str) -> str:
    return " ".join(s.casefold().replace("’", "'").replace("é", "e").split())


def _question_for(item) -> object:
    if item.get("title"):
        text = f"A. Student\nHistory\n{item['title']}\n{item.get('intro') or 'The essay begins here. It goes on.'}\n"
    else:
        text = f"{item['intro']}\nA second paragraph follows here. It has two sentences.\n"
    essay = annotate_text(Essay(text))
    return find_question(essay)


def test_question_table_is_large_enough():
    assert len(_load_table()) >= 30


@pytest.mark.parametrize("item", _load_table())
def test_question_table(item):
    q = _question_for(item)
    assert q.kind == item["kind"], (q.text, q.kind)
    expected = item.get("hypotheses") or []
    if isinstance(expected, int):
        assert len(q.hypotheses) == expected
    elif expected:
        assert len(q.hypotheses) == len(expected)
        for want, got in zip(expected, q.hypotheses):
            assert _norm(want) in _norm(got.text) or _norm(got.text) in _norm(want), (want, got.text)
    if item.get("h1_contains"):
        assert _norm(item["h1_contains"]) in _norm(q.hypotheses[0].text)
    if not item.get("title") or not item["title"].rstrip().endswith("?"):
        assert q.source in {"introduction", "title"}


def test_question_seed_is_either_or(seed_report):
    q = seed_report.question
    assert q.kind == "either-or" and q.source == "title"
    h1, h2 = q.hypotheses
    assert "spontaneous popular workers' revolution" in _norm(h1.text)
    assert _norm(h2.text) == "a coup d'etat"
    assert h2.label == "Coup d'état"


@pytest.mark.parametrize(
    "question, kind, n",
    [
        ("Stalin: hero or villain?", "either-or", 2),
        ("How far was Germany to blame for the First World War?", "to-what-extent", 2),
        ("Why did the Provisional Government fall?", "why", 0),
        ("Was the Treaty of Versailles fair?", "was-x-a-y", 2),
        ("'The Treaty of Versailles was too harsh.' How far do you agree?", "statement", 2),
        ("The weather was fine today.", None, 0),
        ("Can't they still do what they want to do?", None, 0),
    ],
)
def test_analyse_question_kinds(question, kind, n):
    q = analyse_question(question)
    if kind is None:
        assert q is None
    else:
        assert q.kind == kind and len(q.hypotheses) == n


def test_question_from_introduction_whether_frame():
    text = ("Historians still argue about 1917. It is hard to judge whether the October rising was "
            "a mass movement of workers or a plot by a small party.\nMore follows. And more.\n")
    q = find_question(annotate_text(Essay(text)))
    assert q.source == "introduction" and q.kind == "either-or"
    assert "mass movement of workers" in q.hypotheses[0].text
    assert "plot by a small party" in q.hypotheses[1].text


def test_question_from_pack_when_the_essay_names_no_positions():
    from essaylens.api import analyze

    text = (
        "Jo Bloggs\nHistory\nThe Bolsheviks in 1917\n"
        "In 1917 Russia had two revolutions. The second one, in October, put Lenin's Bolshevik party in power.\n"
        "Lenin pressed the Bolshevik Central Committee to agree to an armed rising, and on 10 October it voted "
        "ten to two for insurrection. The Military Revolutionary Committee of the Petrograd Soviet, led in practice "
        "by Trotsky, planned the seizure of the bridges, the telegraph and the railway stations. Only a few thousand "
        "Red Guards, soldiers and sailors took part, and the Winter Palace fell with few casualties. This shows that "
        "a small, disciplined party seized power by a planned conspiracy rather than a mass uprising.\n"
    )
    r = analyze(text)
    assert r.pack is not None and r.pack.id == "russia-1917"
    q = r.question
    assert q.source == "pack" and len(q.hypotheses) >= 2
    side = next(h.label for h in q.hypotheses if h.id == r.stance.essay.hypothesis)
    assert "coup" in side.casefold()


def test_question_from_essay_kept_when_it_names_positions(seed_report):
    assert seed_report.question.source == "title"
    assert seed_report.pack is not None


@pytest.mark.parametrize("question, labels", [
    # an inverted copula opens the subject, not the first alternative
    ("Was the October Revolution a popular uprising or a coup?", ["Popular uprising", "Coup"]),
    ("Was the abolition of the British slave trade in 1807 a moral or an economic decision?",
     ["Moral", "Economic decision"]),
    ("Was Oliver Cromwell a hero or a villain?", ["Hero", "Villain"]),
])
def test_either_or_labels_name_the_alternatives(question, labels):
    from essaylens.question.analysis import analyse_question

    assert [h.label for h in analyse_question(question).hypotheses] == labels
