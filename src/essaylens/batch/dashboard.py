"""The class dashboard: one self-contained, accessible HTML page for a class set.

``ClassSummary`` folds reports in one at a time (so a set of any size streams
through in bounded memory); ``render_class_html`` turns the summary, the
failures and the similar pairs into the page. The page has no scripts and no
outside resources; all essay text passes through Jinja2's autoescaping.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..resources import package_path
from ..report.models import Report

#: Fact verdicts counted as errors on the dashboard.
ERROR_VERDICTS = ("incorrect", "imprecise", "disputed")
#: Rows shown per table; the CSV outputs hold everything.
TOP = 15


@dataclass
class _Group:
    """Essays sharing one finding (a fact error, a missed item of evidence...)."""

    label: str
    detail: str = ""
    extra: str = ""
    essays: set[str] = field(default_factory=set)
    mentions: int = 0


class ClassSummary:
    """Counts across a class set, built one report at a time."""

    def __init__(self) -> None:
        self.essays = 0
        self.words = 0
        self.marks: dict[str, dict[str, Any]] = {}
        self.holistic: Counter[int] = Counter()
        self.sides: Counter[str] = Counter()
        self.structure: Counter[str] = Counter()
        self.fact_errors: dict[str, _Group] = {}
        self.facts_used: dict[str, _Group] = {}
        self.evidence_missed: dict[str, _Group] = {}
        self.themes: dict[str, _Group] = {}
        self.evidence_units = 0

    def add(self, report: Report) -> None:
        """Fold one essay's report into the summary."""
        eid = report.essay_id
        self.essays += 1
        self.words += report.meta.word_count
        for mark in report.marks:
            entry = self.marks.setdefault(mark.scheme, {"name": mark.name or mark.scheme, "max": mark.max,
                                                        "totals": Counter(), "levels": Counter()})
            entry["max"] = max(entry["max"], mark.max)
            entry["totals"][_fmt_num(mark.total)] += 1
            if mark.level:
                entry["levels"][mark.level] += 1
        if report.scores.holistic is not None:
            self.holistic[report.scores.holistic] += 1
        self.sides[side_label(report)] += 1
        essay_stance = report.stance.essay
        for flag, on in (("one-sided", essay_stance.one_sided),
                         ("meets a counter-argument", essay_stance.has_counterargument),
                         ("has a conclusion", essay_stance.has_conclusion)):
            if on:
                self.structure[flag] += 1
        self.evidence_units += sum(1 for d in report.discourse if d.type == "Evidence")
        for fact in report.facts:
            key = fact.fact_id or f"{fact.rule}|{fact.correction or fact.claim}"
            groups = self.fact_errors if fact.verdict in ERROR_VERDICTS else (
                self.facts_used if fact.verdict == "correct" else None)
            if groups is None:
                continue
            g = groups.setdefault(key, _Group(fact.claim or report.text[fact.start:fact.end],
                                              fact.correction or "", f"{fact.verdict} ({fact.rule})"))
            g.essays.add(eid)
            g.mentions += 1
        for sug in report.counter_evidence:
            g = self.evidence_missed.setdefault(sug.text, _Group(sug.text, ", ".join(sug.historians),
                                                                 _hypothesis_label(report, sug.hypothesis)))
            g.essays.add(eid)
            g.mentions += 1
        for comment in report.feedback:
            g = self.themes.setdefault(comment.kind, _Group(comment.kind, comment.message, comment.severity))
            g.essays.add(eid)
            g.mentions += 1

    def context(self) -> dict[str, Any]:
        """Template variables: every table sorted by essays affected, then by label."""
        def top(groups: dict[str, _Group]) -> list[dict]:
            rows = sorted(groups.values(), key=lambda g: (-len(g.essays), -g.mentions, g.label))
            return [{"label": g.label, "detail": g.detail, "extra": g.extra, "essays": len(g.essays),
                     "mentions": g.mentions, "share": _share(len(g.essays), self.essays)} for g in rows[:TOP]]

        marks = []
        for scheme in sorted(self.marks):
            entry = self.marks[scheme]
            totals = entry["totals"]
            marks.append({
                "scheme": scheme, "name": entry["name"], "max": _fmt_num(entry["max"]),
                "rows": _histogram(sorted(totals.items(), key=lambda kv: float(kv[0])), self.essays),
                "levels": _histogram(sorted(entry["levels"].items()), self.essays),
                "mean": _fmt_num(sum(float(k) * v for k, v in totals.items()) / max(1, sum(totals.values()))),
            })
        return {
            "essays": self.essays,
            "mean_words": round(self.words / self.essays) if self.essays else 0,
            "mean_evidence": round(self.evidence_units / self.essays, 1) if self.essays else 0,
            "marks": marks,
            "holistic": _histogram([(str(k), self.holistic.get(k, 0)) for k in range(1, 7)], self.essays)
            if self.holistic else [],
            "sides": _histogram(sorted(self.sides.items(), key=lambda kv: (-kv[1], kv[0])), self.essays),
            "structure": _histogram(sorted(self.structure.items()), self.essays),
            "fact_errors": top(self.fact_errors),
            "facts_used": top(self.facts_used),
            "evidence_missed": top(self.evidence_missed),
            "themes": top(self.themes),
        }


