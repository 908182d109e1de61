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


def test_scoring_topic_gate_measures_closeness_to_the_prompts():
    from essaylens.scoring.model import TopicGate

    centroids = np.eye(3, 4, dtype=np.float32)  # three prompts along the first three axes
    gate = TopicGate(centroids, 0.8, columns=[1, 2, 3, 4], names=("a", "b", "c"))
    X = np.zeros((3, 6))
    X[0, 1:5] = [2.0, 0.1, 0.0, 0.0]  # close to prompt a, any length
    X[1, 1:5] = [0.0, 0.0, 0.0, 1.0]  # along an axis no prompt uses
    X[2, 1:5] = [1.0, 1.0, 0.0, 0.0]  # between a and b: cosine 0.71
    assert gate.similarity(X) == pytest.approx([0.9988, 0.0, 0.7071], abs=1e-4)
    assert gate.seen(X).tolist() == [True, False, False]


def _toy_rows(n=360, seed=0):
    """Feature rows whose score follows a topic-free column, on three 'prompts' with their own content."""
    rng = np.random.default_rng(seed)
    names = feature_names()
    emb = [i for i, k in enumerate(names) if k.startswith("emb_")]
    X = rng.normal(size=(n, len(names))).astype(np.float32)
    prompts = np.array(["p0", "p1", "p2"])[np.arange(n) % 3]
    for j, p in enumerate(["p0", "p1", "p2"]):
        X[np.ix_(prompts == p, emb)] += 4.0 * (np.arange(len(emb)) % 3 == j)
    quality = X[:, 0]
    y = np.clip(np.round(3.5 + 1.2 * quality + rng.normal(0, 0.3, n)), 1, 6).astype(int)
    return X, y, prompts, emb


def test_scoring_topic_neutral_scorer_reads_no_embedding_and_is_calibrated_by_prompt():
    pytest.importorskip("lightgbm")
    from essaylens.training.holistic import fit_gate, train_neutral

    X, y, prompts, emb = _toy_rows()
    model = train_neutral(X, y, prompts, n_trees=40, log=lambda *_: None)
    assert not set(emb) & set(model.columns.tolist())
    lopo = model.info["lopo"]
    assert set(lopo["qwk_per_prompt"]) == {"p0", "p1", "p2"}
    assert lopo["qwk"] > 0.6  # the topic-free column carries the score on every held-out prompt
    moved = X.copy()
    moved[:, emb] = -moved[:, emb]  # other content, same writing
    assert (model.score_many(moved, [""] * len(X))[0] == model.score_many(X, [""] * len(X))[0]).all()
    gate = fit_gate(X, prompts)
    assert gate.names == ("p0", "p1", "p2")
    assert 0.95 <= gate.seen(X).mean() < 1.0  # the 1st percentile: 1% of training rows fall below
    assert not gate.seen(moved).any()


def test_scoring_gated_model_sends_unfamiliar_topics_to_the_neutral_scorer(tmp_path):
    pytest.importorskip("lightgbm")
    from essaylens.scoring.model import HolisticModel
    from essaylens.training.holistic import fit_gate, train_neutral

    X, y, prompts, emb = _toy_rows()
    neutral = train_neutral(X, y, prompts, n_trees=30, log=lambda *_: None)
    # a "full" scorer that gives 6 to everything, so the route is visible in the scores
    full = HolisticModel(neutral.clf, neutral.reg, [-10, -9, -8, -7, -6], spread=0.2, columns=neutral.columns)
    full.neutral, full.gate = neutral, fit_gate(X, prompts)
    away = X[:4].copy()
    away[:, emb] = -away[:, emb]
    rows = np.vstack([X[:4], away])
    pred, probs, seen = full.score_many(rows, [""] * len(rows))
    assert seen.tolist() == [True] * 4 + [False] * 4
    assert (pred[:4] == 6).all() and (pred[4:] == neutral.score_many(away, [""] * 4)[0]).all()
    assert np.allclose(probs.sum(1), 1.0)
    full.save(tmp_path / "m.pkl.gz")
    again = HolisticModel.load(tmp_path / "m.pkl.gz")
    assert (again.score_many(rows, [""] * len(rows))[0] == pred).all()
    assert again.score(away[0], "") == full.score(away[0], "")


def _shipped_gate():
    from essaylens.scoring.model import shipped_model

    model = shipped_model() if MODEL_PATH.exists() else None
    if model is None or model.gate is None:
        pytest.skip("the shipped holistic model has no topic gate")
    return model


def test_scoring_history_essays_go_to_the_topic_neutral_scorer(repo_dir):
    from essaylens.api import analyze
    from essaylens.report.models import BASIS_NEUTRAL

    _shipped_gate()
    paths = sorted((repo_dir / "tests" / "data" / "essays").glob("*.txt"))[:4] + [repo_dir / "examples" / "ww1_blame.txt"]
    for path in paths:
        s = analyze(path).scores
        assert s.holistic_basis == BASIS_NEUTRAL, path.name
        assert s.holistic_confidence == pytest.approx(s.holistic_probabilities[str(s.holistic)])


def test_scoring_persuade_essays_keep_the_full_scorer(shared_dir):
    import csv
    import json

    from essaylens.api import analyze
    from essaylens.report.models import BASIS_PROMPTS

    _shipped_gate()
    with (shared_dir / "data" / "holistic_scores.csv").open(newline="") as fh:
        scored = {r["essay_id"] for r in csv.DictReader(fh)}
    texts = []
    with (shared_dir / "data" / "persuade_essays.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["essay_id"] in scored:
                texts.append(row["text"])
            if len(texts) == 12:
                break
    bases = [analyze(t).scores.holistic_basis for t in texts]
    assert bases.count(BASIS_PROMPTS) >= 11  # the gate turns away about 1% of its own prompts' essays


def test_scoring_eval_table_prints_the_topic_neutral_figures():
    from essaylens.training.run import format_figures

    disc = {"n_test": 42, "n_train": 658, "model": {"macro": 0.5}, "rules": {"macro": 0.4}}
    conf = {"mean_confidence": 0.62, "accuracy": 0.64, "ece": 0.05, "mode_is_score": 0.99, "brier": 0.5,
            "log_loss": 0.9}
    hol = {"n_test": 1222, "n_train": 4928, "qwk": 0.832, "cv_qwk_mean": 0.82, "baseline_mean_score": 3,
           "baseline_qwk": 0.0, "exact_agreement": 0.644, "adjacent_agreement": 0.979, **conf,
           "full_stack_qwk": 0.833,
           "topic_neutral": {"share_of_heldout": 0.0115, "gate_cutoff": 0.864, "heldout_qwk": 0.785, "qwk": 0.747,
                             "qwk_per_prompt": {'"A Cowboy"': 0.58, "Mars": 0.63},
                             "bias_per_prompt": {'"A Cowboy"': 0.02, "Mars": -0.31}}}
    text = format_figures(disc, hol)
    assert "QWK 0.833 with every held-out essay scored by the full stack" in text
    assert "1.1% of the held-out fold" in text and "leaving one prompt out QWK 0.747" in text
    assert "A Cowboy 0.580 (+0.02), Mars 0.630 (-0.31)" in text
