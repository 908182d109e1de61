"""The unit-sequence GRU: numpy inference matches the PyTorch network it was trained as."""

from __future__ import annotations

import numpy as np
import pytest

from essaylens.discourse.sequence import SequenceEnsemble, SequenceModel


def test_discourse_sequence_numpy_matches_torch():
    torch = pytest.importorskip("torch")
    from essaylens.training.sequence import _net, to_numpy

    torch.manual_seed(3)
    net = _net(12, 8).eval()
    rng = np.random.default_rng(0)
    X = rng.normal(size=(7, 12)).astype(np.float32)
    mu, sd = X.mean(0), X.std(0) + 1e-6
    with torch.no_grad():
        want = torch.softmax(net(torch.from_numpy((X - mu) / sd)[None], torch.tensor([7])), -1)[0].numpy()
    got = to_numpy(net, mu, sd).predict_proba(X)
    assert np.allclose(got, want, atol=1e-5)


def _random_gru(rng, h: int = 4, d: int = 5, c: int = 3) -> SequenceModel:
    w = {"mu": np.zeros(d), "sd": np.ones(d), "proj_w": rng.normal(size=(6, d)), "proj_b": np.zeros(6),
         "out_w": rng.normal(size=(c, 2 * h + 6)), "out_b": np.zeros(c)}
    for side in ("fwd", "bwd"):
        w.update({f"{side}_w_ih": rng.normal(size=(3 * h, 6)), f"{side}_w_hh": rng.normal(size=(3 * h, h)),
                  f"{side}_b_ih": np.zeros(3 * h), f"{side}_b_hh": np.zeros(3 * h)})
    return SequenceModel(w)


def test_discourse_sequence_ensemble_averages_its_members():
    rng = np.random.default_rng(4)
    members = [_random_gru(rng) for _ in range(3)]
    X = rng.normal(size=(6, 5))
    got = SequenceEnsemble(members).predict_proba(X)
    assert np.allclose(got, np.mean([m.predict_proba(X) for m in members], 0))
    assert np.allclose(got.sum(1), 1)
    # Each member differs, so the mean is none of them.
    assert not any(np.allclose(got, m.predict_proba(X)) for m in members)


def test_discourse_sequence_reads_the_whole_essay():
    rng = np.random.default_rng(1)
    h, d, c = 4, 5, 3
    w = {"mu": np.zeros(d), "sd": np.ones(d), "proj_w": rng.normal(size=(6, d)), "proj_b": np.zeros(6),
         "out_w": rng.normal(size=(c, 2 * h + 6)), "out_b": np.zeros(c)}
    for side in ("fwd", "bwd"):
        w.update({f"{side}_w_ih": rng.normal(size=(3 * h, 6)), f"{side}_w_hh": rng.normal(size=(3 * h, h)),
                  f"{side}_b_ih": np.zeros(3 * h), f"{side}_b_hh": np.zeros(3 * h)})
    model = SequenceModel(w)
    X = rng.normal(size=(4, d))
    p = model.predict_proba(X)
    assert p.shape == (4, c) and np.allclose(p.sum(1), 1)
    # Changing the last unit changes the first unit's probabilities (backward direction).
    X2 = X.copy()
    X2[-1] += 3
    assert not np.allclose(model.predict_proba(X2)[0], p[0])


def test_discourse_sequence_training_is_repeatable():
    pytest.importorskip("torch")
    from essaylens.training.sequence import train_sequence

    rng = np.random.default_rng(2)
    Xs = [rng.normal(size=(n, 6)).astype(np.float32) for n in (3, 5, 4, 6)]
    ys = [np.arange(len(x)) % 3 for x in Xs]
    ws = [np.ones(len(x)) for x in Xs]
    a = train_sequence(Xs, ys, ws, 3, seed=0, epochs=2).predict_proba(Xs[0])
    b = train_sequence(Xs, ys, ws, 3, seed=0, epochs=2).predict_proba(Xs[0])
    assert np.array_equal(a, b)


def test_discourse_shipped_artefact_runs_without_torch():
    import gzip
    import subprocess
    import sys

    from essaylens.discourse.model import MODEL_PATH

    if not MODEL_PATH.exists():
        pytest.skip("the discourse model has not been trained")
    assert b"torch" not in gzip.decompress(MODEL_PATH.read_bytes())
    code = ("import sys; from essaylens.discourse.model import shipped_model; m = shipped_model(); "
            "print(m.sequence is not None, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "False"]


def test_discourse_pseudo_labels_follow_the_teacher_and_its_confidence():
    from essaylens.discourse.features import LABELS, make_units, unit_features
    from essaylens.embed import encode
    from essaylens.training.discourse import LABEL_ID, pseudo_labels
    from essaylens.training.holistic import light_layout

    text = ("Some people think phones help students.\n\nPhones distract students in class. "
            "A survey found most teachers agree.\n\nIn conclusion, phones should stay in lockers.")
    pars, sents = light_layout(text)
    units = make_units(text, pars, sents)
    X = unit_features(text, units, len(pars), encode)

    class Teacher:  # sure of every unit but the last, which it splits between two classes
        labels = LABELS

        def unit_probs(self, units, X):
            p = np.zeros((len(units), len(LABELS)))
            p[:-1, LABEL_ID["Claim"]] = 1.0
            p[-1, [LABEL_ID["Claim"], LABEL_ID["Concluding Statement"], LABEL_ID["None"]]] = 0.45, 0.4, 0.15
            return p

    Xs, ys, ws = pseudo_labels(Teacher(), [(units, X)], [text], weight=0.3, min_prob=0.5)
    assert len(Xs) == 1 and Xs[0] is X and len(ys[0]) == len(units)
    assert ws[0][:-1].tolist() == [0.3] * (len(units) - 1)  # confident units weigh 0.3
    assert ws[0][-1] == 0.0  # the unsure last unit keeps its place but weighs nothing
    assert set(ys[0].tolist()) <= set(range(len(LABELS)))
