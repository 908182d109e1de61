"""Counter-evidence: what the pack knows for the side the essay neglects.

For each hypothesis the essay does not argue (or argues with less evidence),
the pack's evidence items tagged with it are offered, strongest first, with
the historians who argue that case and the sources. Items the essay already
uses are skipped: an item counts as used when its meaning is close to one of
the essay's sentences, or when most of its keywords appear in the essay.
"""

from __future__ import annotations

import numpy as np

from ..report.models import Stance, Suggestion
from .meaning import content_stems, encode, fold
from .stance import _pack_hypothesis

#: Cosine similarity at which an essay sentence counts as using an item. Static
#: embeddings score any two sentences on one topic around 0.6-0.7, so only a
#: near-paraphrase counts by meaning alone.
USED_SIMILARITY = 0.8
#: Share of an item's keywords the essay must contain to count as using it.
USED_KEYWORDS = 0.6
#: The most suggestions offered per neglected hypothesis.
PER_HYPOTHESIS = 12


def _sources(pack, refs) -> list[str]:
    """Readable source strings for an item's source references."""
    table = {}
    for s in getattr(pack.pack, "sources", []) or []:
        sid = getattr(s, "id", None)
        if sid:
            parts = [getattr(s, a, None) for a in ("author", "title", "year")]
            table[sid] = ", ".join(str(p) for p in parts if p) or sid
    out = []
    for r in refs or []:
        key = r if isinstance(r, str) else getattr(r, "id", None) or str(r)
        out.append(table.get(key, key))
    return out


def _historians(pack, item, pack_hid: str, qid: str | None) -> list[str]:
    names = [h if isinstance(h, str) else getattr(h, "name", str(h)) for h in getattr(item, "historians", []) or []]
    if names:
        return names
    for school in getattr(pack.pack, "historiography", []) or []:
        if any(s.hypothesis == pack_hid and (qid is None or s.question == qid) for s in school.supports):
            names.extend(h.name for h in school.historians)
    return sorted(dict.fromkeys(names))


def neglected_hypotheses(stance: Stance) -> list[str]:
    """Hypotheses the essay argues less: all but its side, or the thinner sides.

    Args:
        stance: the essay's Stance.
    """
    hids = sorted(stance.balance) or sorted({h for u in stance.units for h in u.scores})
    side = stance.essay.hypothesis
    if side:
        return [h for h in hids if h != side]
    most = max((stance.balance.get(h, 0) for h in hids), default=0)
    return [h for h in hids if stance.balance.get(h, 0) < most]


def suggest_counter_evidence(essay, stance: Stance, units=None) -> list[Suggestion]:
    """Pack evidence for the neglected side(s) that the essay does not use.

    Args:
        essay: the Essay (question, pack and sentences layers).
        stance: its Stance.
        units: unused; accepted so the stage can pass the scored units.

    Returns:
        Suggestions, by hypothesis then strength.
    """
    pack = essay.get("pack")
    question = essay.get("question")
    if pack is None or question is None:
        return []
    hmap = dict(getattr(pack, "hypothesis_map", {}) or {})
    qid = getattr(getattr(pack, "question", None), "id", None)
    body = [essay.text[s.start:s.end] for s in essay.get("sentences", []) if s.start >= essay.body_start]
    essay_stems = set(content_stems(" ".join(body)))
    sent_vecs = encode(body) if body else None
    out: list[Suggestion] = []
    for hid in neglected_hypotheses(stance):
        ph = _pack_hypothesis(pack, hmap.get(hid))
        if ph is None:
            continue
        items = []
        for item in pack.pack.evidence:
            strength = max((float(s.strength) for s in item.supports
                            if s.hypothesis == ph.id and (qid is None or s.question == qid)), default=None)
            if strength is not None:
                items.append((strength, item))
        if not items:
            continue
        vecs = encode([it.text for _, it in items])
        for (strength, item), vec in sorted(zip(items, vecs), key=lambda p: (-p[0][0], p[0][1].id)):
            if sent_vecs is not None and float(np.max(sent_vecs @ vec)) >= USED_SIMILARITY:
                continue
            keys = [set(content_stems(fold(k))) for k in getattr(item, "keywords", []) or []]
            keys = [k for k in keys if k]
            if len(keys) >= 2 and sum(k <= essay_stems for k in keys) / len(keys) >= USED_KEYWORDS:
                continue
            out.append(Suggestion(hypothesis=hid, text=item.text, strength=round(strength, 3),
                                  historians=_historians(pack, item, ph.id, qid), sources=_sources(pack, item.sources)))
            if sum(1 for s in out if s.hypothesis == hid) >= PER_HYPOTHESIS:
                break
    return out
