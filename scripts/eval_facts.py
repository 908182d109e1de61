"""Measure the fact checker on essays with planted errors (manifest YAML).

A planted error counts as caught when an incorrect, imprecise or disputed
FactCheck overlaps its quote. A flag is a true positive when it overlaps a
planted error, else a false positive (listed, with whether it hit a
statement the manifest marks accurate).

Usage: python scripts/eval_facts.py [MANIFEST ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

PROBLEMS = {"incorrect", "imprecise", "disputed"}


def evaluate(manifests: list[Path], verbose: bool = True) -> dict:
    """Precision and recall of fact flags over the manifests' essays.

    Args:
        manifests: manifest files listing ``file`` and ``planted_errors``.
        verbose: print misses and false positives.

    Returns:
        Counts and the two rates.
    """
    from essaylens.api import analyze

    tp = fp = caught = planted = 0
    fp_accurate = 0
    for manifest in manifests:
        data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        for entry in data["essays"]:
            path = manifest.parent / entry["file"]
            report = analyze(path)
            text = report.text
            errs = [(text.find(e["quote"]), text.find(e["quote"]) + len(e["quote"]), e) for e in entry.get("planted_errors") or []]
            goods = [(text.find(a["quote"]), text.find(a["quote"]) + len(a["quote"])) for a in entry.get("accurate_statements") or []]
            flags = [f for f in report.facts if f.verdict in PROBLEMS]
            for s, e, err in errs:
                planted += 1
                if s >= 0 and any(f.start < e and s < f.end for f in flags):
                    caught += 1
                elif verbose:
                    print(f"MISS {entry['file']}: {err['quote']!r} ({err['type']})")
            for f in flags:
                if any(s >= 0 and f.start < e and s < f.end for s, e, _ in errs):
                    tp += 1
                else:
                    fp += 1
                    on_good = any(s >= 0 and f.start < e and s < f.end for s, e in goods)
                    fp_accurate += on_good
                    if verbose:
                        print(f"FP   {entry['file']}: {f.verdict} {f.rule} {text[f.start:f.end]!r}"
                              + (" [ACCURATE]" if on_good else ""))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = caught / planted if planted else 1.0
    return {"flags": tp + fp, "true_flags": tp, "false_flags": fp, "false_on_accurate": fp_accurate,
            "planted": planted, "caught": caught, "precision": round(precision, 3), "recall": round(recall, 3)}


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:]] or [Path("tests/data/essays/manifest.yaml"), Path("examples/manifest.yaml")]
    print(evaluate([p for p in paths if p.is_file()]))
