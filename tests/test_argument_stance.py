"""Stance: unit scores, essay side, committal thesis, counter-argument, conclusion."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from essaylens.api import analyze
from essaylens.argument.meaning import fold, hashed_encode, use_encoder
from essaylens.argument.stance import build_profiles, lexical_scores
from essaylens.report.models import Hypothesis, Question

DATA = Path(__file__).parent / "data"
Q = Question(text="The October Revolution - a popular revolution or a coup?", kind="either-or", hypotheses=[
    Hypothesis(id="h1", label="Popular revolution", text="a popular revolution"),
    Hypothesis(id="h2", label="Coup", text="a coup")])


@pytest.mark.parametrize("sentence, side", [
    ("In conclusion, it was a coup.", "h2"),
    ("It was not a coup but a popular revolution.", "h1"),
    ("It was more of a coup than a popular revolution.", "h2"),
    ("It was a popular revolution rather than a coup.", "h1"),
    ("Although some argue it was a popular revolution, it was really a coup.", "h2"),
    ("This supports the idea that the revolution was popular.", "h1"),
])
def test_argument_lexical_polarity(sentence, side):
    scores, framed, _ = lexical_scores(sentence, 0, build_profiles(Q))
    assert max(scores, key=scores.get) == side
    assert not framed


def test_argument_question_frame_is_neutral():
    scores, framed, _ = lexical_scores("It is difficult to say whether this was a popular revolution or a coup.", 0,
                                       build_profiles(Q))
    assert framed and scores == {"h1": 0.0, "h2": 0.0}


def test_argument_topic_words_are_not_sides():
    q = Question(text="The October Revolution - a spontaneous popular workers' revolution or a coup d'état?",
                 kind="either-or", hypotheses=[
                     Hypothesis(id="h1", label="Spontaneous popular workers' revolution", text="a spontaneous popular workers' revolution"),
                     Hypothesis(id="h2", label="Coup d'état", text="a coup d'état")])
    prof = {p.id: p for p in build_profiles(q)}
    assert "revolution" not in prof["h1"].terms  # the question's topic
    scores, _, _ = lexical_scores("The armed workers known as Red Guards moved that night.", 0, list(prof.values()))
    assert abs(scores["h1"]) < 0.5  # narrative "workers" is not a verdict


def test_argument_proposition_question_decomposed():
    q = Question(text="\"October 1917 was a coup, not a revolution.\" How far do you agree?", kind="statement", hypotheses=[
        Hypothesis(id="h1", label="Agree", text="October 1917 was a coup, not a revolution"),
        Hypothesis(id="h2", label="Disagree", text="not the case that October 1917 was a coup, not a revolution")])
    profs = build_profiles(q)
    scores, _, _ = lexical_scores("I agree with the statement: it was a coup.", 0, profs)
    assert scores["h1"] > scores["h2"]


def test_argument_fallback_encoder_deterministic():
    a = hashed_encode(["The Bolsheviks planned the rising."])
    b = hashed_encode(["The Bolsheviks planned the rising."])
    assert (a == b).all() and abs(float((a * a).sum()) - 1.0) < 1e-5
    with use_encoder(hashed_encode):
        profs = build_profiles(Q)
        assert profs[0].id == "h1"


def _cases():
    out = []
    for folder in ("argument", "essays"):
        man = DATA / folder / "manifest.yaml"
        if not man.exists():
            continue
        for e in yaml.safe_load(man.read_text())["essays"]:
            if folder == "essays" and not e["file"].startswith("r17"):
                continue
            out.append(pytest.param(DATA / folder / e["file"], e, id=e["file"]))
    return out


@pytest.fixture(scope="module")
def reports():
    cache = {}

    def get(path, pack="none"):
        if (path, pack) not in cache:
            cache[path, pack] = analyze(path, pack=pack)
        return cache[path, pack]
    return get


def _expected(report, entry):
    side = entry["side"]
    if side in (None, "balanced"):
        return None
    answer = fold(entry.get("expected_answer") or side).strip()
    hyps = report.question.hypotheses
    found = [h.id for h in hyps if answer in fold(h.label + " " + h.text) or fold(h.text).strip() in answer]
    found = found or [h.id for h in hyps if side in fold(h.label + " " + h.text)]
    return found[0] if found else "?"


# Essays whose alternatives use words the essay never repeats ("a mass movement
# or a Bolshevik plot") need the topic pack's hypothesis aliases (the pack stage's
# hypothesis_map): they run with the pack chosen automatically.
NEEDS_PACK = {"r17_popular_committal.txt", "r17_popular_newstyle.txt"}


@pytest.mark.parametrize("path, entry", _cases())
def test_argument_side_follows_essay(path, entry, reports):
    report = reports(path, "auto" if entry["file"] in NEEDS_PACK else "none")
    if entry["file"] in NEEDS_PACK:
        assert report.pack is not None
    got = report.stance.essay.hypothesis
    want = _expected(report, entry)
    if want is None and entry.get("leaning"):
        assert got is None or got in {h.id for h in report.question.hypotheses}
    else:
        assert got == want


@pytest.mark.parametrize("path, entry", [c for c in _cases() if "argument" in str(c.values[0])])
def test_argument_structure_flags(path, entry, reports):
    st = reports(path).stance.essay
    assert st.committal == entry["committal"]
    assert st.has_conclusion == entry["conclusion"]


def test_argument_seed_side_and_flags(seed_report):
    st = seed_report.stance
    coup = next(h.id for h in seed_report.question.hypotheses if "coup" in fold(h.label))
    assert st.essay.hypothesis == coup
    assert not st.essay.committal
    assert st.essay.one_sided and not st.essay.has_counterargument
    assert not st.essay.has_conclusion
    assert st.balance[coup] >= 3
    assert all(-1 <= v <= 1 for u in st.units for v in u.scores.values())


def test_argument_deterministic(seed_path):
    a = analyze(seed_path).to_json(timings=False)
    b = analyze(seed_path).to_json(timings=False)
    assert a == b
