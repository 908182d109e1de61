"""The holistic scorer's token convolution: numpy inference matches PyTorch, and it learns from the text."""

from __future__ import annotations

import numpy as np
import pytest

from essaylens.scoring.features import feature_names
from essaylens.scoring.model import MODEL_PATH
from essaylens.scoring.textcnn import SCORE_CENTRE, TokenCNN, token_ids, token_table

TEXTS = ["The Bolsheviks planned the rising in October.", "I think phones should be allowed because they help.",
         "ok", ""]


def _random_cnn(rng, filters: int = 4) -> TokenCNN:
    d = token_table().shape[1]
    return TokenCNN({"tok_w": rng.normal(size=(3 * filters, d)), "tok_b": rng.normal(size=3 * filters),
                     "out_w": rng.normal(size=(6, 2 * filters)), "out_b": np.zeros(6)})


def test_textcnn_numpy_matches_torch():
    torch = pytest.importorskip("torch")
    from essaylens.training.textcnn import _batch, _net, to_numpy

    torch.manual_seed(5)
    net = _net(token_table(), 8).eval()
    ids = token_ids(TEXTS)
    with torch.no_grad():
        o = net(_batch(ids)).numpy().astype(np.float64)
    want = np.column_stack([o[:, 0] + SCORE_CENTRE, 1 / (1 + np.exp(-o[:, 1:]))])
    got = to_numpy(net).predict(TEXTS)
    assert got.shape == (4, 6)
    assert np.allclose(got, want, atol=1e-5)


def test_textcnn_outputs_are_a_score_and_five_probabilities():
    model = _random_cnn(np.random.default_rng(0))
    out = model.predict(TEXTS)
    assert out.shape == (4, 6) and np.isfinite(out).all()
    assert ((out[:, 1:] > 0) & (out[:, 1:] < 1)).all()
    # An empty text has no token: its pooled channels are zeros, so only the bias speaks.
    assert len(token_ids([""])[0]) == 0
    assert np.allclose(model.pooled(np.zeros(0, np.int64)), 0)
    assert np.allclose(out[3, 0], SCORE_CENTRE)
    # The model reads the order of tokens (a convolution), not only the bag of words.
    a, b = model.predict(["the cat sat on the mat", "mat the on sat cat the"])
    assert not np.allclose(a, b)


def test_textcnn_sees_the_neighbouring_tokens():
    model = _random_cnn(np.random.default_rng(1), filters=2)
    ids = np.array(token_ids(["history"])[0].tolist() * 3 + token_ids(["revolution"])[0].tolist())
    base = model.pooled(ids)
    # Replacing the last token changes the channels of the one before it (the "next" tap).
    other = ids.copy()
    other[-1] = token_ids(["calendar"])[0][0]
    assert not np.allclose(base, model.pooled(other))
    assert base.shape == (4,)


def test_textcnn_training_learns_a_signal_in_the_words():
    pytest.importorskip("torch")
    from essaylens.training.textcnn import train_token_cnn

    rng = np.random.default_rng(2)
    good = ["the evidence clearly shows a careful argument", "a thoughtful and detailed analysis of sources",
            "the essay weighs both interpretations with care"]
    bad = ["i dont no wat to rite", "it is good becuz it is good", "u shud do it cuz its cool"]
    texts, y = [], []
    for _ in range(40):
        k = rng.integers(2)
        texts.append((good if k else bad)[rng.integers(3)])
        y.append(5 if k else 2)
    model = train_token_cnn(token_ids(texts), np.array(y), seed=0, epochs=40, filters=8)
    out = model.predict(["a careful and detailed argument from the evidence", "i dont no cuz its cool"])
    assert out[0, 0] > out[1, 0] + 1.0
    assert out[0, 4] > out[1, 4] + 0.3  # P(score > 4)
    # Seeded: the same data and seed give the same weights.
    again = train_token_cnn(token_ids(texts), np.array(y), seed=0, epochs=40, filters=8)
    assert all(np.array_equal(model.w[k], again.w[k]) for k in model.w)


@pytest.mark.skipif(not MODEL_PATH.exists(), reason="the holistic model has not been trained")
def test_textcnn_is_stacked_in_the_shipped_scorer():
    from essaylens.scoring.model import shipped_model

    model = shipped_model()
    cnns = [m for m in model.text_models if isinstance(m, TokenCNN)]
    assert len(cnns) == 1  # tenth round (training/holistic.py: TOKEN_CNN)
    # Every text model adds six columns (the score and five "score above k"), the trees read them all.
    row = np.zeros((1, len(feature_names())), np.float32)
    wide = model.augment(row, ["The rising was planned by the Military Revolutionary Committee."])
    assert wide.shape[1] == len(feature_names()) + 6 * len(model.text_models)
    if cnns:
        out = cnns[0].predict(["A short essay.", "A much longer and more careful essay about the evidence."])
        assert out.shape == (2, 6) and np.isfinite(out).all() and (np.abs(out[:, 0] - SCORE_CENTRE) < 4).all()
