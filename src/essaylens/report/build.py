"""Build the :class:`Report` from an analysed :class:`Essay`."""

from __future__ import annotations

import re

from ..essay import Essay, Span
from .models import (
    Meta, PackRef, Paragraph, Question, Report, Scores, SpanRef, Stance, ArgumentGraph, Summary,
)


def _ref(span: Span | None) -> SpanRef | None:
    return SpanRef(start=span.start, end=span.end) if span else None


def build_report(essay: Essay) -> Report:
    """Collect every layer of ``essay`` into a Report.

    Args:
        essay: an essay the pipeline has run over.

    Returns:
        The Report; layers a pipeline did not assign take their empty defaults.
    """
    text = essay.text
    header = essay.header
    body = text[header.body_start:]
    meta = Meta(
        author=essay.span_text(header.author) if header.author else None,
        subject=essay.span_text(header.subject) if header.subject else None,
        title=essay.span_text(header.title) if header.title else None,
        word_count=len(re.findall(r"\S+", body)),
        source=essay.source,
        format=essay.fmt,
        author_span=_ref(header.author),
        subject_span=_ref(header.subject),
        title_span=_ref(header.title),
        body_start=header.body_start,
    )
    discourse = essay.get("discourse", [])
    covered = [(d.start, d.end) for d in discourse]
    sentences = essay.get("sentences", [])
    unlabelled = [
        SpanRef(start=s.start, end=s.end)
        for s in sentences
        if s.start >= header.body_start and not any(a < s.end and s.start < b for a, b in covered)
    ]
    pack = essay.get("pack")
    return Report(
        essay_id=essay.essay_id,
        meta=meta,
        text=text,
        paragraphs=[Paragraph(start=p.start, end=p.end) for p in essay.get("paragraphs", [])],
        sentences=[SpanRef(start=s.start, end=s.end) for s in sentences],
        question=essay.get("question") or Question(),
        discourse=discourse,
        unlabelled=unlabelled,
        analysis_links=essay.get("analysis_links", []),
        pack=PackRef(id=pack.id, title=pack.title, score=round(float(getattr(pack, "match_score", 1.0)), 4))
        if pack is not None
        else None,
        stance=essay.get("stance") or Stance(),
        argument=essay.get("argument") or ArgumentGraph(),
        counter_evidence=essay.get("counter_evidence", []),
        facts=essay.get("facts", []),
        marks=essay.get("marks", []),
        scores=essay.get("scores") or Scores(),
        feedback=essay.get("feedback", []),
        summary=essay.get("summary") or Summary(),
        warnings=essay.get("warnings", []),
        timings={k: round(v, 4) for k, v in essay.timings.items()},
    )
