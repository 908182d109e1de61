"""Derive ``annotate/ner_triggers.txt``: the lower-case words the entity recogniser tags.

``annotate.parse`` runs spaCy's entity recogniser only on sentences that might
hold an entity. Capitals and digits mark most of them; the rest are entities of
the numeric and temporal types written in lower case ("two years", "the
summer", "secondly"). This script runs the full pipeline over a fixed sample
of the training essays (every 8th PERSUADE essay and every CIC essay) and keeps
each lower-case, alphabetic, open-class word that ends an entity (its head:
"two" in "more than two", "summer" in "the summer"; a modifier such as "more"
never stands alone) at least ``--min-count`` times and in at least ``--min-share`` of its lower-case
occurrences (so "two" and "summer" count, but not "are" or "school", which sit
inside an entity only by accident). The file holds single words only, no essay
text.

Usage: python scripts/ner_triggers.py [--every 8] [--min-count 3] [--min-share 0.05]
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
OUT = REPO / "src" / "essaylens" / "annotate" / "ner_triggers.txt"
#: Closed-class tags: a determiner or preposition inside "the summer" triggers nothing.
CLOSED = {"DT", "IN", "CC", "TO", "POS", "PRP", "PRP$", "WDT", "WP", "WP$", "WRB", "EX", "MD", "PDT", "RP", "HYPH"}


def sample_texts(every: int) -> list[str]:
    texts = []
    with (DATA / "persuade_essays.jsonl").open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % every == 0:
                texts.append(json.loads(line)["text"])
    with (DATA / "cic_discourse.jsonl").open(encoding="utf-8") as fh:
        texts.extend(json.loads(line)["text"] for line in fh)
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--every", type=int, default=8)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--min-share", type=float, default=0.05)
    args = ap.parse_args()
    from essaylens.resources import SPACY_MODEL, spacy_nlp

    nlp = spacy_nlp()
    texts = sample_texts(args.every)
    counts: collections.Counter[str] = collections.Counter()
    seen: collections.Counter[str] = collections.Counter()
    labels: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for doc in nlp.pipe(texts, batch_size=32):
        seen.update(t.lower_ for t in doc if t.is_alpha and t.text == t.lower_)
        for ent in doc.ents:
            tok = ent[-1]  # the head word: "two" in "more than two", "summer" in "the summer"
            if tok.is_alpha and tok.text == tok.lower_ and tok.tag_ not in CLOSED:
                counts[tok.lower_] += 1
                labels[tok.lower_][ent.label_] += 1
    kept = sorted(w for w, c in counts.items() if c >= args.min_count and c / seen[w] >= args.min_share)
    lines = [
        f"# Lower-case words that {SPACY_MODEL}'s entity recogniser tags as an entity's last word,",
        f"# found in {len(texts)} training essays (every {args.every}th PERSUADE essay, all CIC),",
        f"# kept at {args.min_count}+ occurrences ending entities and {args.min_share:.0%}+ of all its",
        "# lower-case occurrences. Written by scripts/ner_triggers.py; do not edit by hand.",
        "# word  # main label, count",
    ]
    lines += [f"{w}  # {labels[w].most_common(1)[0][0]} {counts[w]}/{seen[w]}" for w in kept]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(kept)} words -> {OUT}")


if __name__ == "__main__":
    main()
