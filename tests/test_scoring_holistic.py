"""The holistic scorer: features, calibrated output, and sanity on the seed."""

from __future__ import annotations

import numpy as np
import pytest

from essaylens.scoring.features import essay_features, feature_names
from essaylens.scoring.model import MODEL_PATH


def fake_encode(texts):
    rows = np.ones((len(texts), 256), dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.mark.parametrize("text", ["", "#", "One sentence only.", "Teh cat sat on teh mat. It was hapy."])
def test_scoring_features_edge_cases(text):
    sents = [s for s in text.split(". ") if s]
    row = essay_features(text, sents, 1, [], fake_encode)
    assert row.shape == (len(feature_names()),)
    assert np.isfinite(row).all()


def test_scoring_features_see_spelling_and_rarity():
    names = feature_names()
    good = essay_features("The government collapsed because soldiers mutinied.", ["x"], 1, [], fake_encode)
    bad = essay_features("Teh goverment colapsed becuase soldiers mutinyed.", ["x"], 1, [], fake_encode)
    i = names.index("misspelt_rate")
    assert bad[i] > good[i]


@pytest.mark.skipif(not MODEL_PATH.exists(), reason="the holistic model has not been trained")
def test_scoring_seed_is_sane(seed_report):
    s = seed_report.scores
    assert s.holistic is not None and 2 <= s.holistic <= 4
    assert sum(s.holistic_probabilities.values()) == pytest.approx(1.0, abs=1e-3)
    assert 0 < s.holistic_confidence <= 1
    assert s.holistic_confidence == pytest.approx(s.holistic_probabilities[str(s.holistic)])


def test_scoring_structure_features_read_the_decode_without_the_class_prior():
    from essaylens.essay import Essay, Header, Span
    from essaylens.report.models import DiscourseElement
    from essaylens.scoring.holistic import holistic_features

    text = "Some say phones distract pupils. However, phones help them learn."
    essay = Essay(text)
    essay.set("header", Header(body_start=0))
    essay.set("paragraphs", [Span(0, len(text))])
    essay.set("sentences", [Span(0, 32), Span(33, len(text))])
    with_prior = [DiscourseElement(type="Counterclaim", start=0, end=32, confidence=0.6, paragraph=0),
                  DiscourseElement(type="Rebuttal", start=33, end=len(text), confidence=0.6, paragraph=0)]
    raw = [DiscourseElement(type="Evidence", start=0, end=len(text), confidence=0.7, paragraph=0)]
    essay.set("discourse", with_prior)
    essay.set("discourse_raw", raw)
    row = holistic_features(essay, fake_encode)
    sents = [text[0:32], text[33:]]
    expected = essay_features(text, sents, 1, [(0, len(text), "Evidence")], fake_encode)
    assert np.array_equal(row, expected)
    assert not np.array_equal(row, essay_features(text, sents, 1, [(0, 32, "Counterclaim"),
                                                                   (33, len(text), "Rebuttal")], fake_encode))


CUTS = [1.8, 2.6, 3.45, 4.15, 4.95]


@pytest.mark.parametrize("expected", [1.0, 2.2, 3.0, 3.5, 4.5, 6.2])
def test_scoring_ordinal_probabilities_peak_at_the_score_they_report(expected):
    from essaylens.scoring.model import ordinal_probabilities

    p = ordinal_probabilities(np.array([expected]), CUTS, 0.24)[0]
    score = 1 + int(np.searchsorted(CUTS, expected))
    assert p.sum() == pytest.approx(1.0)
    assert int(p.argmax()) + 1 == score
    # Mass falls off with distance from the reported score.
    assert all(p[k] >= p[k + 1] for k in range(score - 1, 5))
    assert all(p[k] >= p[k - 1] for k in range(1, score))


def test_scoring_ordinal_spread_sets_how_sure_the_score_is():
    from essaylens.scoring.model import ordinal_probabilities

    mid, edge = ordinal_probabilities(np.array([3.05, 3.43]), CUTS, 0.24)
    assert mid[2] > 0.6 and mid[2] > edge[2]
    # Just below the 3/4 cut point, 3 and 4 are nearly even.
    assert abs(edge[2] - edge[3]) < 0.1
    wide = ordinal_probabilities(np.array([3.05]), CUTS, 1.0)[0]
    assert wide[2] < mid[2]


def test_scoring_spread_is_fitted_to_how_far_the_gold_scores_fall():
    from essaylens.training.holistic import _spread

    rng = np.random.default_rng(0)
    true = rng.uniform(1.5, 5.5, 4000)
    y = np.clip(np.rint(true), 1, 6).astype(int)
    cuts = [1.5, 2.5, 3.5, 4.5, 5.5]
    tight = _spread(true + rng.normal(0, 0.1, true.size), y, cuts)
    loose = _spread(true + rng.normal(0, 0.6, true.size), y, cuts)
    assert tight < loose


def test_scoring_confidence_figures_judge_the_reported_score():
    from essaylens.training.run import confidence_figures

    gold = np.array([1, 2, 3, 4])
    pred = np.array([1, 2, 3, 3])
    probs = np.full((4, 6), 0.04)
    probs[np.arange(4), pred - 1] = 0.8
    fig = confidence_figures(probs, pred, gold)
    assert fig["mean_confidence"] == pytest.approx(0.8)
    assert fig["accuracy"] == pytest.approx(0.75)
    assert fig["mode_is_score"] == 1.0
    assert fig["ece"] == pytest.approx(0.05)


@pytest.mark.skipif(not MODEL_PATH.exists(), reason="the holistic model has not been trained")
def test_scoring_shipped_model_reports_its_likeliest_score():
    from essaylens.scoring.model import shipped_model

    model = shipped_model()
    assert model.spread is not None and 0 < model.spread < 1
    e = np.linspace(1.0, 6.0, 101)
    from essaylens.scoring.model import ordinal_probabilities

    p = ordinal_probabilities(e, model.thresholds, model.spread)
    agree = (p.argmax(1) + 1 == 1 + np.searchsorted(model.thresholds, e)).mean()
    assert agree >= 0.9
