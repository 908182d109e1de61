"""Discourse units, features, merging, the Feedback Prize metric and the trained model."""

from __future__ import annotations

import numpy as np
import pytest

from essaylens.discourse.features import (LABELS, N_CONTEXT, N_STRUCT, context_features, make_units, merge_units,
                                          rule_labels, unit_features, view_columns)
from essaylens.discourse.model import MODEL_PATH, DiscourseModel
from essaylens.training.metrics import feedback_f1, qwk


def fake_encode(texts):
    """A stand-in encoder: deterministic unit rows from character counts."""
    rows = np.array([[len(t), t.count(" ") + 1, sum(c.isdigit() for c in t) + 1] for t in texts], dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


TEXT = ("Phones are everywhere today. Some people say phones distract pupils, but I do not believe that this is true.\n"
        "Firstly, phones help pupils learn. A 2019 survey found that 70% of pupils used them for homework.\n"
        "In conclusion, schools should allow phones.")


def layout(text):
    paragraphs, sentences, pos = [], [], 0
    for line in text.split("\n"):
        paragraphs.append((pos, pos + len(line)))
        start = pos
        for i, ch in enumerate(line):
            if ch == "." and (i + 1 == len(line) or line[i + 1] == " "):
                sentences.append((start, pos + i + 1))
                start = pos + i + 2
        pos += len(line) + 1
    return paragraphs, sentences


def test_discourse_units_split_contrast_clauses():
    pars, sents = layout(TEXT)
    units = make_units(TEXT, pars, sents)
    texts = [TEXT[u.start:u.end] for u in units]
    assert "Some people say phones distract pupils," in texts
    assert "but I do not believe that this is true." in texts
    assert len(units) == len(sents) + 1


@pytest.mark.parametrize("sentence", ["", "Short, but fine.", "No connective in this sentence at all."])
def test_discourse_units_edge_cases(sentence):
    units = make_units(sentence, [(0, len(sentence))], [(0, len(sentence))] if sentence else [])
    assert len(units) <= 1


def test_discourse_rule_labels_follow_paragraph_position():
    pars, sents = layout(TEXT)
    units = make_units(TEXT, pars, sents)
    labels = rule_labels(TEXT, units, len(pars))
    assert labels[0] == "Lead"
    assert labels[-1] == "Concluding Statement"


def test_discourse_features_shape_and_determinism():
    pars, sents = layout(TEXT)
    units = make_units(TEXT, pars, sents)
    a = unit_features(TEXT, units, len(pars), fake_encode)
    b = unit_features(TEXT, units, len(pars), fake_encode)
    assert a.shape[0] == len(units) and np.array_equal(a, b)


def test_discourse_views_split_the_feature_columns():
    pars, sents = layout(TEXT)
    units = make_units(TEXT, pars, sents)
    X = unit_features(TEXT, units, len(pars), fake_encode)
    texts = [TEXT[u.start:u.end] for u in units]
    ctx = context_features(texts, units, fake_encode(texts))
    assert ctx.shape == (len(units), N_CONTEXT) and np.isfinite(ctx).all()
    assert np.array_equal(X[:, -N_CONTEXT:], ctx)
    full, structural = view_columns(X.shape[1])
    d = fake_encode(["x"]).shape[1]
    assert len(full) == N_STRUCT + 3 * d and full[-1] == X.shape[1] - N_CONTEXT - 1
    assert len(structural) == N_STRUCT + N_CONTEXT and structural[N_STRUCT] == X.shape[1] - N_CONTEXT


def test_discourse_model_averages_its_two_views():
    class Const:
        def __init__(self, row, width):
            self.row, self.width = np.asarray(row, float), width

        def predict_proba(self, X):
            assert X.shape[1] == self.width
            return np.tile(self.row, (len(X), 1))

    pars, sents = layout(TEXT)
    units = make_units(TEXT, pars, sents)
    X = unit_features(TEXT, units, len(pars), fake_encode)
    full, structural = view_columns(X.shape[1])
    a, b = np.eye(len(LABELS))[3], np.eye(len(LABELS))[6]
    model = DiscourseModel(Const(a, len(full)), None, LABELS, structural=Const(b, len(structural)),
                           columns=(full, structural))
    assert np.allclose(model.unit_probs(units, X), (a + b) / 2)
    assert np.allclose(DiscourseModel(Const(a, X.shape[1]), None, LABELS).unit_probs(units, X), a)


def test_discourse_merge_units_keeps_claims_apart():
    pars, sents = layout(TEXT)
    units = make_units(TEXT, pars, sents)
    labels = ["Lead", "Counterclaim", "Rebuttal", "Claim", "Evidence", "Concluding Statement"]
    merged = merge_units(units, labels, [0.9] * len(units))
    assert [m[2] for m in merged] == labels
    merged = merge_units(units, ["Evidence"] * 3 + ["Claim", "Claim", "None"], [0.5] * 6)
    assert [m[2] for m in merged] == ["Evidence", "Claim", "Claim"]


def test_discourse_feedback_metric_golden():
    gold = [("e", "Claim", {0, 1, 2, 3}), ("e", "Evidence", {4, 5, 6, 7, 8, 9})]
    pred = [("e", "Claim", {0, 1, 2}), ("e", "Evidence", {4, 5}), ("e", "Lead", {10})]
    f = feedback_f1(gold, pred, ["Claim", "Evidence", "Lead"])
    assert f["Claim"] == 1.0
    assert f["Evidence"] == 0.0       # 2/6 of the gold words: no match
    assert f["Lead"] == 0.0
    assert f["macro"] == pytest.approx(1 / 3)


def test_scoring_qwk_golden():
    assert qwk([1, 2, 3, 4], [1, 2, 3, 4]) == pytest.approx(1.0)
    assert qwk([1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1]) < 0


@pytest.mark.skipif(not MODEL_PATH.exists(), reason="the discourse model has not been trained")
def test_discourse_seed_structure(seed_report):
    r = seed_report
    body = r.meta.body_start
    intro_end = r.paragraphs[-2].end if len(r.paragraphs) >= 2 else len(r.text)
    els = [(d.type, r.text[d.start:d.end], d) for d in r.discourse]
    positions = [t for k, t, _ in els if k == "Position"]
    assert any("difficult to say whether" in t for t in positions), els
    claims = [t for k, t, _ in els if k == "Claim"]
    assert any(t.startswith("There is a majority of evidence") for t in claims), els
    assert not any(k == "Concluding Statement" for k, _, _ in els), els
    evidence = " ".join(t for k, t, _ in els if k == "Evidence")
    assert "only 12 men were present" in evidence
    assert "seized post and telegraph offices" in evidence
    assert all(d.start >= body for _, _, d in els) and intro_end > body


def test_discourse_falls_back_to_rules_without_artefact(monkeypatch):
    from essaylens import api
    from essaylens.discourse import stage as dstage

    monkeypatch.setattr(dstage, "shipped_model", lambda: None)
    r = api.analyze("The war went badly for Russia. Soldiers deserted in their thousands.\n"
                    "In conclusion, the war caused the revolution.\n")
    assert r.discourse
    assert any(w.startswith("E301") for w in r.warnings)
