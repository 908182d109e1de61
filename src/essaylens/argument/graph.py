"""The argument graph: who supports whom, and what attacks what.

Nodes are the essay's units: the thesis, claims, analysis sentences, evidence,
counterclaims, rebuttals and the conclusion, each with the hypothesis it
argues. Edges follow the chain an examiner reads:

* evidence -> analysis (``supports``): the analysis sentence that interprets it;
* analysis -> analysis (``explains``): an analysis that extends the one before
  it over the same evidence ("This shows... This supports the idea...");
* analysis -> claim and claim -> thesis (``supports``, or ``attacks`` when the
  two argue opposite hypotheses);
* evidence no analysis interprets -> its paragraph's claim (``supports``);
* counterclaim -> thesis and rebuttal -> counterclaim (``attacks``);
* conclusion -> thesis (``supports``).
"""

from __future__ import annotations

from ..report.models import ArgumentEdge, ArgumentGraph, ArgumentNode, Stance
from .side import thesis_units

_NODE_TYPE = {
    "Position": ("thesis", "T"), "Claim": ("claim", "C"), "analysis": ("analysis", "A"),
    "Evidence": ("evidence", "E"), "Counterclaim": ("counterclaim", "X"), "Rebuttal": ("rebuttal", "R"),
    "Concluding Statement": ("conclusion", "K"),
}


def short_label(text: str, limit: int = 80) -> str:
    """One line of at most ``limit`` characters, cut at a word boundary.

    Args:
        text: the unit's text.
        limit: the longest label.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def _relation(a: str | None, b: str | None) -> str:
    return "attacks" if a and b and a != b else "supports"


def build_graph(essay, units, stance: Stance) -> ArgumentGraph:
    """Build the argument graph from scored units.

    Args:
        essay: the Essay (for its analysis links).
        units: the scored units from :func:`essaylens.argument.side.essay_stance`.
        stance: the essay's Stance.

    Returns:
        The ArgumentGraph, nodes in text order and edges sorted.
    """
    counters: dict[str, int] = {}
    nodes: list[ArgumentNode] = []
    by_span: dict[tuple[int, int], ArgumentNode] = {}
    theses_spans = {(u.start, u.end) for u in thesis_units(units)}
    for u in units:
        kind, prefix = _NODE_TYPE.get(u.type, ("claim", "C"))
        if (u.start, u.end) in theses_spans:
            kind, prefix = "thesis", "T"
        elif u.type == "Lead":
            continue
        counters[prefix] = counters.get(prefix, 0) + 1
        node = ArgumentNode(id=f"{prefix}{counters[prefix]}", type=kind, start=u.start, end=u.end,
                            label=short_label(u.text), hypothesis=u.hypothesis)
        nodes.append(node)
        by_span[(u.start, u.end)] = node
    theses = [n for n in nodes if n.type == "thesis"]
    thesis = theses[0] if theses else None
    side = stance.essay.hypothesis
    edges: set[tuple[str, str, str]] = set()

    def para_of(n: ArgumentNode) -> int:
        return next(u.paragraph for u in units if (u.start, u.end) == (n.start, n.end))

    def claim_for(n: ArgumentNode) -> ArgumentNode | None:
        p = para_of(n)
        earlier = [c for c in nodes if c.type == "claim" and para_of(c) == p and c.start <= n.start]
        return earlier[0] if earlier else None

    links = essay.get("analysis_links", []) or []
    interpreted: set[str] = set()
    for i, link in enumerate(links):
        a = by_span.get((link.start, link.end))
        if a is None:
            continue
        for ev in link.evidence:
            for n in nodes:
                if n.type == "evidence" and n.start < ev.end and ev.start < n.end:
                    edges.add((n.id, a.id, "supports"))
                    interpreted.add(n.id)
        prev = links[i - 1] if i else None
        prev_node = by_span.get((prev.start, prev.end)) if prev else None
        same_evidence = prev is not None and [(e.start, e.end) for e in prev.evidence] == [(e.start, e.end) for e in link.evidence]
        if prev_node is not None and same_evidence and link.evidence:
            edges.add((prev_node.id, a.id, "explains"))
    for n in nodes:
        if n.type == "analysis" and not any(s == n.id and r != "explains" for s, _, r in edges):
            target = claim_for(n) or thesis
            if target is not None:
                edges.add((n.id, target.id, _relation(n.hypothesis, target.hypothesis or side)))
        elif n.type == "evidence" and n.id not in interpreted:
            target = claim_for(n) or thesis
            if target is not None:
                edges.add((n.id, target.id, _relation(n.hypothesis, target.hypothesis or side)))
        elif n.type == "claim" and thesis is not None:
            edges.add((n.id, thesis.id, _relation(n.hypothesis, thesis.hypothesis or side)))
        elif n.type == "counterclaim" and thesis is not None:
            edges.add((n.id, thesis.id, "attacks"))
        elif n.type == "conclusion" and thesis is not None:
            edges.add((n.id, thesis.id, "supports"))
        elif n.type == "rebuttal":
            earlier = [c for c in nodes if c.type == "counterclaim" and c.start < n.start]
            if earlier:
                edges.add((n.id, earlier[-1].id, "attacks"))
            elif thesis is not None:
                edges.add((n.id, thesis.id, "supports"))
    order = {n.id: i for i, n in enumerate(nodes)}
    return ArgumentGraph(
        nodes=nodes,
        edges=[ArgumentEdge(source=s, target=t, relation=r)
               for s, t, r in sorted(edges, key=lambda e: (order[e[0]], order[e[1]], e[2]))],
    )
