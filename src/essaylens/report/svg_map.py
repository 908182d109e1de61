"""Inline SVG pictures for the HTML report: the argument map and the balance chart.

The argument map is a layered drawing read left to right, the way an argument
is built: evidence -> analysis -> claims -> thesis. Nodes within a layer are
ordered by a few barycentre sweeps (a standard Sugiyama-style heuristic) so
that edges cross as little as possible, then stacked and centred. Each node
names its type in words and shows its side three ways: a badge shape, the
side's letter, and a colour. Edge kinds differ by line pattern and end marker
(supports: solid arrow; attacks: dashed line ending in a bar; explains: dotted
line with an open arrow), so nothing depends on colour alone.

Output is deterministic: every ordering falls back to text offsets and ids.
"""

from __future__ import annotations

from markupsafe import escape

from .models import ArgumentGraph, ArgumentNode, Report
from .view import Side, short, side_of, sides

COLUMNS = [
    ("Evidence", {"evidence"}),
    ("Analysis", {"analysis"}),
    ("Claims", {"claim", "counterclaim", "rebuttal"}),
    ("Thesis & conclusion", {"thesis", "position", "conclusion", "concluding statement"}),
]
NODE_W, GAP_X, GAP_Y, PAD = 220, 78, 14, 16
LINE_H, CHARS = 15, 31
EDGE_LOOK = {
    "supports": ("#27303b", "", "arrow"),
    "attacks": ("#a61b1b", "7 4", "bar"),
    "explains": ("#6b5200", "2 3", "open"),
}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def _column(node: ArgumentNode) -> int:
    kind = node.type.lower()
    for i, (_, kinds) in enumerate(COLUMNS):
        if kind in kinds:
            return i
    return 2


def _wrap(text: str, width: int = CHARS, lines: int = 4) -> list[str]:
    words, out, cur = short(text, width * lines).split(), [], ""
    for word in words:
        while len(word) > width:
            word = word[:width - 1] + "…"
        if cur and len(cur) + 1 + len(word) > width:
            out.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}".strip()
    if cur:
        out.append(cur)
    return out[:lines] or [""]


def _order(graph: ArgumentGraph, cols: list[list[ArgumentNode]]) -> list[list[ArgumentNode]]:
    """Reorder each layer by the mean position of its neighbours (4 sweeps)."""
    nbrs: dict[str, set[str]] = {n.id: set() for n in graph.nodes}
    for e in graph.edges:
        if e.source in nbrs and e.target in nbrs:
            nbrs[e.source].add(e.target)
            nbrs[e.target].add(e.source)
    for sweep in range(4):
        rng = range(1, len(cols)) if sweep % 2 == 0 else range(len(cols) - 2, -1, -1)
        for c in rng:
            ref = cols[c - 1] if sweep % 2 == 0 else cols[c + 1]
            pos = {n.id: i for i, n in enumerate(ref)}
            keyed = []
            for i, node in enumerate(cols[c]):
                near = sorted(pos[m] for m in nbrs[node.id] if m in pos)
                key = sum(near) / len(near) if near else float(i)
                keyed.append((key, node.start, node.id, node))
            cols[c] = [k[-1] for k in sorted(keyed, key=lambda k: k[:3])]
    return cols


def _badge(side: Side, x: float, y: float) -> str:
    """The side's shape with its letter, centred on (x, y)."""
    c, r = side.colour, 9
    if side.shape == "circle":
        shape = f'<circle cx="{x}" cy="{y}" r="{r}" fill="{c}"/>'
    elif side.shape == "square":
        shape = f'<rect x="{x - r}" y="{y - r}" width="{2 * r}" height="{2 * r}" fill="{c}"/>'
    elif side.shape == "diamond":
        shape = f'<polygon points="{x},{y - r - 2} {x + r + 2},{y} {x},{y + r + 2} {x - r - 2},{y}" fill="{c}"/>'
    elif side.shape == "triangle":
        shape = f'<polygon points="{x},{y - r - 2} {x + r + 2},{y + r} {x - r - 2},{y + r}" fill="{c}"/>'
    elif side.shape == "hexagon":
        shape = (f'<polygon points="{x - r},{y} {x - r / 2},{y - r} {x + r / 2},{y - r} {x + r},{y} '
                 f'{x + r / 2},{y + r} {x - r / 2},{y + r}" fill="{c}"/>')
    else:
        shape = f'<rect x="{x - r}" y="{y - 2}" width="{2 * r}" height="4" fill="{c}"/>'
        return shape
    return shape + (f'<text x="{x}" y="{y + 4}" text-anchor="middle" font-size="11" font-weight="700" '
                    f'fill="#fff">{escape(side.letter)}</text>')


