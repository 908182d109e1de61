"""Export an argument graph as Argdown, Graphviz DOT, Mermaid or JSON.

All four are plain text, built from the Report's ``argument`` field only, so
they can be written for any saved report. Output is deterministic: nodes and
edges keep the graph's order.
"""

from __future__ import annotations

import json

from ..errors import Messages, UsageError
from ..report.models import ArgumentGraph

FORMATS = ("argdown", "dot", "mermaid", "json")

_ARGDOWN_REL = {"supports": "+", "attacks": "-", "explains": "+"}
_DOT_STYLE = {"supports": 'color="#2e7d32"', "attacks": 'color="#c62828", style=dashed', "explains": 'color="#1565c0", style=dotted'}
_MERMAID_ARROW = {"supports": "-->|supports|", "attacks": "-.->|attacks|", "explains": "-->|explains|"}


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def to_argdown(graph: ArgumentGraph, hypotheses: dict[str, str] | None = None) -> str:
    """Argdown: each node a statement, each edge a ``+``/``-`` relation line.

    Args:
        graph: the argument graph.
        hypotheses: optional hypothesis id -> label, to name each side.
    """
    hypotheses = hypotheses or {}
    lines = ["// Argument map exported by EssayLens", ""]
    for n in graph.nodes:
        side = f" #({hypotheses.get(n.hypothesis, n.hypothesis)})" if n.hypothesis else ""
        lines.append(f"[{n.id}]: {n.label} #{n.type}{side}")
    lines.append("")
    for e in graph.edges:
        rel = _ARGDOWN_REL[e.relation]
        note = " // explains" if e.relation == "explains" else ""
        lines.append(f"[{e.target}]")
        lines.append(f"  <{rel} [{e.source}]{note}")
    return "\n".join(lines).rstrip() + "\n"


def to_dot(graph: ArgumentGraph) -> str:
    """Graphviz DOT: boxes for nodes (shaped by type), coloured edges.

    Args:
        graph: the argument graph.
    """
    shapes = {"thesis": "doubleoctagon", "claim": "box", "evidence": "note", "analysis": "ellipse",
              "counterclaim": "box", "rebuttal": "box", "conclusion": "doubleoctagon"}
    lines = ["digraph argument {", "  rankdir=BT;", '  node [fontname="Helvetica", fontsize=10];']
    for n in graph.nodes:
        side = f"\\n({n.hypothesis})" if n.hypothesis else ""
        lines.append(f'  {n.id} [label="{n.id} {n.type}: {_quote(n.label)}{side}", shape={shapes.get(n.type, "box")}];')
    for e in graph.edges:
        lines.append(f'  {e.source} -> {e.target} [label="{e.relation}", {_DOT_STYLE[e.relation]}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(graph: ArgumentGraph) -> str:
    """Mermaid flowchart text.

    Args:
        graph: the argument graph.
    """
    lines = ["flowchart BT"]
    for n in graph.nodes:
        label = n.label.replace('"', "'").replace("[", "(").replace("]", ")")
        lines.append(f'  {n.id}["{n.id} {n.type}: {label}"]')
    for e in graph.edges:
        lines.append(f"  {e.source} {_MERMAID_ARROW[e.relation]} {e.target}")
    return "\n".join(lines) + "\n"


def to_json(graph: ArgumentGraph) -> str:
    """JSON of the graph (the Report's ``argument`` field), sorted keys.

    Args:
        graph: the argument graph.
    """
    return json.dumps(graph.model_dump(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def export(graph: ArgumentGraph, fmt: str, hypotheses: dict[str, str] | None = None) -> str:
    """Export ``graph`` in ``fmt``.

    Args:
        graph: the argument graph.
        fmt: one of :data:`FORMATS`.
        hypotheses: hypothesis id -> label (Argdown tags).

    Raises:
        UsageError: E203 for an unknown format.
    """
    if fmt == "argdown":
        return to_argdown(graph, hypotheses)
    if fmt == "dot":
        return to_dot(graph)
    if fmt == "mermaid":
        return to_mermaid(graph)
    if fmt == "json":
        return to_json(graph)
    raise UsageError(Messages.E203.format(fmt=fmt, known=", ".join(FORMATS)))
