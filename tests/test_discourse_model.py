"""Discourse units, features, merging, the Feedback Prize metric and the trained model."""

from __future__ import annotations

import numpy as np
import pytest

from essaylens.discourse.features import (LABELS, N_CONTEXT, N_STRUCT, OPENER_WORDS, context_features,
                                          insert_unit_columns, make_units, merge_units, rule_labels, unit_features,
                                          view_columns)
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
    blocks = 3 + (OPENER_WORDS > 0)  # unit, neighbours, paragraph (+ the unit's opening words)
    assert X.shape[1] == N_STRUCT + blocks * d + N_CONTEXT
    assert len(full) == N_STRUCT + blocks * d and full[-1] == X.shape[1] - N_CONTEXT - 1
    assert len(structural) == N_STRUCT + N_CONTEXT and structural[N_STRUCT] == X.shape[1] - N_CONTEXT


def test_opener_block_encodes_each_units_first_words():
    pars, sents = layout(TEXT)
    units = make_units(TEXT, pars, sents)
    if not OPENER_WORDS:
        pytest.skip("the shipped features have no opener block")
    X = unit_features(TEXT, units, len(pars), fake_encode)
    d = fake_encode(["x"]).shape[1]
    openers = [" ".join(TEXT[u.start:u.end].split()[:OPENER_WORDS]) for u in units]
    assert openers[0] == "Phones are everywhere today."
    block = X[:, N_STRUCT + 3 * d:N_STRUCT + 4 * d]
    assert np.allclose(block, fake_encode(openers))
    # A unit longer than its opening words gets a different row from its whole-unit embedding.
    assert not np.allclose(X[:, N_STRUCT:N_STRUCT + d], block)


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


def test_discourse_class_scale_rescales_renormalises_and_round_trips(tmp_path):
    class Const:
        def predict_proba(self, X):
            row = np.full(len(LABELS), 0.5 / (len(LABELS) - 1))
            row[LABELS.index("Evidence")] = 0.5
            return np.tile(row, (len(X), 1))

    pars, sents = layout(TEXT)
    units = make_units(TEXT, pars, sents)
    X = unit_features(TEXT, units, len(pars), fake_encode)
    plain = DiscourseModel(Const(), None, LABELS)
    scaled = DiscourseModel(Const(), None, LABELS, class_scale={"Counterclaim": 4.0})
    p, q = plain.unit_probs(units, X), scaled.unit_probs(units, X)
    cc = LABELS.index("Counterclaim")
    assert np.allclose(q.sum(1), 1.0)
    # The odds of Counterclaim against every other class rise exactly fourfold.
    assert np.allclose(q[:, cc] / q[:, LABELS.index("Claim")], 4 * p[:, cc] / p[:, LABELS.index("Claim")])
    path = tmp_path / "m.pkl.gz"
    DiscourseModel(None, None, LABELS, class_scale={"Counterclaim": 4.0}).save(path)
    assert DiscourseModel.load(path).class_scale == {"Counterclaim": 4.0}


def test_discourse_fit_class_scale_matches_the_target_rate_without_labels():
    from essaylens.training.discourse import element_rates, featurise, fit_class_scale
    from essaylens.training.corpus import ParsedEssay

    class CueClf:
        """Counterclaim at 0.2 on units that mention zebras, else Evidence (no cue rule fires)."""

        def __init__(self, texts):
            self.texts, self.at = texts, 0

        def predict_proba(self, X):  # called once per essay, in order
            texts, self.at = self.texts[self.at:self.at + len(X)], self.at + len(X)
            rows = np.zeros((len(X), len(LABELS)))
            rows[:, LABELS.index("Evidence")] = 1.0
            for i, t in enumerate(texts):
                if "zebra" in t:
                    rows[i] = 0.0
                    rows[i, LABELS.index("Counterclaim")] = 0.2
                    rows[i, LABELS.index("Evidence")] = 0.8
            return rows

    texts = ["Phones help pupils learn.\nA zebra would find phones distracting.\nPhones are cheap now.",
             "Cars are useful.\nThey carry goods.\nA zebra walks."]
    essays = []
    for i, t in enumerate(texts):
        pars, sents = layout(t)
        essays.append(ParsedEssay(f"e{i}", t, 0, pars, sents))
    feats = featurise(essays, fake_encode)
    unit_texts = [t[u.start:u.end] for t, (units, _) in zip(texts, feats) for u in units]
    model = DiscourseModel(CueClf(unit_texts), None, LABELS)
    raw = [(units, model.raw_probs(units, X)) for units, X in feats]
    # Unscaled, argmax never picks the 0.2 Counterclaim.
    assert element_rates(model, raw, texts, {}).get("Counterclaim", 0.0) == 0.0
    model.first.at = 0
    scale = fit_class_scale(model, feats, texts, targets={"Counterclaim": 1.0}, grid=(1.0, 2.0, 3.0, 5.0, 8.0),
                            log=lambda m: None)
    # 0.2 * s must beat 0.8: s = 5 is the smallest multiplier that yields one per essay.
    assert scale == {"Counterclaim": 5.0} and model.class_scale == scale
    assert element_rates(model, raw, texts, scale)["Counterclaim"] == pytest.approx(1.0)


