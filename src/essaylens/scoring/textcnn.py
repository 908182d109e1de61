"""A token convolution over the whole essay: one more stacked text model of the holistic scorer.

The n-gram ridges (:mod:`.ngrams`) see exact words and character strings;
this model sees every token of the essay through the model2vec table that
ships with EssayLens (:mod:`essaylens.embed`), so near-synonyms and
misspelt forms of a word share evidence. For each essay:

1. its model2vec token ids (the first :data:`MAX_TOKENS`), each looked up in
   the static table and scaled to unit length (the table's SIF weighting
   would otherwise silence the function words that carry grammar);
2. a width-3 convolution (``filters`` channels, tanh-GELU) over them;
3. the mean and the maximum of each channel over the essay;
4. a linear layer to six outputs, as the ridges predict: the score (1-6
   scale) and the probability of "score above k" for k = 1..5.

Trained with PyTorch (:mod:`essaylens.training.textcnn`); the weights are
numpy arrays here and the forward pass is numpy only (3-5 ms per essay,
tokenising included). It has the ridges' ``predict(texts)`` interface, so
:class:`.model.HolisticModel` treats it as one of its ``text_models``.
"""

from __future__ import annotations

import functools
from typing import Sequence

import numpy as np

from ..discourse.sequence import _gelu_tanh

#: Tokens read per essay (PERSUADE essays average about 400).
MAX_TOKENS = 1024
#: Centre of the score head's training target (the model predicts score - SCORE_CENTRE).
SCORE_CENTRE = 3.5


@functools.lru_cache(maxsize=1)
def _table() -> tuple[np.ndarray, np.ndarray]:
    """The static encoder's own float16 table (shared, not copied) and each row's inverse length."""
    from ..embed import static_encoder

    table = static_encoder()._load().embedding
    norms = np.sqrt(np.einsum("ij,ij->i", table, table, dtype=np.float32))
    return table, (1.0 / (norms + 1e-6)).astype(np.float32)


def token_vectors(ids: np.ndarray) -> np.ndarray:
    """Unit-length float32 vectors of the model2vec tokens ``ids``.

    Only the rows asked for are converted, so the run time keeps no float32
    copy of the table (about 30 MB).
    """
    table, inv_norm = _table()
    return table[ids].astype(np.float32) * inv_norm[ids, None]


def token_table() -> np.ndarray:
    """The whole table as :func:`token_vectors` gives it (training holds it as a tensor)."""
    return token_vectors(np.arange(len(_table()[0])))


def token_ids(texts: Sequence[str]) -> list[np.ndarray]:
    """The model2vec token ids of each text (at most :data:`MAX_TOKENS`)."""
    from ..embed import static_encoder

    ids = static_encoder()._load().tokenize(list(texts))
    return [np.asarray(t[:MAX_TOKENS], dtype=np.int64) for t in ids]


class TokenCNN:
    """Numpy forward pass of the trained token convolution.

    Args:
        weights: ``tok_w`` (3 x filters, dim), ``tok_b`` (3 x filters): the
            three taps of the convolution (previous, own, next token) as one
            linear map of a token's vector; ``out_w`` (6, 2 x filters),
            ``out_b`` (6).
    """

    def __init__(self, weights: dict[str, np.ndarray]):
        self.w = {k: np.asarray(v, dtype=np.float32) for k, v in weights.items()}

    @property
    def filters(self) -> int:
        return self.w["tok_b"].shape[0] // 3

    def pooled(self, ids: np.ndarray) -> np.ndarray:
        """The mean and max of each channel over one essay's tokens (zeros for no token)."""
        c = self.filters
        if len(ids) == 0:
            return np.zeros(2 * c, dtype=np.float32)
        # The three taps are one linear map of a token's vector: computed once per distinct token.
        uniq, inv = np.unique(ids, return_inverse=True)
        P = (token_vectors(uniq) @ self.w["tok_w"].T + self.w["tok_b"])[inv.ravel()]  # (T, 3c)
        h = P[:, c:2 * c].copy()
        h[1:] += P[:-1, :c]
        h[:-1] += P[1:, 2 * c:]
        h = _gelu_tanh(h)
        return np.concatenate([h.mean(0), h.max(0)]).astype(np.float32)

    def predict_ids(self, ids: Sequence[np.ndarray]) -> np.ndarray:
        """The six outputs for essays given as token ids."""
        pooled = np.stack([self.pooled(np.asarray(t, dtype=np.int64)) for t in ids]) if len(ids) else \
            np.zeros((0, 2 * self.filters), np.float32)
        z = pooled @ self.w["out_w"].T + self.w["out_b"]
        out = np.empty_like(z)
        out[:, 0] = z[:, 0] + SCORE_CENTRE
        out[:, 1:] = 1.0 / (1.0 + np.exp(-z[:, 1:]))
        return out

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """An (n, 6) array: the score (1-6 scale) and P(score > k) for k = 1..5, per text."""
        return self.predict_ids(token_ids(texts))
