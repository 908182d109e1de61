"""The two sentence encoders behind :func:`essaylens.embed.encode`.

* :class:`StaticEncoder`: a model2vec static model distilled from
  all-MiniLM-L6-v2 (256 dims, float16 table). Tens of thousands of sentences
  per second on one core; the default for features in bulk.
* :class:`OnnxEncoder`: all-MiniLM-L6-v2 exported to int8 ONNX with mean
  pooling inside the graph (384 dims), run with onnxruntime and the
  ``tokenizers`` library; the precise path.

Both load from folders shipped in the package (``embed/models``) and never
touch a model hub. Each returns L2-normalised float32 rows.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path

import numpy as np

from ..errors import Messages, PipelineError

MODELS_DIR = Path(__file__).resolve().parent / "models"
STATIC_DIR = MODELS_DIR / "m2v-minilm-256"
ONNX_DIR = MODELS_DIR / "minilm-int8"
#: Tokens per sentence for the ONNX model (MiniLM was trained on 256 at most).
MAX_TOKENS = 256


def _normalise(rows: np.ndarray) -> np.ndarray:
    rows = np.asarray(rows, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.maximum(norms, 1e-12)


def _require(path: Path) -> None:
    if not path.exists():
        raise PipelineError(Messages.E300.format(path=path))


class StaticEncoder:
    """model2vec static embeddings (fast path).

    Args:
        path: folder of the static model.
    """

    #: Rows kept for texts seen lately: the stages of one essay embed the same
    #: sentences (pack choice, discourse, holistic), so each is encoded once.
    cache_size = 4096

    def __init__(self, path: Path = STATIC_DIR):
        self.path = path
        self.model_ = None
        self._rows: OrderedDict[str, np.ndarray] = OrderedDict()

    def _load(self):
        if self.model_ is None:
            _require(self.path / "model.safetensors")
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            from model2vec import StaticModel

            self.model_ = StaticModel.from_pretrained(str(self.path), force_download=False)
        return self.model_

    @property
    def dim(self) -> int:
        """Width of a row."""
        return int(self._load().dim)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Rows for ``texts``.

        Args:
            texts: sentences or short passages.

        Returns:
            float32 array, one L2-normalised row per text.
        """
        model = self._load()
        texts = list(texts)
        if not texts:
            return np.zeros((0, model.dim), dtype=np.float32)
        rows = self._rows
        missing = [t for t in dict.fromkeys(texts) if t not in rows]
        found = {t: rows[t] for t in texts if t in rows}
        if missing:
            fresh = _normalise(model.encode(missing, show_progress_bar=False, use_multiprocessing=False))
            for t, row in zip(missing, fresh):
                found[t] = row.copy()
        for t, row in found.items():
            rows[t] = row
            rows.move_to_end(t)
        while len(rows) > self.cache_size:
            rows.popitem(last=False)
        return np.stack([found[t] for t in texts])


class OnnxEncoder:
    """int8 ONNX MiniLM (precise path).

    Args:
        path: folder holding ``model.onnx`` and ``tokenizer.json``.
        threads: onnxruntime intra-op threads (the laptops are small).
        batch_size: sentences per forward pass.
    """

    def __init__(self, path: Path = ONNX_DIR, threads: int = 2, batch_size: int = 32):
        self.path = path
        self.threads = threads
        self.batch_size = batch_size
        self.session_ = None
        self.tokenizer_ = None

    def _load(self):
        if self.session_ is None:
            _require(self.path / "model.onnx")
            import onnxruntime as ort
            from tokenizers import Tokenizer

            opts = ort.SessionOptions()
            opts.intra_op_num_threads = self.threads
            opts.inter_op_num_threads = 1
            self.session_ = ort.InferenceSession(str(self.path / "model.onnx"), opts,
                                                 providers=["CPUExecutionProvider"])
            tok = Tokenizer.from_file(str(self.path / "tokenizer.json"))
            tok.enable_truncation(MAX_TOKENS)
            tok.enable_padding(pad_id=0, pad_token="[PAD]")
            self.tokenizer_ = tok
        return self.session_, self.tokenizer_

    dim = 384

    def encode(self, texts: list[str]) -> np.ndarray:
        """Rows for ``texts`` (see :meth:`StaticEncoder.encode`)."""
        session, tok = self._load()
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        # Sorting by length keeps padding (and time) low; rows go back in order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for lo in range(0, len(order), self.batch_size):
            idx = order[lo:lo + self.batch_size]
            batch = tok.encode_batch([texts[i] for i in idx])
            feeds = {
                "input_ids": np.array([b.ids for b in batch], dtype=np.int64),
                "attention_mask": np.array([b.attention_mask for b in batch], dtype=np.int64),
                "token_type_ids": np.array([b.type_ids for b in batch], dtype=np.int64),
            }
            out[idx] = session.run(None, feeds)[0]
        return _normalise(out)
