"""Write PERSUADE essays as numbered units for hand annotation.

The discourse segmenter classifies *units* (sentences, cut into clauses
before contrastive connectives; ``discourse.features.make_units``). This
script picks a seeded sample of unscored PERSUADE essays, cuts them into the
run-time units and writes them, numbered, to text files that an annotator
labels unit by unit in BIO form (``B-Claim``, ``I-Evidence``, ``O``...).
``scripts/annotation_import.py`` turns the labels back into character spans.

Nothing written here goes into the repository: the batch files hold essay
text and live under the output folder (``/tmp/annot`` by default).

    python scripts/annotation_batches.py --n 160 --batches 8 --out /tmp/annot
    python scripts/annotation_batches.py --skip 160 --n 200 --batches 8 --out /tmp/annot2
    python scripts/annotation_batches.py --skip 360 --n 200 --batches 8 --out /tmp/annot3
"""

from __future__ import annotations

import argparse
import json
import zlib
from pathlib import Path

from essaylens.discourse.features import make_units
from essaylens.training.corpus import parse, read_persuade, read_scores


def sample_ids(texts: dict[str, str], n: int, salt: str = "annotate-2026", min_words: int = 120,
               max_words: int = 700) -> list[str]:
    """``n`` unscored PERSUADE ids of ``texts``, in a fixed pseudo-random order."""
    scored = {r["essay_id"] for r in read_scores()}
    pool = [i for i in texts if i not in scored and min_words <= len(texts[i].split()) <= max_words]
    pool.sort(key=lambda i: (zlib.crc32(f"{salt}:{i}".encode()), i))
    return pool[:n]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=160)
    ap.add_argument("--batches", type=int, default=8)
    ap.add_argument("--skip", type=int, default=0, help="leave out the first SKIP ids of the sample (earlier rounds)")
    ap.add_argument("--out", default="/tmp/annot")
    args = ap.parse_args()
    texts = read_persuade()
    ids = sample_ids(texts, args.skip + args.n)[args.skip:]
    parsed = parse([(i, texts[i]) for i in ids], f"annot_{args.skip}_{len(ids)}", None)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    index = {}
    for b in range(args.batches):
        chunk = parsed[b::args.batches]
        lines = []
        for p in chunk:
            units = make_units(p.text, p.paragraphs, p.sentences)
            index[p.essay_id] = [(u.start, u.end) for u in units]
            lines.append(f"=== ESSAY {p.essay_id}")
            par = -1
            for k, u in enumerate(units):
                if u.paragraph != par:
                    par = u.paragraph
                    lines.append(f"--- paragraph {par + 1}")
                lines.append(f"[{k}] {p.text[u.start:u.end]}")
            lines.append("")
        (out / f"batch_{b}.txt").write_text("\n".join(lines))
    (out / "units.json").write_text(json.dumps(index))
    print(f"{len(parsed)} essays in {args.batches} batches under {out}")


if __name__ == "__main__":
    main()
