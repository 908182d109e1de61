"""Balance of evidence: how many distinct pieces of evidence back each side.

A discourse model may merge a run of evidence into one long span, or split it
sentence by sentence; either way the balance counts evidence *sentences*, so
the figure does not depend on how the spans were cut. The evidence sentences
are the body sentences that lie mostly inside an Evidence element, plus the
sentences an analysis sentence cites as its evidence (analysis sentences
themselves are not evidence).

Each sentence takes a side in this order: its own wording and meaning when
they are clear; else the side of the analysis sentence that interprets it (or, when no
link names it, the next analysis sentence of its paragraph);
else the side of the Evidence element holding it; else its paragraph's claim.
A sentence none of these place counts for no side.
"""

from __future__ import annotations

from dataclasses import dataclass

from .stance import StanceScorer, leading

#: Share of a sentence that must lie inside an Evidence element to count.
INSIDE = 0.5
#: Least confidence at which a sentence's own stance decides its side.
OWN_CONFIDENCE = 0.35


@dataclass
class EvidencePiece:
    """One evidence sentence and the side it backs."""

    start: int
    end: int
    hypothesis: str | None
    source: str  # "own", "analysis", "element", "claim" or "none"


def evidence_sentences(essay) -> list[tuple[int, int]]:
    """Spans of the essay's evidence sentences, in text order.

    Args:
        essay: an Essay with sentences, discourse and analysis_links layers.
    """
    sentences = [s for s in essay.get("sentences", []) or [] if s.start >= essay.body_start]
    elements = [d for d in essay.get("discourse", []) or [] if d.type == "Evidence"]
    links = essay.get("analysis_links", []) or []
    analysis = {(a.start, a.end) for a in links}
    out: set[tuple[int, int]] = set()
    for s in sentences:
        if (s.start, s.end) in analysis or s.end <= s.start:
            continue
        inside = sum(max(0, min(s.end, d.end) - max(s.start, d.start)) for d in elements)
        cited = any(e.start < s.end and s.start < e.end for a in links for e in a.evidence)
        if inside >= INSIDE * (s.end - s.start) or cited:
            out.add((s.start, s.end))
    return sorted(out)


def evidence_pieces(essay, units, scorer: StanceScorer | None) -> list[EvidencePiece]:
    """Each evidence sentence with the side it backs.

    Args:
        essay: the Essay.
        units: the scored argument units (:class:`essaylens.argument.side.Unit`).
        scorer: the stance scorer built for this essay's hypotheses, or None.

    Returns:
        One piece per evidence sentence, in text order.
    """
    spans = evidence_sentences(essay)
    if not spans:
        return []
    text = essay.text
    own = scorer.score([text[a:b] for a, b in spans], [a for a, _ in spans]) if scorer is not None else [None] * len(spans)
    links = essay.get("analysis_links", []) or []
    by_span = {(u.start, u.end): u for u in units}
    pars = essay.get("paragraphs", []) or []
    claims: dict[int, str] = {}
    for u in units:
        if u.type in {"Claim", "Position"} and u.hypothesis and u.paragraph not in claims:
            claims[u.paragraph] = u.hypothesis
    out = []
    for (a, b), score in zip(spans, own):
        side, source = None, "none"
        if score is not None and score.confidence >= OWN_CONFIDENCE and not score.framed:
            side = leading(score.scores)
            source = "own" if side else source
        if side is None:
            for link in links:
                u = by_span.get((link.start, link.end))
                if u is not None and u.hypothesis and any(e.start < b and a < e.end for e in link.evidence):
                    side, source = u.hypothesis, "analysis"
                    break
        if side is None:  # the analysis that closes its run of evidence in the paragraph
            p = next((i for i, par in enumerate(pars) if par.start <= a < par.end), None)
            after = [u for u in units if u.type == "analysis" and u.start >= b and u.hypothesis
                     and p is not None and pars[p].start <= u.start < pars[p].end]
            if after:
                side, source = after[0].hypothesis, "analysis"
        if side is None:
            holder = next((u for u in units if u.type == "Evidence" and u.start < b and a < u.end and u.hypothesis), None)
            if holder is not None:
                side, source = holder.hypothesis, "element"
        if side is None:
            p = next((i for i, par in enumerate(pars) if par.start <= a < par.end), None)
            if p in claims:
                side, source = claims[p], "claim"
        out.append(EvidencePiece(a, b, side, source))
    return out


def evidence_balance(pieces: list[EvidencePiece], hids: list[str]) -> dict[str, int]:
    """Evidence sentences per hypothesis.

    Args:
        pieces: from :func:`evidence_pieces`.
        hids: the hypothesis ids, all of which get a count.
    """
    return {h: sum(1 for p in pieces if p.hypothesis == h) for h in hids}