def _defs() -> str:
    return (
        "<defs>"
        '<marker id="m-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#27303b"/></marker>'
        '<marker id="m-open" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10" fill="none" stroke="#6b5200" stroke-width="1.8"/></marker>'
        '<marker id="m-bar" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="9" markerHeight="9" '
        'orient="auto"><path d="M8,0 L8,10" stroke="#a61b1b" stroke-width="3"/></marker>'
        "</defs>"
    )


def _edge(kind: str, d: str) -> str:
    colour, dash, marker = EDGE_LOOK.get(kind, EDGE_LOOK["supports"])
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="1.6"{dash_attr} '
            f'marker-end="url(#m-{marker})" class="edge edge-{kind}"/>')


def argument_map_svg(report: Report) -> str:
    """Draw the report's argument graph as an inline, accessible SVG.

    Args:
        report: the Report; ``report.argument`` holds nodes and edges.

    Returns:
        An ``<svg>`` string, or "" when the graph has no nodes.
    """
    graph = report.argument
    if not graph.nodes:
        return ""
    table = sides(report)
    nodes = sorted(graph.nodes, key=lambda n: (n.start, n.end, n.id))
    cols: list[list[ArgumentNode]] = [[] for _ in COLUMNS]
    for n in nodes:
        cols[_column(n)].append(n)
    cols = _order(graph, cols)
    used = [i for i, c in enumerate(cols) if c]
    lines = {n.id: _wrap(n.label) for n in nodes}
    height = {n.id: 28 + LINE_H * len(lines[n.id]) + 6 for n in nodes}
    col_h = [sum(height[n.id] for n in cols[i]) + GAP_Y * (len(cols[i]) - 1) for i in used]
    top = 44
    inner_h = max(col_h)
    width = PAD * 2 + len(used) * NODE_W + (len(used) - 1) * GAP_X + 40
    legend_y = top + inner_h + 26
    total_h = legend_y + 50
    box: dict[str, tuple[float, float, float]] = {}
    parts = [_defs()]
    for slot, (ci, ch) in enumerate(zip(used, col_h)):
        x = PAD + slot * (NODE_W + GAP_X)
        parts.append(f'<text x="{x + NODE_W / 2}" y="24" text-anchor="middle" font-size="13" '
                     f'font-weight="700" fill="#1f2933">{escape(COLUMNS[ci][0])}</text>')
        y = top + (inner_h - ch) / 2
        for n in cols[ci]:
            box[n.id] = (x, y, height[n.id])
            y += height[n.id] + GAP_Y
    drawn = [e for e in graph.edges if e.source in box and e.target in box]
    ports = _ports(drawn, box)
    for e in sorted(drawn, key=lambda e: (e.relation, e.source, e.target)):
        sx, _, _ = box[e.source]
        tx, _, _ = box[e.target]
        sy, ty = ports[(e.source, e.target, "out")], ports[(e.source, e.target, "in")]
        if abs(sx - tx) < 1:
            x0 = sx + NODE_W
            d = f"M{x0},{sy} C{x0 + 50},{sy} {x0 + 50},{ty} {x0 + 2},{ty}"
        elif sx < tx:
            x0, x1 = sx + NODE_W, tx - 2
            mid = (x0 + x1) / 2
            d = f"M{x0},{sy} C{mid},{sy} {mid},{ty} {x1},{ty}"
        else:
            x0, x1 = sx, tx + NODE_W + 2
            mid = (x0 + x1) / 2
            d = f"M{x0},{sy} C{mid},{sy} {mid},{ty} {x1},{ty}"
        parts.append(_edge(e.relation, d))
    for n in nodes:
        x, y, h = box[n.id]
        side = side_of(table, n.hypothesis)
        side_word = f"side {side.letter}" if side.id else "no side"
        parts.append(f'<g class="node node-{escape(n.type.lower())}" data-node="{escape(n.id)}">'
                     f"<title>{escape(n.type.title())} ({escape(side.label)}): {escape(n.label)}</title>")
        parts.append(f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{h}" rx="7" fill="{side.tint}" '
                     f'stroke="{side.colour}" stroke-width="1.5"/>')
        parts.append(_badge(side, x + 15, y + 14))
        parts.append(f'<text x="{x + 30}" y="{y + 18}" font-size="10.5" font-weight="700" '
                     f'letter-spacing=".04em" fill="#1f2933">{escape(n.type.upper())} · {escape(side_word)}</text>')
        for i, line in enumerate(lines[n.id]):
            parts.append(f'<text x="{x + 10}" y="{y + 36 + i * LINE_H}" font-size="12" '
                         f'fill="#111827">{escape(line)}</text>')
        parts.append("</g>")
    parts.append(_legend(legend_y))
    desc = map_description(report)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total_h}" width="{width}" '
        f'class="argmap" role="img" aria-labelledby="map-title map-desc" font-family="{FONT}">'
        f'<title id="map-title">Argument map</title><desc id="map-desc">{escape(desc)}</desc>'
        + "".join(parts) + "</svg>"
    )


