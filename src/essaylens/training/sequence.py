"""Training of the unit-sequence GRU (:mod:`essaylens.discourse.sequence`) with PyTorch.

PyTorch is needed here only (``make train`` installs the CPU build); the
fitted weights are copied into numpy arrays. Recipe, chosen by the 5-fold
cross-validation in MODEL_CARD.md: standardised unit features -> dropout 0.1
-> linear 128 -> tanh-GELU -> dropout 0.3 -> bidirectional GRU (64 each
way) -> dropout 0.3 -> linear over [GRU states, projection] -> 8 classes;
AdamW (learning rate 2e-3, weight decay 0.01), batches of 16 essays,
20 epochs, cross-entropy weighted by each unit's sample weight. One thread
and a fixed seed, so a run is repeatable on one machine.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ..discourse.sequence import SequenceModel

EPOCHS = 20
HIDDEN = 64
PROJ = 128
DROPOUT = 0.3


def _net(d_in: int, n_out: int):
    import torch.nn as nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.inp = nn.Sequential(nn.Dropout(0.1), nn.Linear(d_in, PROJ), nn.GELU(approximate="tanh"),
                                     nn.Dropout(DROPOUT))
            self.gru = nn.GRU(PROJ, HIDDEN, batch_first=True, bidirectional=True)
            self.out = nn.Sequential(nn.Dropout(DROPOUT), nn.Linear(2 * HIDDEN + PROJ, n_out))

        def forward(self, x, lengths):
            import torch
            from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

            # Packed, so that padding never reaches the backward direction
            # (at run time each essay is one unpadded sequence).
            z = self.inp(x)
            packed = pack_padded_sequence(z, lengths, batch_first=True, enforce_sorted=False)
            g, _ = pad_packed_sequence(self.gru(packed)[0], batch_first=True, total_length=x.shape[1])
            return self.out(torch.cat([g, z], -1))

    return Net()


def to_numpy(net, mu: np.ndarray, sd: np.ndarray) -> SequenceModel:
    """The trained network's weights as a :class:`SequenceModel`."""
    g = net.gru
    t = lambda v: v.detach().cpu().numpy().astype(np.float32)  # noqa: E731
    w = {"mu": mu, "sd": sd, "proj_w": t(net.inp[1].weight), "proj_b": t(net.inp[1].bias),
         "out_w": t(net.out[1].weight), "out_b": t(net.out[1].bias)}
    torch_names = {"w_ih": "weight_ih_l0", "w_hh": "weight_hh_l0", "b_ih": "bias_ih_l0", "b_hh": "bias_hh_l0"}
    for side, suffix in (("fwd", ""), ("bwd", "_reverse")):
        for key, attr in torch_names.items():
            w[f"{side}_{key}"] = t(getattr(g, attr + suffix))
    return SequenceModel(w)


def train_sequence(Xs: Sequence[np.ndarray], ys: Sequence[np.ndarray], ws: Sequence[np.ndarray], n_labels: int,
                   seed: int = 0, epochs: int = EPOCHS) -> SequenceModel:
    """Fit the GRU on essays' unit features ``Xs``, labels ``ys`` and unit weights ``ws``.

    Essays whose units all weigh 0 are left out.
    """
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(1)
    keep = [i for i, w in enumerate(ws) if np.asarray(w).sum() > 0]
    Xs, ys, ws = [np.asarray(Xs[i], np.float32) for i in keep], [ys[i] for i in keep], [ws[i] for i in keep]
    allX = np.vstack(Xs)
    mu = allX.mean(0).astype(np.float32)
    sd = (allX.std(0) + 1e-6).astype(np.float32)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net = _net(allX.shape[1], n_labels)
    opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-2)
    for _ in range(epochs):
        net.train()
        order = rng.permutation(len(Xs))
        for i in range(0, len(order), 16):
            b = order[i:i + 16]
            L = max(len(ys[j]) for j in b)
            x = np.zeros((len(b), L, allX.shape[1]), np.float32)
            y = np.zeros((len(b), L), np.int64)
            w = np.zeros((len(b), L), np.float32)
            for k, j in enumerate(b):
                n = len(ys[j])
                x[k, :n] = (Xs[j] - mu) / sd
                y[k, :n] = ys[j]
                w[k, :n] = ws[j]
            logits = net(torch.from_numpy(x), torch.tensor([len(ys[j]) for j in b]))
            loss = F.cross_entropy(logits.reshape(-1, n_labels), torch.from_numpy(y).reshape(-1), reduction="none")
            wt = torch.from_numpy(w).reshape(-1)
            loss = (loss * wt).sum() / wt.sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
    net.eval()
    return to_numpy(net, mu, sd)
