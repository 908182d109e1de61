"""Apply a mark scheme's decision rules to an essay's features.

For each criterion the first rule whose conditions all hold gives the points,
the reason and the spans to cite. A points scheme totals its criteria. A
levels scheme marks by best fit, as levels-based marking does: the level is
the highest one whose descriptor conditions the essay mostly meets (the
scheme's ``fit`` share), and the mark is placed within its range by how many
of that level's and the next level's conditions are met. Its criteria are then
read as descriptors (no points of their own), followed by two pointed rows,
the level's floor and the mark within the level, so that the points always add
up to the total and every reason agrees with the level. The holistic scheme
takes its points from the holistic score.
"""

from __future__ import annotations

import math

from ..report.models import Criterion, Mark, SpanRef
from .features import FEATURES, EssayFeatures
from .schema import CONDITION, Level, Scheme


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


def describe(expr: str) -> str:
    """A condition in words, from the feature glossary (``!x`` reads "not: ...")."""
    m = CONDITION.match(expr)
    if m is None:
        return expr
    meaning = FEATURES.get(m.group("name"), m.group("name").replace("_", " "))
    if m.group("op"):
        meaning = f"{m.group('name').replace('_', ' ')} {m.group('op')} {m.group('value')}"
    return f"not: {meaning}" if m.group("neg") else meaning


def fit(level: Level, values: dict) -> tuple[list[str], list[str]]:
    """The level's conditions the essay meets, and those it does not."""
    met = [w for w in level.when if holds(w, values)]
    return met, [w for w in level.when if w not in met]


def best_fit(scheme: Scheme, values: dict) -> tuple[int, float]:
    """The index of the best-fitting level and the mark's place within it (0..1).

    The level is the highest whose conditions are met to the scheme's ``fit``
    share (a level without conditions always fits). The place within it is the
    share of that level's and the next level's conditions met together.
    """
    levels = scheme.levels
    index = len(levels) - 1
    for i, lv in enumerate(levels):
        met, _ = fit(lv, values)
        if not lv.when or len(met) / len(lv.when) >= scheme.fit - 1e-9:
            index = i
            break
    pool = list(levels[index].when) + (list(levels[index - 1].when) if index > 0 else [])
    if not pool:
        return index, 0.0
    return index, sum(1 for w in pool if holds(w, values)) / len(pool)


def _levels_mark(scheme: Scheme, features: EssayFeatures, descriptors: list[Criterion]) -> Mark:
    values = features.values
    index, place = best_fit(scheme, values)
    level = scheme.levels[index]
    top = scheme.levels[0]
    # Rounded down: the top of a range needs every condition met.
    total = level.min + math.floor((level.max - level.min) * place + 1e-9)
    met, unmet = fit(level, values)
    above = scheme.levels[index - 1] if index > 0 else None
    a_met, a_unmet = fit(above, values) if above is not None else ([], [])
    why = f"Best fit: {level.name} ({level.min:g}-{level.max:g}), {level.descriptor}"
    if level.when:
        why += f" It meets {len(met)} of its {len(level.when)} conditions"
        why += f" (not yet: {'; '.join(describe(w) for w in unmet)})." if unmet else "."
    if above is not None:
        why += (f" {above.name} needs {len(above.when)} conditions; the essay meets {len(a_met)}"
                + (f" and lacks: {'; '.join(describe(w) for w in a_unmet)}." if a_unmet else "."))
    within = total - level.min
    span = level.max - level.min
    place_reason = (f"Placed at {total:g} of {level.min:g}-{level.max:g}: "
                    + (f"{round(place * 100)}% of the conditions of {level.name}"
                       + (f" and {above.name}" if above is not None else "") + " are met."
                       if level.when or above is not None else "the lowest level, at its floor."))
    criteria = descriptors + [
        Criterion(id="level", name="Level (best fit)", points=float(level.min), max=float(top.min), reason=why,
                  spans=[]),
        Criterion(id="within-level", name="Mark within the level", points=float(within), max=float(top.max - top.min)
                  if top.max - top.min else float(max(span, 0)), reason=place_reason, spans=[]),
    ]
    return Mark(scheme=scheme.id, name=scheme.name, total=float(total), max=scheme.max,
                level=f"{level.name}: {level.descriptor}", criteria=criteria)


def apply_scheme(scheme: Scheme, features: EssayFeatures) -> Mark:
    """Mark one essay with one scheme.

    Args:
        scheme: a validated Scheme.
        features: the essay's features.

    Returns:
        The Mark: for points and holistic schemes one Criterion per scheme
        criterion; for levels schemes the criteria as descriptors (0 of 0
        points) plus the level and the mark within it. Points always sum to
        the total.
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
    if scheme.kind == "levels":
        descriptors = [Criterion(id=c.id, name=f"{c.name} (descriptor)", points=0.0, max=0.0,
                                 reason=c.reason, spans=c.spans) for c in criteria]
        return _levels_mark(scheme, features, descriptors)
    return Mark(scheme=scheme.id, name=scheme.name, total=float(sum(c.points for c in criteria)), max=scheme.max,
                criteria=criteria)
