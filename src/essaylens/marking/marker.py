"""Apply a mark scheme's decision rules to an essay's features.

For each criterion the first rule whose conditions all hold gives the points,
the reason and the spans to cite. A levels scheme then finds the highest level
whose conditions hold and places the mark inside its range by the share of
criterion points earned. The holistic scheme takes its points from the
holistic score.
"""

from __future__ import annotations

from ..report.models import Criterion, Mark, SpanRef
from .features import EssayFeatures
from .schema import CONDITION, Scheme


def holds(expr: str, values: dict) -> bool:
    """Whether one condition holds over the feature values.

    Args:
        expr: ``name``, ``!name`` or ``name OP number``.
        values: feature values.
    """
    m = CONDITION.match(expr)
    if m is None:
        return False
    value = values.get(m.group("name"), 0)
    if m.group("op"):
        x, y = float(value), float(m.group("value"))
        result = {">=": x >= y, "<=": x <= y, "==": x == y, ">": x > y, "<": x < y}[m.group("op")]
    else:
        result = bool(value)
    return not result if m.group("neg") else result


class _Fill(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def _fmt(text: str, values: dict) -> str:
    shown = {k: (int(v) if isinstance(v, float) and v.is_integer() else v) for k, v in values.items()}
    return text.format_map(_Fill(shown))


def _spans(groups: list[str], features: EssayFeatures) -> list[SpanRef]:
    seen, out = set(), []
    for g in groups:
        for s in features.spans.get(g, []):
            if (s.start, s.end) not in seen:
                seen.add((s.start, s.end))
                out.append(s)
    return sorted(out, key=lambda s: (s.start, s.end))


def apply_scheme(scheme: Scheme, features: EssayFeatures) -> Mark:
    """Mark one essay with one scheme.

    Args:
        scheme: a validated Scheme.
        features: the essay's features.

    Returns:
        The Mark with one Criterion per scheme criterion.
    """
    values = features.values
    criteria = []
    for c in scheme.criteria:
        rule = next((r for r in c.rules if all(holds(w, values) for w in r.when)), c.rules[-1])
        points = rule.points
        if c.points_from:
            points = float(min(c.max, max(0.0, float(values.get(c.points_from, 0)))) or rule.points)
        criteria.append(Criterion(id=c.id, name=c.name, points=points, max=c.max,
                                  reason=_fmt(rule.reason, values), spans=_spans(rule.spans, features)))
    earned = sum(c.points for c in criteria)
    possible = sum(c.max for c in criteria) or 1.0
    level_name = None
    if scheme.kind == "levels":
        level = next((lv for lv in scheme.levels if all(holds(w, values) for w in lv.when)), scheme.levels[-1])
        total = level.min + round((level.max - level.min) * earned / possible)
        level_name = f"{level.name}: {level.descriptor}"
    else:
        total = earned
    return Mark(scheme=scheme.id, name=scheme.name, total=float(total), max=scheme.max, level=level_name,
                criteria=criteria)
