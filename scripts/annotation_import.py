"""Turn unit labels from ``annotation_batches.py`` into character spans.

Reads ``units.json`` and ``batch_*.labels`` (``ESSAY_ID<TAB>UNIT<TAB>TAG``,
BIO tags) from the batch folder and writes one JSON line per essay,
``{essay_id, batch, spans: [{type, start, end}]}``, to
``data/annotations/persuade_units.jsonl``. Only ids and offsets are written:
the essays stay in ``../shared/data``.

    python scripts/annotation_import.py --src /tmp/annot /tmp/annot2 /tmp/annot3
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

NAMES = {"Concluding": "Concluding Statement"}
OUT = Path(__file__).resolve().parents[1] / "data" / "annotations" / "persuade_units.jsonl"


def spans_of(tags: list[str], offsets: list[tuple[int, int]]) -> list[dict]:
    """BIO tags over units -> element spans (character offsets).

    ``I-X`` continues the element of the unit just before only when that
    unit is ``B-X`` or ``I-X``; otherwise it opens a new element.
    """
    spans: list[dict] = []
    prev = None
    for tag, (a, b) in zip(tags, offsets):
        if tag == "O":
            prev = None
            continue
        kind, typ = tag.split("-", 1)
        typ = NAMES.get(typ, typ)
        if kind == "I" and prev == typ:
            spans[-1]["end"] = b
        else:
            spans.append({"type": typ, "start": a, "end": b})
        prev = typ
    return spans


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", nargs="+", default=["/tmp/annot"], help="batch folders, one per round")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()
    rows = []
    for r, folder in enumerate(args.src):
        src = Path(folder)
        units = json.loads((src / "units.json").read_text())
        for path in sorted(src.glob("batch_*.labels")):
            tags: dict[str, list[tuple[int, str]]] = {}
            for line in path.read_text().splitlines():
                if line.strip():
                    eid, u, tag = line.split("\t")
                    tags.setdefault(eid, []).append((int(u), tag.strip()))
            for eid, seq in tags.items():
                seq.sort()
                if [u for u, _ in seq] != list(range(len(units[eid]))):
                    raise SystemExit(f"{path}: {eid} has {len(seq)} tags for {len(units[eid])} units")
                rows.append({"essay_id": eid, "batch": f"round{r + 1}/{path.stem}",
                             "spans": spans_of([t for _, t in seq], [tuple(o) for o in units[eid]])})
    rows.sort(key=lambda r: r["essay_id"])
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w") as fh:
        for r in rows:
            fh.write(json.dumps(r, sort_keys=True) + "\n")
    print(f"{len(rows)} essays -> {args.out}")


if __name__ == "__main__":
    main()