def _ports(edges, box: dict[str, tuple[float, float, float]]) -> dict[tuple[str, str, str], float]:
    """Spread the ends of the edges meeting one box along its side, so arrowheads never pile up.

    Returns:
        (source, target, "out"|"in") -> y coordinate of that edge end.
    """
    ends: dict[tuple[str, str], list[tuple[float, str, str, str]]] = {}
    for e in edges:
        same = abs(box[e.source][0] - box[e.target][0]) < 1
        s_side = "right" if same or box[e.source][0] < box[e.target][0] else "left"
        t_side = "right" if same or box[e.target][0] < box[e.source][0] else "left"
        other_t = box[e.target][1] + box[e.target][2] / 2
        other_s = box[e.source][1] + box[e.source][2] / 2
        ends.setdefault((e.source, s_side), []).append((other_t, e.source, e.target, "out"))
        ends.setdefault((e.target, t_side), []).append((other_s, e.source, e.target, "in"))
    out: dict[tuple[str, str, str], float] = {}
    for (nid, _side), items in ends.items():
        _, y, h = box[nid]
        items.sort()
        span = min(h - 16, 14 * (len(items) - 1))
        for k, (_, src, tgt, end) in enumerate(items):
            offset = 0 if len(items) == 1 else -span / 2 + span * k / (len(items) - 1)
            out[(src, tgt, end)] = round(y + h / 2 + offset, 1)
    return out


def _legend(y: float) -> str:
    out, x = [], PAD
    for kind in ("supports", "attacks", "explains"):
        out.append(_edge(kind, f"M{x},{y} L{x + 46},{y}"))
        out.append(f'<text x="{x + 54}" y="{y + 4}" font-size="12" fill="#1f2933">{kind}</text>')
        x += 140
    return "".join(out)


def map_description(report: Report) -> str:
    """A one-paragraph text account of the graph, for screen readers."""
    g = report.argument
    counts: dict[str, int] = {}
    for n in g.nodes:
        counts[n.type] = counts.get(n.type, 0) + 1
    rel: dict[str, int] = {}
    for e in g.edges:
        rel[e.relation] = rel.get(e.relation, 0) + 1
    nodes = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
    edges = ", ".join(f"{v} {k}" for k, v in sorted(rel.items())) or "no links"
    return (f"Map of the argument read left to right from evidence to thesis: {nodes}; {edges}. "
            "Each box names its type and side; the list below the map gives every link in words.")


def balance_svg(report: Report) -> str:
    """A small horizontal bar chart of evidence units per side.

    Args:
        report: the Report; ``report.stance.balance`` holds the counts.

    Returns:
        An ``<svg>`` string, or "" when there is no balance to show.
    """
    balance = report.stance.balance
    if not balance:
        return ""
    table = sides(report)
    rows = [s for k, s in table.items() if k is not None]
    top = max(max(balance.values()), 1)
    label_w, bar_w, row_h = 250, 230, 30
    height = row_h * len(rows) + 10
    parts = []
    for i, side in enumerate(rows):
        count = balance.get(side.id, 0)
        y = 6 + i * row_h
        w = bar_w * count / top
        parts.append(_badge(side, 12, y + 11))
        parts.append(f'<text x="28" y="{y + 15}" font-size="12.5" fill="#111827">'
                     f"{escape(short(side.label, 34))}</text>")
        parts.append(f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="22" fill="#f1f3f5" stroke="#c4c9d0"/>')
        if w:
            parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="22" fill="{side.colour}"/>')
        parts.append(f'<text x="{label_w + bar_w + 8}" y="{y + 15}" font-size="12.5" font-weight="700" '
                     f'fill="#111827">{count}</text>')
    words = "; ".join(f"{s.label}: {balance.get(s.id, 0)}" for s in rows)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {label_w + bar_w + 40} {height}" '
        f'width="{label_w + bar_w + 40}" class="balance" role="img" aria-labelledby="bal-title bal-desc" '
        f'font-family="{FONT}"><title id="bal-title">Balance of evidence by side</title>'
        f'<desc id="bal-desc">Evidence units per side. {escape(words)}.</desc>' + "".join(parts) + "</svg>"
    )
