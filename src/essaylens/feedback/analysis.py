"""Comments on analysis and evidence: repetition, unexplained evidence, praise."""

from __future__ import annotations

import re
from collections import Counter

from ..report.models import Comment
from .comments import PRIORITY, quote


def analysis_comments(report) -> list[Comment]:
    """Repeated analysis openers, and analysis that never names the question's terms."""
    out = []
    links = report.analysis_links
    openers = Counter(" ".join(report.text[a.start:a.end].split()[:2]).lower() for a in links)
    for opener, n in sorted(openers.items()):
        if n >= 3:
            hits = [a for a in links if " ".join(report.text[a.start:a.end].split()[:2]).lower() == opener]
            a = hits[2]
            out.append(Comment(
                kind="analysis", severity="low", start=a.start, end=a.end,
                message=f'You open {n} sentences with "{opener.capitalize()}". The habit of explaining is good, but the '
                        "repetition makes the analysis sound mechanical.",
                suggestion='Vary it, and go one step further: say why it matters for the question, e.g. "Because only '
                           'the leaders decided, this points to..."',
                priority=PRIORITY["analysis"] - 5))
    by_span = {(u.start, u.end): u for u in report.stance.units}
    weak = re.compile(r"\bmust have (?:been|had|known|planned)\b", re.I)
    for i, a in enumerate(links):
        text = report.text[a.start:a.end]
        u = by_span.get((a.start, a.end))
        if weak.search(text) and u is not None:
            out.append(Comment(
                kind="analysis", severity="medium", start=a.start, end=a.end,
                message=f'"{quote(text, 80)}" is a guess rather than an argument: the evidence before it does not show this on its own.',
                suggestion="Say exactly what in the evidence shows it, or state the point more carefully (\"suggests\", \"may\").",
                priority=PRIORITY["analysis"] - i * 0.01))
    return out


def evidence_comments(report) -> list[Comment]:
    """Evidence spans no analysis sentence interprets."""
    out = []
    # Evidence an analysis sentence interprets, and the analysis sentences
    # themselves (reasoning inside an evidence span is not unexplained).
    interpreted = {(e.start, e.end) for a in report.analysis_links for e in a.evidence}
    interpreted |= {(a.start, a.end) for a in report.analysis_links}
    # An introduction (a first paragraph that opens the essay with a Lead or its
    # thesis) sets the scene: its facts are not evidence waiting to be explained.
    intro = len(report.paragraphs) > 1 and any(d.paragraph == 0 and d.type in {"Lead", "Position"}
                                               for d in report.discourse)
    sided = bool(report.question and report.question.hypotheses)
    suggestion = ("Add a sentence explaining which side this evidence supports, and why." if sided else
                  "Add a sentence explaining what this evidence shows about the question, and why it matters.")
    evidence = [d for d in report.discourse if d.type == "Evidence" and not (intro and d.paragraph == 0)]
    for i, d in enumerate(evidence):
        covered = any(s <= d.start < e or d.start <= s < d.end for s, e in interpreted)
        if covered:
            continue
        text = report.text[d.start:d.end]
        out.append(Comment(
            kind="evidence", severity="medium", start=d.start, end=d.end,
            message=f'You describe "{quote(text, 70)}" but do not say what it shows about the question.',
            suggestion=suggestion, priority=PRIORITY["evidence"] - i * 0.01))
    return out


def flagged_spans(report) -> list[tuple[int, int]]:
    """Spans of facts flagged incorrect, imprecise or disputed (never to be praised).

    Args:
        report: the report (facts).
    """
    return [(f.start, f.end) for f in report.facts if f.verdict in {"incorrect", "imprecise", "disputed"}]


def _clean(start: int, end: int, flagged: list[tuple[int, int]]) -> bool:
    return not any(s < end and start < e for s, e in flagged)


def praise_comments(report) -> list[Comment]:
    """What the essay does well, named specifically.

    A span that overlaps a flagged fact is never praised (nor quoted as
    praised evidence): another span is chosen, or the praise is dropped.
    """
    out = []
    flagged = flagged_spans(report)
    labels = {h.id: h.label for h in report.question.hypotheses}
    by_span = {(u.start, u.end): u for u in report.stance.units}
    best = None
    for a in report.analysis_links:
        u = by_span.get((a.start, a.end))
        clean_ev = [e for e in a.evidence if _clean(e.start, e.end, flagged)]
        if (u is not None and u.hypothesis and clean_ev and _clean(a.start, a.end, flagged)
                and (best is None or u.confidence > best[1].confidence)):
            best = (a, u, clean_ev[0])
    if best is not None:
        a, u, e = best
        ev = report.text[e.start:e.end]
        out.append(Comment(
            kind="praise", severity="praise", start=a.start, end=a.end,
            message=f'Good: you link the evidence ("{quote(ev, 60)}") to the question, arguing it points to '
                    f'"{labels.get(u.hypothesis, u.hypothesis).lower()}".', priority=PRIORITY["praise"] + 1))
    ap = next((m for m in report.marks if m.scheme == "ap-leq"), None)
    ctx = next((c for c in ap.criteria if c.id == "contextualization"), None) if ap else None
    ctx_spans = [s for s in (ctx.spans if ctx is not None and ctx.points > 0 else []) if _clean(s.start, s.end, flagged)]
    if ctx_spans:
        s = ctx_spans[0]
        out.append(Comment(kind="praise", severity="praise", start=s.start, end=s.end,
                           message=f'Good context: you set the scene with "{quote(report.text[s.start:s.end], 60)}".',
                           priority=PRIORITY["praise"]))
    return out
