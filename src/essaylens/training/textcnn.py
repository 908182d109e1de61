"""Training of the holistic scorer's token convolution (:mod:`essaylens.scoring.textcnn`) with PyTorch.

Recipe (chosen on the 5-fold CV of the holistic training part, MODEL_CARD.md):
unit-length model2vec token vectors (frozen) -> width-3 convolution,
``filters`` channels, tanh-GELU -> mean and max over the essay -> dropout
0.3 -> linear to 6 outputs. Loss: squared error of the score head against
score - 3.5, plus binary cross-entropy of the five "score above k" heads.
AdamW (learning rate 2e-3, weight decay 0.01), batches of 32 essays, one
thread and a fixed seed, so a run is repeatable on one machine.

Each batch's convolution is computed once per distinct token of the batch
(the three taps are one linear map of a token's vector), not once per
position: the same result, several times cheaper on an essay's repeated
words.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .holistic import ridge_targets
from ..scoring.textcnn import SCORE_CENTRE, TokenCNN, token_ids, token_table

FILTERS = 64
EPOCHS = 8
BATCH = 32


def _net(table: np.ndarray, filters: int):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.register_buffer("E", torch.from_numpy(table))
            self.tok = nn.Linear(table.shape[1], 3 * filters)
            self.drop = nn.Dropout(0.3)
            self.out = nn.Linear(2 * filters, 6)

        def forward(self, ids):  # (B, T) token ids, -1 = padding
            c = filters
            valid = ids >= 0
            uniq, inv = torch.unique(ids[valid], return_inverse=True)
            P = torch.cat([self.tok(self.E[uniq]), torch.zeros(1, 3 * c)], 0)
            idx = torch.full(ids.shape, len(uniq), dtype=torch.long)
            idx[valid] = inv
            Q = P[idx]  # padding rows are zero, bias included
            h = Q[:, :, c:2 * c] + F.pad(Q[:, :-1, :c], (0, 0, 1, 0)) + F.pad(Q[:, 1:, 2 * c:], (0, 0, 0, 1))
            h = F.gelu(h, approximate="tanh")
            m = valid.unsqueeze(-1)
            mean = (h * m).sum(1) / m.sum(1).clamp(min=1)
            mx = h.masked_fill(~m, -1e4).max(1).values
            mx = torch.where(valid.any(1, keepdim=True), mx, torch.zeros_like(mx))
            return self.out(self.drop(torch.cat([mean, mx], -1)))

    return Net()


def _batch(ids: Sequence[np.ndarray]):
    import torch

    width = max(1, max(len(t) for t in ids))
    out = np.full((len(ids), width), -1, np.int64)
    for k, t in enumerate(ids):
        out[k, :len(t)] = t
    return torch.from_numpy(out)


def to_numpy(net) -> TokenCNN:
    """The trained network's weights as a :class:`TokenCNN`."""
    t = lambda v: v.detach().cpu().numpy().astype(np.float32)  # noqa: E731
    return TokenCNN({"tok_w": t(net.tok.weight), "tok_b": t(net.tok.bias),
                     "out_w": t(net.out.weight), "out_b": t(net.out.bias)})


def train_token_cnn(ids: Sequence[np.ndarray], y: np.ndarray, seed: int = 0, epochs: int = EPOCHS,
                    filters: int = FILTERS) -> TokenCNN:
    """Fit the convolution on essays given as token ids (:func:`token_ids`) and their scores 1-6."""
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(1)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    Y = ridge_targets(np.asarray(y))  # the score, then "score above k" (as the n-gram ridges)
    target = torch.tensor(Y[:, 0] - SCORE_CENTRE, dtype=torch.float32)
    above = torch.tensor(Y[:, 1:], dtype=torch.float32)
    net = _net(token_table(), filters)
    opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-2)
    for _ in range(epochs):
        net.train()
        order = rng.permutation(len(ids))
        for i in range(0, len(order), BATCH):
            b = order[i:i + BATCH]
            o = net(_batch([ids[j] for j in b]))
            loss = F.mse_loss(o[:, 0], target[b]) + F.binary_cross_entropy_with_logits(o[:, 1:], above[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
    net.eval()
    return to_numpy(net)


def stacked_token_cnn(texts: Sequence[str], y: np.ndarray, folds, seed: int = 0, log=print):
    """Out-of-fold outputs of the convolution (one model per fold), and the model refitted on all rows.

    Returns:
        (oof, model): an (n, 6) float32 array and the :class:`TokenCNN`.
    """
    ids = token_ids(texts)
    oof = np.zeros((len(ids), 6), dtype=np.float32)
    for a, b in folds:
        fold_model = train_token_cnn([ids[i] for i in a], np.asarray(y)[a], seed=seed)
        oof[b] = fold_model.predict_ids([ids[i] for i in b])
    model = train_token_cnn(ids, y, seed=seed)
    log(f"  holistic: token convolution ({model.filters} filters, {len(ids)} essays, 6 targets)")
    return oof, model