def test_discourse_predict_views_decode_with_and_without_the_prior():
    class Lean:
        """Every unit Evidence at 0.6, Counterclaim at 0.3."""

        def predict_proba(self, X):
            row = np.zeros(len(LABELS))
            row[LABELS.index("Evidence")], row[LABELS.index("Counterclaim")] = 0.6, 0.3
            row[LABELS.index("None")] = 0.1
            return np.tile(row, (len(X), 1))

    pars, sents = layout(TEXT)
    plain = DiscourseModel(Lean(), None, LABELS)
    a, b = plain.predict_views(TEXT, pars, sents, fake_encode)
    assert a is b and {el[2] for el in a} <= {"Evidence", "Counterclaim", "Rebuttal"}
    scaled = DiscourseModel(Lean(), None, LABELS, class_scale={"Counterclaim": 3.0})
    with_prior, without = scaled.predict_views(TEXT, pars, sents, fake_encode)
    assert without == a
    assert with_prior == scaled.predict(TEXT, pars, sents, fake_encode)
    assert without == scaled.predict(TEXT, pars, sents, fake_encode, prior=False)
    assert {el[2] for el in with_prior} == {"Counterclaim"}  # 0.9 beats 0.6 once scaled


class Width:
    """A picklable stand-in classifier that checks its input width and says Evidence."""

    def __init__(self, width):
        self.width = width

    def predict_proba(self, X):
        assert X.shape[1] == self.width
        row = np.zeros(len(LABELS))
        row[LABELS.index("Evidence")] = 1.0
        return np.tile(row, (len(X), 1))


def test_discourse_model_featurises_with_the_opener_width_it_records(tmp_path):
    """A model featurises units with its own recorded opener width, saved in the artefact; a
    model whose columns do not fit the features fails with a message that says to retrain."""

    pars, sents = layout(TEXT)
    units = make_units(TEXT, pars, sents)
    widths = {w: unit_features(TEXT, units, len(pars), fake_encode, w).shape[1] for w in (0, 2)}
    d = fake_encode(["x"]).shape[1]
    assert widths[2] == widths[0] + d  # the block is there or not, whatever its width
    for w in (0, 2):
        full, structural = view_columns(widths[w])
        model = DiscourseModel(Width(len(full)), None, LABELS, columns=(full, structural), opener_words=w)
        path = tmp_path / f"m{w}.pkl.gz"
        model.save(path)
        loaded = DiscourseModel.load(path)
        assert loaded.opener_words == w
        assert {el[2] for el in loaded.predict(TEXT, pars, sents, fake_encode)} == {"Evidence"}
    full, structural = view_columns(widths[2])
    wrong = DiscourseModel(Width(len(full)), None, LABELS, columns=(full, structural), opener_words=0)
    with pytest.raises(ValueError, match="retrain"):
        wrong.predict(TEXT, pars, sents, fake_encode)


def test_shipped_discourse_model_records_the_opener_width():
    if not MODEL_PATH.exists():
        pytest.skip("no shipped artefact")
    assert DiscourseModel.load(MODEL_PATH).opener_words == OPENER_WORDS


def test_unit_ngram_columns_join_the_full_view_only():
    pars, sents = layout(TEXT)
    units = make_units(TEXT, pars, sents)
    X = unit_features(TEXT, units, len(pars), fake_encode)
    cols = np.arange(len(units) * len(LABELS), dtype=np.float32).reshape(len(units), -1)
    Z = insert_unit_columns(X, cols)
    assert Z.shape == (X.shape[0], X.shape[1] + len(LABELS))
    full_x, struct_x = view_columns(X.shape[1])
    full_z, struct_z = view_columns(Z.shape[1])
    assert np.array_equal(Z[:, struct_z], X[:, struct_x])  # the structural view is unchanged
    assert np.array_equal(Z[:, full_z][:, :len(full_x)], X[:, full_x])
    assert np.array_equal(Z[:, full_z][:, len(full_x):], cols)  # the scores end the full view


def test_unit_ngram_ridge_scores_out_of_fold_and_ships_in_the_model(tmp_path):
    from essaylens.training.corpus import ParsedEssay
    from essaylens.training.discourse import LABEL_ID, fit_unit_ngrams

    claim, evid = LABEL_ID["Claim"], LABEL_ID["Evidence"]
    essays, feats, ys, ws = [], [], [], []
    for i in range(30):
        text = f"Another reason is topic {i}. For example, a survey of {i} pupils found it."
        sents = [(0, text.index(".") + 1), (text.index(".") + 2, len(text))]
        p = ParsedEssay(f"e{i}", text, 0, [(0, len(text))], sents)
        units = make_units(text, p.paragraphs, p.sentences)
        essays.append(p)
        feats.append((units, None))
        ys.append(np.array([claim, evid]))
        ws.append(np.ones(2))
    ridge, oof = fit_unit_ngrams(essays, feats, ys, ws)
    assert [o.shape for o in oof] == [(2, len(LABELS))] * 30
    # The cue words carry the label even in essays the fold's ridge never saw.
    assert all(o[0].argmax() == claim and o[1].argmax() == evid for o in oof)
    new = ridge.predict(["Another reason is that it helps.", "For example, one pupil said so."])
    assert new[0].argmax() == claim and new[1].argmax() == evid
    # The model featurises with the ridge and keeps it in its artefact.
    pars, sents = layout(TEXT)
    units = make_units(TEXT, pars, sents)
    base = unit_features(TEXT, units, len(pars), fake_encode)
    model = DiscourseModel(None, None, LABELS, unit_ngrams=ridge)
    got = model.features(TEXT, units, len(pars), fake_encode)
    assert np.allclose(got, insert_unit_columns(base, ridge.predict([TEXT[u.start:u.end] for u in units])))
    model.save(tmp_path / "m.pkl.gz")
    assert np.allclose(DiscourseModel.load(tmp_path / "m.pkl.gz").features(TEXT, units, len(pars), fake_encode), got)