def side_label(report: Report) -> str:
    """The side an essay takes, in words: the hypothesis label, or why there is none."""
    essay = report.stance.essay
    if not report.question.hypotheses:
        if report.question.text:
            # "Why did...?" asks for reasons, not a side.
            return "answers the question" if essay.committal else "no clear answer"
        return "no question found"
    if essay.hypothesis is None:
        return "no clear side"
    label = _hypothesis_label(report, essay.hypothesis)
    return label if essay.committal else f"{label} (not committed)"


def _hypothesis_label(report: Report, hyp_id: str | None) -> str:
    for h in report.question.hypotheses:
        if h.id == hyp_id:
            return h.label
    return hyp_id or ""


def _fmt_num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"


def _share(n: int, total: int) -> float:
    return round(100.0 * n / total, 1) if total else 0.0


def _histogram(items: Iterable[tuple[str, int]], total: int) -> list[dict]:
    return [{"label": str(k), "count": v, "share": _share(v, total)} for k, v in items]


def _pair_rows(similar_pairs: Iterable[Any]) -> list[dict]:
    rows = []
    for p in similar_pairs:
        longest = p.passages[0] if p.passages else None
        rows.append({"a": p.a, "b": p.b, "jaccard": f"{p.jaccard:.2f}", "estimate": f"{p.jaccard_estimate:.2f}",
                     "containment": f"{p.containment:.2f}", "shared_words": p.shared_words,
                     "passage": longest.a_text if longest else ""})
    return rows


def _failure_rows(failures: Iterable[Any]) -> list[dict]:
    rows = []
    for f in failures:
        rows.append({"essay_id": f.essay_id, "source": f.source, "error": str(getattr(f, "error", ""))})
    return rows


_ENV = None


def _env() -> Environment:
    global _ENV
    if _ENV is None:
        _ENV = Environment(loader=FileSystemLoader(str(package_path("batch", "templates"))),
                           autoescape=select_autoescape(default=True, default_for_string=True),
                           trim_blocks=True, lstrip_blocks=True)
    return _ENV


def render_summary_html(summary: ClassSummary, failures: Iterable[Any], similar_pairs: Iterable[Any],
                        title: str = "Class set") -> str:
    """Render a built summary (the batch runner streams reports into one)."""
    failure_rows = _failure_rows(failures)
    ctx = summary.context()
    ctx.update(title=title, failures=failure_rows, pairs=_pair_rows(similar_pairs),
               total=ctx["essays"] + len(failure_rows))
    return _env().get_template("class.html.j2").render(**ctx)


def render_class_html(reports: Iterable[Report], failures: Iterable[Any], similar_pairs: Iterable[Any],
                      title: str = "Class set") -> str:
    """The class dashboard as one self-contained HTML page.

    Args:
        reports: the reports of the essays that were analysed (any iterable).
        failures: per-essay failures (objects with essay_id, source, error).
        similar_pairs: :class:`~essaylens.batch.similarity.SimilarPair` objects.
        title: the page heading.

    Returns:
        The HTML text; identical inputs give identical bytes.
    """
    summary = ClassSummary()
    for report in reports:
        summary.add(report)
    return render_summary_html(summary, failures, similar_pairs, title)
