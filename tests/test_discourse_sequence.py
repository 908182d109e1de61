"""The unit-sequence GRU: numpy inference matches the PyTorch network it was trained as."""

from __future__ import annotations

import numpy as np
import pytest

from essaylens.discourse.sequence import SequenceModel


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
