"""Turning Reports into pages: the per-essay report and the class dashboard.

The real renderers live elsewhere (``essaylens.report.render`` for one essay,
``essaylens.batch.dashboard`` for a class); this module calls them when they
are installed and falls back to the web app's own plain templates otherwise.
Either way the result is a full HTML document, and the web app adds its
navigation bar to it with :func:`with_nav`.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections import Counter

from markupsafe import Markup

from ..report.models import Report

log = logging.getLogger(__name__)


def _find(module: str, attr: str):
    try:
        return getattr(importlib.import_module(module), attr, None)
    except ImportError:
        return None


def report_html(report: Report, env) -> str:
    """The report as a full HTML page (the renderers' page when they exist).

    Args:
        report: the Report.
        env: the web app's Jinja2 environment, for the fallback page.

    Returns:
        An HTML document.
    """
    render = _find("essaylens.report.render", "render")
    if render is not None:
        try:
            out = render(report, "html")
            if isinstance(out, str):
                return out
        except Exception as err:  # a renderer bug must not hide the report
            log.warning("report renderer failed, using the plain page: %s", err)
    render_html = _find("essaylens.report.html", "render_html")
    if render_html is not None:
        try:
            return render_html(report)
        except Exception as err:
            log.warning("report renderer failed, using the plain page: %s", err)
    return env.get_template("report_plain.html").render(report=report, body=report.text[report.meta.body_start:])


def dashboard_html(reports: list[Report], errors: list, name: str, env, links: dict | None = None) -> str:
    """The class dashboard as a full HTML page.

    Args:
        reports: the class set's Reports, in input order.
        errors: the essays that failed (objects with essay_id, source, error).
        name: the class set's name.
        env: the web app's Jinja2 environment, for the fallback page.
        links: essay id -> report page, for the fallback page's essay table.

    Returns:
        An HTML document.
    """
    render = _find("essaylens.batch.dashboard", "render_class_html")
    if render is not None:
        try:
            find_similar = _find("essaylens.batch.similarity", "find_similar")
            pairs = find_similar([(r.essay_id, r.text) for r in reports]) if find_similar else []
            out = render(reports, errors, pairs, title=name)
            if isinstance(out, str):
                return out
        except Exception as err:  # a renderer bug must not hide the class's results
            log.warning("class dashboard renderer failed, using the plain page: %s", err)
    return env.get_template("dashboard_plain.html").render(name=name, errors=errors, links=links or {},
                                                               **class_summary(reports))


def class_summary(reports: list[Report]) -> dict:
    """Counts for the plain class dashboard.

    Returns:
        rows (per essay), holistic (score -> count), sides (label -> count) and flags (verdict -> count).
    """
    rows, holistic, sides, flags = [], Counter(), Counter(), Counter()
    for r in reports:
        labels = {h.id: h.label for h in r.question.hypotheses}
        side = labels.get(r.stance.essay.hypothesis or "", "no clear side")
        sides[side] += 1
        if r.scores.holistic:
            holistic[r.scores.holistic] += 1
        for f in r.facts:
            if f.verdict != "correct":
                flags[f.verdict] += 1
        mark = f"{r.marks[0].total:g}/{r.marks[0].max:g}" if r.marks else "–"
        rows.append({"essay_id": r.essay_id, "words": r.meta.word_count, "holistic": r.scores.holistic,
                     "side": side, "mark": mark, "flags": sum(f.verdict != "correct" for f in r.facts),
                     "comments": len(r.feedback)})
    return {"rows": rows, "holistic": sorted(holistic.items()), "sides": sides.most_common(),
            "flags": sorted(flags.items())}


_BODY = re.compile(r"<body[^>]*>", re.I)


def with_nav(document: str, nav: Markup) -> str:
    """Insert the web app's navigation bar at the top of a rendered page.

    Args:
        document: a full HTML document (or a fragment).
        nav: the navigation markup (already escaped).

    Returns:
        The document with the bar as the first thing in its body.
    """
    m = _BODY.search(document)
    if m is None:
        return str(nav) + document
    return document[:m.end()] + str(nav) + document[m.end():]
