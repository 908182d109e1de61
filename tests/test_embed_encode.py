"""Tests for essaylens.embed: shapes, normalisation, determinism, no torch."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from essaylens.embed import encode
from essaylens.embed.encoders import ONNX_DIR, STATIC_DIR

SENTENCES = [
    "The Bolsheviks planned the seizure of power in advance.",
    "Lenin's party organised an armed rising in the capital.",
    "Students should be allowed to keep their phones at school.",
]


@pytest.mark.parametrize("precise,width", [(False, 256), (True, 384)])
def test_embed_rows_are_unit_float32(precise, width):
    rows = encode(SENTENCES, precise=precise)
    assert rows.shape == (3, width)
    assert rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-4)


@pytest.mark.parametrize("precise", [False, True])
def test_embed_related_sentences_are_closer(precise):
    rows = encode(SENTENCES, precise=precise)
    sims = rows @ rows.T
    assert sims[0, 1] > sims[0, 2]


@pytest.mark.parametrize("precise", [False, True])
def test_embed_is_deterministic(precise):
    assert np.array_equal(encode(SENTENCES, precise=precise), encode(SENTENCES, precise=precise))


def test_embed_empty_list():
    assert encode([]).shape[0] == 0


def test_embed_needs_no_torch():
    # In a fresh interpreter: other tests (the training ones) may import torch in this one.
    import subprocess

    code = "import sys; from essaylens.embed import encode; encode(['A sentence.']); print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"


def test_embed_artefacts_are_small():
    sizes = [p.stat().st_size for d in (ONNX_DIR, STATIC_DIR) for p in d.iterdir()]
    assert max(sizes) < 30 * 2**20
    assert sum(sizes) < 60 * 2**20


def test_static_row_cache_gives_the_rows_of_a_fresh_encode():
    from essaylens.embed import static_encoder
    from essaylens.embed.encoders import _normalise

    enc = static_encoder()
    texts = SENTENCES + [SENTENCES[0], "", "A new sentence, never seen before, about the Duma."]
    fresh = _normalise(enc._load().encode(texts, show_progress_bar=False, use_multiprocessing=False))
    first = encode(texts)            # fills the cache
    again = encode(list(reversed(texts)))[::-1]   # served from it
    singly = np.vstack([encode([t]) for t in texts])
    assert np.array_equal(first, fresh) and np.array_equal(again, fresh) and np.array_equal(singly, fresh)


def test_static_row_cache_is_bounded(monkeypatch):
    from essaylens.embed import static_encoder

    enc = static_encoder()
    monkeypatch.setattr(enc, "cache_size", 5)
    rows = encode([f"sentence number {i}" for i in range(12)])
    assert rows.shape[0] == 12 and len(enc._rows) == 5
